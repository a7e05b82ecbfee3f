"""The rooms' live path costs: what a delivered event, a posted message and a ping cost the server."""

import pytest
from channels.db import database_sync_to_async as in_thread
from channels.layers import channel_layers

from spaces import actions
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
