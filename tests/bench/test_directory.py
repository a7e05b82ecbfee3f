"""The directory benchmark: its options and report on known data, and one tiny real run end to end."""

import json

import pytest

from bench import __main__ as runner
from bench import directory_search, registry, report
from bench.stats import Measurement
from tests.support.bench import bench_environment, options_for


def options(*argv):
    return options_for(directory_search, *argv)


def test_it_is_registered_and_sized_for_the_issue_by_default():
    assert registry.load("directory") is directory_search
    parameters, _spec = directory_search.parse_options(options())
    assert (parameters["actors"], parameters["projects"]) == (10_000, 2_000)
    small, _ = directory_search.parse_options(options("--small"))
    assert (small["actors"], small["projects"]) == (300, 60)


def test_backends_default_to_those_configured(monkeypatch):
    monkeypatch.delenv("ELASTICSEARCH_URL", raising=False)
    assert directory_search.parse_options(options())[0]["backends"] == ["database"]
    monkeypatch.setenv("ELASTICSEARCH_URL", "http://127.0.0.1:9200")
    assert directory_search.parse_options(options())[0]["backends"] == ["database", "elasticsearch"]
    with pytest.raises(SystemExit, match="unknown solr"):
        directory_search.parse_options(options("--backends", "database,solr"))


def test_the_search_cases_ask_text_two_facets_and_a_distance():
    cases = dict(directory_search.CASES)
    for name in ("search", "directory search"):
        assert "q=insertion" in cases[name]
        assert "kind=association" in cases[name]
        assert "themes=retour-a-l-emploi" in cases[name]
    assert "km=25" in cases["search"]
    assert "radius=25" in cases["directory search"]
    assert "commune=Lille" in cases["directory search"]


def test_the_rebuild_is_reported_against_serialising_and_against_the_baseline():
    figures = directory_search.rebuild_figures(
        {"objects": 2000, "per_model": {}, "serialise_s": 2.0, "rebuild_s": 5.0}, baseline_rps=400
    )
    assert figures["ratio_to_serialise"] == pytest.approx(2.5)
    assert figures["seconds_per_1000"] == pytest.approx(2.5)
    # 2.5 ms per object, during which the server answers 400 × 0.0025 = 1 minimal request.
    assert figures["minimal_requests_per_object"] == pytest.approx(1.0)


def test_a_skipped_backend_is_named_with_its_reason():
    assert report.elasticsearch_problem("") == "ELASTICSEARCH_URL is not set"
    assert "not reachable" in report.elasticsearch_problem("http://127.0.0.1:9")
    page = Measurement(
        "minimal view", 10, 2, 1.0, 10.0, 5.0, 9.0, 9.5, "/bench/minimal/", {"200": 8, "500": 2}
    )
    section = {
        "benchmark": "directory",
        "started_at": "2026-01-02T03:04:05+00:00",
        "environment": bench_environment(),
        "parameters": {},
        "baseline": page.as_dict(),
        "cases": [],
        "search_matches": 3,
        "rebuild": directory_search.rebuild_figures(
            {"objects": 10, "per_model": {"ecosystem.actor": 10}, "serialise_s": 1.0, "rebuild_s": 2.0}, 10.0
        ),
    }
    document = {"sections": [section], "skipped": {"elasticsearch": "ELASTICSEARCH_URL is not set"}}
    table = directory_search.format_table(document)
    assert "2.00× serialising the same rows" in table
    assert "elasticsearch skipped: ELASTICSEARCH_URL is not set" in table
    (line,) = directory_search.error_lines(document)
    assert "2 of 10 requests failed (500×2)" in line
    assert line.endswith("[database]")


@pytest.fixture(scope="module")
def bench_dir(tmp_path_factory):
    """One bench directory for the tiny runs: the demo set is prepared once (about 30 s) and reused."""
    return tmp_path_factory.mktemp("bench")


def run_tiny(monkeypatch, bench_dir, tmp_path, capsys, backend):
    monkeypatch.setenv("ESSAIM_BENCH_DIR", str(bench_dir))
    argv = ["directory", "--actors", "25", "--projects", "6", "--requests", "8", "--concurrency", "2"]
    argv += ["--warmup", "2", "--rounds", "2", "--backends", backend, "--results-dir", str(tmp_path)]
    assert runner.main(argv) == 0
    (written,) = tmp_path.glob("directory-*.json")
    return json.loads(written.read_text()), capsys.readouterr().out


def check_tiny_run(document, out, backend):
    (section,) = document["sections"]
    assert section["environment"]["settings"]["search"] == backend
    assert [case["name"] for case in section["cases"]] == [name for name, _ in directory_search.CASES]
    for case in [section["baseline"], *section["cases"]]:
        assert (case["errors"], case["requests"]) == (0, 8)
    for case in section["cases"]:
        assert all(value > 0 for value in case["ratio"].values())
    rebuild = section["rebuild"]
    assert rebuild["objects"] == sum(rebuild["per_model"].values()) > 0
    assert rebuild["ratio_to_serialise"] > 0
    assert rebuild["minimal_requests_per_object"] > 0
    assert "index rebuild:" in out
    assert "× serialising the same rows" in out
    (row,) = [line for line in out.splitlines() if line.startswith("directory page")]
    assert row.endswith("×")  # printed as multiples of the minimal view


def test_a_tiny_run_measures_every_case_and_the_rebuild_on_the_database_backend(
    monkeypatch, bench_dir, tmp_path, capsys
):
    document, out = run_tiny(monkeypatch, bench_dir, tmp_path, capsys, "database")
    check_tiny_run(document, out, "database")


@pytest.mark.elasticsearch
def test_a_tiny_run_on_elasticsearch(monkeypatch, bench_dir, tmp_path, capsys, settings):
    monkeypatch.setenv("ELASTICSEARCH_URL", settings.ELASTICSEARCH_URL)
    document, out = run_tiny(monkeypatch, bench_dir, tmp_path, capsys, "elasticsearch")
    check_tiny_run(document, out, "elasticsearch")
