"""The benchmarks ``python -m bench`` knows, by name, in the order ``python -m bench`` runs them.

Each is a module of ``bench/`` exposing:

- ``DESCRIPTION``: one line for ``--list`` and ``--help``;
- ``add_arguments(parser)``: its options, with defaults sized for ``make bench``;
- ``run(options) -> dict``: runs it and returns its result in ``bench.report``'s shape;
- optionally ``format_table(document)`` and ``error_lines(document)``, when its result has another shape
  (the real-time benchmarks have one baseline per room size or per target).

Modules are imported when used, and must stay cheap to import (no Django set-up at import time), because
the runner imports them all to build its command line.
"""

import importlib
from types import ModuleType

BENCHMARKS = {
    "http": "bench.pages",
    "directory": "bench.directory_search",
    "realtime": "bench.realtime",
    "connections": "bench.realtime_idle",
    "relevance": "bench.relevance",
    "matching": "bench.matching",
    "meetings": "bench.meetings",
}


def names() -> list[str]:
    return list(BENCHMARKS)


def load(name: str) -> ModuleType:
    return importlib.import_module(BENCHMARKS[name])
