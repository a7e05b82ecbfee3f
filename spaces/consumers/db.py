"""The room consumer's database calls: off the process's single sync thread, with cheap connection hygiene.

Threads: Channels runs every ``database_sync_to_async`` call of a process on ONE thread, so a post waited
behind every other connection's work. With ``ROOM_DATABASE_THREADS`` above 1 the room consumers' calls run
on a pool of their own (created on first use, one per process); Django's connections are per thread, so
each thread of the pool has its own. At 1 (SQLite's default: its writers take turns on the database's lock
anyway) they stay on the process's sync thread, as Channels' own calls do.

Hygiene: Channels closes stale connections before and after every call (``close_old_connections``), and with
``CONN_HEALTH_CHECKS`` that re-arms a health check: a ``SELECT 1`` round trip before every frame's work. Here
the hygiene runs at most once a second per thread, and at once after a call that left a connection in error,
which is what it is for: dropping connections past ``CONN_MAX_AGE`` and ones the database server closed. A
database with ``CONN_MAX_AGE = 0`` asks for a connection per unit of work: it keeps the per-call hygiene —
SQLite's default, and PostgreSQL's pool (config.settings.base.pooled), where closing hands the connection
back to the pool.
"""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import SyncToAsync
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import close_old_connections, connections

HYGIENE_INTERVAL_S = 1.0

_thread = threading.local()  # each thread's last hygiene: each has its own connections
_pool: list[ThreadPoolExecutor] = []  # the process's pool, once created
_pool_lock = threading.Lock()


def _per_call() -> bool:
    return any(not connection.settings_dict.get("CONN_MAX_AGE") for connection in connections.all())


def _errors_occurred() -> bool:
    return any(connection.errors_occurred for connection in connections.all(initialized_only=True))


class _DatabaseCall(SyncToAsync):
    def thread_handler(self, loop, *args, **kwargs):
        now = time.monotonic()
        last = getattr(_thread, "last_hygiene", float("-inf"))
        if _per_call() or now - last >= HYGIENE_INTERVAL_S or _errors_occurred():
            close_old_connections()
            _thread.last_hygiene = now
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            if _per_call() or _errors_occurred():
                close_old_connections()


def database_threads() -> int:
    return max(1, settings.ROOM_DATABASE_THREADS)


def _executor() -> ThreadPoolExecutor:
    with _pool_lock:
        if not _pool:
            _pool.append(ThreadPoolExecutor(database_threads(), thread_name_prefix="room-database"))
        return _pool[0]


def database_call(function):
    """``function`` as a coroutine function run on the rooms' database threads (see the module's text)."""
    if database_threads() == 1:
        return _DatabaseCall(function, thread_sensitive=True)
    return _DatabaseCall(function, thread_sensitive=False, executor=_executor())


async def authenticated(scope):
    """The handshake's person: the middleware's ``authenticate`` (config.websocket_auth) run in a database
    call, and kept as ``scope["user"]``; anonymous when the scope has no ``authenticate``."""
    authenticate = scope.get("authenticate")
    scope["user"] = await database_call(authenticate)() if authenticate else AnonymousUser()
    return scope["user"]
