"""The directory map: its GeoJSON (the current search, every page, public structures only) and the map view.

The data is the directory page's test world (tests/directory/test_directory_search.py), indexed with
``search.rebuild()``. The map's drawing is Leaflet's, checked in the browser journey
(tests/browser/test_directory_journey.py); here, what the server answers.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection

import search
from directory.views import map as map_views
from ecosystem.models import Actor, ActorKind, Membership, Theme
from tests.factories import UserFactory
from tests.support.directory import add_actor, build_world
from tests.support.html import soup

pytestmark = pytest.mark.django_db

PAGE = "/en/annuaire/"
GEOJSON = "/en/annuaire/carte.geojson"


@pytest.fixture
def world(db):
    return build_world()


def geojson(client, params=None):
    response = client.get(GEOJSON, params or {})
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def ids(data) -> set[str]:
    return {feature["id"] for feature in data["features"]}


def test_the_map_data_is_the_filtered_search_as_geojson_points(client, world):
    data = geojson(client, {"kind": "association", "departement": "80"})
    assert data["type"] == "FeatureCollection"
    assert ids(data) == {"recyclerie", "doingt", "amiens"}
    assert (data["total"], data["count"], data["without_location"], data["truncated"]) == (3, 3, 0, False)
    recyclerie = next(f for f in data["features"] if f["id"] == "recyclerie")
    assert recyclerie["geometry"] == {"type": "Point", "coordinates": [2.9363, 49.9322]}  # GeoJSON: lon, lat
    assert recyclerie["properties"] == {
        "name": "Recyclerie du Santerre",
        "kind": "association",
        "kind_label": "association",
        "commune": "Péronne",
        "url": "/en/annuaire/recyclerie/",
    }
    assert data["summary"] == "3 structures shown on the map."


def test_only_what_the_public_page_shows_is_in_the_map_data(client, world):
    # Public data only: no contact, identifiers or description, whatever the actor consented to.
    data = geojson(client)
    for feature in data["features"]:
        assert set(feature["properties"]) == {"name", "kind", "kind_label", "commune", "url"}
    assert "contact@recyclerie.example" not in str(data)
    assert "12345678900017" not in str(data)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "peronne"},
        {"q": "Péronne secrète"},
        {"commune": "Péronne", "radius": "5"},
        {"kind": "association"},
    ],
)
def test_hidden_structures_are_never_on_the_map_even_for_their_members(client, world, params):
    member = UserFactory(email="membre@example.org")
    Membership.objects.create(user=member, actor=world["hidden"], role=Membership.Role.ADMIN)
    client.force_login(member)
    data = geojson(client, params)
    assert "hidden" not in ids(data)
    assert "Péronne Secrète" not in str(data)


def test_structures_without_a_location_are_counted_not_drawn(client, world):
    data = geojson(client)
    assert ids(data) == {"recyclerie", "doingt", "albert", "amiens", "lille"}
    assert (data["total"], data["count"], data["without_location"]) == (6, 5, 1)
    assert data["summary"] == (
        "5 structures shown on the map. 1 structure without a known location is only in the list."
    )


def test_near_a_commune_and_accent_free_text_filter_the_map_like_the_page(client, world):
    assert ids(geojson(client, {"commune": "peronne", "radius": "10"})) == {"recyclerie", "doingt"}
    assert ids(geojson(client, {"q": "peronne"})) == {"recyclerie"}


def test_the_map_shows_every_page_of_results_not_only_the_first(client, world):
    theme = Theme.objects.get(slug="annuaire-mobilites")
    for n in range(45):
        add_actor(f"grow-{n:02d}", f"Actrice {n:02d}", ActorKind.ASSOCIATION, "80240", [theme])
    search.rebuild()
    page = soup(client.get(PAGE, {"themes": "annuaire-mobilites"}))
    assert len(page.select(".card h3 a")) == 20  # the list is paged …
    data = geojson(client, {"themes": "annuaire-mobilites"})
    assert data["total"] == data["count"] == 47  # … the map is not
    assert len(ids(data)) == 47


def test_a_result_set_past_the_maximum_is_cut_and_says_so(client, world, monkeypatch):
    monkeypatch.setattr(map_views, "MAX_FEATURES", 3)
    data = geojson(client)
    assert data["truncated"] is True
    assert data["total"] == 6
    assert len(ids(data)) + data["without_location"] == 3
    assert "The map stops at the first 3 of the 6 structures found" in data["summary"]


@pytest.mark.parametrize(
    ("params", "pinned"),
    [
        ({}, {"database": 4, "elasticsearch": 3}),
        ({"q": "actrice", "commune": "Péronne", "radius": "50"}, {"database": 7, "elasticsearch": 4}),
    ],
)
def test_map_data_queries_do_not_grow_with_the_results(
    client, world, django_assert_num_queries, settings, params, pinned
):
    """One search for the whole result set, past a search page (``MAX_PER_PAGE``) too: 2 or 242 actors cost
    the same queries — the index generation (the form's choices are kept under it; the commune), the search (on the
    database backend, with text: the vocabulary, the ranks; Elasticsearch answers over HTTP), the actors,
    their communes."""
    queries = pinned["elasticsearch" if "elasticsearch" in settings.SEARCH_BACKEND else "database"]
    if "elasticsearch" not in settings.SEARCH_BACKEND and "q" in params and connection.vendor != "sqlite":
        queries -= 1  # PostgreSQL ranks in the ordered query; SQLite reads the ranks in a query of their own
    theme = Theme.objects.get(slug="annuaire-mobilites")
    for n in range(240):
        add_actor(f"grow-{n:03d}", f"Actrice {n:03d}", ActorKind.ASSOCIATION, "80240", [theme], public=n < 2)
    search.rebuild()
    client.get(GEOJSON)  # the first request of a site creates its settings row; not what is measured here
    with django_assert_num_queries(queries):
        few = geojson(client, params)
    Actor.objects.filter(slug__startswith="grow-").update(is_public=True)
    search.rebuild()
    client.get(GEOJSON)  # the form's vocabularies are read once per index generation: not what is measured
    with django_assert_num_queries(queries):
        many = geojson(client, params)
    assert few["count"] >= 2
    assert many["count"] == few["count"] + 238


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"kind": "spaceship"}, "Kind of structure: unknown value “spaceship” ignored."),
        ({"radius": "abc", "commune": "Péronne"}, "The distance was not valid"),
        ({"commune": "Atlantis"}, "“Atlantis” was not found."),
        ({"commune": "Villers-Bocage"}, "Several places match “Villers-Bocage”"),
        ({"sort": "random"}, "The sort order was not valid"),
        ({"q": "x" * 201}, "The search text is too long"),
    ],
)
def test_bad_parameters_answer_400_with_the_reasons(client, world, params, reason):
    response = client.get(GEOJSON, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Some parameters of the search are not valid."
    assert any(reason in error for error in body["errors"]), body["errors"]


def test_the_map_data_is_read_only(client, world):
    assert client.post(GEOJSON).status_code == 405


def test_an_unavailable_search_backend_answers_503(client, world, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    search._load.cache_clear()
    try:
        response = client.get(GEOJSON)
    finally:
        search._load.cache_clear()
    assert response.status_code == 503
    assert "temporarily unavailable" in response.json()["detail"]


# --- The map view of the directory page ---------------------------------------------------------------


def test_the_map_view_keeps_the_filters_and_gives_the_map_its_data(client, world, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "© Example tiles"
    response = client.get(PAGE, {"kind": "association", "departement": "80", "sort": "name", "vue": "carte"})
    assert response.status_code == 200
    page = soup(response)

    # The map: named, described by a text alternative that links the list with the same filters.
    canvas = page.find(id="directory-map")
    assert canvas["role"] == "region"
    assert canvas["aria-label"] == "Map of the structures found"
    assert canvas["data-tile-url"] == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert canvas["data-tile-attribution"] == "© Example tiles"
    summary = page.find(id=canvas["aria-describedby"])
    assert "3 structures found" in summary.get_text(" ", strip=True)
    list_link = summary.find("a", string="see them as a list")
    assert urlsplit(list_link["href"]).path == PAGE
    assert parse_qs(urlsplit(list_link["href"]).query) == {
        "kind": ["association"],
        "departement": ["80"],
        "sort": ["name"],
    }
    data_url = summary["data-map-geojson"]
    assert urlsplit(data_url).path == GEOJSON
    assert parse_qs(urlsplit(data_url).query) == {"kind": ["association"], "departement": ["80"]}
    assert ids(geojson(client, parse_qs(urlsplit(data_url).query))) == {"recyclerie", "doingt", "amiens"}

    # Without JavaScript: a notice, and the list itself.
    fallback = page.select_one(".map-fallback")
    assert "The map needs JavaScript" in fallback.get_text()
    assert {a["href"] for a in fallback.select(".card h3 a")} == {
        "/en/annuaire/recyclerie/",
        "/en/annuaire/doingt/",
        "/en/annuaire/amiens/",
    }

    # Changing the filters stays on the map: the form carries the view, and so does every link built.
    assert page.find("form", id="directory-filters").find("input", attrs={"name": "vue"})["value"] == "carte"
    for link in page.select(".directory-active a"):
        assert parse_qs(urlsplit(link["href"]).query)["vue"] == ["carte"]
    switch = page.select_one(".view-switch")
    current = switch.find("a", attrs={"aria-current": "page"})
    assert current.get_text(strip=True) == "Map"
    to_list = switch.find("a", string="List")
    assert "vue" not in parse_qs(urlsplit(to_list["href"]).query)
    assert parse_qs(urlsplit(to_list["href"]).query)["kind"] == ["association"]


def test_the_list_view_links_to_the_map_with_the_same_filters(client, world):
    page = soup(client.get(PAGE, {"q": "recyclerie", "commune": "Péronne", "radius": "25"}))
    assert page.find(id="directory-map") is None
    to_map = page.select_one(".view-switch").find("a", string="Map")
    assert parse_qs(urlsplit(to_map["href"]).query) == {
        "q": ["recyclerie"],
        # The place as it was resolved, « Name (INSEE code) », so the map means the same commune.
        "commune": ["Péronne (80620)"],
        "radius": ["25"],
        "vue": ["carte"],
    }
    # The exports never carry the view.
    export = page.select_one(".directory-exports a")
    assert "vue" not in parse_qs(urlsplit(export["href"]).query)


def test_map_view_queries_do_not_grow_with_the_results(client, world, django_assert_max_num_queries):
    client.get(PAGE)
    search.changed()  # both measured requests compute their answer (the rebuild below does the same)
    with django_assert_max_num_queries(13) as few_queries:
        client.get(PAGE, {"vue": "carte"})
    for n in range(25):
        add_actor(f"grow-{n:02d}", f"Actrice {n:02d}", ActorKind.ASSOCIATION, "80240")
    search.rebuild()
    with django_assert_max_num_queries(13) as many_queries:
        client.get(PAGE, {"vue": "carte"})
    assert len(many_queries) == len(few_queries)
    assert Actor.objects.filter(is_public=True).count() > 20


# --- Live updates (static/js/directory.js) -------------------------------------------------------------


def test_facet_controls_keep_their_id_when_a_live_update_reorders_them(client, world):
    """The focus comes back to the control with the same id after an update: ids follow values, not ranks."""

    def facet_ids(params):
        page = soup(client.get(PAGE, params))
        return {box["value"]: box["id"] for box in page.select('#directory-facets input[name="kind"]')}

    everything = facet_ids({})
    assert list(everything) == ["association", "company", "cooperative", "third_place"]  # by count, then name
    assert everything["association"] == "facet-kind-association"
    narrowed = facet_ids({"departement": "59"})
    assert narrowed == {"cooperative": everything["cooperative"]}


def test_the_page_marks_its_live_regions_for_the_script(client, world):
    page = soup(client.get(PAGE, {"kind": "association"}))
    form = page.find("form", id="directory-filters")
    assert form.has_attr("data-live-filters")
    target, synced = form["data-live-target"], form["data-live-sync"]
    assert page.select_one(target) is not None
    for region in synced.split(","):
        assert page.select_one(region.split(":")[0].strip()) is not None
    # The count is a live region that stays in place (its text is swapped), outside the replaced region.
    count = page.find(id="result-count")
    assert count["aria-live"] == "polite"
    assert count.find_parent(id=target[1:]) is None
    assert page.select_one(form["data-live-focus"])["tabindex"] == "-1"
