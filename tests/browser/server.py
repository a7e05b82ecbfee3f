"""The live server of the browser tests: a fresh database, then a real daphne process serving Essaim.

Nothing here touches the test process's own Django database: the server runs in subprocesses with its own
settings (``config.settings.dev`` with ``DEBUG=false``), its own database, static files, media and mailbox,
all under one temporary directory that is removed at the end.
"""

from __future__ import annotations

import email
import email.policy
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ

from tests.support import processes

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
STARTUP_TIMEOUT = 60.0
COMMAND_TIMEOUT = 300.0
LOG_TAIL_CHARS = 4_000
DEMO_PASSWORD = "essaim-demo-2026"  # what load_demo gives the demo accounts (config/management/commands)


class LiveServerError(RuntimeError):
    """The server could not be prepared or started; the message carries the relevant log."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tail(path: Path, chars: int = LOG_TAIL_CHARS) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return "(no log)"
    return text[-chars:]


# --- Database ---------------------------------------------------------------------------------------------


@contextmanager
def fresh_database(workdir: Path, label: str = "browser") -> Iterator[str]:
    """Yield a DATABASE_URL for an empty database that only the server processes use.

    The embedded default gets a SQLite file in ``workdir``. When the run's own DATABASE_URL names
    PostgreSQL (the services lane), a separate database ``<name>_<label>_<pid>_<random>`` is created on the
    same server with the same credentials, and dropped at the end even if the server still holds connections.
    ``label`` keeps the databases of different kinds of live-server tests apart in one run.
    """
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://", "pgsql://")):
        yield f"sqlite:///{workdir / 'db.sqlite3'}"
        return

    import psycopg
    from psycopg import sql

    config = environ.Env.db_url_config(url)
    name = f"{config['NAME'] or 'essaim'}_{label}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    connect = {
        "host": config.get("HOST") or "127.0.0.1",
        "port": config.get("PORT") or 5432,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    with psycopg.connect(**connect) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(**connect) as conn:
            conn.execute(drop)


def drop_search_indices(env: dict[str, str]) -> None:
    """Best effort: remove the Elasticsearch indices this run created under its own prefix."""
    base = env.get("ELASTICSEARCH_URL", "").rstrip("/")
    prefix = env.get("ELASTICSEARCH_INDEX_PREFIX", "")
    if not base or not prefix.startswith("essaim_browser_"):
        return
    import json

    try:
        with urllib.request.urlopen(f"{base}/_cat/indices/{prefix}*?format=json", timeout=5) as response:
            names = [row["index"] for row in json.load(response)]
        for name in names:
            request = urllib.request.Request(f"{base}/{name}", method="DELETE")
            urllib.request.urlopen(request, timeout=5).close()
    except (OSError, ValueError, KeyError):
        pass  # a leftover index under a per-run prefix harms nobody; the run's result does not depend on it


# --- Mailbox ----------------------------------------------------------------------------------------------


@dataclass
class Mail:
    subject: str
    to: list[str]
    body: str  # the text/plain part, decoded
    raw: str = field(repr=False)


class Mailbox:
    """The emails the live server sent, read from its file email backend (``EMAIL_URL=filemail://…``).

    Django's file backend writes one ``.log`` file per connection, messages separated by a line of 79
    dashes. Reading needs no database, so browser tests can use it freely.
    """

    SEPARATOR = b"\n" + b"-" * 79 + b"\n"

    def __init__(self, directory: Path):
        self.directory = directory

    def messages(self) -> list[Mail]:
        """Every message sent so far, oldest first."""
        mails = []
        files = sorted(self.directory.glob("*.log"), key=lambda p: (p.stat().st_mtime_ns, p.name))
        for path in files:
            for chunk in path.read_bytes().split(self.SEPARATOR):
                if chunk.strip():
                    mails.append(self._parse(chunk))
        return mails

    def latest(self, to: str | None = None) -> Mail | None:
        """The most recent message (to ``to`` if given), or None."""
        for mail in reversed(self.messages()):
            if to is None or any(to.lower() in address.lower() for address in mail.to):
                return mail
        return None

    def wait_for(self, to: str | None = None, *, after: int = 0, timeout: float = 10.0) -> Mail:
        """Wait until a message (to ``to``) beyond the first ``after`` messages arrives, and return it.

        Take ``after = len(mailbox.messages())`` before the action that sends the email.
        """
        deadline = time.monotonic() + timeout
        while True:
            fresh = self.messages()[after:]
            matching = [m for m in fresh if to is None or any(to.lower() in a.lower() for a in m.to)]
            if matching:
                return matching[-1]
            if time.monotonic() > deadline:
                raise AssertionError(f"no email to {to or 'anyone'} within {timeout}s in {self.directory}")
            time.sleep(0.1)

    @staticmethod
    def _parse(chunk: bytes) -> Mail:
        message = email.message_from_bytes(chunk, policy=email.policy.default)
        part = message.get_body(preferencelist=("plain", "html"))
        body = part.get_content() if part is not None else ""
        to = [address.strip() for address in str(message.get("To", "")).split(",") if address.strip()]
        subject = " ".join(str(message.get("Subject", "")).split())  # unfolded, as a mail client shows it
        return Mail(subject=subject, to=to, body=body, raw=chunk.decode(errors="replace"))


# --- Server -----------------------------------------------------------------------------------------------


@dataclass
class LiveServer:
    url: str
    port: int
    workdir: Path
    log_path: Path
    mailbox: Mailbox
    env: dict[str, str]

    def log_tail(self) -> str:
        return tail(self.log_path)


def server_environment(workdir: Path, database_url: str, port: int) -> dict[str, str]:
    env = dict(os.environ)
    # The test process runs with config.settings.test (locmem email, in-memory storage): the server must not.
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "ESSAIM_VAR_DIR": str(workdir / "var"),
            "MEDIA_ROOT": str(workdir / "media"),
            "STATIC_ROOT": str(workdir / "static"),
            # Four slashes: django-environ drops the first character of the path (filemail:///x is "x").
            "EMAIL_URL": f"filemail:///{workdir / 'mail'}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
            # Emails and indexing must happen within the request: no worker process runs beside the server.
            "TASKS_BACKEND": "immediate",
            # The demo administrator logs in with a password only (production requires TOTP for staff).
            "ESSAIM_REQUIRE_MFA_FOR_STAFF": "false",
            # Shared services (REDIS_URL, ELASTICSEARCH_URL, SEARCH_BACKEND) pass through from the
            # environment; their names are made per-run so concurrent runs never see each other's data.
            "CHANNEL_LAYER_PREFIX": f"essaim_browser_{os.getpid()}",
            # For the cache's KEY_PREFIX once the settings read it: the Redis cache keeps allauth's rate-limit
            # counters, which would otherwise carry failed logins over from one run to the next.
            "CACHE_KEY_PREFIX": f"essaim_browser_{os.getpid()}",
            "ELASTICSEARCH_INDEX_PREFIX": f"essaim_browser_{os.getpid()}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _manage(env: dict[str, str], log_path: Path, *args: str) -> None:
    with log_path.open("a") as log:
        log.write(f"\n$ manage.py {' '.join(args)}\n")
        log.flush()
        started = time.monotonic()
        try:
            result = subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=REPO,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                timeout=COMMAND_TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise LiveServerError(f"manage.py {' '.join(args)} timed out:\n{tail(log_path)}") from exc
        log.write(f"(exit {result.returncode} after {time.monotonic() - started:.1f}s)\n")
    if result.returncode != 0:
        raise LiveServerError(f"manage.py {' '.join(args)} failed ({result.returncode}):\n{tail(log_path)}")


@contextmanager
def live_server() -> Iterator[LiveServer]:
    """Prepare a fresh database and static files, start daphne, yield the server, then tear it all down."""
    workdir = Path(tempfile.mkdtemp(prefix="essaim-browser-"))
    (workdir / "mail").mkdir()
    setup_log = workdir / "setup.log"  # migrate, load_demo, collectstatic
    log_path = workdir / "server.log"  # daphne: requests and tracebacks, shown when a test fails
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    try:
        with fresh_database(workdir) as database_url:
            env = server_environment(workdir, database_url, port)
            try:
                # As `make test` does first: the .mo files are build artefacts (git-ignored), compiled only
                # when older than their .po, so the French pages match the catalogue being tested.
                _manage(env, setup_log, "compile_catalogues")
                _manage(env, setup_log, "migrate", "--no-input")
                _manage(env, setup_log, "createcachetable")
                _manage(env, setup_log, "load_demo")
                _manage(env, setup_log, "collectstatic", "--no-input", "--verbosity", "0")
                with log_path.open("a") as log:
                    process = subprocess.Popen(
                        [
                            str(VENV_BIN / "daphne"),
                            "-b",
                            "127.0.0.1",
                            "-p",
                            str(port),
                            "config.asgi:application",
                        ],
                        cwd=REPO,
                        env=env,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                try:
                    processes.wait_until_healthy(
                        process,
                        url,
                        timeout=STARTUP_TIMEOUT,
                        name="daphne",
                        log_tail=lambda: tail(log_path),
                        error=LiveServerError,
                        poll=0.2,
                    )
                    yield LiveServer(url, port, workdir, log_path, Mailbox(workdir / "mail"), env)
                finally:
                    processes.stop(process, timeout=10)
            finally:
                drop_search_indices(env)
    finally:
        if os.environ.get("ESSAIM_KEEP_BROWSER_WORKDIR"):
            sys.stderr.write(f"browser tests: kept {workdir}\n")
        else:
            with suppress(OSError):
                shutil.rmtree(workdir)
