"""The public directory page: search, facets with counts, "near a commune", sort, pagination, bad URLs.

Test data is written to the database and indexed with ``search.rebuild()``; the page is read as a visitor
without JavaScript would (plain GET requests, links and forms parsed from the HTML).
"""

from urllib.parse import parse_qs, urlsplit

import pytest

import search
from ecosystem.models import ActorKind, Membership, Theme
from tests.factories import UserFactory
from tests.support.directory import add_actor, build_world
from tests.support.html import soup

pytestmark = pytest.mark.django_db

URL = "/en/annuaire/"


@pytest.fixture
def world(db):
    return build_world()


def listed(response) -> list[str]:
    """Slugs of the actors on the page, in order."""
    return [a["href"].rstrip("/").rsplit("/", 1)[-1] for a in soup(response).select(".card h3 a")]


def notices(response) -> str:
    return " ".join(li.get_text(" ", strip=True) for li in soup(response).select(".directory-notices li"))


def count_text(response) -> str:
    region = soup(response).find(attrs={"aria-live": "polite", "id": "result-count"})
    return region.get_text(" ", strip=True)


def facet_counts(response, name) -> dict[str, int]:
    counts = {}
    for box in soup(response).find_all("input", attrs={"type": "checkbox", "name": name}):
        label = soup(response).find("label", attrs={"for": box["id"]}).get_text(" ", strip=True)
        counts[box["value"]] = int(label.rsplit("(", 1)[1].split()[0])
    return counts


# --- the page ------------------------------------------------------------------------------------------


def test_the_french_page_works_with_plain_get_forms(client, world):
    response = client.get("/annuaire/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "fr"
    assert len(page.find_all("h1")) == 1
    form = page.find("form", attrs={"role": "search", "class": "directory-filters"})
    assert form["method"] == "get"
    assert form["action"] == "/annuaire/"
    assert form.find("input", attrs={"name": "q"})
    assert page.find("label", attrs={"for": form.find("input", attrs={"name": "q"})["id"]})
    # Every public actor, by name; never the hidden one.
    assert listed(response) == ["amiens", "lille", "doingt", "nowhere", "recyclerie", "albert"]
    assert page.find("a", href="/annuaire/recyclerie/")
    assert "6" in count_text(response)


def test_cards_show_kind_commune_themes_and_partnership_openness(client, world):
    card = soup(client.get(URL, {"q": "recyclerie"})).select_one(".card")
    text = card.get_text(" ", strip=True)
    assert "Association" in text
    assert "Péronne" in text
    assert "Circularité (annuaire)" in text
    assert "open to partnerships" in text
    amiens = soup(client.get(URL, {"q": "amienois"})).select_one(".card").get_text(" ", strip=True)
    assert "open to partnerships" not in amiens


def test_kind_facet_counts_add_up_to_the_total_and_have_human_labels(client, world):
    response = client.get(URL)
    counts = facet_counts(response, "kind")
    assert counts == {"association": 3, "third_place": 1, "cooperative": 1, "company": 1}
    assert sum(counts.values()) == 6
    page = soup(response)
    labels = [page.find("label", attrs={"for": box["id"]}).get_text(" ", strip=True) for box in
              page.find_all("input", attrs={"name": "kind"})]  # fmt: skip
    assert labels[0].startswith("Association")
    assert any(label.startswith("Tiers-lieu") for label in labels)
    assert facet_counts(response, "themes") == {"annuaire-circularite": 3, "annuaire-mobilites": 2}
    departements = {
        page.find("label", attrs={"for": box["id"]}).get_text(" ", strip=True).split(" (")[0]
        for box in page.find_all("input", attrs={"name": "departement"})
    }
    assert departements == {"Somme", "Nord"}
    assert facet_counts(response, "offers") == {"annuaire-reparation": 1}
    assert facet_counts(response, "open_to_partnerships") == {"yes": 5, "no": 1}


def test_filtering_by_kind_and_by_departement(client, world):
    response = client.get(URL, {"kind": "association"})
    assert sorted(listed(response)) == ["amiens", "doingt", "recyclerie"]
    assert soup(response).find("input", attrs={"name": "kind", "value": "association"}).has_attr("checked")

    response = client.get(URL, {"departement": "59"})
    assert listed(response) == ["lille"]

    response = client.get(URL, {"kind": ["association", "third_place"], "departement": "80"})
    assert sorted(listed(response)) == ["albert", "amiens", "doingt", "recyclerie"]

    response = client.get(URL, {"themes": "annuaire-mobilites", "open_to_partnerships": "yes"})
    assert listed(response) == ["albert"]


@pytest.mark.parametrize("text", ["peronne", "Péronne", "PERONNE"])
def test_typing_a_commune_without_accents_finds_its_actors(client, world, text):
    response = client.get(URL, {"q": text})
    assert listed(response) == ["recyclerie"]


def test_near_a_commune_filters_by_distance_and_sorts_nearest_first(client, world):
    response = client.get(URL, {"commune": "Péronne", "radius": "25"})
    assert response.status_code == 200
    assert listed(response) == ["recyclerie", "doingt", "albert"]
    cards = [card.get_text(" ", strip=True) for card in soup(response).select(".card")]
    assert "km away" in cards[1]
    assert "within 25 km of Péronne" in count_text(response)

    wider = client.get(URL, {"commune": "peronne", "radius": "50"})
    assert listed(wider) == ["recyclerie", "doingt", "albert", "amiens"]

    by_name = client.get(URL, {"commune": "80620", "radius": "25", "sort": "name"})
    assert listed(by_name) == ["doingt", "recyclerie", "albert"]


def test_an_unknown_or_ambiguous_commune_says_so_and_the_rest_of_the_search_works(client, world):
    response = client.get(URL, {"commune": "Atlantis", "kind": "association"})
    assert response.status_code == 200
    assert "Atlantis" in notices(response)
    assert sorted(listed(response)) == ["amiens", "doingt", "recyclerie"]
    # The typed text is kept in the field, its error tied to it.
    field = soup(response).find("input", attrs={"name": "commune"})
    assert field["value"] == "Atlantis"
    assert field["aria-invalid"] == "true"

    ambiguous = client.get(URL, {"commune": "Villers-Bocage"})
    assert "Villers-Bocage (80799)" in notices(ambiguous)
    assert "Villers-Bocage (60673)" in notices(ambiguous)
    assert len(listed(ambiguous)) == 6

    chosen = client.get(URL, {"commune": "Villers-Bocage (80799)", "radius": "25"})
    assert notices(chosen) == ""
    assert listed(chosen) == ["amiens", "albert"]


def test_pagination_keeps_every_filter_and_handles_its_edges(client, world):
    load = [
        add_actor(f"asso-{n:02d}", f"Association {n:02d}", ActorKind.ASSOCIATION, "80021") for n in range(22)
    ]
    assert load
    search.rebuild()
    first = client.get(URL, {"kind": "association", "departement": "80"})
    assert len(listed(first)) == 20
    assert "25" in count_text(first)
    page = soup(first)
    assert page.find("a", rel="prev") is None
    next_url = page.find("a", rel="next")["href"]
    assert parse_qs(urlsplit(next_url).query) == {
        "kind": ["association"],
        "departement": ["80"],
        "page": ["2"],
    }

    second = client.get(URL + next_url)
    assert len(listed(second)) == 5
    assert soup(second).find("a", rel="next") is None
    assert soup(second).find("a", rel="prev")
    assert set(listed(first)).isdisjoint(listed(second))

    past_the_end = client.get(URL, {"kind": "association", "departement": "80", "page": "9"})
    assert past_the_end.status_code == 200
    assert listed(past_the_end) == listed(second)


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "dragon"},
        {"page": "abc"},
        {"page": "0"},
        {"page": "-1"},
        {"radius": "-3", "commune": "Péronne"},
        {"radius": "abc"},
        {"sort": "price"},
        {"sort": "distance"},
        {"themes": "no-such-theme"},
        {"departement": "99"},
        {"q": "x" * 500},
    ],
)
def test_invalid_parameters_never_break_the_page(client, world, params):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert notices(response)
    assert listed(response)


