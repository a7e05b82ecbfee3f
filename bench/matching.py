"""Benchmark ``matching``: one slot's suggestions among 10,000 structures, and the slot page, per backend.

On the directory benchmark's demo set (10,000 actors, 2,000 projects; the same database under the bench
directory, generated once and kept), for each search backend available — the database backend always,
Elasticsearch when ``ELASTICSEARCH_URL`` answers (``--backends`` picks):

1. **Ranking** (``bench.matching_ranking``, in a child process): ``suggest_for_slot`` for the demo slot with
   the most candidates, p50/p95 over ``--repeat`` runs, against the brute-force baseline measured in the
   same process (every structure loaded as an object and scored in plain Python), printed as a ratio.
2. **Pages under load**, one daphne process, in interleaved rounds with the minimal view: the directory page
   (``/annuaire/``) and the slot page with its suggestions (as the bench's staff account); the slot page's
   p95 is printed against the directory page's p95 of the same run (the issue's target: at most 3×).

3. **Consortium builder** (``bench.matching_consortium``, in a child process): ``build_consortium`` for that
   slot's project with :data:`CONSORTIUM_SLOTS` open slots (copies of other demo slots, rolled back), p50/p95,
   against the exhaustive search over the same candidates, printed as a ratio.

``--small`` is a quick check (300 actors, 60 projects, short load).
"""

from bench import directory_search, report, server
from bench.load import add_load_arguments, run_load

NAME = "matching"
DESCRIPTION = (
    "one slot's partner suggestions among 10,000 structures vs brute force, and the slot page vs the "
    "directory page, per search backend"
)
BASELINE = ("minimal view", "/bench/minimal/")
DIRECTORY_PAGE = ("directory page", "/annuaire/")
# (name, path template) — the template receives the measured slot's project slug and id.
PAGE_CASES = [("slot page", "/bench/places/{project}/{slot}/")]
TARGET_RATIO = 3.0
CONSORTIUM_SLOTS = 5
# --small: the directory benchmark's quick set and load (its SMALL), and fewer timed rankings.
SMALL = {"repeat": 5, "baseline_repeat": 2}


def add_arguments(parser) -> None:
    add_load_arguments(parser, requests=100, concurrency=2, warmup=10)
    parser.add_argument("--actors", type=int, default=10_000, help="demo actors (default: 10000)")
    parser.add_argument("--projects", type=int, default=2_000, help="demo projects (default: 2000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed rankings (default: 20)")
    parser.add_argument(
        "--baseline-repeat", type=int, default=5, help="timed brute-force rankings (default: 5)"
    )
    parser.add_argument(
        "--backends",
        default="",
        help="comma-separated among database,elasticsearch (default: database, and elasticsearch when "
        "ELASTICSEARCH_URL is set)",
    )
    parser.add_argument("--small", action="store_true", help="a quick check: 300 actors, 60 projects")


def measure_ranking(env: dict[str, str], repeat: int, baseline_repeat: int) -> dict:
    """``suggest_for_slot`` for the demo slot with the most candidates (``bench.matching_ranking``)."""
    arguments = {"repeat": repeat, "baseline_repeat": baseline_repeat}
    return _measure("bench.matching_ranking", env, "ranking failed", "engine", arguments)


def measure_consortium(env: dict[str, str], repeat: int, baseline_repeat: int) -> dict:
    """The consortium builder for a project with :data:`CONSORTIUM_SLOTS` open slots (``bench.matching_consortium``)."""
    arguments = {"repeat": repeat, "baseline_repeat": baseline_repeat, "slots": CONSORTIUM_SLOTS}
    return _measure("bench.matching_consortium", env, "consortium builder failed", "builder", arguments)


def _measure(module: str, env: dict[str, str], what: str, measured: str, arguments: dict) -> dict:
    """Run ``module`` in a child process with ``--name value`` arguments; its figures, with ``ratio_p50`` and
    ``ratio_p95``: the ``measured`` timings over the brute force's."""
    argv = [part for name, value in arguments.items() for part in (f"--{name.replace('_', '-')}", str(value))]
    figures = report.child_json(module, *argv, cwd=server.PROJECT_DIR, env=server.bench_env(env), what=what)
    for q in ("p50", "p95"):
        figures[f"ratio_{q}"] = figures[measured][f"{q}_ms"] / figures["brute_force"][f"{q}_ms"]
    return figures


