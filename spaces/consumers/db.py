"""The room consumer's database calls: ``database_sync_to_async`` with its connection hygiene made cheap.

Channels closes stale connections before and after every call (``close_old_connections``), and with
``CONN_HEALTH_CHECKS`` that re-arms a health check: a ``SELECT 1`` round trip before every frame's work, on
the one thread all database calls of the process share. Here the hygiene runs at most once a second, and at
once after a call that left a connection in error, which is what it is for: dropping connections past
``CONN_MAX_AGE`` and ones the database server closed. A database with ``CONN_MAX_AGE = 0`` asks for a
connection per unit of work: it keeps the per-call hygiene (the tests' settings, SQLite's default).
"""

import time

from asgiref.sync import SyncToAsync
from django.db import close_old_connections, connections

HYGIENE_INTERVAL_S = 1.0

_last_hygiene = [float("-inf")]  # read and written only on the database thread


def _per_call() -> bool:
    return any(not connection.settings_dict.get("CONN_MAX_AGE") for connection in connections.all())


def _errors_occurred() -> bool:
    return any(connection.errors_occurred for connection in connections.all(initialized_only=True))


class _DatabaseCall(SyncToAsync):
    def thread_handler(self, loop, *args, **kwargs):
        now = time.monotonic()
        if _per_call() or now - _last_hygiene[0] >= HYGIENE_INTERVAL_S or _errors_occurred():
            close_old_connections()
            _last_hygiene[0] = now
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            if _per_call() or _errors_occurred():
                close_old_connections()


def database_call(function):
    """``function`` as a coroutine function run on the database thread (thread-sensitive, as Channels')."""
    return _DatabaseCall(function, thread_sensitive=True)
