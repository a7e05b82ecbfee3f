"""What the real-time benchmarks measure: the bare broadcast server and Essaim on each channel layer.

A target is a server process, a frame format (see ``bench.ws_load.FORMATS``) and the URLs and cookies its
clients use. The bare server needs nothing; Essaim's room consumer needs logged-in users and rooms, made in
the bench database by ``bench.realtime_fixtures`` (run as a child on the bench settings, like ``manage``).
"""

import json
import os
import secrets
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from bench import server

BARE = "bare websockets"
MEMORY = "essaim in-memory"
REDIS = "essaim redis"
LAYERS = {"memory": MEMORY, "redis": REDIS}

# The bench's clients post far more than a person may: the per-person and per-connection rate limits would
# refuse them (the checks themselves, a count over the database for messages, still run on every message and
# are part of what is measured).
ESSAIM_ENV = {"SPACES_MESSAGE_RATE": "1000000/60", "SPACES_FRAME_RATE": "1000000/1"}


@dataclass
class Target:
    name: str
    frame_format: str
    process: server.ServerProcess
    origin: str | None = None
    cookies: list[str] = field(default_factory=list)
    room_ids: dict[str, int] = field(default_factory=dict)  # fixture room label → room id
    pages: dict[str, str] = field(default_factory=dict)  # fixture room label → the room page's path
    # Further processes serving the same rooms (same database, same Redis): clients are spread over all.
    others: list[server.ServerProcess] = field(default_factory=list)

    @property
    def processes(self) -> list[server.ServerProcess]:
        return [self.process, *self.others]

    def url(self, room: str, process_index: int = 0) -> str:
        base = self.processes[process_index].base_url.replace("http://", "ws://")
        if self.frame_format == "raw":
            return f"{base}/rooms/{room}/"
        return f"{base}/ws/rooms/{self.room_ids[room]}/"

    def urls(self, room: str) -> list[str]:
        """The room's URL on each process; client ``i`` uses ``urls[i % len(urls)]``."""
        return [self.url(room, index) for index in range(len(self.processes))]

    def page_urls(self, room: str) -> list[str] | None:
        """The room page on each process (where a browser gets the socket's ticket), if the target has one."""
        if room not in self.pages:
            return None
        return [f"{process.base_url}{self.pages[room]}" for process in self.processes]


def redis_problem(env: dict[str, str] | None = None) -> str | None:
    """Why the Redis layer cannot be measured in this run, or None when it can."""
    url = (os.environ if env is None else env).get("REDIS_URL", "")
    if not url:
        return "REDIS_URL is not set"
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=2):
            return None
    except OSError as exc:
        return f"Redis not reachable at {url}: {exc}"


def plant_sentinel(env: dict[str, str] | None = None) -> str:
    """A key of this run's own on the run's Redis, to tell afterwards whether the database was emptied.

    Django's Redis cache ``clear()`` is a FLUSHDB: a test suite running on the same Redis database during a
    run (its cache is cleared before every test) wipes the room groups, and every live message then reaches
    nobody. Returns the key; see :func:`sentinel_survived`.
    """
    import redis

    key = f"essaim_bench_sentinel_{os.getpid()}_{secrets.token_hex(3)}"
    url = (os.environ if env is None else env)["REDIS_URL"]
    with redis.Redis.from_url(url) as client:
        client.set(key, "1", ex=86400)
    return key


def sentinel_survived(key: str, env: dict[str, str] | None = None) -> bool:
    import redis

    url = (os.environ if env is None else env)["REDIS_URL"]
    with redis.Redis.from_url(url) as client:
        return bool(client.delete(key))


def layer_env(layer: str, env: dict[str, str] | None = None) -> dict[str, str]:
    """Environment overrides that put the Essaim server on ``layer``.

    The in-memory case empties REDIS_URL (the settings then choose the in-memory layer and the database
    cache) whatever the caller's environment says; the Redis case keeps the caller's REDIS_URL with a prefix
    of this call's own, so a concurrent run, a test suite or an earlier target of this run on the same Redis
    never sees these messages: an earlier target's rooms on another bench database have the same ids, and
    its dead processes' channels stay in their groups (servers sharing rooms share one call's environment).
    """
    overrides = dict(env or {}) | ESSAIM_ENV
    if layer == "memory":
        return overrides | {"REDIS_URL": ""}
    prefix = f"essaim_bench_{os.getpid()}_{secrets.token_hex(3)}"
    return overrides | {"CHANNEL_LAYER_PREFIX": prefix, "CACHE_KEY_PREFIX": prefix}


def bare_server(env: dict[str, str] | None = None) -> server.ServerProcess:
    port = server.free_port()
    argv = [sys.executable, "-m", "bench.ws_baseline", "--port", str(port)]
    return server.ServerProcess("ws-baseline", argv, port, env=env)


def essaim_server(layer: str, env: dict[str, str] | None = None) -> server.ServerProcess:
    process = server.daphne(env=layer_env(layer, env))
    process.name = f"daphne-{layer}"
    return process


def essaim_cluster(layer: str, count: int, env: dict[str, str] | None = None) -> list[server.ServerProcess]:
    """``count`` uvicorn processes of Essaim on ``layer`` (one database, one channel-layer prefix), not started.

    uvicorn, as production runs it (``platform/web.sh``), one process per worker; with more than one
    process only the Redis layer lets them share rooms.
    """
    if count > 1 and layer != "redis":
        raise ValueError("several processes share rooms only on the Redis layer")
    processes, shared = [], layer_env(layer, env)  # one channel-layer prefix for all of them
    for index in range(count):
        process = server.uvicorn(env=shared)
        process.name = f"uvicorn-{layer}-{index + 1}"
        process.log_path = process.log_path.with_name(f"{process.name}-{process.port}.log")
        processes.append(process)
    return processes


def prepare_database(env: dict[str, str] | None = None) -> None:
    """The bench database migrated (the demo content is not needed: the fixtures make their own)."""
    server.manage("migrate", "--no-input", env=env)
    server.manage("createcachetable", env=env)


def essaim_fixtures(users: int, rooms: dict[str, int], env: dict[str, str] | None = None) -> dict:
    """Users with live sessions and public rooms in the bench database (see bench.realtime_fixtures)."""
    spec = json.dumps({"users": users, "rooms": rooms})
    completed = subprocess.run(
        [sys.executable, "-m", "bench.realtime_fixtures"],
        cwd=server.PROJECT_DIR,
        env=server.bench_env(env),
        input=spec,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"realtime fixtures failed:\n{completed.stderr.strip()}")
    return json.loads(completed.stdout)


def run_client(spec: dict, timeout_s: float, module: str = "bench.ws_load") -> dict:
    """Run the load client (``bench.ws_load``, or ``module``) on ``spec`` in a child process; its answer."""
    completed = subprocess.run(
        [sys.executable, "-m", module],
        cwd=server.PROJECT_DIR,
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"WebSocket load client failed:\n{completed.stderr.strip()[-4000:]}")
    return json.loads(completed.stdout)