def run(options) -> dict:
    if options.small:
        for key, value in SMALL.items():
            setattr(options, key, value)
    if min(options.repeat, options.baseline_repeat) < 1:
        raise SystemExit("--repeat and --baseline-repeat must be at least 1")
    parameters, spec = directory_search.parse_options(options)
    started_at = report.utc_now()
    data_env = directory_search.prepare(parameters)
    size = f"{parameters['actors']}x{parameters['projects']}"
    parameters |= {
        "requests": spec.requests,
        "concurrency": spec.concurrency,
        "warmup": spec.warmup,
        "rounds": spec.rounds,
        "repeat": options.repeat,
        "baseline_repeat": options.baseline_repeat,
    }
    sections, skipped = [], {}
    for backend in report.measurable_backends(parameters["backends"], skipped):
        env = directory_search.backend_env(backend, data_env, size)
        print(f"{backend}: rebuilding the index …", flush=True)
        server.manage("search_index", "--rebuild", env=env)
        print(f"{backend}: ranking one slot …", flush=True)
        ranking = measure_ranking(env, options.repeat, options.baseline_repeat)
        print(f"{backend}: building a consortium for {CONSORTIUM_SLOTS} open slots …", flush=True)
        consortium = measure_consortium(env, options.repeat, options.baseline_repeat)
        values = {"project": ranking["slot"]["project"], "slot": ranking["slot"]["id"]}
        cases = [DIRECTORY_PAGE, *((name, path.format(**values)) for name, path in PAGE_CASES)]
        print(f"{backend}: loading the pages …", flush=True)
        with server.daphne(env=env) as daphne:
            baseline, *measured = run_load(daphne.base_url, [BASELINE, *cases], spec, slowest_rps=1)
        environment = report.daphne_environment(server.SETTINGS_MODULE, backend)
        section = report.build_document(NAME, started_at, environment, parameters, baseline, measured)
        directory, *pages = measured
        section["ranking"] = ranking
        section["consortium"] = consortium
        section["against_directory_p95"] = {page.name: page.p95_ms / directory.p95_ms for page in pages}
        sections.append(section)
    return report.sections_document(NAME, started_at, parameters, sections, skipped)


def format_table(document: dict) -> str:
    blocks = []
    for section in document["sections"]:
        ranking = section["ranking"]
        engine, brute = ranking["engine"], ranking["brute_force"]
        slot = ranking["slot"]
        lines = [
            f"-- search backend: {report.section_backend(section)}",
            f"ranking slot {slot['id']} « {slot['title']} » ({slot['scope']}): {ranking['candidates']} candidates"
            f" among {ranking['structures']} structures, {ranking['queries']} queries",
            f"  engine      p50 {engine['p50_ms']:9.1f} ms  p95 {engine['p95_ms']:9.1f} ms ({engine['runs']} runs)",
            f"  brute force p50 {brute['p50_ms']:9.1f} ms  p95 {brute['p95_ms']:9.1f} ms ({brute['runs']} runs)",
            f"  engine = {ranking['ratio_p50']:.2f}× (p50), {ranking['ratio_p95']:.2f}× (p95) the brute force;"
            f" top ten shared: {ranking['top10_agreement']:.0%}",
        ]
        if consortium := section.get("consortium"):
            builder, brute = consortium["builder"], consortium["brute_force"]
            lines += [
                f"consortium builder, project {consortium['project']}: {consortium['slots']} open slots, "
                f"{consortium['proposed']} proposed, {consortium['queries']} queries",
                f"  builder     p50 {builder['p50_ms']:9.1f} ms  p95 {builder['p95_ms']:9.1f} ms ({builder['runs']} runs)",
                f"  brute force p50 {brute['p50_ms']:9.1f} ms  p95 {brute['p95_ms']:9.1f} ms ({brute['runs']} runs)",
                f"  builder = {consortium['ratio_p50']:.2f}× (p50), {consortium['ratio_p95']:.2f}× (p95) the brute"
                f" force; proposal value {consortium['value_ratio']:.0%} of the exhaustive optimum",
            ]
        lines.append(report.format_table(section))
        for name, ratio in section["against_directory_p95"].items():
            verdict = "within" if ratio <= TARGET_RATIO else "ABOVE"
            lines.append(
                f"{name} p95 = {ratio:.2f}× the directory page's p95 ({verdict} the {TARGET_RATIO:g}× target)"
            )
        blocks.append("\n".join(lines))
    return "\n\n".join([*blocks, *report.skipped_lines(document)])


# Measured per backend: each section's errors, named with their backend.
error_lines = report.sections_error_lines
