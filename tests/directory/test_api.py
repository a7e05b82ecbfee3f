"""The read-only public JSON API: only public data, working filters, bounded pages, clear errors, a schema."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import search
from ecosystem.models import Actor, Partnership, Theme
from tests.factories import ActorFactory, ProjectFactory
from tests.support.directory import commune

pytestmark = pytest.mark.django_db


def slugs(response):
    assert response.status_code == 200, response.content
    return [item["slug"] for item in response.json()["items"]]


# --- actors ------------------------------------------------------------------------------------------------


def test_lists_only_public_actors_by_name_with_a_total(client, api_world):
    response = client.get("/api/v1/actors/")
    assert response["Content-Type"].startswith("application/json")
    assert slugs(response) == [
        "atelier-velo",
        "cooperative-de-loise",
        "les-jardins-partages",
        "mairie-de-boves",
    ]
    assert response.json()["count"] == 4
    jardins = response.json()["items"][2]
    assert jardins["url"] == "http://testserver/annuaire/les-jardins-partages/"
    assert jardins["siret"] == "73282932000074"
    assert jardins["commune"] == {"level": "commune", "code": "80021", "name": "Amiens"}
    assert jardins["departement"] == {"level": "departement", "code": "80", "name": "Somme"}
    assert [theme["slug"] for theme in jardins["themes"]] == [Theme.objects.order_by("pk")[0].slug]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=cooperative", ["cooperative-de-loise"]),
        ("kind=local_authority", ["mairie-de-boves"]),
        ("departement=60", ["cooperative-de-loise"]),
        ("departement=80", ["atelier-velo", "les-jardins-partages", "mairie-de-boves"]),
        ("commune=80620", ["atelier-velo"]),
        ("open_to_partnerships=false", ["cooperative-de-loise"]),
        ("open_to_partnerships=true&departement=60", []),
        ("q=compost", ["les-jardins-partages"]),
        ("q=velos", ["atelier-velo"]),
        ("commune=80021", ["les-jardins-partages"]),  # the hidden actor of Amiens is not there
        ("theme=no-such-theme", []),
    ],
)
def test_actor_filters(client, api_world, query, expected):
    response = client.get(f"/api/v1/actors/?{query}")
    assert slugs(response) == expected
    assert response.json()["count"] == len(expected)


def test_actor_theme_filter(client, api_world):
    circular = Theme.objects.order_by("pk")[0]
    assert slugs(client.get(f"/api/v1/actors/?theme={circular.slug}")) == [
        "cooperative-de-loise",
        "les-jardins-partages",
    ]


def test_pages_are_windows_of_the_full_list(client, api_world):
    everything = slugs(client.get("/api/v1/actors/"))
    for limit in (1, 2, 3):
        for offset in range(0, 6):
            response = client.get(f"/api/v1/actors/?limit={limit}&offset={offset}")
            assert slugs(response) == everything[offset : offset + limit], (limit, offset)
            assert response.json()["count"] == 4
            assert (response.json()["limit"], response.json()["offset"]) == (limit, offset)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("limit=101", "limit"),
        ("limit=0", "limit"),
        ("offset=-1", "offset"),
        ("limit=many", "limit"),
        ("kind=martian", "kind"),
        ("departement=Somme", "departement"),
        ("commune=800", "commune"),
        ("open_to_partnerships=maybe", "open_to_partnerships"),
    ],
)
def test_bad_actor_parameters_are_explained(client, api_world, query, parameter):
    response = client.get(f"/api/v1/actors/?{query}")
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert [error["loc"] for error in response.json()["detail"]] == [["query", parameter]]


@pytest.mark.parametrize("endpoint", ["actors", "projects", "territories"])
@pytest.mark.parametrize("offset", ["9223372036854775807", "100001"])
def test_an_offset_past_the_bound_is_a_422_naming_it(client, api_world, endpoint, offset):
    # 2**63 - 1 used to reach the database as a slice it cannot hold: a 500 (IntegrityError).
    response = client.get(f"/api/v1/{endpoint}/?offset={offset}")
    assert response.status_code == 422, response.content
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", "offset"]
    assert problem["type"] == "less_than_equal"
    assert str(problem["ctx"]["le"]) in problem["msg"]


@pytest.mark.parametrize(
    ("endpoint", "deepest"), [("actors", 9800), ("projects", 9800), ("territories", 100000)]
)
def test_the_deepest_offset_answers_an_empty_page(client, api_world, endpoint, deepest):
    response = client.get(f"/api/v1/{endpoint}/?offset={deepest}&limit=100")
    assert response.status_code == 200, response.content
    assert response.json()["items"] == []
    assert response.json()["count"] > 0
    assert client.get(f"/api/v1/{endpoint}/?offset={deepest + 1}").status_code == 422


def test_public_actor_detail_and_404_for_hidden_or_unknown(client, api_world):
    response = client.get("/api/v1/actors/atelier-velo/")
    assert response.status_code == 200
    assert response.json()["name"] == "Atelier Vélo"
    assert response.json()["commune"]["code"] == "80620"
    hidden = client.get("/api/v1/actors/collectif-discret/")
    unknown = client.get("/api/v1/actors/personne/")
    assert hidden.status_code == unknown.status_code == 404
    # Same answer whether it exists or not: the API does not reveal hidden structures.
    # Outside /en/ the site, API included, speaks its default language: French.
    assert hidden.json() == unknown.json() == {"detail": "Aucune structure publique n'a cet identifiant."}


def test_contact_published_only_with_consent(client, api_world):
    Actor.objects.filter(slug="atelier-velo").update(contact_name="Paul", contact_email="paul@velo.example")
    assert client.get("/api/v1/actors/atelier-velo/").json()["contact_email"] == ""
    Actor.objects.filter(slug="atelier-velo").update(show_contact=True)
    assert client.get("/api/v1/actors/atelier-velo/").json()["contact_email"] == "paul@velo.example"


# --- projects ----------------------------------------------------------------------------------------------


def test_lists_only_published_projects_of_public_actors(client, api_world):
    response = client.get("/api/v1/projects/")
    assert sorted(slugs(response)) == ["compost", "velos"]
    assert response.json()["count"] == 2
    compost = next(item for item in response.json()["items"] if item["slug"] == "compost")
    assert compost["lead_actor"]["url"] == "http://testserver/annuaire/les-jardins-partages/"
    # Active partners listed publicly only: not the hidden one, not the one that left.
    assert [partner["actor"]["slug"] for partner in compost["partners"]] == ["atelier-velo"]
    assert compost["territories_served"] == [{"level": "commune", "code": "80021", "name": "Amiens"}]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("phase=experimentation", ["compost"]),
        ("phase=evaluation", []),
        ("action_type=swarming", ["velos"]),
        ("territory=80021", ["compost"]),
        ("territory=248000531", ["compost"]),  # Amiens is in this EPCI
        ("territory=80", ["compost"]),  # … and in the Somme
        ("territory=32", ["compost", "velos"]),  # both in Hauts-de-France
        ("territory=60", ["velos"]),
        ("territory=80620", []),
    ],
)
def test_project_filters(client, api_world, query, expected):
    response = client.get(f"/api/v1/projects/?{query}")
    assert sorted(slugs(response)) == expected
    assert response.json()["count"] == len(expected)


def test_project_text_search(client, api_world):
    assert slugs(client.get("/api/v1/projects/?q=compost")) == ["compost"]
    assert slugs(client.get("/api/v1/projects/?q=compost&phase=evaluation")) == []


def test_project_theme_filter(client, api_world):
    circular, mobility = Theme.objects.order_by("pk")[:2]
    assert slugs(client.get(f"/api/v1/projects/?theme={circular.slug}")) == ["compost"]
    assert slugs(client.get(f"/api/v1/projects/?theme={mobility.slug}")) == []


@pytest.mark.parametrize("query", ["phase=done", "action_type=x", "territory=Somme", "limit=1000"])
def test_bad_project_parameters_are_4xx(client, api_world, query):
    assert client.get(f"/api/v1/projects/?{query}").status_code == 422


def test_project_detail_and_404_for_draft_or_hidden_lead(client, api_world):
    response = client.get("/api/v1/projects/compost/")
    assert response.status_code == 200
    assert response.json()["title"] == "Compost de quartier"
    for slug in ("brouillon", "secret", "nothing"):
        response = client.get(f"/api/v1/projects/{slug}/")
        assert response.status_code == 404
        assert response.json() == {"detail": "Aucun projet publié n'a cet identifiant."}


# --- territories -------------------------------------------------------------------------------------------


def test_territories_by_level_code_and_typed_text(client, api_world):
    assert slugs_of_codes(client.get("/api/v1/territories/?level=departement")) == ["60", "80"]
    assert slugs_of_codes(client.get("/api/v1/territories/?q=amiens")) == ["80021"]
    # A postal code finds the communes it serves; "Villers-Bocage" exists in both départements.
    assert slugs_of_codes(client.get("/api/v1/territories/?q=80200")) == ["80620"]
    assert sorted(slugs_of_codes(client.get("/api/v1/territories/?q=villers bocage"))) == ["60673", "80799"]
    assert slugs_of_codes(client.get("/api/v1/territories/?q=villers&code=60673")) == ["60673"]
    assert slugs_of_codes(client.get("/api/v1/territories/?level=epci&q=amiens")) == ["248000531"]
    assert client.get("/api/v1/territories/?level=commune&limit=2").json()["count"] == 6


def slugs_of_codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_territory_detail(client, api_world):
    response = client.get("/api/v1/territories/commune/80021/")
    assert response.status_code == 200
    assert response.json()["parent"] == {"level": "epci", "code": "248000531", "name": "CA Amiens Métropole"}
    assert response.json()["postal_codes"] == ["80000", "80080", "80090"]
    missing = client.get("/api/v1/territories/departement/80021/")
    assert missing.status_code == 404
    assert missing.json()["detail"]
    assert client.get("/api/v1/territories/planet/80021/").status_code == 422
    assert client.get("/api/v1/territories/?level=planet").status_code == 422


# --- schema and docs ---------------------------------------------------------------------------------------


def test_openapi_schema_describes_every_endpoint(client, api_world):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Essaim"
    expected = {
        "/api/v1/actors/",
        "/api/v1/actors/{slug}/",
        "/api/v1/projects/",
        "/api/v1/projects/{slug}/",
        "/api/v1/territories/",
        "/api/v1/territories/{level}/{code}/",
    }
    assert set(schema["paths"]) == expected
    for path in expected:
        assert set(schema["paths"][path]) == {"get"}, "read-only"
        assert "200" in schema["paths"][path]["get"]["responses"]
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/actors/"]["get"]["parameters"]}
    assert {"q", "kind", "theme", "departement", "commune", "open_to_partnerships", "limit", "offset"} <= set(
        parameters
    )
    assert parameters["limit"]["schema"]["maximum"] == 100
    assert parameters["offset"]["schema"]["maximum"] == 9800
    for path in ("/api/v1/actors/", "/api/v1/projects/", "/api/v1/territories/"):
        answers = schema["paths"][path]["get"]["responses"]
        assert "422" in answers
        assert answers["422"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ValidationErrors"
        }
    assert "503" in schema["paths"]["/api/v1/actors/"]["get"]["responses"]
    assert "404" in schema["paths"]["/api/v1/actors/{slug}/"]["get"]["responses"]
    # Every $ref points to a schema that exists.
    components = schema["components"]["schemas"]
    refs = set()

    def collect(node):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.add(node["$ref"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(schema)
    assert refs
    for ref in refs:
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in components
    assert "siret" in components["ActorOut"]["properties"]


def test_no_docs_page_loading_assets_from_a_cdn(client, api_world):
    # django-ninja's docs pull Swagger UI from a CDN unless "ninja" is an installed app: they are off.
    assert client.get("/api/v1/docs").status_code in (301, 404)
    assert client.get("/api/v1/docs/").status_code == 404


def test_read_only(client, api_world):
    assert client.post("/api/v1/actors/", {}).status_code == 405
    assert client.delete("/api/v1/actors/atelier-velo/").status_code == 405


# --- query counts ------------------------------------------------------------------------------------------


def _add(start, count):
    circular = Theme.objects.order_by("pk")[0]
    lead = Actor.objects.get(slug="les-jardins-partages")
    for number in range(start, start + count):
        actor = ActorFactory(name=f"Structure {number:02d}", commune=commune("80620"))
        actor.themes.set([circular])
        project = ProjectFactory(lead_actor=lead, slug=f"projet-{number:02d}", published=True)
        project.themes.set([circular])
        project.territories_served.set([commune("80021")])
        Partnership.objects.create(project=project, actor=actor, nature="n", role="r")
    search.rebuild()


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), len(response.json()["items"])


@pytest.mark.parametrize(
    ("url", "pinned"),
    [
        ("/api/v1/actors/?limit=100", 8),
        ("/api/v1/actors/?limit=100&q=structure", 10),
        ("/api/v1/projects/?limit=100", 7),  # labels included
        ("/api/v1/territories/?limit=100", 2),
    ],
)
def test_query_count_does_not_grow_with_results(
    client, api_world, django_assert_max_num_queries, url, pinned
):
    _add(0, 3)  # 5 projects
    few, few_items = _queries(client, url)
    _add(3, 25)  # 30 projects
    many, many_items = _queries(client, url)
    assert many_items > few_items or "territories" in url
    assert many == few
    with django_assert_max_num_queries(pinned):
        client.get(url)
