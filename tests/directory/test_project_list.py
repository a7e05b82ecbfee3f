"""The public project list: a faceted search (text, phase, action type, themes, territory served), sort,
pagination, removable filters, bad URLs, the unlisted projects a person may see, and constant query counts.

Test data is written to the database and indexed with ``search.rebuild()``; the page is read as a visitor
without JavaScript would (plain GET requests, links and forms parsed from the HTML).
"""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

import search
from ecosystem.actions.territories import load_region
from ecosystem.models import PartnerSlot, Project, Territory, Theme
from tests.factories import ActorFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/en/projets/"

REGION = {
    "region": {"code": "32", "name": "Hauts-de-France"},
    "departements": [{"code": "80", "name": "Somme"}, {"code": "59", "name": "Nord"}],
    "epcis": [
        {"code": "248000531", "name": "CA Amiens Métropole", "departements": ["80"]},
        {"code": "248000556", "name": "CC de la Haute Somme", "departements": ["80"]},
        {"code": "200093201", "name": "Métropole Européenne de Lille", "departements": ["59"]},
    ],
    "communes": [
        {"insee": "80021", "name": "Amiens", "departement": "80", "epci": "248000531",
         "postal_codes": ["80000"], "lat": 49.8942, "lon": 2.2957, "population": 133000},
        {"insee": "80620", "name": "Péronne", "departement": "80", "epci": "248000556",
         "postal_codes": ["80200"], "lat": 49.9322, "lon": 2.9363, "population": 7500},
        {"insee": "59350", "name": "Lille", "departement": "59", "epci": "200093201",
         "postal_codes": ["59000"], "lat": 50.6330, "lon": 3.0586, "population": 236000},
    ],
}  # fmt: skip


def place(level, code):
    return Territory.objects.get(level=level, code=code)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def titles(soup):
    return [a.get_text(strip=True) for a in soup.select("#project-results .card-list h3 a")]


def facet(soup, name):
    """``{value: count}`` of a facet group, read from its checkboxes and their labels."""
    counts = {}
    for box in soup.select(f'#project-filters input[type=checkbox][name="{name}"]'):
        label = soup.find("label", attrs={"for": box["id"]}).get_text(" ", strip=True)
        counts[box["value"]] = int(label.rsplit("(", 1)[1].split()[0])
    return counts


def add(lead, title, *, phase="emergence", action="research", themes=(), served=(), days_ago=0, **fields):
    project = ProjectFactory(
        lead_actor=lead, title=title, published=True, phase=phase, action_type=action, **fields
    )
    project.themes.set(themes)
    project.territories_served.set(served)
    Project.objects.filter(pk=project.pk).update(updated_at=timezone.now() - timedelta(days=days_ago))
    return project


@pytest.fixture
def world(db):
    """Five listed projects in the Somme and the Nord; a draft and a project of a hidden structure; indexed."""
    load_region(REGION)
    Level = Territory.Level
    amiens, peronne = place(Level.COMMUNE, "80021"), place(Level.COMMUNE, "80620")
    haute_somme, lille_metropole = place(Level.EPCI, "248000556"), place(Level.EPCI, "200093201")
    nord = place(Level.DEPARTEMENT, "59")
    circular = Theme.objects.create(name="Circularité (projets)", slug="projets-circularite", order=1)
    mobility = Theme.objects.create(name="Mobilités (projets)", slug="projets-mobilites", order=2)
    lead = ActorFactory(name="Association Porteuse")
    hidden = ActorFactory(name="Collectif Discret", is_public=False)
    projects = {
        "repair": add(
            lead,
            "Repair café de Péronne",
            summary="Ateliers de réparation des objets du quotidien.",
            themes=[circular],
            served=[peronne],
            days_ago=1,
        ),
        "garage": add(
            lead,
            "Garage solidaire",
            phase="experimentation",
            action="support",
            themes=[mobility],
            served=[amiens],
            days_ago=2,
        ),
        "velo": add(
            lead,
            "Vélo-école intercommunale",
            phase="experimentation",
            themes=[mobility, circular],
            served=[haute_somme],
            days_ago=3,
        ),
        "ressourcerie": add(
            lead,
            "Ressourcerie métropolitaine",
            phase="evaluation",
            action="swarming",
            themes=[circular],
            served=[lille_metropole, nord],
            days_ago=4,
        ),
        "sans": add(lead, "Projet sans territoire", days_ago=5),
    }
    PartnerSlot.objects.create(project=projects["repair"], title="Un réparateur")
    PartnerSlot.objects.create(project=projects["repair"], title="Une commune")
    PartnerSlot.objects.create(project=projects["repair"], title="Fermée", is_open=False)
    projects["draft"] = ProjectFactory(lead_actor=lead, title="Brouillon de réparation", phase="emergence")
    projects["hidden"] = ProjectFactory(lead_actor=hidden, title="Réparation discrète", published=True)
    search.rebuild()
    return {"lead": lead, "projects": projects, "circular": circular, "mobility": mobility}


