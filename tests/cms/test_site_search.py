"""The site search (the header's search box): pages, structures, projects and events, grouped by kind.

Pages come from Wagtail's own search; structures and projects from the directory's search backend (indexed
here with ``search.rebuild()``), the best few of each with their total and a link to see them all.
"""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from django.utils.text import slugify

import search
from cms.models import StandardPage
from ecosystem.actions.territories import load_region
from ecosystem.models import Actor, ActorKind, Territory
from tests.factories import EventFactory, ProjectFactory

pytestmark = pytest.mark.django_db

REGION = {
    "region": {"code": "32", "name": "Hauts-de-France"},
    "departements": [{"code": "80", "name": "Somme"}],
    "epcis": [],
    "communes": [
        {"insee": "80620", "name": "Péronne", "departement": "80", "postal_codes": ["80200"],
         "lat": 49.9322, "lon": 2.9363, "population": 7500},
    ],
}  # fmt: skip


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def add_actor(name, *, public=True, commune=None):
    return Actor.objects.create(
        name=name, slug=slugify(name), kind=ActorKind.ASSOCIATION, is_public=public, commune=commune
    )


def add_page(home, title, intro):
    page = home.add_child(instance=StandardPage(title=title, slug=slugify(title), intro=intro))
    page.save_revision().publish()
    return page


@pytest.fixture
def world(demo_site):
    """A page, two public structures, one hidden, a published project and a draft, all about Péronne."""
    load_region(REGION)
    peronne = Territory.objects.get(level=Territory.Level.COMMUNE, code="80620")
    lead = add_actor("Recyclerie de Péronne", commune=peronne)
    add_actor("Maison des Associations de Péronne", commune=peronne)
    hidden = add_actor("Collectif secret de Péronne", public=False)
    ProjectFactory(lead_actor=lead, title="Repair café de Péronne", published=True)
    ProjectFactory(lead_actor=lead, title="Brouillon de Péronne")
    ProjectFactory(lead_actor=hidden, title="Projet caché de Péronne", published=True)
    add_page(demo_site, "Péronne, ville pilote", "Ce que la Région expérimente à Péronne.")
    search.rebuild()
    return {"home": demo_site, "lead": lead}


def group(soup, kind):
    """(heading text, [result titles], see-all link or None) of one group of results."""
    section = soup.find("section", attrs={"aria-labelledby": f"results-{kind}"})
    if section is None:
        return None
    heading = section.find("h2").get_text(" ", strip=True)
    titles = [h3.get_text(strip=True) for h3 in section.select("ol.results > li h3")]
    see_all = section.select_one("ol.results ~ p a")
    return heading, titles, see_all["href"] if see_all else None


def test_one_search_finds_structures_projects_and_pages_grouped_by_kind(client, world):
    response = client.get("/recherche/", {"q": "Péronne"})
    assert response.status_code == 200
    soup = soup_of(response)
    assert len(soup.find_all("h1")) == 1
    sections = [s["aria-labelledby"] for s in soup.select("main section.search-group")]
    assert sections == ["results-actors", "results-projects", "results-pages"]

    heading, titles, see_all = group(soup, "actors")
    assert heading.endswith("(2 résultats)")
    assert sorted(titles) == ["Maison des Associations de Péronne", "Recyclerie de Péronne"]
    assert urlsplit(see_all).path == "/annuaire/"
    assert parse_qs(urlsplit(see_all).query) == {"q": ["Péronne"]}

    heading, titles, see_all = group(soup, "projects")
    assert heading.endswith("(1 résultat)")
    assert titles == ["Repair café de Péronne"]  # neither the draft nor the hidden structure's project
    assert urlsplit(see_all).path == "/projets/"
    assert parse_qs(urlsplit(see_all).query) == {"q": ["Péronne"]}

    heading, titles, _ = group(soup, "pages")
    assert titles == ["Péronne, ville pilote"]

    status = soup.select_one('[role="status"]')
    assert status["aria-live"] == "polite"
    assert status.get_text(" ", strip=True).startswith("4 résultats")
    # In-page links to each group, each to a heading that exists.
    anchors = [a["href"] for a in soup.select("nav.search-groups a")]
    assert anchors == ["#results-actors", "#results-projects", "#results-pages"]
    for anchor in anchors:
        assert soup.find(id=anchor[1:]).name == "h2"
    assert "Collectif secret" not in soup.get_text()


def test_upcoming_public_events_are_a_group_linking_to_the_agenda(client, world):
    EventFactory(host=world["lead"], title="Forum de Péronne", kind="forum")
    EventFactory(title="Café de Péronne", starts_at=timezone.now() + timedelta(days=40))
    EventFactory(
        title="Ancien forum de Péronne",
        starts_at=timezone.now() - timedelta(days=9),
        ends_at=timezone.now() - timedelta(days=9) + timedelta(hours=2),
    )
    EventFactory(title="Brouillon à Péronne", draft=True)
    search.rebuild()
    soup = soup_of(client.get("/recherche/", {"q": "Péronne"}))
    sections = [s["aria-labelledby"] for s in soup.select("main section.search-group")]
    assert sections == ["results-actors", "results-projects", "results-events", "results-pages"]
    heading, titles, see_all = group(soup, "events")
    assert heading.endswith("(2 résultats)")  # upcoming ones: what the agenda lists behind « see all »
    assert sorted(titles) == ["Café de Péronne", "Forum de Péronne"]
    assert urlsplit(see_all).path == "/agenda/"
    assert parse_qs(urlsplit(see_all).query) == {"q": ["Péronne"]}
    assert "2 événements à venir" in soup.select_one('[role="status"]').get_text(" ", strip=True)
    assert "#results-events" in [a["href"] for a in soup.select("nav.search-groups a")]
    agenda = soup_of(client.get(see_all))
    assert sorted(a.text for a in agenda.select(".card h3 a")) == sorted(titles)


