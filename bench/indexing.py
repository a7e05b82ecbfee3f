"""The cost of a full search-index rebuild, measured in a child process next to a baseline of its own.

``python -m bench.indexing`` (on the bench settings, with the search backend of its environment) times, in
one process and on the same rows:

* **serialise** — reading every indexable row with the spec's joins and prefetches and building its search
  document (``spec.document``), exactly as the rebuild does, but writing nothing;
* **rebuild** — ``manage.py search_index --rebuild`` (called in-process, so interpreter and Django start-up
  are not counted): the same reading and building, plus emptying and writing the index.

The serialisation is run once untimed first, so both timed passes find the database equally warm. The
ratio rebuild ÷ serialise is then what writing the index costs on top of reading the data it is made of,
whatever the machine. Prints one JSON object on stdout.
"""

import io
import json
import sys
from time import perf_counter


def serialise(specs) -> int:
    """Every indexable object turned into its document, in the rebuild's order and batches; the count."""
    import search

    count = 0
    for spec in specs:
        for obj in spec.indexable().order_by("pk").iterator(chunk_size=search.REBUILD_BATCH):
            spec.document(obj)
            count += 1
    return count


def measure() -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    import search

    specs = search.specs()
    search.get_backend().ping()
    serialise(specs)  # warm-up: the first pass pays for cold caches
    started = perf_counter()
    objects = serialise(specs)
    serialise_s = perf_counter() - started
    started = perf_counter()
    call_command("search_index", "--rebuild", stdout=io.StringIO(), stderr=io.StringIO())
    rebuild_s = perf_counter() - started
    return {
        "backend": settings.SEARCH_BACKEND,
        "objects": objects,
        "per_model": {spec.label: spec.indexable().count() for spec in specs},
        "serialise_s": serialise_s,
        "rebuild_s": rebuild_s,
    }


if __name__ == "__main__":
    json.dump(measure(), sys.stdout)
