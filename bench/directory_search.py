"""Benchmark ``directory``: search and the directory pages at 10,000 actors and 2,000 projects, per backend.

For each search backend available in the run — the database backend always, Elasticsearch when
``ELASTICSEARCH_URL`` answers — on the demo set generated at the chosen size (its own SQLite file under the
bench directory, kept between runs):

1. **Index rebuild** (``bench.indexing``, in a child process): ``search_index --rebuild`` timed against a
   baseline of its own, serialising the same rows into search documents without writing any index, in the
   same process. Printed as rebuild ÷ serialise, and as the server time of how many minimal-view requests
   one indexed object costs (seconds per object × the baseline's requests per second in this run).
2. **Pages under load**, one daphne process per backend, in interleaved rounds with the minimal view:
   ``search`` (``search.search`` alone through a bare view — text, two facets, within 25 km, facet counts),
   ``directory search`` (the directory page asking the same), ``directory page`` (``/annuaire/``, no
   filter: every facet counted over every actor), ``project list`` (``/projets/``) and ``project search``
   (text, a phase, a département served). Each as multiples of the minimal view's p50/p95 and req/s.

``--actors``/``--projects`` size the set (``--small`` for a quick check: 300 actors, 60 projects, a short
load). The result has one section per backend, each in ``bench.report``'s shape plus its ``rebuild``.
"""

import http.client
import json
import os
from urllib.parse import urlencode, urlsplit

from bench import report, server
from bench.load import LoadSpec, add_load_arguments, run_load, spec_from_options

NAME = "directory"
DESCRIPTION = (
    "actor search, directory page and project list at 10,000 actors / 2,000 projects, per search backend, "
    "vs a minimal view; full index rebuild vs serialising the same rows"
)
BACKENDS = ("database", "elasticsearch")

# The search every case asks: words found in about 40 % of the demo actors, a kind, a theme, and 25 km
# around Lille (coordinates of the committed Hauts-de-France file), so each filter narrows the last.
WORDS = "insertion"
FACETS = [("kind", "association"), ("themes", "retour-a-l-emploi")]
LILLE = {"code": "59350", "name": "Lille", "lat": 50.63391, "lon": 3.05512}
RADIUS_KM = 25

BASELINE = ("minimal view", "/bench/minimal/")
SEARCH_PATH = "/bench/search/?" + urlencode(
    [("q", WORDS), *FACETS, ("lat", LILLE["lat"]), ("lon", LILLE["lon"]), ("km", RADIUS_KM)]
)
CASES = [
    ("search", SEARCH_PATH),
    (
        "directory search",
        "/annuaire/?"
        + urlencode(
            [("q", WORDS), *FACETS, ("commune", f"{LILLE['name']} ({LILLE['code']})"), ("radius", RADIUS_KM)]
        ),
    ),
    ("directory page", "/annuaire/"),
    ("project list", "/projets/"),
    (
        "project search",
        "/projets/?" + urlencode([("q", WORDS), ("phase", "experimentation"), ("served_departement", "59")]),
    ),
]
SMALL = {"actors": 300, "projects": 60, "requests": 60, "concurrency": 2, "warmup": 6, "rounds": 2}


def add_arguments(parser) -> None:
    # At full size the pages take a few hundred ms each on SQLite: about 4 minutes per backend on two cores
    # once the demo set exists (generating it the first time takes about a minute more).
    add_load_arguments(parser, requests=200, concurrency=4, warmup=20)
    parser.add_argument("--actors", type=int, default=10_000, help="demo actors (default: 10000)")
    parser.add_argument("--projects", type=int, default=2_000, help="demo projects (default: 2000)")
    parser.add_argument(
        "--backends",
        default="",
        help="comma-separated among database,elasticsearch (default: database, and elasticsearch when "
        "ELASTICSEARCH_URL is set)",
    )
    parser.add_argument(
        "--small", action="store_true", help="a quick check: 300 actors, 60 projects, 60 requests per case"
    )


def parse_options(options) -> tuple[dict, LoadSpec]:
    if options.small:
        for key, value in SMALL.items():
            setattr(options, key, value)
    if options.actors < 1 or options.projects < 0:
        raise SystemExit("--actors must be at least 1 and --projects at least 0")
    backends = [b.strip() for b in options.backends.split(",") if b.strip()]
    if not backends:
        backends = ["database", "elasticsearch"] if os.environ.get("ELASTICSEARCH_URL") else ["database"]
    unknown = set(backends) - set(BACKENDS)
    if unknown:
        raise SystemExit(
            f"--backends: unknown {', '.join(sorted(unknown))}; choose among {', '.join(BACKENDS)}"
        )
    return {"actors": options.actors, "projects": options.projects, "backends": backends}, spec_from_options(
        options
    )