def test_the_french_page_is_a_search_form_and_a_results_region(client, world):
    response = client.get("/projets/")
    assert response.status_code == 200
    soup = soup_of(response)
    assert len(soup.find_all("h1")) == 1
    form = soup.find("form", id="project-filters")
    assert (form["method"], form["role"]) == ("get", "search")
    assert form.find("input", attrs={"name": "q"})
    assert form.find("select", attrs={"name": "sort"})
    assert form.find(id="project-facets").select("fieldset.facet")
    region = soup.find("section", attrs={"aria-labelledby": "results-title"})
    assert region.find(id="project-results").select(".card-list")
    count = region.find(id="result-count")
    assert count["aria-live"] == "polite"
    assert soup.html["lang"] == "fr"
    assert count.get_text(strip=True).startswith("5 ")
    # Without text, the latest updated first.
    assert titles(soup) == [
        "Repair café de Péronne",
        "Garage solidaire",
        "Vélo-école intercommunale",
        "Ressourcerie métropolitaine",
        "Projet sans territoire",
    ]


def test_cards_show_phase_action_lead_themes_territories_and_open_slots(client, world):
    soup = soup_of(client.get(URL))
    cards = {card.h3.get_text(strip=True): card for card in soup.select("#project-results .card-list > li")}
    repair = cards["Repair café de Péronne"].get_text(" ", strip=True)
    assert "Emergence of the innovation" in repair
    assert "Social R&D or experimentation" in repair
    assert "Association Porteuse" in repair
    assert "Circularité (projets)" in repair
    assert "Péronne" in repair
    assert cards["Repair café de Péronne"].select_one(".open-slots").get_text(strip=True) == (
        "2 open partner slots"
    )
    assert not cards["Garage solidaire"].select(".open-slots")


@pytest.mark.parametrize("text", ["peronne", "PÉRONNE", "reparation"])
def test_text_is_searched_without_accents_or_case(client, world, text):
    soup = soup_of(client.get(URL, {"q": text}))
    assert titles(soup) == ["Repair café de Péronne"]


def test_facets_count_phase_action_type_and_themes_and_add_up(client, world):
    soup = soup_of(client.get(URL))
    assert facet(soup, "phase") == {"emergence": 2, "experimentation": 2, "evaluation": 1}
    assert sum(facet(soup, "phase").values()) == 5
    assert facet(soup, "action_type") == {"research": 3, "support": 1, "swarming": 1}
    assert facet(soup, "themes") == {"projets-circularite": 3, "projets-mobilites": 2}
    # Phases keep their natural order, with human labels.
    labels = [soup.find("label", attrs={"for": box["id"]}).contents[0].strip() for box in
              soup.select('#project-filters input[name="phase"]')]  # fmt: skip
    assert labels == [
        "Emergence of the innovation",
        "Experimentation and implementation",
        "Evaluation and generalisation",
    ]

    soup = soup_of(client.get(URL, {"phase": "experimentation", "themes": "projets-mobilites"}))
    assert titles(soup) == ["Garage solidaire", "Vélo-école intercommunale"]
    assert facet(soup, "action_type") == {"research": 1, "support": 1}


