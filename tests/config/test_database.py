"""PostgreSQL lane: the server has what the directory search will rely on."""

import pytest
from django.db import connection


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgresql_offers_french_search_extensions():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_available_extensions WHERE name IN ('unaccent', 'pg_trgm')")
        available = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT cfgname FROM pg_ts_config WHERE cfgname = 'french'")
        french = cursor.fetchone()
    assert available == {"unaccent", "pg_trgm"}
    assert french == ("french",)
    assert connection.pg_version >= 130000


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_outside_tests(tmp_path):
    """The embedded default keeps readers and the writer apart (WAL) so ASGI requests do not lock each other."""
    if connection.vendor != "sqlite":
        pytest.skip("embedded lane only: the database is not SQLite")
    import sqlite3

    from django.conf import settings

    db_file = tmp_path / "wal.sqlite3"
    raw = sqlite3.connect(db_file)
    raw.executescript(settings.DATABASES["default"]["OPTIONS"]["init_command"])
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    raw.close()
