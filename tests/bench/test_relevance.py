"""The relevance benchmark: registered, and one real run on the database backend printing its figures."""

import json

import pytest

from bench import __main__ as runner
from bench import registry, relevance
from tests.search import relevance_data


def test_it_is_registered():
    assert registry.load("relevance") is relevance


def test_the_table_prints_precision_and_mrr_per_backend_and_names_the_misses():
    document = {
        "sections": [
            {"backend": "database", "database": "sqlite3", "queries": 50, "precision_at_5": 0.9, "mrr": 0.95,
             "misses": [["cowork", ["tiers-lieu-albert"]]]},
        ],
        "skipped": {"elasticsearch": "ELASTICSEARCH_URL is not set"},
    }  # fmt: skip
    table = relevance.format_table(document)
    assert "precision@5" in table
    assert "MRR" in table
    assert "0.900" in table
    assert "0.950" in table
    assert "« cowork »: tiers-lieu-albert" in table
    assert "elasticsearch: skipped: ELASTICSEARCH_URL is not set" in table


@pytest.fixture
def bench_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("bench")


def test_a_run_on_the_database_backend_measures_the_judged_set(monkeypatch, bench_dir, tmp_path, capsys):
    monkeypatch.setenv("ESSAIM_BENCH_DIR", str(bench_dir))
    monkeypatch.delenv("BENCH_DATABASE_URL", raising=False)
    argv = ["relevance", "--backends", "database", "--results-dir", str(tmp_path)]
    assert runner.main(argv) == 0
    (written,) = tmp_path.glob("relevance-*.json")
    (section,) = json.loads(written.read_text())["sections"]
    assert section["backend"] == "database"
    assert section["queries"] == len(relevance_data.QUERIES) >= 40
    assert 0 < section["precision_at_5"] <= 1
    assert 0 < section["mrr"] <= 1
    assert "precision@5" in capsys.readouterr().out