def test_a_project_serves_the_departement_and_epci_of_the_places_it_serves(client, world):
    soup = soup_of(client.get(URL))
    # Péronne, Amiens (communes) and the Haute Somme (EPCI) are in the Somme; Lille's metropolis in the Nord.
    assert facet(soup, "served_departement") == {"80": 3, "59": 1}
    # Intercommunalities are offered once a département is chosen; meanwhile the département group says so.
    assert facet(soup, "served_epci") == {}
    hint = soup.find(id="facet-served_departement-hint")
    assert "intercommunality" in hint.get_text()

    soup = soup_of(client.get(URL, {"served_departement": "80"}))
    assert sorted(titles(soup)) == ["Garage solidaire", "Repair café de Péronne", "Vélo-école intercommunale"]
    # Péronne is in the Haute Somme: the repair café and the bike school both serve it.
    assert facet(soup, "served_epci") == {"248000556": 2, "248000531": 1}
    assert not soup.find(id="facet-served_departement-hint")

    soup = soup_of(client.get(URL, {"served_departement": "80", "served_epci": "248000556"}))
    assert sorted(titles(soup)) == ["Repair café de Péronne", "Vélo-école intercommunale"]
    epci_label = soup.find("label", attrs={"for": "facet-served_epci-248000556"}).get_text(" ", strip=True)
    assert epci_label.startswith("CC de la Haute Somme")


def test_active_filters_are_listed_and_each_removable(client, world):
    soup = soup_of(
        client.get(URL, {"q": "réparation", "phase": "emergence", "themes": "projets-circularite"})
    )
    links = {a.get_text(" ", strip=True): a["href"] for a in soup.select(".directory-active .tag-list a")}
    assert set(links) == {
        "Phase: Emergence of the innovation — remove this filter ×",
        "Themes: Circularité (projets) — remove this filter ×",
    }
    without_phase = parse_qs(
        urlsplit(links["Phase: Emergence of the innovation — remove this filter ×"]).query
    )
    assert without_phase == {"q": ["réparation"], "themes": ["projets-circularite"]}
    clear = soup.find("a", string="Clear all filters")["href"]
    assert parse_qs(urlsplit(clear).query) == {"q": ["réparation"]}
    assert titles(soup_of(client.get(clear))) == ["Repair café de Péronne"]


