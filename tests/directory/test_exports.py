"""Open-data exports of the directory: the current search as CSV and JSON, public data only, licensed."""

import csv
import io
import json

import pytest
from django.db import connection

import search
from ecosystem.models import Actor, ActorKind
from tests.support.directory import add_actor, build_world

pytestmark = pytest.mark.django_db

CSV_URL = "/annuaire/export.csv"
JSON_URL = "/annuaire/export.json"
EXPECTED_COLUMNS = {
    "siret",
    "rna",
    "nom",
    "commune",
    "code_insee",
    "code_postal",
    "latitude",
    "longitude",
    "typologie",
    "site_web",
    "thematiques",
    "presentation_resume",
    "date_maj",
}


@pytest.fixture
def world(db):
    return build_world()


def csv_rows(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_csv_parses_with_the_expected_columns_and_values(client, world):
    response = client.get(CSV_URL)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert ".csv" in response["Content-Disposition"]
    assert "Licence Ouverte 2.0" in response["X-Licence"]
    rows = csv_rows(response)
    assert set(rows[0]) >= EXPECTED_COLUMNS
    by_name = {row["nom"]: row for row in rows}
    assert set(by_name) == {
        "Recyclerie du Santerre",
        "Jardins de Doingt",
        "Tiers-lieu d'Albert",
        "Atelier Vélo Amiénois",
        "Coopérative Lilloise",
        "Maison Solidaire",
    }
    recyclerie = by_name["Recyclerie du Santerre"]
    assert recyclerie["siret"] == "12345678900017"
    assert recyclerie["commune"] == "Péronne"
    assert recyclerie["code_insee"] == "80620"
    assert recyclerie["code_postal"] == "80200"
    assert float(recyclerie["latitude"]) == pytest.approx(49.9322)
    assert recyclerie["typologie"] == "association"
    assert recyclerie["site_web"] == "https://recyclerie.example"
    assert recyclerie["thematiques"] == "annuaire-circularite"
    assert recyclerie["presentation_resume"] == "Réemploi et réparation d'objets du quotidien."
    assert len(recyclerie["date_maj"]) == 10  # YYYY-MM-DD
    assert by_name["Tiers-lieu d'Albert"]["thematiques"] == "annuaire-circularite|annuaire-mobilites"
    assert by_name["Maison Solidaire"]["commune"] == ""


def test_json_has_the_licence_envelope_and_matches_the_csv(client, world):
    response = client.get(JSON_URL)
    assert response.status_code == 200
    assert "Licence Ouverte 2.0" in response["X-Licence"]
    data = json.loads(response.content)
    assert "Licence Ouverte 2.0" in data["licence"]
    assert "/annuaire/" in data["source"]
    items = {item["nom"]: item for item in data["items"]}
    assert len(items) == 6 == data["total"]
    albert = items["Tiers-lieu d'Albert"]
    assert set(albert) >= EXPECTED_COLUMNS
    assert albert["thematiques"] == ["annuaire-circularite", "annuaire-mobilites"]
    assert albert["typologie"] == "third_place"
    assert albert["code_insee"] == "80016"
    rows = {row["nom"]: row for row in csv_rows(client.get(CSV_URL))}
    for name, item in items.items():
        assert rows[name]["code_insee"] == item["code_insee"]
        assert rows[name]["date_maj"] == item["date_maj"]
        assert rows[name]["thematiques"] == "|".join(item["thematiques"])


def test_an_export_of_a_filtered_search_has_only_the_filtered_actors(client, world):
    params = {"kind": "association", "departement": "80"}
    names = {row["nom"] for row in csv_rows(client.get(CSV_URL, params))}
    assert names == {"Recyclerie du Santerre", "Jardins de Doingt", "Atelier Vélo Amiénois"}
    near = json.loads(client.get(JSON_URL, {"commune": "Péronne", "radius": "25"}).content)
    assert [item["nom"] for item in near["items"]] == [
        "Recyclerie du Santerre",
        "Jardins de Doingt",
        "Tiers-lieu d'Albert",
    ]
    text = json.loads(client.get(JSON_URL, {"q": "peronne"}).content)
    assert [item["nom"] for item in text["items"]] == ["Recyclerie du Santerre"]


def test_exports_cover_every_page_of_the_results(client, world):
    for n in range(105):
        add_actor(f"lot-{n:03d}", f"Lot {n:03d}", ActorKind.COMPANY, "80021")
    search.rebuild()
    rows = csv_rows(client.get(CSV_URL, {"kind": "company"}))
    assert len(rows) == 106
    assert len({row["nom"] for row in rows}) == 106


def test_hidden_actors_and_unconsented_contacts_are_never_exported(client, world):
    body = client.get(CSV_URL).content.decode() + client.get(JSON_URL).content.decode()
    assert "Péronne Secrète" not in body
    assert "secret@doingt.example" not in body  # contact without consent
    items = {item["nom"]: item for item in json.loads(client.get(JSON_URL).content)["items"]}
    assert items["Recyclerie du Santerre"]["courriel"] == "contact@recyclerie.example"


def test_invalid_parameters_still_export(client, world):
    response = client.get(CSV_URL, {"kind": "dragon", "page": "abc", "radius": "-3", "commune": "Atlantis"})
    assert response.status_code == 200
    assert len(csv_rows(response)) == 6


@pytest.mark.parametrize(
    ("url", "params", "pinned"),
    [
        (CSV_URL, {}, {"database": 5, "elasticsearch": 4}),
        (JSON_URL, {"q": "lot"}, {"database": 7, "elasticsearch": 4}),
    ],
)
def test_export_queries_do_not_grow_with_the_rows(
    client, world, django_assert_num_queries, settings, url, params, pinned
):
    """One search for the whole result set, not one per search page (``MAX_PER_PAGE`` rows): 1 or 251 rows
    cost the same queries — the index generation (the form's choices are kept under it), the search (on the
    database backend, with text: the vocabulary, the ranks; Elasticsearch answers over HTTP), the actors,
    their communes and themes."""
    queries = pinned["elasticsearch" if "elasticsearch" in settings.SEARCH_BACKEND else "database"]
    if "elasticsearch" not in settings.SEARCH_BACKEND and "q" in params and connection.vendor != "sqlite":
        queries -= 1  # PostgreSQL ranks in the ordered query; SQLite reads the ranks in a query of their own
    for n in range(250):
        add_actor(f"lot-{n:03d}", f"Lot {n:03d}", ActorKind.COMPANY, "80021", public=n < 1)
    search.rebuild()
    client.get(url)  # the first request of a site creates its settings row; not what is measured here
    with django_assert_num_queries(queries):
        few = client.get(url, params)
    Actor.objects.filter(slug__startswith="lot-").update(is_public=True)
    search.rebuild()
    client.get(url)  # the form's vocabularies are read once per index generation: not what is measured here
    with django_assert_num_queries(queries):
        many = client.get(url, params)
    assert int(many["X-Exported-Count"]) == int(few["X-Exported-Count"]) + 249
