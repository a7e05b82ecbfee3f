"""``python -m bench [BENCHMARK [options]]``: run one benchmark, or all of them with their defaults.

Prints each result as a table, writes it to bench/results/<name>-<UTC timestamp>.json, and exits non-zero
when any request failed or any benchmark could not run: figures measured over errors are not figures.
"""

import argparse
import sys
from pathlib import Path

from bench import registry, report


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Essaim's benchmarks, printed as ratios to a baseline measured in the same run. "
        "Without BENCHMARK, runs them all with their defaults.",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--results-dir", type=Path, default=report.RESULTS_DIR, help="where to write JSON")
    subparsers = parser.add_subparsers(dest="benchmark", metavar="BENCHMARK")
    per_benchmark = {}
    for name in registry.names():
        module = registry.load(name)
        sub = subparsers.add_parser(name, help=module.DESCRIPTION, description=module.DESCRIPTION)
        module.add_arguments(sub)
        # Also accepted after the benchmark's name, where `make bench BENCH_ARGS="http …"` users put it.
        sub.add_argument("--results-dir", type=Path, default=argparse.SUPPRESS, help="where to write JSON")
        per_benchmark[name] = sub
    return parser, per_benchmark


def main(argv: list[str] | None = None) -> int:
    parser, per_benchmark = build_parser()
    options = parser.parse_args(argv)
    if options.list:
        for name in registry.names():
            print(f"{name:<12} {registry.load(name).DESCRIPTION}")
        return 0

    if options.benchmark:
        selected = [(options.benchmark, options)]
    else:
        selected = [(name, per_benchmark[name].parse_args([])) for name in registry.names()]

    failures: list[str] = []
    for name, benchmark_options in selected:
        print(f"\n== {name}: {registry.load(name).DESCRIPTION}", flush=True)
        try:
            document = registry.load(name).run(benchmark_options)
        except Exception as exc:  # one broken benchmark must not hide the others' results
            failures.append(f"{name}: could not run: {exc}")
            print(f"FAILED: {exc}", file=sys.stderr)
            continue
        path = report.write(document, options.results_dir)
        # A benchmark whose result has another shape (e.g. one baseline per room size) prints it itself.
        module = registry.load(name)
        print(getattr(module, "format_table", report.format_table)(document))
        print(f"written to {path}")
        failures += getattr(module, "error_lines", report.error_lines)(document)

    if failures:
        banner = "!" * 78
        print(f"\n{banner}\nBENCHMARK RUN HAS ERRORS — these figures are not valid:", file=sys.stderr)
        for line in failures:
            print(f"  {line}", file=sys.stderr)
        print(banner, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
