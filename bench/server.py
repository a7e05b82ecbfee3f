"""The server under benchmark: prepared, started as a real process, probed until it answers, stopped.

The server is the production entry point (``config.asgi:application``) in its own process, so what is
measured is what users get, and the load client never competes with it for one interpreter. ``ServerProcess``
runs any command that listens on a port, so a bare ``websockets`` broadcast server, the baseline of the
real-time benchmark, is started and stopped the same way as daphne.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
SETTINGS_MODULE = "bench.settings"
HOST = "127.0.0.1"


def bench_dir(env: dict[str, str] | None = None) -> Path:
    """Where the bench keeps its database and server logs; bench/settings.py reads the same variable."""
    env = os.environ if env is None else env
    return Path(env.get("ESSAIM_BENCH_DIR") or PROJECT_DIR / "var" / "bench")


def bench_env(overrides: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of every child process: this one's, with the bench settings forced.

    Forced, not defaulted: under pytest DJANGO_SETTINGS_MODULE names the test settings, and a server on
    them would be measuring another configuration.
    """
    env = {**os.environ, **(overrides or {})}
    env["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    env["PYTHONUNBUFFERED"] = "1"  # the log tail shown on failure must hold the last lines
    return env


def manage(*args: str, env: dict[str, str] | None = None) -> None:
    """Run one management command on the bench settings, in a child process as ``make setup`` does."""
    completed = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=bench_env(env),
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip()
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{output}")


def prepare_database(*extra: tuple[str, ...], env: dict[str, str] | None = None) -> None:
    """Bring the bench database to the demo state (idempotent, so a kept database is reused in seconds),
    then run each ``extra`` command, e.g. one that loads 10 000 actors for the directory benchmark."""
    for command in (("migrate", "--no-input"), ("createcachetable",), ("load_demo",), *extra):
        manage(*command, env=env)


def free_port() -> int:
    """A port free right now; the tiny window before the server binds it is acceptable for a benchmark."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class ServerFailed(RuntimeError):
    pass


class ServerProcess:
    """A server command in a child process, usable as a context manager.

    Started, it is ready: ``start`` returns once a TCP connection succeeds and, when ``ready_path`` is
    given, once a GET of it answers 2xx (a listening socket alone can precede a loaded application).
    """

    def __init__(
        self,
        name: str,
        argv: list[str],
        port: int,
        *,
        ready_path: str | None = None,
        env: dict[str, str] | None = None,
        startup_timeout_s: float = 60.0,
    ):
        self.name = name
        self.argv = argv
        self.port = port
        self.ready_path = ready_path
        self.env = bench_env(env)
        self.startup_timeout_s = startup_timeout_s
        self.log_path = bench_dir(self.env) / "logs" / f"{name}-{port}.log"
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> "ServerProcess":
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as log:
            # The child keeps its own copy of the descriptor; the log outlives this block.
            self.process = subprocess.Popen(
                self.argv, cwd=PROJECT_DIR, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout_s
        outcome = "no answer yet"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            outcome = self._probe()
            if outcome == "ready":
                return
            time.sleep(0.1)
        raise ServerFailed(
            f"{self.name} not ready after {self.startup_timeout_s:.0f} s (last probe: {outcome}); "
            f"log {self.log_path}:\n{self.log_tail()}"
        )

    def _probe(self) -> str:
        """ "ready", or what the probe saw instead, so a server that never gets ready says why."""
        try:
            if self.ready_path is None:
                with socket.create_connection((HOST, self.port), timeout=1):
                    return "ready"
            # http.client, not urllib: urllib would honour a proxy from the environment.
            connection = http.client.HTTPConnection(HOST, self.port, timeout=5)
            try:
                connection.request("GET", self.ready_path)
                status = connection.getresponse().status
            finally:
                connection.close()
        except OSError as exc:
            return f"{type(exc).__name__}: {exc}"
        return "ready" if 200 <= status < 300 else f"GET {self.ready_path} answered {status}"

    def stop(self) -> None:
        """SIGTERM, as an orchestrator would, so the server shuts down cleanly; SIGKILL if it hangs."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def __enter__(self) -> "ServerProcess":
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def daphne(*, ready_path: str = "/bench/minimal/", env: dict[str, str] | None = None) -> ServerProcess:
    """Essaim's ASGI application under daphne, on the bench settings and a free port.

    ``-v 0`` turns daphne's per-request access log off: writing it would cost a share of every request,
    a larger share of the cheap baseline than of the pages, and skew the ratios. Warnings still reach the log.
    """
    port = free_port()
    executable = Path(sys.executable).with_name("daphne")  # the virtualenv's, next to its python
    argv = [str(executable), "-v", "0", "-b", HOST, "-p", str(port), "config.asgi:application"]
    return ServerProcess("daphne", argv, port, ready_path=ready_path, env=env)


def uvicorn(*, ready_path: str = "/bench/minimal/", env: dict[str, str] | None = None) -> ServerProcess:
    """Essaim's ASGI application under uvicorn, one worker, as ``platform/web.sh`` runs it in production.

    ``--no-access-log --log-level warning`` for the reason daphne gets ``-v 0`` (a line per connection opened
    would be measured too; uvicorn's level is its own loggers', the application's are the settings'); the frame limit is the application's own
    (``SPACES_MAX_FRAME_BYTES``, as web.sh passes it). Application logs still reach the process's log.
    """
    port = free_port()
    executable = Path(sys.executable).with_name("uvicorn")
    max_frame = (env or {}).get("SPACES_MAX_FRAME_BYTES") or os.environ.get("SPACES_MAX_FRAME_BYTES", "65536")
    argv = [
        str(executable),
        "config.asgi:application",
        "--host",
        HOST,
        "--port",
        str(port),
        "--ws-max-size",
        max_frame,
        "--lifespan",
        "off",
        "--timeout-graceful-shutdown",
        "5",
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    return ServerProcess("uvicorn", argv, port, ready_path=ready_path, env=env)
