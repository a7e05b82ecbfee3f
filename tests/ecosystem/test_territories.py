"""Territories: loading the committed Hauts-de-France file, idempotence, and finding a commune."""

import copy
import io

import pytest
from django.core.management import call_command

from ecosystem.actions.territories import (
    committed_region_path,
    load_committed_region,
    load_region,
    read_region_file,
)
from ecosystem.models import Actor, Territory
from ecosystem.territories import commune_chain, containing, find_communes, within_q
from tests.factories import ActorFactory

Level = Territory.Level

pytestmark = pytest.mark.django_db


@pytest.fixture
def region_data():
    return read_region_file(committed_region_path("32"))


@pytest.fixture
def loaded(region_data):
    return load_region(copy.deepcopy(region_data))


def get(level, code):
    return Territory.objects.get(level=level, code=code)


def test_committed_file_loads_every_level(loaded):
    expected = {Level.REGION: 1, Level.DEPARTEMENT: 5, Level.EPCI: 92, Level.COMMUNE: 3782}
    for level, count in expected.items():
        assert Territory.objects.filter(level=level).count() == count
        assert loaded.count(level, "created") == count
    assert loaded.total("updated") == loaded.total("unchanged") == 0


def test_load_is_made_of_bulk_queries(region_data, django_assert_max_num_queries):
    # ~3,900 rows: a per-row insert would issue thousands of queries (SQLite caps a batch at 999 parameters).
    with django_assert_max_num_queries(100):
        load_region(region_data)


def test_hierarchy_links_communes_epcis_departements_and_region(loaded):
    amiens = get(Level.COMMUNE, "80021")
    assert amiens.name == "Amiens"
    assert amiens.parent.level == Level.EPCI
    assert amiens.parent.name == "CA Amiens Métropole"
    assert amiens.departement == get(Level.DEPARTEMENT, "80")
    assert amiens.departement.name == "Somme"
    assert amiens.parent.parent == amiens.departement
    assert amiens.departement.parent == get(Level.REGION, "32")
    assert get(Level.REGION, "32").parent is None
    assert amiens.population == 136449
    assert amiens.postal_codes == ["80000", "80080", "80090"]
    assert amiens.coordinate_source == Territory.CoordinateSource.GEONAMES
    assert amiens.latitude == pytest.approx(49.9)
    assert amiens.longitude == pytest.approx(2.3)
    assert str(get(Level.COMMUNE, "80620")) == "Péronne (80)"
    # Every commune has its département, and none is left without a parent.
    communes = Territory.objects.filter(level=Level.COMMUNE)
    assert not communes.filter(departement=None).exists()
    assert not communes.filter(parent=None).exists()
    assert not Territory.objects.filter(level=Level.EPCI, parent=None).exists()


def test_interregional_epci_links_to_a_departement_of_the_region(loaded):
    # CC des Villes Sœurs spans Seine-Maritime (76, not loaded) and the Somme.
    villes_soeurs = get(Level.EPCI, "247600588")
    assert villes_soeurs.parent == get(Level.DEPARTEMENT, "80")
    assert not Territory.objects.filter(code="76").exists()


def test_second_load_changes_nothing(loaded, region_data):
    before = dict(Territory.objects.values_list("id", "search_name"))
    report = load_region(region_data)
    assert report.total("created") == report.total("updated") == 0
    assert report.count(Level.COMMUNE, "unchanged") == 3782
    assert report.total("unchanged") == 3880
    assert dict(Territory.objects.values_list("id", "search_name")) == before


def test_changed_data_updates_rows_without_duplicating(loaded, region_data):
    peronne_id = get(Level.COMMUNE, "80620").id
    for commune in region_data["communes"]:
        if commune["insee"] == "80620":
            commune["population"] = 7500
            commune["postal_codes"] = ["80200", "80201"]
    report = load_region(region_data)
    assert report.count(Level.COMMUNE, "updated") == 1
    assert report.count(Level.COMMUNE, "unchanged") == 3781
    assert report.count(Level.COMMUNE, "created") == 0
    peronne = get(Level.COMMUNE, "80620")
    assert peronne.id == peronne_id
    assert peronne.population == 7500
    assert peronne.postal_codes == ["80200", "80201"]
    assert Territory.objects.filter(level=Level.COMMUNE).count() == 3782


def test_renamed_commune_is_found_by_its_new_name(loaded, region_data):
    for commune in region_data["communes"]:
        if commune["insee"] == "80620":
            commune["name"] = "Péronne-sur-Somme"
    load_region(region_data)
    assert [c.code for c in find_communes("peronne sur", limit=3)] == ["80620"]


def test_load_committed_region_reads_the_file_and_rejects_unknown_codes(db):
    assert load_committed_region("32").count(Level.COMMUNE, "created") == 3782
    with pytest.raises(FileNotFoundError):
        load_committed_region("99")


@pytest.mark.parametrize("text", ["peronne", "PÉRONNE", "Péronne", "  péRonne ", "80200"])
def test_find_communes_by_name_regardless_of_accents_and_case_or_by_postal_code(loaded, text):
    found = find_communes(text)
    assert found[0].code == "80620"
    assert found[0].name == "Péronne"


