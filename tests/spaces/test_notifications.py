"""The user's live channel: only its owner receives, anonymous is told to log in, foreign origins are refused."""

import pytest
from channels.db import database_sync_to_async as sync_to_async
from channels.layers import channel_layers
from channels.testing import WebsocketCommunicator
from django.test import Client

from config.asgi import application
from ecosystem.actions.accounts import ensure_account
from ecosystem.realtime import publish, user_group
from spaces.consumers import CLOSE_UNAUTHENTICATED

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture(autouse=True)
def fresh_layers():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def session_cookie_for(user) -> bytes:
    client = Client()  # one browser per person: a second login on the same client would end the first session
    client.force_login(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode()


def connect(cookie: bytes = b"", origin: bytes = b"http://127.0.0.1:8000") -> WebsocketCommunicator:
    headers = [(b"origin", origin), (b"host", b"127.0.0.1:8000")]
    if cookie:
        headers.append((b"cookie", cookie))
    return WebsocketCommunicator(application, "/ws/notifications/", headers=headers)


async def test_anonymous_connection_is_closed_with_a_login_code():
    communicator = connect()
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_output() == {"type": "websocket.close", "code": CLOSE_UNAUTHENTICATED}


async def test_foreign_origin_is_refused_at_the_handshake():
    user, _ = await sync_to_async(ensure_account)("camille@asso.example", "un-mot-de-passe-long")
    cookie = await sync_to_async(session_cookie_for)(user)
    communicator = connect(cookie, origin=b"https://evil.example")
    connected, _ = await communicator.connect()
    assert not connected


async def test_notifications_reach_their_owner_only():
    alice, _ = await sync_to_async(ensure_account)("alice@asso.example", "un-mot-de-passe-long")
    bob, _ = await sync_to_async(ensure_account)("bob@asso.example", "un-mot-de-passe-long")
    alice_ws = connect(await sync_to_async(session_cookie_for)(alice))
    bob_ws = connect(await sync_to_async(session_cookie_for)(bob))
    assert (await alice_ws.connect())[0]
    assert (await bob_ws.connect())[0]
    assert await alice_ws.receive_json_from() == {"type": "hello", "user": alice.pk}
    assert await bob_ws.receive_json_from() == {"type": "hello", "user": bob.pk}

    await sync_to_async(publish)(user_group(alice.pk), "notification", {"text": "Invitation reçue"})

    assert await alice_ws.receive_json_from(timeout=3) == {"type": "notification", "text": "Invitation reçue"}
    assert await bob_ws.receive_nothing(timeout=0.3)
    await alice_ws.disconnect()
    await bob_ws.disconnect()


async def test_the_channel_is_read_only():
    user, _ = await sync_to_async(ensure_account)("camille@asso.example", "un-mot-de-passe-long")
    ws = connect(await sync_to_async(session_cookie_for)(user))
    await ws.connect()
    await ws.receive_json_from()
    await ws.send_json_to({"type": "notification", "text": "spoof"})
    assert await ws.receive_json_from() == {"type": "error", "error": "read_only_channel"}
    await ws.disconnect()


@pytest.mark.redis
async def test_redis_layer_shares_groups_between_independent_layers(settings):
    """Two layer instances stand for two ASGI workers: a group send on one reaches a member on the other."""
    import uuid

    from channels_redis.core import RedisChannelLayer

    prefix = f"essaim-test-{uuid.uuid4().hex[:8]}"
    worker_a = RedisChannelLayer(hosts=[settings.REDIS_URL], prefix=prefix)
    worker_b = RedisChannelLayer(hosts=[settings.REDIS_URL], prefix=prefix)
    channel = await worker_b.new_channel()
    await worker_b.group_add(user_group(42), channel)
    await worker_a.group_send(user_group(42), {"type": "notification", "payload": {"text": "bonjour"}})
    message = await worker_b.receive(channel)
    assert message == {"type": "notification", "payload": {"text": "bonjour"}}
    await worker_a.flush()
    await worker_b.flush()
