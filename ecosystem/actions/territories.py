"""Territory actions: loading the administrative geography of a région.

The only writer of :class:`~ecosystem.models.Territory`. Loading is idempotent, so the demo loader and the
``load_territories`` command can run at any time: rows are matched on ``(level, code)``, missing ones are
created, changed ones updated, and nothing is ever duplicated or deleted (a commune that disappears from the
data after a merger stays, since actors and projects may point at it).
"""

import gzip
import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

import search
from ecosystem.geography import DATA_DIR
from ecosystem.geography.names import normalise_name
from ecosystem.models import Territory

Level = Territory.Level

# Columns compared and written for every row; ``level`` and ``code`` identify it and never change.
SYNCED_FIELDS = (
    "name",
    "search_name",
    "parent_id",
    "departement_id",
    "population",
    "postal_codes",
    "latitude",
    "longitude",
    "coordinate_source",
)
BATCH_SIZE = 500


@dataclass
class LoadReport:
    """What one load did: per level, how many rows were ``created``, ``updated`` and left ``unchanged``."""

    region_code: str
    region_name: str
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def count(self, level: str, outcome: str) -> int:
        return self.counts[level][outcome]

    def total(self, outcome: str) -> int:
        """Rows of every level with that outcome (``created``, ``updated`` or ``unchanged``)."""
        return sum(counter[outcome] for counter in self.counts.values())

    def lines(self) -> list[str]:
        """One human-readable line per level, région first."""
        return [
            f"{Level(level).label:<12} {c['created']:5d} created, {c['updated']:5d} updated, "
            f"{c['unchanged']:5d} unchanged"
            for level in Level.values
            if (c := self.counts[level])
        ]


def committed_region_path(code: str) -> Path | None:
    """The committed data file of région *code* (``geography/data/<code>-*.json.gz``), or ``None``."""
    matches = sorted(DATA_DIR.glob(f"{code}-*.json.gz"))
    return matches[0] if matches else None


def read_region_file(path: Path) -> dict:
    """Decode a data file written by :func:`ecosystem.geography.writer.write_output`."""
    return json.loads(gzip.decompress(Path(path).read_bytes()).decode("utf-8"))


def load_committed_region(code: str = "32") -> LoadReport:
    """Load région *code* from its committed data file; ``FileNotFoundError`` when there is none."""
    path = committed_region_path(code)
    if path is None:
        raise FileNotFoundError(f"no committed data file for région {code} in {DATA_DIR}")
    return load_region(read_region_file(path))


@transaction.atomic
def load_region(data: Mapping) -> LoadReport:
    """Create or update the région, its départements, EPCIs and communes described by *data*.

    *data* has the structure documented in :mod:`ecosystem.geography.build` (the committed file, or
    ``build_region(code)``). Runs in one transaction with a fixed number of bulk queries per level, whatever
    the number of communes. An EPCI spanning a département outside the région (an interregional EPCI) is
    linked to its main département among those loaded; départements absent from the database are ignored.
    """
    region = data["region"]
    report = LoadReport(region_code=region["code"], region_name=region["name"])

    departements = data["departements"]
    region_row = {
        "code": region["code"],
        "name": region["name"],
        "population": sum(d.get("population") or 0 for d in departements) or None,
    }
    region_ids = _sync(Level.REGION, [region_row], report)

    departement_rows = [
        {
            "code": d["code"],
            "name": d["name"],
            "population": d.get("population"),
            "parent_id": region_ids[region["code"]],
        }
        for d in departements
    ]
    departement_ids = _sync(Level.DEPARTEMENT, departement_rows, report)

    # An EPCI's main département: the one holding most of its communes here (ties: lowest code).
    communes_per_departement: dict[str, Counter] = defaultdict(Counter)
    for commune in data["communes"]:
        if commune.get("epci"):
            communes_per_departement[commune["epci"]][commune["departement"]] += 1
    epci_rows = []
    for epci in data["epcis"]:
        known = [code for code in epci.get("departements", []) if code in departement_ids]
        counts = communes_per_departement[epci["code"]]
        main = min(known, key=lambda code: (-counts[code], code)) if known else None
        epci_rows.append(
            {
                "code": epci["code"],
                "name": epci["name"],
                "population": epci.get("population"),
                "parent_id": departement_ids.get(main),
            }
        )
    epci_ids = _sync(Level.EPCI, epci_rows, report)

    commune_rows = []
    for commune in data["communes"]:
        departement_id = departement_ids.get(commune["departement"])
        commune_rows.append(
            {
                "code": commune["insee"],
                "name": commune["name"],
                "population": commune.get("population"),
                "postal_codes": sorted(commune.get("postal_codes") or []),
                "latitude": commune.get("lat"),
                "longitude": commune.get("lon"),
                "coordinate_source": commune.get("coord_source") or "",
                "parent_id": epci_ids.get(commune.get("epci")) or departement_id,
                "departement_id": departement_id,
            }
        )
    _sync(Level.COMMUNE, commune_rows, report)
    search.changed()  # bulk writes send no signal: the search pages' vocabularies follow here
    return report


def _sync(level: str, rows: list[dict], report: LoadReport) -> dict[str, int]:
    """Make the *level* rows match *rows* (dicts with ``code`` and some :data:`SYNCED_FIELDS`).

    Returns ``{code: id}`` of those rows and adds the outcomes to *report*. Fields a row does not give take
    their empty value (no parent, no population…), so a changed source really changes the row.
    """
    defaults = {
        "parent_id": None,
        "departement_id": None,
        "population": None,
        "postal_codes": [],
        "latitude": None,
        "longitude": None,
        "coordinate_source": "",
    }
    wanted = {}
    for row in rows:
        values = defaults | row
        values["search_name"] = normalise_name(values["name"])
        wanted[values.pop("code")] = values

    existing = {t.code: t for t in Territory.objects.filter(level=level, code__in=list(wanted))}
    to_create, to_update = [], []
    for code, values in wanted.items():
        territory = existing.get(code)
        if territory is None:
            to_create.append(Territory(level=level, code=code, **values))
        elif any(getattr(territory, name) != values[name] for name in SYNCED_FIELDS):
            for name in SYNCED_FIELDS:
                setattr(territory, name, values[name])
            to_update.append(territory)
    if to_create:
        Territory.objects.bulk_create(to_create, batch_size=BATCH_SIZE)
    if to_update:
        Territory.objects.bulk_update(to_update, SYNCED_FIELDS, batch_size=BATCH_SIZE)

    counter = report.counts[level]
    counter["created"] += len(to_create)
    counter["updated"] += len(to_update)
    counter["unchanged"] += len(wanted) - len(to_create) - len(to_update)
    if not to_create:
        return {code: territory.id for code, territory in existing.items()}
    # Re-read the ids rather than rely on bulk_create returning them on every backend.
    return dict(Territory.objects.filter(level=level, code__in=list(wanted)).values_list("code", "id"))
