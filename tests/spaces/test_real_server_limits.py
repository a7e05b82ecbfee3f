"""The socket's edges over real server processes (daphne, as ``make run`` and the browser tests serve it, and
uvicorn, as production does) and a real WebSocket client (``websockets``, which compresses like browsers):

- every message over SPACES_MAX_FRAME_BYTES, a byte over or megabytes over, gets the same answer from the
  server itself: a close frame with code 1009 "message too big" (config/frame_limits.py), never a dropped
  connection; a message at the limit is read by the application as usual;
- the Origin check compares scheme, host and port: another port of the same host is refused at the
  handshake (config/origins.py).
"""

import asyncio
import json

import pytest

from tests.spaces.realtime_servers import server_cluster

LIMIT = 4096  # SPACES_MAX_FRAME_BYTES of these servers: small, so "far over" stays quick to send
TIMEOUT = 20

SETUP = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from ecosystem.actions.actors import create_actor
from ecosystem.models import ActorKind, User
from spaces import actions

person = User.objects.create_user("limites@example.org", display_name="Limites")
host = create_actor(person, {"name": "Tiers-lieu des Limites", "kind": ActorKind.THIRD_PLACE})
room = actions.open_room(person, actions.create_space(person, host, name="Limites"), name="Essais", kind="private")
session = SessionStore()
session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(person.pk), settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = person.get_session_auth_hash()
session.create()
print(json.dumps({"room": room.pk, "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}"}))
"""


@pytest.fixture(scope="module", params=["daphne", "uvicorn"])
def served(request):
    env = {"REDIS_URL": "", "SPACES_MAX_FRAME_BYTES": str(LIMIT)}
    with server_cluster(1, kind=request.param, env=env) as cluster:
        (server,) = cluster.servers
        yield server, json.loads(cluster.run_python(SETUP).strip().splitlines()[-1])


async def open_room(served, *, origin: str | None = None, compression: str | None = "deflate"):
    from websockets.asyncio.client import connect

    server, room = served
    connection = await connect(
        f"{server.ws_url}/ws/rooms/{room['room']}/",
        origin=origin or server.url,
        additional_headers=[("Cookie", room["cookie"])],
        compression=compression,
        open_timeout=TIMEOUT,
    )
    ready = json.loads(await asyncio.wait_for(connection.recv(), TIMEOUT))
    assert ready["type"] == "ready", ready
    return connection


async def close_code_after_sending(connection, message: str | bytes) -> int | None:
    """The close code the server sent after ``message`` (None: the connection was dropped, no close frame)."""
    from websockets.exceptions import ConnectionClosed

    try:
        # The server may close as soon as the frame's header announces too many bytes, while a large message
        # is still being written: then the send itself ends with the server's close frame.
        await connection.send(message)
        while True:
            reply = await asyncio.wait_for(connection.recv(), TIMEOUT)
            assert json.loads(reply)["type"] != "error", f"answered by the application: {reply}"
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd else None


def padded_ping(size: int) -> str:
    """A ping frame of exactly ``size`` bytes."""
    frame = '{"action": "ping", "pad": ""}'
    return frame.replace('""', '"' + "x" * (size - len(frame)) + '"')


@pytest.mark.asyncio
@pytest.mark.parametrize(
    ("size", "compression"),
    [(LIMIT + 1, "deflate"), (20 * LIMIT, "deflate"), (2 * 1024 * 1024, "deflate"), (2 * 1024 * 1024, None)],
)
async def test_every_oversized_message_is_closed_with_1009(served, size, compression):
    connection = await open_room(served, compression=compression)
    assert await close_code_after_sending(connection, padded_ping(size)) == 1009


@pytest.mark.asyncio
async def test_an_oversized_binary_message_is_closed_with_1009_too(served):
    connection = await open_room(served)
    assert await close_code_after_sending(connection, b"\x00" * (3 * LIMIT)) == 1009


@pytest.mark.asyncio
async def test_a_message_at_the_limit_is_read_and_answered(served):
    connection = await open_room(served)
    await connection.send(padded_ping(LIMIT))
    reply = {"type": "presence"}
    while reply["type"] == "presence":  # who is online, as the room's other frames come
        reply = json.loads(await asyncio.wait_for(connection.recv(), TIMEOUT))
    assert reply["type"] == "pong"
    await connection.close()


@pytest.mark.asyncio
async def test_another_port_or_scheme_of_the_same_host_is_refused_at_the_handshake(served):
    from websockets.exceptions import InvalidStatus

    server, _ = served
    for origin in (
        "http://127.0.0.1:1",
        f"https://127.0.0.1:{server.port}",
        f"http://localhost:{server.port}",
    ):
        with pytest.raises(InvalidStatus) as refused:
            await open_room(served, origin=origin)
        assert refused.value.response.status_code == 403, origin
