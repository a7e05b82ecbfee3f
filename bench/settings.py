"""Settings of the server under benchmark: the embedded default, in production-like mode, on its own database.

DEBUG is off because DEBUG records every SQL query and serves tracebacks, which would measure a process no one
runs in production. The database is a SQLite file of the bench's own (``ESSAIM_BENCH_DIR``, default
``var/bench``), so a benchmark never writes into the developer's demo database; ``BENCH_DATABASE_URL`` points
the bench at another database (e.g. PostgreSQL) on purpose. ``DATABASE_URL`` is deliberately not used.
"""

from pathlib import Path

from config.settings.base import pooled
from config.settings.dev import *  # noqa: F403
from config.settings.dev import BASE_DIR, SQLITE_OPTIONS, env

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.urls"

BENCH_DIR = Path(env.str("ESSAIM_BENCH_DIR", default=str(BASE_DIR / "var" / "bench")))
BENCH_DIR.mkdir(parents=True, exist_ok=True)
BENCH_DATABASE_URL = env.str("BENCH_DATABASE_URL", default="")
# New dicts, never in-place changes: the base settings' dicts are shared by every settings module imported
# in a process, and the harness imports this one inside the test suite (report.environment).
if BENCH_DATABASE_URL:
    # The production settings' pool (config.settings.base.pooled): without it every request would open a
    # connection, which the minimal view never does.
    DATABASES = {"default": pooled(env.db_url_config(BENCH_DATABASE_URL))}
else:
    # The embedded default's SQLite (WAL, busy timeout, IMMEDIATE), whatever DATABASE_URL says.
    DATABASES = {
        "default": {
            **env.db_url_config(f"sqlite:///{BENCH_DIR / 'essaim-bench.sqlite3'}"),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }

# One console line per request or task would cost more than some of the views being measured. Two loggers are
# let through at INFO because the real-time benchmark counts their lines in each server's log (bench.server_logs):
# ``spaces.live`` (gap-filling reads; its live drops are WARNING anyway) and ``channels_redis`` ("N of M channels
# over capacity in group …", a message the layer dropped). Each line starts with its Unix time, so a count can
# be split by the phase of the run that caused it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"stamped": {"format": "%(created).3f %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "stamped"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"spaces.live": {"level": "INFO"}, "channels_redis": {"level": "INFO"}},
}
