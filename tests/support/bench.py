"""What the benchmark tests share: a benchmark's parsed options, and the ``environment`` block of a result
(``bench.report.environment``) as the report tests need it."""

import argparse


def options_for(module, *argv: str) -> argparse.Namespace:
    """``argv`` parsed by the arguments ``module`` (a benchmark) declares."""
    parser = argparse.ArgumentParser()
    module.add_arguments(parser)
    return parser.parse_args(list(argv))


def bench_environment(search: str = "database") -> dict:
    """A plausible environment: two CPUs, the bench settings on SQLite, the given search backend."""
    return {
        "server": "daphne",
        "python": "3.11",
        "django": "5.2",
        "cpu_count": 2,
        "settings": {
            "module": "bench.settings",
            "database": "sqlite3",
            "channel_layer": "x",
            "search": search,
        },
    }
