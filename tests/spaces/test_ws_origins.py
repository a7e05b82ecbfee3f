"""Which pages may open a socket (config.origins): the Origin is compared as scheme, host and port — with
the site's configured origins, or with the origin the connection was made to (its Host header and scheme)
when that host is one the site answers to. Anything else is refused at the handshake."""

import pytest
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator

from config.asgi import application
from tests.spaces.ws_clients import session_cookie

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture(autouse=True)
def fresh_layers():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


async def handshake(user, *, origin: bytes | None, host: bytes = b"127.0.0.1:8000", scheme: str = "ws"):
    """True when the notification socket opened for ``user`` (its hello frame came), False if refused."""
    from channels.db import database_sync_to_async

    headers = [(b"host", host), (b"cookie", await database_sync_to_async(session_cookie)(user))]
    if origin is not None:
        headers.append((b"origin", origin))
    ws = WebsocketCommunicator(application, "/ws/notifications/", headers=headers)
    ws.scope["scheme"] = scheme
    connected, _ = await ws.connect(timeout=10)
    if connected:
        assert (await ws.receive_json_from(timeout=10))["type"] == "hello"
    await ws.disconnect()
    return connected


@pytest.mark.parametrize(
    ("origin", "host"),
    [
        (b"http://127.0.0.1:8000", b"127.0.0.1:8000"),  # make run
        (b"http://localhost:8000", b"localhost:8000"),
        (b"http://127.0.0.1:54321", b"127.0.0.1:54321"),  # a test server on a random port
        (b"HTTP://LocalHost:8000", b"localhost:8000"),  # scheme and host are case-insensitive
    ],
)
async def test_the_page_of_the_site_the_socket_is_opened_on_may_open_it(cast, origin, host):
    assert await handshake(cast.user("member"), origin=origin, host=host)


@pytest.mark.parametrize(
    "origin",
    [
        b"http://127.0.0.1:1",  # another port of the same host
        b"https://127.0.0.1:8443",
        b"http://localhost:3000",  # another host name of the machine, another port
        b"https://127.0.0.1:8000",  # the same port, another scheme
        b"http://127.0.0.1",  # port 80
        b"https://evil.example",
        b"null",  # sandboxed frames, file: pages
        b"http://127.0.0.1:8000/path",
        b"http://127.0.0.1:99999",
        b"",
    ],
)
async def test_any_other_origin_is_refused(cast, origin):
    assert not await handshake(cast.user("member"), origin=origin)


async def test_a_handshake_without_origin_is_refused(cast):
    assert not await handshake(cast.user("member"), origin=None)


async def test_a_rebound_host_name_is_not_the_site(cast):
    """DNS rebinding: a name the attacker controls, pointed at the server, is same-origin with itself, but
    not a host the site answers to."""
    assert not await handshake(
        cast.user("member"), origin=b"http://evil.example:8000", host=b"evil.example:8000"
    )


async def test_behind_tls_the_https_page_opens_a_wss_socket(cast, settings):
    settings.ALLOWED_HOSTS = ["essaim.example.org"]
    member = cast.user("member")
    host = b"essaim.example.org"
    assert await handshake(member, origin=b"https://essaim.example.org", host=host, scheme="wss")
    assert not await handshake(member, origin=b"http://essaim.example.org", host=host, scheme="wss")
    assert not await handshake(member, origin=b"https://essaim.example.org", host=host, scheme="ws")


async def test_configured_origins_are_accepted_whatever_the_host_header(cast, settings):
    """A proxy that does not pass the scheme on: the site's public origin, configured, is still accepted."""
    settings.ALLOWED_HOSTS = ["essaim.example.org", "web"]
    settings.WEBSOCKET_ALLOWED_ORIGINS = ["https://essaim.example.org", "https://*.essaim-region.fr"]
    member = cast.user("member")
    for origin, accepted in [
        (b"https://essaim.example.org", True),
        (b"https://essaim.example.org:443", True),
        (b"https://essaim.example.org:8443", False),
        (b"http://essaim.example.org", False),
        (b"https://salons.essaim-region.fr", True),
        (b"https://essaim-region.fr.evil.example", False),
        (b"https://evilessaim-region.fr", False),
    ]:
        assert await handshake(member, origin=origin, host=b"web:8000") is accepted, origin