def test_wagtail_page_search_keeps_working_alone(client, world):
    soup = soup_of(client.get("/recherche/", {"q": "RGAA"}))
    assert group(soup, "actors") is None
    assert group(soup, "projects") is None
    _, titles, _ = group(soup, "pages")
    assert titles == ["Déclaration d'accessibilité"]
    assert "1 résultat" in soup.select_one('[role="status"]').get_text()


def test_each_kind_shows_its_best_few_and_links_to_all_of_them(client, world):
    for number in range(6):
        add_actor(f"Atelier de Péronne {number}")
    search.rebuild()
    soup = soup_of(client.get("/recherche/", {"q": "Péronne"}))
    heading, titles, see_all = group(soup, "actors")
    assert heading.endswith("(8 résultats)")
    assert len(titles) == 5
    link = soup.find("a", href=see_all)
    assert "8" in link.get_text()


def test_nothing_found_says_so(client, world):
    soup = soup_of(client.get("/recherche/", {"q": "zzzzqqqq"}))
    assert not soup.select("section.search-group")
    text = soup.find("main").get_text(" ", strip=True)
    assert "0 résultat" in text
    assert "Aucun résultat" in text


def test_no_words_no_search(client, world):
    soup = soup_of(client.get("/recherche/"))
    assert soup.find("input", attrs={"name": "q"})
    assert not soup.select('[role="status"]')


def test_english_pages_link_to_the_english_directory(client, world):
    # Structures and projects are found without the accent (pages depend on Wagtail's own search).
    soup = soup_of(client.get("/en/recherche/", {"q": "peronne"}))
    _, _, see_all = group(soup, "actors")
    assert urlsplit(see_all).path == "/en/annuaire/"
    _, _, see_all = group(soup, "projects")
    assert urlsplit(see_all).path == "/en/projets/"


def test_later_pages_of_pages_leave_out_structures_and_projects(client, world):
    for number in range(11):
        add_page(world["home"], f"Péronne, fiche {number:02d}", "Une fiche sur Péronne.")
    soup = soup_of(client.get("/recherche/", {"q": "Péronne"}))
    assert group(soup, "actors")
    assert len(group(soup, "pages")[1]) == 10
    next_link = soup.find("a", rel="next")["href"]
    second = soup_of(client.get("/recherche/" + next_link))
    assert group(second, "actors") is None
    assert group(second, "projects") is None
    assert len(group(second, "pages")[1]) == 2


def test_an_unavailable_search_backend_still_searches_the_pages(client, world, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    search._load.cache_clear()
    try:
        response = client.get("/recherche/", {"q": "Péronne"})
    finally:
        search._load.cache_clear()
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select_one('[role="alert"]')
    assert group(soup, "pages")[1] == ["Péronne, ville pilote"]


def test_query_count_does_not_grow_with_the_results(client, world, django_assert_max_num_queries):
    """Wagtail's page search (restrictions, count, hits, specific pages, locales), then per kind: the
    typo vocabulary, the count, the ranks, the ids and the objects; the site and its chrome."""
    EventFactory(title="Forum de Péronne")
    search.rebuild()

    def count():
        client.get("/recherche/", {"q": "Péronne"})  # warm the per-process caches (site, settings)
        with django_assert_max_num_queries(28) as captured:
            client.get("/recherche/", {"q": "Péronne"})
        return len(captured)

    few = count()
    for number in range(12):
        add_actor(f"Atelier de Péronne {number}")
        ProjectFactory(lead_actor=world["lead"], title=f"Chantier de Péronne {number}", published=True)
        add_page(world["home"], f"Péronne, fiche {number:02d}", "Une fiche sur Péronne.")
        EventFactory(title=f"Atelier de Péronne {number}")
    search.rebuild()
    assert count() == few


@pytest.mark.parametrize("q", ['"', "*", "(", "\x00", '"""', "*:*", "😀", "\u200b\u200f", "AND (", "\\"])
def test_text_without_a_word_is_no_search(client, world, q):
    response = client.get("/recherche/", {"q": q})
    assert response.status_code == 200
    soup = soup_of(response)
    assert not soup.select("section.search-group")
    assert not soup.select('[role="status"]') or "AND" in q  # "AND" is a word, found nowhere


@pytest.mark.parametrize(
    "q", ['"Péronne', "Péronne*", "(Péronne", "Péronne\x00", 'Pé\u200bronne "', "Péronne -"]
)
def test_words_among_symbols_are_searched_as_words_in_pages_and_directory(client, world, q):
    response = client.get("/recherche/", {"q": q})
    assert response.status_code == 200
    soup = soup_of(response)
    assert group(soup, "pages")[1] == ["Péronne, ville pilote"]
    assert group(soup, "projects")[1] == ["Repair café de Péronne"]
    assert len(group(soup, "actors")[1]) == 2


def test_undecodable_bytes_are_no_search(client, world):
    response = client.get("/recherche/?q=%FF%FE%22")
    assert response.status_code == 200
    assert not soup_of(response).select("section.search-group")
