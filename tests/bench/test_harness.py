"""The benchmark harness: figures on known data, the result shape, the runner's verdict, and one tiny real run."""

import importlib
import json
import os
import random
import statistics
import sys
from datetime import UTC, datetime
from types import SimpleNamespace

import pytest

from bench import __main__ as runner
from bench import registry, report, server
from bench.load import LoadSpec, run_load, split
from bench.stats import Measurement, is_error, percentile, ratios, summarise
from tests.support.bench import bench_environment


def measurement(name, rps, p50, p95, p99=None, errors=0, statuses=None):
    return Measurement(
        name=name,
        requests=100,
        errors=errors,
        wall_s=100 / rps,
        rps=rps,
        p50_ms=p50,
        p95_ms=p95,
        p99_ms=p99 if p99 is not None else p95,
        target=f"/{name}/",
        statuses=statuses or {"200": 100 - errors},
    )


# --- Figures --------------------------------------------------------------------------------------------


def test_percentile_interpolates_between_ranks_whatever_the_input_order():
    values = [50, 15, 40, 20, 35]
    assert percentile(values, 0) == 15
    assert percentile(values, 50) == 35
    assert percentile(values, 100) == 50
    assert percentile(values, 40) == pytest.approx(29)  # rank 1.6: 20 + 0.6 × (35 − 20)


def test_percentile_agrees_with_the_standard_library_on_random_data():
    rng = random.Random(7)
    values = [rng.expovariate(1 / 20) for _ in range(997)]
    expected = statistics.quantiles(values, n=100, method="inclusive")
    for q in range(1, 100):
        assert percentile(values, q) == pytest.approx(expected[q - 1])


def test_percentile_refuses_no_data_and_impossible_ranks():
    with pytest.raises(ValueError, match="no data"):
        percentile([], 50)
    with pytest.raises(ValueError, match="outside"):
        percentile([1.0], 101)


def test_summarise_counts_every_request_towards_throughput_and_latency():
    result = summarise("case", [float(ms) for ms in range(1, 101)], errors=3, wall_s=2.0, target="/x/")
    assert (result.requests, result.errors, result.target) == (100, 3, "/x/")
    assert result.rps == pytest.approx(50)
    assert result.p50_ms == pytest.approx(50.5)
    assert result.p95_ms == pytest.approx(95.05)
    assert result.p99_ms == pytest.approx(99.01)


def test_ratios_are_multiples_of_the_baseline():
    baseline = measurement("minimal", rps=200, p50=10, p95=20)
    page = measurement("page", rps=50, p50=32, p95=90)
    assert ratios(page, baseline) == pytest.approx({"rps": 0.25, "p50": 3.2, "p95": 4.5})
    assert ratios(baseline, baseline) == pytest.approx({"rps": 1, "p50": 1, "p95": 1})


@pytest.mark.parametrize(
    ("status", "failed"),
    [
        ("200", False),
        ("204", False),
        ("ok", False),
        ("301", True),
        ("404", True),
        ("503", True),
        ("ConnectError", True),
        ("ReadTimeout", True),
    ],
)
def test_only_2xx_and_ok_are_successes(status, failed):
    assert is_error(status) is failed


@pytest.mark.parametrize(
    ("total", "parts", "expected"), [(10, 5, [2, 2, 2, 2, 2]), (11, 3, [4, 4, 3]), (2, 2, [1, 1])]
)
def test_requests_are_split_evenly_over_rounds(total, parts, expected):
    assert split(total, parts) == expected


# --- Result shape and report ----------------------------------------------------------------------------


def document_with(cases, baseline=None):
    return report.build_document(
        "http",
        datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        bench_environment(search="db"),
        {"requests": 100, "concurrency": 10, "warmup": 10},
        baseline or measurement("minimal", rps=200, p50=10, p95=20),
        cases,
    )


def test_result_document_has_the_shared_shape_and_survives_a_round_trip(tmp_path):
    document = document_with([measurement("home", rps=62, p50=32, p95=80)])
    path = report.write(document, tmp_path)

    assert path == tmp_path / "http-20260102T030405Z.json"
    loaded = json.loads(path.read_text())
    assert loaded == document
    assert {"benchmark", "started_at", "environment", "baseline", "cases"} <= loaded.keys()
    assert loaded["started_at"] == "2026-01-02T03:04:05+00:00"
    figures = {"name", "rps", "p50_ms", "p95_ms", "p99_ms", "errors"}
    assert figures <= loaded["baseline"].keys()
    (case,) = loaded["cases"]
    assert figures | {"ratio"} <= case.keys()
    assert case["ratio"] == pytest.approx({"rps": 0.31, "p50": 3.2, "p95": 4.0})


def test_table_prints_each_case_as_ratios_to_the_baseline():
    table = report.format_table(document_with([measurement("home", rps=62, p50=32, p95=80)]))
    home = next(line for line in table.splitlines() if line.startswith("home"))
    assert home.split()[-3:] == ["0.31×", "3.20×", "4.00×"]
    assert next(line for line in table.splitlines() if line.startswith("minimal")).endswith("baseline")


