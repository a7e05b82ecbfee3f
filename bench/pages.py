"""Benchmark ``http``: public pages under concurrent load, as multiples of a minimal Django view.

The baseline (``/bench/minimal/``, see bench/urls.py) and the pages are served by the same daphne process,
loaded by the same client with the same concurrency, in interleaved rounds of the same run: the ratio is
what the page costs beyond what any Django view costs on this machine.
"""

from dataclasses import dataclass

from bench import report, server
from bench.load import add_load_arguments, run_load, spec_from_options

NAME = "http"
DESCRIPTION = "home page and /healthz vs a minimal Django view, same daphne process, same load"


@dataclass(frozen=True)
class Case:
    name: str
    path: str


BASELINE = Case("minimal view", "/bench/minimal/")
CASES = [Case("home page", "/"), Case("healthz", "/healthz")]


def add_arguments(parser) -> None:
    # About 40 s on two cores, so `make bench` stays under two minutes with the other benchmarks; pass
    # --requests 2000 or more for tighter p99 figures.
    add_load_arguments(parser, requests=600, concurrency=10, warmup=60)


def run(options) -> dict:
    spec = spec_from_options(options)
    started_at = report.utc_now()
    server.prepare_database()
    with server.daphne() as daphne:
        baseline, *cases = run_load(
            daphne.base_url, [(case.name, case.path) for case in [BASELINE, *CASES]], spec
        )
    parameters = {
        "requests": spec.requests,
        "concurrency": spec.concurrency,
        "warmup": spec.warmup,
        "rounds": spec.rounds,
    }
    environment = report.environment(
        server.SETTINGS_MODULE, server=f"daphne {report.package_version('daphne')}"
    )
    return report.build_document(NAME, started_at, environment, parameters, baseline, cases)
