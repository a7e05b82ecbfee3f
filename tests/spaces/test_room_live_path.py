"""The rooms' live path costs: what a delivered event, a posted message and a ping cost the server."""

import pytest
from channels.db import database_sync_to_async as in_thread
from channels.layers import channel_layers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spaces import actions
from spaces.actions.messages import do_post_message
from spaces.models import ReadMarker
from tests.spaces.ws_clients import open_room

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def fresh_layers():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.mark.asyncio
async def test_live_events_reach_a_connection_without_a_hop_into_the_sync_thread(cast, monkeypatch):
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    hops = []

    async def counted():
        hops.append(1)

    # Channels' dispatch calls this before every event: one hop into the single sync thread per recipient.
    monkeypatch.setattr("channels.consumer.aclose_old_connections", counted)
    for text in ("un", "deux", "trois"):
        await in_thread(actions.post_message)(cast.user("manager"), room, text=text)
    frames = await member.messages(3)
    assert [frame["message"]["text"] for frame in frames] == ["un", "deux", "trois"]
    assert hops == []
    await member.close()


def statements(context) -> list[str]:
    """The statements sent, transaction control aside (SQLite's BEGIN and COMMIT are statements; they travel
    with the first statement and the commit on PostgreSQL)."""
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    return [query["sql"] for query in context.captured_queries if not query["sql"].startswith(control)]


def test_a_message_costs_four_statements_broadcast_included(cast):
    room, member = cast.rooms["private"], cast.user("member")
    # The author's lock with their rate count and retry check, the room's sequence, the insert, the marker;
    # the broadcast on commit serialises the message from memory. (post_message adds the access check.)
    with CaptureQueriesContext(connection) as context:
        message = do_post_message(member, room, text="Bonjour", client_id="b-1")
    assert len(statements(context)) == 4, statements(context)
    assert (message.seq, message.version) == (1, 1)
    assert ReadMarker.objects.get(room=room, user=member).last_read_seq == 1
    with CaptureQueriesContext(
        connection
    ) as context:  # a retry: the lock finds the message, read and returned
        assert do_post_message(member, room, text="Bonjour", client_id="b-1").pk == message.pk
    assert len(statements(context)) == 2, statements(context)


@pytest.mark.asyncio
async def test_a_pong_carries_the_rooms_last_version(cast):
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    await in_thread(actions.post_message)(cast.user("manager"), room, text="un")
    await member.send(action="ping")
    # A client that missed version 1 (a dropped last message) learns it within one ping, and resumes.
    assert await member.next("pong") == {"type": "pong", "last_seq": 1}
    await member.close()