def backend_env(backend: str, data_env: dict[str, str], size: str) -> dict[str, str]:
    """The server's and the indexer's environment for ``backend`` (forced: the parent's may name another)."""
    env = {**data_env, "SEARCH_BACKEND": backend}
    if backend == "elasticsearch":
        env["ELASTICSEARCH_URL"] = os.environ.get("ELASTICSEARCH_URL", "")
        env["ELASTICSEARCH_INDEX_PREFIX"] = f"essaim-bench-{size}"
    return env


def prepare(parameters: dict) -> dict[str, str]:
    """The demo set at the chosen size, in its own database under the bench directory (kept between runs:
    the generator only adds what is missing); returns the environment pointing at it."""
    size = f"{parameters['actors']}x{parameters['projects']}"
    env = {"ESSAIM_BENCH_DIR": str(server.bench_dir() / f"directory-{size}")}
    print(f"preparing the demo set ({size}) in {env['ESSAIM_BENCH_DIR']} …", flush=True)
    for command in (
        ("migrate", "--no-input"),
        ("createcachetable",),
        ("load_reference_data",),
        ("generate_demo", "--actors", str(parameters["actors"]), "--projects", str(parameters["projects"])),
    ):
        server.manage(*command, env=env)
    return env


def measure_rebuild(env: dict[str, str]) -> dict:
    return report.child_json(
        "bench.indexing", cwd=server.PROJECT_DIR, env=server.bench_env(env), what="index rebuild failed"
    )


def fetch_json(base_url: str, path: str) -> dict:
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}")
    return json.loads(body)


def rebuild_figures(rebuild: dict, baseline_rps: float) -> dict:
    per_object_s = rebuild["rebuild_s"] / max(rebuild["objects"], 1)
    return {
        **rebuild,
        "ratio_to_serialise": rebuild["rebuild_s"] / rebuild["serialise_s"],
        "seconds_per_1000": per_object_s * 1000,
        "minimal_requests_per_object": per_object_s * baseline_rps,
    }


def run(options) -> dict:
    parameters, spec = parse_options(options)
    started_at = report.utc_now()
    data_env = prepare(parameters)
    size = f"{parameters['actors']}x{parameters['projects']}"
    parameters |= {
        "requests": spec.requests,
        "concurrency": spec.concurrency,
        "warmup": spec.warmup,
        "rounds": spec.rounds,
        "search": {"q": WORDS, "facets": dict(FACETS), "near": LILLE["name"], "km": RADIUS_KM},
    }
    sections, skipped = [], {}
    for backend in report.measurable_backends(parameters["backends"], skipped):
        env = backend_env(backend, data_env, size)
        print(f"{backend}: rebuilding the index …", flush=True)
        rebuild = measure_rebuild(env)
        print(f"{backend}: loading the pages …", flush=True)
        with server.daphne(env=env) as daphne:
            answer = fetch_json(daphne.base_url, SEARCH_PATH)
            baseline, *cases = run_load(daphne.base_url, [BASELINE, *CASES], spec, slowest_rps=1)
        environment = report.daphne_environment(server.SETTINGS_MODULE, backend)
        section = report.build_document(NAME, started_at, environment, parameters, baseline, cases)
        section["search_matches"] = answer["total"]
        section["rebuild"] = rebuild_figures(rebuild, baseline.rps)
        sections.append(section)
    return report.sections_document(NAME, started_at, parameters, sections, skipped)


def format_table(document: dict) -> str:
    """Per backend: the rebuild cost, then the pages as multiples of the minimal view (bench.report's table)."""
    blocks = []
    for section in document["sections"]:
        rebuild = section["rebuild"]
        per_model = ", ".join(
            f"{count} {label.split('.')[-1]}s" for label, count in rebuild["per_model"].items()
        )
        blocks.append(
            "\n".join(
                [
                    f"-- search backend: {report.section_backend(section)} "
                    f"({section['search_matches']} actors match the search)",
                    f"index rebuild: {rebuild['objects']} objects ({per_model}) in {rebuild['rebuild_s']:.2f} s"
                    f" = {rebuild['ratio_to_serialise']:.2f}× serialising the same rows without writing an index"
                    f" ({rebuild['serialise_s']:.2f} s)",
                    f"  {rebuild['seconds_per_1000']:.2f} s per 1,000 objects; one object costs the server time of"
                    f" {rebuild['minimal_requests_per_object']:.1f} minimal-view requests"
                    " (s per object × the baseline's req/s below)",
                    report.format_table(section),
                ]
            )
        )
    return "\n\n".join([*blocks, *report.skipped_lines(document)])


# Measured per backend: each section's errors, named with their backend.
error_lines = report.sections_error_lines
