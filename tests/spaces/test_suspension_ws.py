"""A suspended account's open room connections are closed at once (4403), whatever the room."""

import pytest
from channels.db import database_sync_to_async as in_thread
from channels.layers import channel_layers

from ecosystem.actions.moderation import do_suspend
from spaces import actions
from spaces.consumers import CLOSE_ACCESS_LOST
from tests.spaces.ws_clients import open_room

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture(autouse=True)
def fresh_layers():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


async def test_a_suspended_person_is_cut_from_every_room_at_once(cast):
    public = await open_room(cast.user("member"), cast.rooms["public"])
    private = await open_room(cast.user("member"), cast.rooms["private"])
    await in_thread(do_suspend)(cast.user("member"))
    for client, room in ((public, cast.rooms["public"]), (private, cast.rooms["private"])):
        assert await client.closed_with() == CLOSE_ACCESS_LOST
        await in_thread(actions.post_message)(cast.user("manager"), room, text="Après la suspension")
        assert await client.ws.receive_nothing(timeout=0.3)