def test_unknown_values_are_ignored_but_known_ones_kept(client, world):
    response = client.get(URL, {"kind": ["dragon", "cooperative"]})
    assert listed(response) == ["lille"]
    assert "dragon" in notices(response)


def test_hidden_actors_are_never_listed_even_for_their_members(client, world):
    member = UserFactory(email="membre@secret.example")
    Membership.objects.create(user=member, actor=world["hidden"], role=Membership.Role.ADMIN)
    client.force_login(member)
    for params in ({}, {"q": "secrete"}, {"commune": "Péronne", "radius": "5"}, {"kind": "association"}):
        response = client.get(URL, params)
        assert "hidden" not in listed(response)
        assert "Péronne Secrète" not in response.content.decode()


def test_empty_result_suggests_removing_a_filter(client, world):
    response = client.get(URL, {"kind": "cooperative", "departement": "80"})
    assert listed(response) == []
    page = soup(response)
    assert "0" in count_text(response)
    removals = [a["href"] for a in page.select(".directory-empty a")]
    assert any(parse_qs(urlsplit(url).query) == {"departement": ["80"]} for url in removals)
    assert any(parse_qs(urlsplit(url).query) == {"kind": ["cooperative"]} for url in removals)
    assert listed(client.get(removals[0])) or listed(client.get(removals[1]))


def test_clear_filters_keeps_the_text_and_exports_keep_the_filters(client, world):
    response = client.get(URL, {"q": "association", "kind": "association", "sort": "name"})
    page = soup(response)
    clear = page.find("a", string="Clear all filters")["href"]
    assert parse_qs(urlsplit(clear).query) == {"q": ["association"]}
    csv_link = page.find("a", href=lambda h: h and "/export.csv" in h)["href"]
    json_link = page.find("a", href=lambda h: h and "/export.json" in h)["href"]
    for link in (csv_link, json_link):
        assert parse_qs(urlsplit(link).query) == {
            "q": ["association"],
            "kind": ["association"],
            "sort": ["name"],
        }
    assert "Licence Ouverte 2.0" in page.get_text()


@pytest.mark.parametrize("params", [{}, {"commune": "Péronne", "radius": "50", "kind": "association"}])
def test_query_count_does_not_grow_with_the_results(client, world, django_assert_max_num_queries, params):
    theme = Theme.objects.get(slug="annuaire-mobilites")
    client.get(URL)  # the first request of a site creates its settings row; not what is measured here
    search.changed()  # both measured requests compute their answer and vocabularies (the rebuild: the same)
    with django_assert_max_num_queries(14) as few_queries:
        few = client.get(URL, params)
    for n in range(20):
        add_actor(f"grow-{n:02d}", f"Actrice {n:02d}", ActorKind.ASSOCIATION, "80240", [theme])
    search.rebuild()
    with django_assert_max_num_queries(14) as many_queries:
        many = client.get(URL, params)
    assert len(listed(many)) == 20
    assert len(listed(many)) > len(listed(few))
    assert len(many_queries) == len(few_queries)
