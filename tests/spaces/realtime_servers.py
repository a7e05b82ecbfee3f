"""Real ASGI server processes for the real-time tests: several processes, one database, one channel layer.

``server_cluster(count, kind="uvicorn")`` prepares a fresh database (a SQLite file in a temporary directory;
on the services lane, when DATABASE_URL names PostgreSQL, a ``<name>_browser_<pid>`` database of its own —
see ``tests.browser.server.fresh_database``), migrates it, and starts ``count`` server processes on it, each on
its own port, all with the run's REDIS_URL (when set) and one CHANNEL_LAYER_PREFIX of this cluster's own, so
they share rooms with each other and with nothing else on that Redis. Without REDIS_URL they are on the
in-memory layer: one process is then the whole embedded default.

The test process never opens that database through Django (its own is the test database): it prepares data
with ``cluster.run_python(code)``, which runs ``code`` in ``manage.py shell`` on the servers' settings and
returns what it printed. ``cluster.servers[i].restart()`` stops one server (SIGTERM, as an orchestrator
would) and starts it again on the same port, so its clients reconnect to the same address.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path

from django.conf import settings

from tests.browser.server import REPO, VENV_BIN, free_port, fresh_database, server_environment, tail
from tests.support import processes

STARTUP_TIMEOUT = 60.0
COMMAND_TIMEOUT = 300.0


class ServerError(RuntimeError):
    """A server or a set-up command failed; the message carries its log."""


class AsgiServer:
    """One ASGI server process serving ``config.asgi:application`` on a fixed port."""

    def __init__(self, kind: str, port: int, env: dict[str, str], log_path: Path):
        if kind not in {"uvicorn", "daphne"}:
            raise ValueError(kind)
        self.kind = kind
        self.port = port
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}"

    def argv(self) -> list[str]:
        if self.kind == "daphne":
            return [
                str(VENV_BIN / "daphne"),
                "-b",
                "127.0.0.1",
                "-p",
                str(self.port),
                "config.asgi:application",
            ]
        # As platform/web.sh runs it in production, one worker per process here; its WebSocket size limit is
        # the application's (daphne gets it from config.frame_limits).
        max_frame = self.env.get("SPACES_MAX_FRAME_BYTES") or str(settings.SPACES_MAX_FRAME_BYTES)
        return [
            str(VENV_BIN / "uvicorn"),
            "config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--ws-max-size",
            max_frame,
            "--lifespan",
            "off",
            "--timeout-graceful-shutdown",
            "2",
        ]

    def start(self) -> AsgiServer:
        with self.log_path.open("a") as log:
            log.write(f"\n--- start #{self.starts + 1}: {' '.join(self.argv())}\n")
            log.flush()
            self.process = subprocess.Popen(
                self.argv(), cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        self.starts += 1
        try:
            processes.wait_until_healthy(
                self.process,
                self.url,
                timeout=STARTUP_TIMEOUT,
                name=f"{self.kind} on {self.port}",
                log_tail=self.log_tail,
                error=ServerError,
            )
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """SIGTERM and wait (open WebSockets are closed by the server); SIGKILL if it does not exit."""
        processes.stop(self.process, timeout=15)

    def restart(self) -> AsgiServer:
        self.stop()
        return self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log_tail(self) -> str:
        return tail(self.log_path)


class ServerCluster:
    def __init__(self, workdir: Path, env: dict[str, str], servers: list[AsgiServer]):
        self.workdir = workdir
        self.env = env
        self.servers = servers

    @property
    def layer(self) -> str:
        return "redis" if self.env.get("REDIS_URL") else "memory"

    def run_python(self, code: str) -> str:
        """Run ``code`` with Django set up on the servers' database and settings; return its stdout."""
        completed = subprocess.run(
            [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
        if completed.returncode != 0:
            raise ServerError(f"manage.py shell failed:\n{completed.stdout}\n{completed.stderr}")
        return completed.stdout

    def logs(self) -> str:
        return "\n".join(f"=== {server.kind} :{server.port}\n{server.log_tail()}" for server in self.servers)


def _manage(env: dict[str, str], log_path: Path, *args: str) -> None:
    with log_path.open("a") as log:
        completed = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )
    if completed.returncode != 0:
        raise ServerError(f"manage.py {' '.join(args)} failed:\n{tail(log_path)}")


_migrated_sqlite: dict[str, Path] = {}  # one migrated SQLite file per test run, copied for each cluster


def _prepare(env: dict[str, str], workdir: Path, database_url: str) -> None:
    """Migrate the cluster's database; on SQLite, copy a file migrated once per run (migrating takes tens
    of seconds, a copy none)."""
    setup_log = workdir / "setup.log"
    if not database_url.startswith("sqlite:"):
        _manage(env, setup_log, "migrate", "--no-input")
        return
    target = Path(database_url.removeprefix("sqlite:///"))
    if "path" not in _migrated_sqlite:
        template_dir = Path(tempfile.mkdtemp(prefix="essaim-realtime-template-"))
        atexit.register(shutil.rmtree, template_dir, True)
        template = template_dir / "db.sqlite3"
        template_env = env | {"DATABASE_URL": f"sqlite:///{template}"}
        _manage(template_env, setup_log, "migrate", "--no-input")
        _manage(template_env, setup_log, "createcachetable")
        # WAL content folded into the main file, so copying that one file copies the whole database.
        sqlite3.connect(template).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
        _migrated_sqlite["path"] = template
    shutil.copyfile(_migrated_sqlite["path"], target)


@contextmanager
def server_cluster(
    count: int, *, kind: str = "uvicorn", env: dict[str, str] | None = None
) -> Iterator[ServerCluster]:
    """``count`` ASGI server processes of ``kind`` on one fresh database and one channel layer."""
    workdir = Path(tempfile.mkdtemp(prefix="essaim-realtime-"))
    ports = [free_port() for _ in range(count)]
    try:
        with fresh_database(workdir, label="rt") as database_url, ExitStack() as running:
            server_env = server_environment(workdir, database_url, ports[0])
            # One prefix per cluster: its processes share rooms; other clusters and runs on the same Redis
            # never see them.
            prefix = f"essaim_rt_{os.getpid()}_{uuid.uuid4().hex[:8]}"
            server_env.update({"CHANNEL_LAYER_PREFIX": prefix, "CACHE_KEY_PREFIX": prefix, **(env or {})})
            _prepare(server_env, workdir, database_url)
            servers = [
                AsgiServer(kind, port, server_env, workdir / f"{kind}-{index}.log")
                for index, port in enumerate(ports)
            ]
            for server in servers:
                running.callback(server.stop)
                server.start()
            yield ServerCluster(workdir, server_env, servers)
    finally:
        if os.environ.get("ESSAIM_KEEP_REALTIME_WORKDIR"):
            sys.stderr.write(f"realtime tests: kept {workdir}\n")
        else:
            with suppress(OSError):
                shutil.rmtree(workdir)