def test_error_lines_name_each_failing_measurement_and_how_it_failed():
    failing = measurement("home", rps=60, p50=30, p95=80, errors=4, statuses={"200": 96, "500": 3, "404": 1})
    document = document_with([failing, measurement("healthz", rps=100, p50=12, p95=25)])
    (line,) = report.error_lines(document)
    assert "home (/home/): 4 of 100 requests failed (404×1, 500×3)" in line
    assert report.error_lines(document_with([measurement("healthz", rps=100, p50=12, p95=25)])) == []


def test_environment_describes_the_settings_the_server_runs(monkeypatch, tmp_path):
    monkeypatch.setenv("ESSAIM_BENCH_DIR", str(tmp_path))
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    described = report.environment("bench.settings", server="daphne")
    assert described["cpu_count"] == os.cpu_count()
    assert described["settings"]["module"] == "bench.settings"
    assert described["settings"]["debug"] is False
    assert described["settings"]["database"] == "sqlite3"


def test_importing_the_bench_settings_leaves_this_process_database_alone(monkeypatch, tmp_path):
    """The harness imports bench.settings inside the test suite; the test database must not move."""
    from django.conf import settings

    monkeypatch.setenv("ESSAIM_BENCH_DIR", str(tmp_path))
    bench_settings = importlib.import_module("bench.settings")
    assert bench_settings.DATABASES["default"]["NAME"].endswith("essaim-bench.sqlite3")
    # Whichever test imported bench.settings first, the test settings' database never became the bench's.
    assert not str(settings.DATABASES["default"]["NAME"]).endswith("essaim-bench.sqlite3")


# --- Runner ---------------------------------------------------------------------------------------------


def fake_benchmark(cases):
    return SimpleNamespace(
        DESCRIPTION="a fake", add_arguments=lambda parser: None, run=lambda options: document_with(cases)
    )


@pytest.mark.parametrize(("errors", "exit_code"), [(0, 0), (5, 1)])
def test_runner_writes_every_result_and_fails_a_run_with_errors(
    monkeypatch, tmp_path, capsys, errors, exit_code
):
    case = measurement("home", rps=60, p50=30, p95=80, errors=errors, statuses={"200": 95, "500": errors})
    monkeypatch.setattr(registry, "BENCHMARKS", {"fake": "unused"})
    monkeypatch.setattr(registry, "load", lambda name: fake_benchmark([case]))

    assert runner.main(["--results-dir", str(tmp_path)]) == exit_code

    (written,) = tmp_path.glob("http-*.json")
    assert json.loads(written.read_text())["cases"][0]["errors"] == errors
    captured = capsys.readouterr()
    assert "0.30×" in captured.out  # 60 req/s against the baseline's 200
    assert ("not valid" in captured.err) is bool(errors)


def test_runner_lists_the_registered_benchmarks(capsys):
    assert runner.main(["--list"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == registry.names()


# --- One tiny real run ----------------------------------------------------------------------------------


def test_a_real_server_under_a_tiny_load_answers_every_request_and_counts_failures(tmp_path):
    """daphne on the bench settings, loaded from another process; an empty database is enough for the
    minimal view, and every other page then fails, which is how errors are shown to be counted."""
    with server.daphne(env={"ESSAIM_BENCH_DIR": str(tmp_path)}) as daphne:
        pid = daphne.process.pid
        ok, failing = run_load(
            daphne.base_url,
            [("minimal view", "/bench/minimal/"), ("no such page", "/bench/minimal/missing")],
            LoadSpec(requests=50, concurrency=5, warmup=5, rounds=3),
        )

    assert daphne.process.poll() is not None, f"daphne {pid} still running after stop()"
    assert (ok.requests, ok.errors, ok.statuses) == (50, 0, {"200": 50})
    assert ok.rps > 0
    assert 0 < ok.p50_ms <= ok.p95_ms <= ok.p99_ms
    assert failing.requests == failing.errors == 50
    assert all(is_error(status) for status in failing.statuses)


def test_a_server_that_dies_or_never_listens_fails_loudly_and_is_stopped(tmp_path):
    env = {"ESSAIM_BENCH_DIR": str(tmp_path)}
    dies = server.ServerProcess(
        "dies", [sys.executable, "-c", "print('boom'); raise SystemExit(3)"], 1, env=env
    )
    with pytest.raises(server.ServerFailed, match=r"exited with 3:\nboom"):
        dies.start()

    port = server.free_port()
    silent = server.ServerProcess(
        "silent", [sys.executable, "-c", "import time; time.sleep(60)"], port, env=env, startup_timeout_s=1
    )
    with pytest.raises(
        server.ServerFailed, match=r"not ready after 1 s \(last probe: ConnectionRefusedError"
    ):
        silent.start()
    assert silent.process.poll() is not None  # stopped, not left running