def test_an_empty_result_suggests_removing_a_filter(client, world):
    soup = soup_of(client.get(URL, {"phase": "evaluation", "themes": "projets-mobilites"}))
    assert titles(soup) == []
    empty = soup.select_one(".directory-empty").get_text(" ", strip=True)
    assert "No project matches this search." in empty
    removals = [a.get_text(strip=True) for a in soup.select(".directory-empty a")]
    assert removals == [
        "Remove “Phase: Evaluation and generalisation”",
        "Remove “Themes: Mobilités (projets)”",
    ]
    soup = soup_of(client.get(URL, {"q": "zzzqqq"}))
    assert soup.select_one(".directory-empty").find("a", string="See all projects")["href"] == "/en/projets/"


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "-1"},
        {"page": "100000"},
        {"sort": "nimportequoi"},
        {"phase": "nimportequoi"},
        {"served_departement": "99"},
        {"served_epci": "<script>"},
        {"q": "x" * 500},
    ],
)
def test_bad_parameters_show_the_page_with_a_message(client, world, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select(".directory-notices li")
    assert len(titles(soup)) == 5


def test_unknown_values_are_ignored_and_known_ones_kept(client, world):
    soup = soup_of(client.get(URL, {"phase": ["nimportequoi", "evaluation"]}))
    assert titles(soup) == ["Ressourcerie métropolitaine"]
    assert "Phase: unknown value “nimportequoi” ignored." in soup.select_one(".directory-notices").get_text()


def test_a_page_past_the_end_shows_the_last_one(client, world):
    soup = soup_of(client.get(URL, {"page": "3"}))
    assert "This page no longer exists" in soup.select_one(".directory-notices").get_text()
    assert len(titles(soup)) == 5


def test_sort_by_name_and_by_relevance(client, world):
    soup = soup_of(client.get(URL, {"sort": "name"}))
    assert titles(soup) == sorted(titles(soup), key=str.casefold)
    soup = soup_of(client.get(URL, {"q": "circularité"}))
    # With text, relevance first; the default "best order" is then relevance, ties by name.
    assert set(titles(soup)) == {
        "Repair café de Péronne",
        "Vélo-école intercommunale",
        "Ressourcerie métropolitaine",
    }


def test_pagination_by_twenty_keeps_the_filters(client, world):
    for number in range(23):
        add(world["lead"], f"Projet {number:02d}", phase="experimentation", themes=[world["circular"]])
    search.rebuild()
    first = soup_of(client.get(URL, {"phase": "experimentation", "sort": "name"}))
    assert len(titles(first)) == 20
    assert "25 projects found — page 1 of 2" in first.find(id="result-count").get_text(" ", strip=True)
    next_link = first.find("a", rel="next")["href"]
    assert parse_qs(urlsplit(next_link).query) == {
        "phase": ["experimentation"],
        "sort": ["name"],
        "page": ["2"],
    }
    second = soup_of(client.get(URL + next_link))
    assert len(titles(second)) == 5
    assert second.find("a", rel="prev")
    assert len(set(titles(first)) | set(titles(second))) == 25


def test_drafts_and_hidden_structures_projects_are_never_search_results(client, world):
    member = UserFactory(email="membre@example.org")
    world["lead"].memberships.create(user=member, role="admin")
    world["projects"]["hidden"].lead_actor.memberships.create(user=member, role="member")
    for who in (None, member):
        if who:
            client.force_login(who)
        soup = soup_of(client.get(URL, {"q": "réparation"}))
        assert titles(soup) == ["Repair café de Péronne"]


def test_people_see_their_unlisted_projects_above_the_unfiltered_list_only(client, world):
    draft, hidden = world["projects"]["draft"], world["projects"]["hidden"]
    assert not soup_of(client.get(URL)).select(".directory-private")  # anonymous

    outsider = UserFactory(email="dehors@example.org")
    client.force_login(outsider)
    assert not soup_of(client.get(URL)).select(".directory-private")

    member = UserFactory(email="membre@example.org")
    world["lead"].memberships.create(user=member, role="member")
    client.force_login(member)
    private = soup_of(client.get(URL)).select_one(".directory-private")
    assert [a["href"] for a in private.select("li a")] == [f"/en/projets/{draft.slug}/"]
    assert private.select_one('[data-status="draft"]')
    assert not soup_of(client.get(URL, {"phase": "emergence"})).select(".directory-private")

    staff = UserFactory(email="staff@example.org", is_staff=True)
    client.force_login(staff)
    private = soup_of(client.get(URL)).select_one(".directory-private")
    assert {a["href"] for a in private.select("li a")} == {f"/en/projets/{p.slug}/" for p in (draft, hidden)}
    assert private.select_one('[data-status="unlisted"]')


def test_an_unavailable_search_backend_says_so(client, world, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    search._load.cache_clear()
    try:
        response = client.get(URL)
    finally:
        search._load.cache_clear()
    assert response.status_code == 503
    assert "temporarily unavailable" in soup_of(response).find(id="project-results").get_text()


def count_queries(client, url, django_assert_max_num_queries, limit):
    client.get(url)  # warm the per-process caches (site, site settings) so only the page's queries count
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["anonymous", "member", "staff"])
@pytest.mark.parametrize("params", ["", "?q=projet", "?phase=experimentation&served_departement=80"])
def test_query_count_does_not_grow_with_the_results(
    client, world, django_assert_max_num_queries, role, params
):
    if role != "anonymous":
        person = UserFactory(email=f"{role}@example.org", is_staff=role == "staff")
        world["lead"].memberships.create(user=person, role="member")
        client.force_login(person)
    somme = place(Territory.Level.DEPARTEMENT, "80")
    # The form's three vocabularies (themes, territories, the calls' labels), the search (3 or 5 queries, and one more with text: the indexed words that
    # the query's words accept, for the relevance levels), one per card relation, the open slots, the site and
    # its chrome; for people also the session, user, permissions, the header's unread counts, and their
    # unlisted projects on the unfiltered list (two).
    limit = (15 if "q=" in params else 14) if role == "anonymous" else 21
    few = count_queries(client, URL + params, django_assert_max_num_queries, limit)
    for number in range(30):
        project = add(
            world["lead"],
            f"Projet {number:02d}",
            phase="experimentation",
            themes=[world["circular"], world["mobility"]],
            served=[somme],
        )
        PartnerSlot.objects.create(project=project, title="Place")
        ProjectFactory(lead_actor=world["lead"], title=f"Brouillon {number:02d}")
    search.rebuild()
    many = count_queries(client, URL + params, django_assert_max_num_queries, limit)
    assert many == few
