"""The rooms' live path costs: what a delivered event, a posted message and a ping cost the server."""

import asyncio
import threading

import pytest
from channels.db import database_sync_to_async as in_thread
from channels.layers import channel_layers
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spaces import actions
from spaces.actions import plain_post
from spaces.actions.messages import do_post_message
from spaces.consumers import room_calls
from spaces.consumers.db import database_call
from spaces.consumers.frames import FrameError
from spaces.models import Message, ReadMarker, Room
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


# Round trips for one plain message posted over the WebSocket, broadcast included (built from what was
# written, no re-select). Per backend because the databases truly differ: PostgreSQL takes the room's
# sequence, inserts and moves the author's marker in one statement in autocommit (data-modifying WITH);
# SQLite has no data-modifying WITH, so the three writes are three statements between BEGIN IMMEDIATE and
# COMMIT — calls into the in-process library, not round trips over a network.
POSTED = {"postgresql": 1, "sqlite": 5}


def post(user, room, client_id, **flags):
    return room_calls.post(user, room, text="Bonjour", reply_to=None, client_id=client_id, **flags)


@pytest.mark.parametrize("kind", ["public", "private"])
def test_a_posted_message_costs_one_round_trip_on_postgresql(cast, kind):
    room, member = cast.rooms[kind], cast.user("member")
    written = POSTED[connection.vendor]
    with CaptureQueriesContext(connection) as context:
        posted = post(member, room, "b-1", access_checked=True)
    assert len(context.captured_queries) == written, context.captured_queries
    assert (posted["seq"], posted["version"]) == (1, 1)
    assert ReadMarker.objects.get(room=room, user=member).last_read_seq == 1
    # Without the connection's word for it, the access check is one query more.
    with CaptureQueriesContext(connection) as context:
        posted = post(member, room, "b-2")
    assert len(context.captured_queries) == written + 1, context.captured_queries
    assert posted["seq"] == 2
    # A retry: the short write finds the client_id and writes nothing; one query reads the first message.
    first = Message.objects.get(room=room, seq=1)
    with CaptureQueriesContext(connection) as context:
        assert post(member, room, "b-1", access_checked=True)["id"] == first.pk
    assert len(context.captured_queries) == {"postgresql": 2, "sqlite": 4}[connection.vendor]
    assert Room.objects.get(pk=room.pk).last_seq == 2  # the retry took no sequence number


def test_the_short_write_still_refuses_an_archived_room_and_the_rate(cast, settings):
    room, member = cast.rooms["private"], cast.user("member")
    settings.SPACES_MESSAGE_RATE = "2/60"
    post(member, room, "r-1", access_checked=True)
    post(member, room, "r-2", access_checked=True)
    with pytest.raises(FrameError) as refused:
        room_calls.in_language("en", post, member, room, "r-3", access_checked=True)
    assert refused.value.code == "rate_limited"
    assert post(member, room, "r-2", access_checked=True)["seq"] == 2  # a retry is answered, over the rate
    settings.SPACES_MESSAGE_RATE = "20/60"
    Room.objects.filter(pk=room.pk).update(is_archived=True)
    with pytest.raises(FrameError) as refused:  # the connection's word does not outlive the archive
        room_calls.in_language("en", post, member, room, "r-4", access_checked=True)
    assert refused.value.code == "forbidden"
    assert list(Message.objects.values_list("client_id", flat=True)) == ["r-1", "r-2"]
    assert Room.objects.get(pk=room.pk).last_seq == 2


def test_a_message_that_replies_or_mentions_takes_the_full_write(cast):
    room, member = cast.rooms["private"], cast.user("member")
    first = do_post_message(member, room, text="Bonjour", client_id="f-1")
    with CaptureQueriesContext(connection) as context:
        reply = do_post_message(member, room, text="Suite", reply_to_id=first.pk, client_id="f-2")
    # The author's lock with their rate count and retry check, the replied message, the room's sequence, the
    # insert, the marker.
    assert len(statements(context)) == 5, statements(context)
    assert (reply.seq, reply.reply_to_id) == (2, first.pk)


def statements(context) -> list[str]:
    control = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT")
    return [query["sql"] for query in context.captured_queries if not query["sql"].startswith(control)]


@pytest.mark.asyncio
async def test_a_pong_carries_the_rooms_last_version(cast):
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    await in_thread(actions.post_message)(cast.user("manager"), room, text="un")
    await member.send(action="ping")
    # A client that missed version 1 (a dropped last message) learns it within one ping, and resumes.
    assert await member.next("pong") == {"type": "pong", "last_seq": 1}
    await member.close()


@pytest.mark.asyncio
async def test_database_calls_run_in_parallel_on_the_rooms_own_threads(settings):
    settings.ROOM_DATABASE_THREADS = 4
    meeting = threading.Barrier(2, timeout=10)

    def meet() -> str:
        meeting.wait()  # returns only if the other call runs at the same time, on another thread
        return threading.current_thread().name

    names = await asyncio.gather(database_call(meet)(), database_call(meet)())
    assert len(set(names)) == 2
    assert all(name.startswith("room-database") for name in names)


@pytest.mark.asyncio
async def test_at_one_thread_database_calls_stay_on_the_process_sync_thread(settings):
    settings.ROOM_DATABASE_THREADS = 1
    names = {await database_call(lambda: threading.current_thread().name)() for _n in range(3)}
    assert len(names) == 1
    assert not names.pop().startswith("room-database")


def test_an_edit_and_a_deletion_skip_the_access_query_and_the_re_select(
    cast, django_capture_on_commit_callbacks
):
    room, member = cast.rooms["private"], cast.user("member")
    message = do_post_message(member, room, text="Bonjour", client_id="e-1")
    with CaptureQueriesContext(connection) as full:
        room_calls.edit(member, room, message.pk, "Bonjour !")
    with CaptureQueriesContext(connection) as checked:
        room_calls.edit(member, room, message.pk, "Bonjour à tous", access_checked=True)
    # The message, BEGIN, the room's lock, the fresh message with its author, the edit's rule (may post), the
    # room's sequence, the update, COMMIT; the broadcast serialises the message read under the lock.
    assert len(checked.captured_queries) == 8, checked.captured_queries
    assert len(full.captured_queries) == 9, full.captured_queries
    with CaptureQueriesContext(connection) as deleted:
        room_calls.delete(member, room, message.pk, access_checked=True)
    assert len(deleted.captured_queries) == 8, deleted.captured_queries
    assert Message.objects.get(pk=message.pk).version == 4


def test_a_concurrent_retry_that_passed_the_check_is_answered_from_the_first_message(cast, monkeypatch):
    room, member = cast.rooms["private"], cast.user("member")
    first = do_post_message(member, room, text="Bonjour", client_id="c-1")
    # Two retries of one client_id at the same instant both pass the retry check; the unique constraint
    # stops the second insert, and its whole write (the sequence taken with it) is undone.
    may_go = plain_post._may_go
    monkeypatch.setattr(plain_post, "_may_go", lambda user, room, client_id, now: may_go(user, room, "", now))
    again = do_post_message(member, room, text="Bonjour", client_id="c-1")
    assert again.pk == first.pk
    assert Room.objects.get(pk=room.pk).last_seq == 1
    assert Message.objects.filter(room=room).count() == 1
