"""Benchmark ``relevance``: precision@5 and MRR of the search over the judged query set, per backend.

The judged set is the relevance test's (``tests/search/relevance_data.py``: 28 structures written for it,
50 French queries with the structures a person expects first — accents, plurals, word starts, typos, place
names, several words). For each search backend available in the run — the database backend always (on the
bench's SQLite, or ``BENCH_DATABASE_URL``), Elasticsearch when ``ELASTICSEARCH_URL`` answers — a child
process (``python -m bench.relevance``, on the bench settings and a database of its own under the bench
directory, emptied first) loads the région and the structures, rebuilds the index and runs every query.

Printed per backend: precision@5 (the share of the first five results that is relevant, out of at most
five relevant ones), MRR (mean reciprocal rank of the first relevant result) and the queries whose first
result is not relevant. These are quality figures, not timings: there is no baseline to divide by.
"""

import json
import os
import shutil

from bench import report, server

NAME = "relevance"
DESCRIPTION = "search relevance over the judged query set: precision@5 and MRR per search backend"
BACKENDS = ("database", "elasticsearch")


def add_arguments(parser) -> None:
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))


def measure() -> dict:
    """In the child process: load the judged set into the (empty) bench database, index it, evaluate."""
    import django

    django.setup()
    from django.conf import settings

    import search
    from ecosystem.actions.territories import load_committed_region
    from tests.search import relevance_data

    load_committed_region()
    relevance_data.load_actors()
    search.rebuild()
    figures = relevance_data.evaluate()
    return {
        "backend": search.get_backend().name,
        "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "queries": len(relevance_data.QUERIES),
        "precision_at_5": figures.precision_at_5,
        "mrr": figures.mrr,
        "misses": figures.misses,
    }


def measure_backend(backend: str) -> dict:
    data_dir = server.bench_dir() / f"relevance-{backend}"
    shutil.rmtree(data_dir, ignore_errors=True)  # a fresh database: only the judged structures
    env = {"ESSAIM_BENCH_DIR": str(data_dir), "SEARCH_BACKEND": backend}
    if backend == "elasticsearch":
        env |= {
            "ELASTICSEARCH_URL": os.environ["ELASTICSEARCH_URL"],
            "ELASTICSEARCH_INDEX_PREFIX": "essaim-relevance",
        }
    server.manage("migrate", "--no-input", env=env)
    return report.child_json(
        "bench.relevance", cwd=server.PROJECT_DIR, env=server.bench_env(env), what=backend
    )


def run(options) -> dict:
    started_at = report.utc_now()
    sections, skipped = [], {}
    for backend in report.measurable_backends(options.backends, skipped):
        print(f"{backend}: loading the judged set and running its queries …", flush=True)
        sections.append(measure_backend(backend))
    return report.sections_document(NAME, started_at, {"backends": list(options.backends)}, sections, skipped)


def format_table(document: dict) -> str:
    lines = [f"{'backend':<16}{'database':<12}{'queries':>8}{'precision@5':>13}{'MRR':>8}"]
    for section in document["sections"]:
        lines.append(
            f"{section['backend']:<16}{section['database']:<12}{section['queries']:>8}"
            f"{section['precision_at_5']:>13.3f}{section['mrr']:>8.3f}"
        )
        for text, top in section["misses"]:
            lines.append(f"  first result not relevant for « {text} »: {', '.join(top) or 'nothing found'}")
    return "\n".join([*lines, *report.skipped_lines(document, "{backend}: skipped: {reason}")])


def error_lines(document: dict) -> list[str]:
    return []


if __name__ == "__main__":
    print(json.dumps(measure()))
