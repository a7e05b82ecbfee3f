"""The public directory page: search, facets with counts, "near a commune", sort, pagination, bad URLs.

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
from ecosystem.models import Actor, ActorKind, Membership, Resource, Territory, Theme
from tests.ecosystem.test_actors import make_user

pytestmark = pytest.mark.django_db

URL = "/en/annuaire/"

# A few communes with real coordinates: Doingt is 2.5 km from Péronne, Albert 20 km, Amiens 45 km.
REGION = {
    "region": {"code": "32", "name": "Hauts-de-France"},
    "departements": [
        {"code": "80", "name": "Somme"},
        {"code": "59", "name": "Nord"},
        {"code": "60", "name": "Oise"},
    ],
    "epcis": [],
    "communes": [
        {"insee": "80620", "name": "Péronne", "departement": "80", "postal_codes": ["80200"],
         "lat": 49.9322, "lon": 2.9363, "population": 7500},
        {"insee": "80240", "name": "Doingt", "departement": "80", "postal_codes": ["80200"],
         "lat": 49.9211, "lon": 2.9703, "population": 1400},
        {"insee": "80016", "name": "Albert", "departement": "80", "postal_codes": ["80300"],
         "lat": 50.0016, "lon": 2.6522, "population": 10000},
        {"insee": "80021", "name": "Amiens", "departement": "80", "postal_codes": ["80000", "80080"],
         "lat": 49.8942, "lon": 2.2957, "population": 133000},
        {"insee": "59350", "name": "Lille", "departement": "59", "postal_codes": ["59000", "59800"],
         "lat": 50.6330, "lon": 3.0586, "population": 236000},
        {"insee": "80799", "name": "Villers-Bocage", "departement": "80", "postal_codes": ["80260"],
         "lat": 50.0214, "lon": 2.3264, "population": 1500},
        {"insee": "60673", "name": "Villers-Bocage", "departement": "60", "postal_codes": ["60120"],
         "lat": 49.5872, "lon": 2.3258, "population": 300},
    ],
}  # fmt: skip


def commune(code):
    return Territory.objects.get(level=Territory.Level.COMMUNE, code=code)


def add_actor(slug, name, kind, code, themes=(), *, public=True, days_ago=0, **extra):
    actor = Actor.objects.create(
        slug=slug, name=name, kind=kind, commune=commune(code) if code else None, is_public=public, **extra
    )
    actor.themes.set(themes)
    Actor.objects.filter(pk=actor.pk).update(updated_at=timezone.now() - timedelta(days=days_ago))
    return actor


def build_world():
    """Six public actors in the Somme and the Nord, one hidden actor in Péronne; indexed."""
    load_region(REGION)
    circular = Theme.objects.create(name="Circularité (annuaire)", slug="annuaire-circularite", order=1)
    mobility = Theme.objects.create(name="Mobilités (annuaire)", slug="annuaire-mobilites", order=2)
    repair = Resource.objects.create(name="Réparation (annuaire)", slug="annuaire-reparation")
    actors = {
        "recyclerie": add_actor(
            "recyclerie",
            "Recyclerie du Santerre",
            ActorKind.ASSOCIATION,
            "80620",
            [circular],
            description="Réemploi et réparation d'objets du quotidien.",
            siret="12345678900017",
            website="https://recyclerie.example",
            contact_email="contact@recyclerie.example",
            show_contact=True,
            days_ago=5,
        ),
        "doingt": add_actor(
            "doingt", "Jardins de Doingt", ActorKind.ASSOCIATION, "80240", [circular], days_ago=1,
            contact_email="secret@doingt.example", show_contact=False,
        ),
        "albert": add_actor(
            "albert", "Tiers-lieu d'Albert", ActorKind.THIRD_PLACE, "80016", [circular, mobility], days_ago=2
        ),
        "amiens": add_actor(
            "amiens", "Atelier Vélo Amiénois", ActorKind.ASSOCIATION, "80021", [mobility], days_ago=3,
            open_to_partnerships=False,
        ),
        "lille": add_actor("lille", "Coopérative Lilloise", ActorKind.COOPERATIVE, "59350", [], days_ago=4),
        "nowhere": add_actor("nowhere", "Maison Solidaire", ActorKind.COMPANY, None, [], days_ago=6),
        "hidden": add_actor(
            "hidden", "Péronne Secrète", ActorKind.ASSOCIATION, "80620", [circular], public=False
        ),
    }  # fmt: skip
    actors["recyclerie"].offers.set([repair])
    search.rebuild()
    return actors


@pytest.fixture
def world(db):
    return build_world()


def soup(response):
    return BeautifulSoup(response.content, "html.parser")


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
    member = make_user("membre@secret.example")
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
    with django_assert_max_num_queries(12) as few_queries:
        few = client.get(URL, params)
    for n in range(20):
        add_actor(f"grow-{n:02d}", f"Actrice {n:02d}", ActorKind.ASSOCIATION, "80240", [theme])
    search.rebuild()
    with django_assert_max_num_queries(12) as many_queries:
        many = client.get(URL, params)
    assert len(listed(many)) == 20
    assert len(listed(many)) > len(listed(few))
    assert len(many_queries) == len(few_queries)