def test_find_communes_by_name_prefix(loaded):
    found = find_communes("saint-quen")
    assert found[0].name == "Saint-Quentin"  # the most populous of the names starting so
    expected = {
        c.code
        for c in Territory.objects.filter(level=Level.COMMUNE)
        if c.search_name.startswith("saint quen") or " saint quen" in c.search_name
    }
    assert {c.code for c in found} == expected
    assert len(expected) > 5
    # Names starting with the text come before names with a word starting so (Écourt-Saint-Quentin).
    starts = [c.search_name.startswith("saint quen") for c in found]
    assert starts == sorted(starts, reverse=True)
    assert all(c.search_name.startswith("saint quen") or " saint quen" in c.search_name for c in found)
    abbreviated = find_communes("St Quentin")
    assert abbreviated[0].name == "Saint-Quentin"


def test_find_communes_by_postal_code(loaded):
    found = find_communes("80200", limit=50)
    names = [c.name for c in found]
    assert "Péronne" in names
    # A postal code first: the communes it serves, most populous first; Cocquerel (INSEE 80200) comes last.
    assert found[0].name == "Péronne"
    assert found[-1].code == "80200"
    assert all("80200" in c.postal_codes for c in found[:-1])
    assert len(found) == 1 + sum(
        1 for c in Territory.objects.filter(level=Level.COMMUNE) if "80200" in c.postal_codes
    )


def test_find_communes_puts_exact_match_first_then_population(loaded):
    assert [c.name for c in find_communes("amiens")] == ["Amiens", "Dreuil-lès-Amiens"]
    found = find_communes("saint", limit=20)
    populations = [c.population or 0 for c in found]
    assert populations == sorted(populations, reverse=True)
    # A word inside the name matches too, after the names starting with the text.
    quentin = [c.name for c in find_communes("quentin")]
    assert quentin[0] == "Saint-Quentin"
    assert "Écourt-Saint-Quentin" in quentin


def test_find_communes_limits_and_ignores_blank_text(loaded):
    assert len(find_communes("a", limit=3)) == 3
    assert find_communes("") == []
    assert find_communes("  - ") == []
    assert find_communes("zzzz") == []


@pytest.mark.parametrize("text", ["saint", "80200", "p", "Amiens"])
def test_find_communes_takes_one_query(loaded, text, django_assert_max_num_queries):
    with django_assert_max_num_queries(1):
        found = find_communes(text, limit=25)
        rendered = [(str(c), c.departement.name, c.parent.name) for c in found]
    assert rendered


def test_load_territories_command_reports_counts(db):
    out = io.StringIO()
    call_command("load_territories", stdout=out)
    assert "3782 created" in out.getvalue()
    out = io.StringIO()
    call_command("load_territories", "--region", "32", stdout=out)
    assert "3782 unchanged" in out.getvalue()
    assert Territory.objects.count() == 3880


def test_demo_loader_loads_territories_idempotently(demo_site):
    assert Territory.objects.count() == 3880
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "0 created, 0 updated, 3880 unchanged" in out.getvalue()


@pytest.fixture
def staff_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser(email="staff@example.org", password="x")
    client.force_login(admin)
    return client


def test_admin_lists_searches_and_filters_territories_read_only(loaded, staff_client):
    response = staff_client.get("/admin/territories/", {"q": "peronne", "level": "commune"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Péronne-en-Mélantois" in content
    assert "Amiens" not in content
    by_code = staff_client.get("/admin/territories/", {"q": "80", "level": "departement"})
    assert "Somme" in by_code.content.decode()
    assert "Aisne" not in by_code.content.decode()
    assert "Abbeville" not in by_code.content.decode()  # commune 80001: filtered out by level
    unfiltered = staff_client.get("/admin/territories/", {"q": "80"})
    assert "Abbeville" in unfiltered.content.decode()
    peronne = get(Level.COMMUNE, "80620")
    assert staff_client.get(f"/admin/territories/inspect/{peronne.pk}/").status_code == 200
    # Territories are written only by the loader: even a superuser cannot add, edit or delete one.
    assert staff_client.get("/admin/territories/new/").status_code in {302, 403}
    assert staff_client.get(f"/admin/territories/edit/{peronne.pk}/").status_code in {302, 403}
    assert staff_client.post(f"/admin/territories/delete/{peronne.pk}/").status_code in {302, 403}
    assert Territory.objects.filter(pk=peronne.pk, name="Péronne").exists()


# --- containment (partner matching's scopes) -----------------------------------------------------------------


def test_the_territory_of_a_level_containing_a_place(matching_place):
    amiens, abbeville = matching_place["80021"], matching_place["80001"]
    somme, epci = matching_place["Somme"], matching_place["CA Amiens Métropole"]
    region = matching_place["Hauts-de-France"]

    assert containing(amiens, "commune") == amiens
    assert containing(amiens, "epci") == epci
    assert containing(abbeville, "epci") is None  # no intercommunality in this slice
    assert containing(amiens, "departement") == somme
    assert containing(amiens, "region") == region
    assert containing(epci, "departement") == somme
    assert containing(somme, "commune") == somme  # wider than asked: itself
    assert commune_chain(amiens) == {amiens.pk, epci.pk, somme.pk, region.pk}
    assert commune_chain(None) == frozenset()
    structures = {code: ActorFactory(commune=matching_place[code]) for code in ("80021", "80001", "60057")}
    in_epci = Actor.objects.filter(within_q("commune", [epci.pk]))
    in_somme = Actor.objects.filter(within_q("commune", [somme.pk]))
    assert set(in_epci) == {structures["80021"]}
    assert set(in_somme) == {structures["80021"], structures["80001"]}
    assert set(Actor.objects.filter(within_q("commune", [region.pk]))) == set(structures.values())
