"""One JSON shape for every benchmark's result, the table printed from it, and where it is written.

Shape: ``{"benchmark", "started_at", "environment", "parameters", "baseline", "cases"}``; ``baseline`` and
each case carry ``name, target, requests, errors, wall_s, rps, p50_ms, p95_ms, p99_ms, statuses``, and each
case adds ``ratio: {"rps", "p50", "p95"}`` against the baseline. Later readers (a CI trend, a comparison
between two machines) only need this shape, never the benchmark's code.

A benchmark measured per search backend (directory, matching, relevance) wraps one such document per backend:
``{"benchmark", "started_at", "environment", "parameters", "sections", "skipped"}``
(:func:`sections_document`), ``skipped`` saying why a backend was not measured.
"""

import http.client
import importlib
import json
import os
import platform
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from bench.stats import Measurement, failures, ratios

RESULTS_DIR = Path(__file__).resolve().parent / "results"


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def package_version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "absent"


def environment(settings_module: str, server: str) -> dict:
    """What a reader needs to judge the figures: versions, CPUs, and which services the server used.

    The settings module is imported (not set up) here to read the same values the server process reads
    from the same environment.
    """
    settings = importlib.import_module(settings_module)
    database = settings.DATABASES["default"]
    return {
        "python": platform.python_version(),
        "implementation": sys.implementation.name,
        "platform": platform.platform(),
        "django": package_version("django"),
        "wagtail": package_version("wagtail"),
        "cpu_count": os.cpu_count(),
        "server": server,
        "settings": {
            "module": settings_module,
            "debug": settings.DEBUG,
            "database": database["ENGINE"].rsplit(".", 1)[-1],
            "cache": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
            "channel_layer": settings.CHANNEL_LAYERS["default"]["BACKEND"].rsplit(".", 1)[-1],
            "search": settings.SEARCH_BACKEND,
        },
    }


def build_document(
    benchmark: str,
    started_at: datetime,
    environment: dict,
    parameters: dict,
    baseline: Measurement,
    cases: list[Measurement],
) -> dict:
    return {
        "benchmark": benchmark,
        "started_at": started_at.isoformat(),
        "environment": environment,
        "parameters": parameters,
        "baseline": baseline.as_dict(),
        "cases": [{**case.as_dict(), "ratio": ratios(case, baseline)} for case in cases],
    }


def error_lines(document: dict) -> list[str]:
    """One line per measurement that had errors, naming how its requests ended; empty when all is well."""
    lines = []
    for entry in [document["baseline"], *document["cases"]]:
        if entry["errors"]:
            failed = failures(entry["statuses"])
            lines.append(
                f"{document['benchmark']}: {entry['name']} ({entry['target']}): "
                f"{entry['errors']} of {entry['requests']} requests failed ({failed})"
            )
    return lines


def write(document: dict, results_dir: Path = RESULTS_DIR) -> Path:
    """``<results_dir>/<benchmark>-<UTC timestamp>.json``; the timestamp is the run's start."""
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.fromisoformat(document["started_at"]).strftime("%Y%m%dT%H%M%SZ")
    path = results_dir / f"{document['benchmark']}-{stamp}.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    return path


def format_table(document: dict) -> str:
    """The figures, then the same figures as multiples of the baseline (× baseline)."""
    header = (
        f"{'case':<16} {'target':<18} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
        f"  {'req/s ×':>8} {'p50 ×':>7} {'p95 ×':>7}"
    )

    def row(entry: dict, ratio: dict | None) -> str:
        figures = (
            f"{entry['name']:<16.16} {entry['target']:<18.18} {entry['rps']:>8.1f} {entry['p50_ms']:>8.2f} {entry['p95_ms']:>8.2f}"
            f" {entry['p99_ms']:>8.2f} {entry['errors']:>7}"
        )
        if ratio is None:
            return f"{figures}  {'baseline':>8}"
        return f"{figures}  {ratio['rps']:>7.2f}× {ratio['p50']:>6.2f}× {ratio['p95']:>6.2f}×"

    environment = document["environment"]
    settings = environment["settings"]
    parameters = ", ".join(f"{key} {value}" for key, value in document["parameters"].items())
    lines = [
        f"{document['benchmark']} — {document['started_at']} — {environment['server']}, "
        f"{settings['module']} ({settings['database']}, {settings['channel_layer']}, search "
        f"{settings['search']}), Python {environment['python']}, Django {environment['django']}, "
        f"{environment['cpu_count']} CPUs",
        parameters,
        header,
        "-" * len(header),
        row(document["baseline"], None),
        *(row(case, case["ratio"]) for case in document["cases"]),
    ]
    return "\n".join(lines)


# --- benchmarks measured per search backend ----------------------------------------------------------------


def elasticsearch_problem(url: str) -> str | None:
    """Why the Elasticsearch at ``url`` cannot be benchmarked, or None (http.client: no proxy from the env)."""
    if not url:
        return "ELASTICSEARCH_URL is not set"
    parts = urlsplit(url)
    try:
        connection = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port or 9200, timeout=5)
        try:
            connection.request("GET", "/")
            status = connection.getresponse().status
        finally:
            connection.close()
    except OSError as exc:
        return f"Elasticsearch not reachable at {url}: {exc}"
    return None if status == 200 else f"Elasticsearch at {url} answered {status}"


def daphne_environment(settings_module: str, backend: str) -> dict:
    """:func:`environment` of a daphne server run on search ``backend`` (forced on it, whatever the settings say)."""
    measured = environment(settings_module, server=f"daphne {package_version('daphne')}")
    measured["settings"]["search"] = backend
    return measured


def measurable_backends(backends, skipped: dict[str, str]) -> Iterator[str]:
    """The search backends of ``backends`` that can be measured now; why the others cannot goes to ``skipped``."""
    for backend in backends:
        if backend == "elasticsearch" and (
            problem := elasticsearch_problem(os.environ.get("ELASTICSEARCH_URL", ""))
        ):
            skipped[backend] = problem
            print(f"skipping {backend}: {problem}", flush=True)
            continue
        yield backend


def child_json(module: str, *arguments: str, cwd: Path, env: dict[str, str], what: str) -> dict:
    """Run ``python -m <module> <arguments>`` (a measurement in a process of its own) and read the JSON it
    prints; a failure raises with the end of its output, named ``what``."""
    completed = subprocess.run(
        [sys.executable, "-m", module, *arguments],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{what}:\n{(completed.stdout + completed.stderr).strip()[-3000:]}")
    return json.loads(completed.stdout)


def sections_document(
    benchmark: str, started_at: datetime, parameters: dict, sections: list[dict], skipped: dict[str, str]
) -> dict:
    """The result of a benchmark measured per backend; raises when no backend could be measured."""
    if not sections:
        raise RuntimeError(f"no search backend could be measured: {skipped}")
    document = {"benchmark": benchmark, "started_at": started_at.isoformat()}
    if "environment" in sections[0]:
        document["environment"] = sections[0]["environment"]
    return document | {"parameters": parameters, "sections": sections, "skipped": skipped}


def section_backend(section: dict) -> str:
    return section["environment"]["settings"]["search"]


def sections_error_lines(document: dict) -> list[str]:
    """:func:`error_lines` of every section, each naming its backend."""
    return [
        f"{line} [{section_backend(section)}]"
        for section in document["sections"]
        for line in error_lines(section)
    ]


def skipped_lines(
    document: dict, template: str = "-- search backend: {backend} skipped: {reason}"
) -> list[str]:
    return [template.format(backend=b, reason=r) for b, r in document.get("skipped", {}).items()]
