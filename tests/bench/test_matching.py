"""The matching benchmark: its report on known data, and one tiny real run end to end."""

import json

import pytest

from bench import __main__ as runner
from bench import matching, registry
from bench.stats import Measurement
from tests.support.bench import bench_environment, options_for


def options(*argv):
    return options_for(matching, *argv)


def test_it_is_registered_and_sized_for_the_issue_by_default():
    assert registry.load("matching") is matching
    defaults = options()
    assert (defaults.actors, defaults.projects) == (10_000, 2_000)
    assert defaults.repeat >= 10


def _section(directory_p95: float, slot_p95: float) -> dict:
    def page(name, p95, errors=0):
        return Measurement(name, 10, errors, 1.0, 10.0, p95 / 2, p95, p95, f"/{name}/", {"200": 10 - errors})

    return {
        "benchmark": "matching",
        "started_at": "2026-01-02T03:04:05+00:00",
        "environment": bench_environment(),
        "parameters": {},
        "baseline": page("minimal", 2.0).as_dict(),
        "cases": [
            {**page("directory page", directory_p95).as_dict(), "ratio": {"rps": 1, "p50": 1, "p95": 1}},
            {**page("slot page", slot_p95).as_dict(), "ratio": {"rps": 1, "p50": 1, "p95": 1}},
        ],
        "ranking": {
            "slot": {"id": 7, "title": "Laboratoire", "project": "p", "scope": "region"},
            "structures": 10_000,
            "candidates": 9_000,
            "queries": 30,
            "engine": {"runs": 20, "p50_ms": 50.0, "p95_ms": 60.0},
            "brute_force": {"runs": 5, "p50_ms": 500.0, "p95_ms": 600.0},
            "ratio_p50": 0.1,
            "ratio_p95": 0.1,
            "top10_agreement": 0.9,
        },
        "against_directory_p95": {"slot page": slot_p95 / directory_p95},
    }


def test_the_ranking_is_printed_against_brute_force_and_the_slot_page_against_the_directory_page():
    document = {
        "sections": [_section(100.0, 250.0)],
        "skipped": {"elasticsearch": "ELASTICSEARCH_URL is not set"},
    }

    table = matching.format_table(document)

    assert "9000 candidates among 10000 structures, 30 queries" in table
    assert "engine = 0.10× (p50), 0.10× (p95) the brute force" in table
    assert "slot page p95 = 2.50× the directory page's p95 (within the 3× target)" in table
    assert "elasticsearch skipped: ELASTICSEARCH_URL is not set" in table
    assert "consortium builder" not in table  # a result from before the builder was measured still prints
    assert "ABOVE the 3× target" in matching.format_table({"sections": [_section(100.0, 400.0)]})


def test_the_consortium_builder_is_printed_against_brute_force():
    section = _section(100.0, 250.0)
    section["consortium"] = {
        "project": "p",
        "slots": 5,
        "proposed": 5,
        "candidates_per_slot": [8, 8, 8, 8, 8],
        "queries": 150,
        "builder": {"runs": 20, "p50_ms": 400.0, "p95_ms": 500.0},
        "brute_force": {"runs": 5, "p50_ms": 800.0, "p95_ms": 1000.0},
        "ratio_p50": 0.5,
        "ratio_p95": 0.5,
        "value_ratio": 1.0,
    }

    table = matching.format_table({"sections": [section]})

    assert "consortium builder, project p: 5 open slots, 5 proposed, 150 queries" in table
    assert (
        "builder = 0.50× (p50), 0.50× (p95) the brute force; proposal value 100% of the exhaustive" in table
    )


@pytest.fixture(scope="module")
def bench_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("bench-matching")


def test_a_tiny_run_ranks_a_slot_and_loads_the_slot_page_without_error(
    monkeypatch, bench_dir, tmp_path, capsys
):
    monkeypatch.setenv("ESSAIM_BENCH_DIR", str(bench_dir))
    argv = ["matching", "--actors", "40", "--projects", "8", "--requests", "6", "--concurrency", "2"]
    argv += ["--warmup", "2", "--rounds", "2", "--repeat", "2", "--baseline-repeat", "1"]
    argv += ["--backends", "database", "--results-dir", str(tmp_path)]

    assert runner.main(argv) == 0

    (written,) = tmp_path.glob("matching-*.json")
    (section,) = json.loads(written.read_text())["sections"]
    assert [case["name"] for case in section["cases"]] == ["directory page", "slot page"]
    for case in [section["baseline"], *section["cases"]]:
        assert (case["errors"], case["requests"]) == (0, 6)
    assert section["ranking"]["engine"]["p50_ms"] > 0
    assert section["ranking"]["brute_force"]["p50_ms"] > 0
    consortium = section["consortium"]
    assert consortium["builder"]["p50_ms"] > 0
    assert consortium["brute_force"]["p50_ms"] > 0
    assert consortium["slots"] >= 1
    assert 0 < consortium["value_ratio"] <= 1 + 1e-9  # the beam search never beats every combination
    assert "the directory page's p95" in capsys.readouterr().out
