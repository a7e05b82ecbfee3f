"""The room consumer through the whole ASGI stack: joining, live messages, edits, deletions, typing, presence,
unread counts, limits, and exactly-once delivery with resume and gap filling."""

import pytest
from channels.db import database_sync_to_async as in_thread
from channels.layers import InMemoryChannelLayer, channel_layers

from spaces import actions
from spaces.models import Message, ReadMarker
from tests.spaces.ws_clients import communicator, open_room

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest.fixture(autouse=True)
def fresh_layers():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


async def until_online(client, names: list[str]) -> None:
    """Presence frames, applied as a client does to what its ready frame listed, until exactly ``names``."""
    online = getattr(client, "online", None)
    if online is None:
        online = client.online = {person["id"]: person["name"] for person in client.ready["online"]}
    while sorted(online.values()) != names:
        frame = await client.next("presence")
        assert "count" not in frame
        if "online" in frame:
            online.clear()
        online.update({person["id"]: person["name"] for person in frame.get("online", [])})
        online.update({person["id"]: person["name"] for person in frame.get("joined", [])})
        for pk in frame.get("left", []):
            online.pop(pk, None)


def stored(room):
    return list(Message.objects.filter(room=room).order_by("seq").values_list("text", flat=True))


# --- Joining ---------------------------------------------------------------------------------------------


async def test_ready_frame_gives_the_room_its_last_sequence_and_who_is_online(cast):
    room = cast.rooms["private"]
    await in_thread(actions.post_message)(cast.user("manager"), room, text="Bienvenue")
    member = await open_room(cast.user("member"), room)

    assert member.ready["room"] == room.pk
    assert member.ready["last_seq"] == 1
    assert member.ready["online"] == [{"id": cast.user("member").pk, "name": "member"}]

    manager = await open_room(cast.user("manager"), room)
    await until_online(member, ["manager", "member"])  # by name
    await manager.close()
    await until_online(member, ["member"])
    await member.close()


async def test_in_a_crowded_room_the_ready_frame_counts_who_is_online(cast, settings):
    settings.SPACES_PRESENCE_LIST_MAX = 1
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    assert member.ready["online"] == [{"id": cast.user("member").pk, "name": "member"}]
    manager = await open_room(cast.user("manager"), room)
    assert (await member.next("presence")) == {"type": "presence", "count": 2}  # past the list size
    second_tab = await open_room(cast.user("member"), room)
    assert second_tab.ready["count"] == 2  # no names either, as the presence frames (two tabs, one person)
    assert "online" not in second_tab.ready
    for client in (second_tab, manager, member):
        await client.close()


async def test_guests_see_messages_but_not_who_is_in_the_room(cast):
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    guest = await open_room(cast.user("guest"), room)
    assert guest.ready["online"] == []
    await member.send(action="send", text="Bonjour à tous", client_id="c1")
    first = await guest.next()
    assert first["type"] == "message"  # no presence frame ever reaches a guest
    assert first["message"]["author"]["name"] == "member"
    assert await guest.frames() == []
    await member.close()
    await guest.close()


# --- Messages --------------------------------------------------------------------------------------------


async def test_a_message_is_stored_acknowledged_and_reaches_every_member_once(cast):
    room = cast.rooms["project"]
    member = await open_room(cast.user("member"), room)
    partner = await open_room(cast.user("partner"), room)

    await member.send(
        action="send", text="Réunion jeudi ? https://exemple.fr", client_id="m-1", reply_to=None
    )

    ack = await member.next("ack")
    assert ack["client_id"] == "m-1"
    assert ack["seq"] == 1
    for client in (member, partner):
        (frame,) = await client.messages(1)
        assert frame["version"] == 1
        message = frame["message"]
        assert message["id"] == ack["id"]
        assert message["text"] == "Réunion jeudi ? https://exemple.fr"
        assert 'href="https://exemple.fr"' in message["html"]
    assert await in_thread(stored)(room) == ["Réunion jeudi ? https://exemple.fr"]

    # A retry with the same client_id (e.g. after a reconnection) stores nothing more.
    await member.send(action="send", text="Réunion jeudi ? https://exemple.fr", client_id="m-1")
    assert (await member.next("ack"))["id"] == ack["id"]
    assert await partner.messages() == []
    assert len(await in_thread(stored)(room)) == 1
    await member.close()
    await partner.close()


async def test_replies_name_the_message_they_answer(cast):
    room = cast.rooms["public"]
    first = await in_thread(actions.post_message)(cast.user("manager"), room, text="Qui vient samedi ?")
    outsider = await open_room(cast.user("outsider"), room)
    await outsider.send(action="send", text="Moi !", reply_to=first.pk, client_id="r")
    (frame,) = await outsider.messages(1)
    assert frame["message"]["reply_to"]["id"] == first.pk
    await outsider.send(action="send", text="Et moi", reply_to=999999, client_id="r2")
    error = await outsider.next("error")
    assert (error["code"], error["client_id"]) == ("invalid", "r2")
    await outsider.close()


async def test_the_author_edits_and_deletes_and_everyone_sees_it(cast):
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    manager = await open_room(cast.user("manager"), room)
    await member.send(action="send", text="Rendez-vous à 10h", client_id="a")
    message_id = (await member.next("ack"))["id"]
    await manager.messages(1)

    await member.send(action="edit", id=message_id, text="Rendez-vous à 11h")
    (edited,) = await manager.messages(1)
    assert edited["version"] == 2
    assert edited["message"]["seq"] == 1
    assert edited["message"]["text"] == "Rendez-vous à 11h"
    assert edited["message"]["edited_at"]

    await manager.send(action="edit", id=message_id, text="Pirate")
    assert (await manager.next("error"))["code"] == "forbidden"
    await manager.send(action="edit", id=424242, text="Nowhere")
    assert (await manager.next("error"))["code"] == "not_found"

    await member.send(action="delete", id=message_id)
    (deleted,) = await manager.messages(1)
    assert deleted["version"] == 3
    assert deleted["message"]["deleted"] is True
    assert deleted["message"]["text"] == ""
    assert await in_thread(stored)(room) == [""]
    await member.close()
    await manager.close()


async def test_space_managers_moderate_but_other_people_cannot_delete(cast):
    room = cast.rooms["public"]
    message = await in_thread(actions.post_message)(cast.user("outsider"), room, text="Publicité !")
    staff = await open_room(cast.user("staff"), room)
    await staff.send(action="delete", id=message.pk)
    assert (await staff.next("error"))["code"] == "forbidden"
    manager = await open_room(cast.user("manager"), room)
    await manager.send(action="delete", id=message.pk)
    (frame,) = await staff.messages(1)
    assert frame["message"]["deleted"] is True
    await staff.close()
    await manager.close()


async def test_messages_of_another_room_cannot_be_reached_through_this_one(cast):
    secret = await in_thread(actions.post_message)(cast.user("member"), cast.rooms["private"], text="Secret")
    member = await open_room(cast.user("member"), cast.rooms["public"])
    await member.send(action="edit", id=secret.pk, text="Changé")
    assert (await member.next("error"))["code"] == "not_found"
    await member.send(action="delete", id=secret.pk)
    assert (await member.next("error"))["code"] == "not_found"
    assert (await in_thread(Message.objects.get)(pk=secret.pk)).text == "Secret"
    await member.close()


async def test_an_archived_room_is_read_only(cast):
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    await in_thread(actions.set_room_archived)(cast.user("manager"), room, True)
    await member.send(action="send", text="Encore là ?", client_id="x")
    error = await member.next("error")
    assert (error["code"], error["client_id"]) == ("forbidden", "x")
    await member.send(action="typing")
    assert (await member.next("error"))["code"] == "forbidden"
    await member.send(action="ping")
    assert await member.next("pong") == {"type": "pong", "last_seq": 0}  # still connected: reading is allowed
    assert await in_thread(stored)(room) == []
    await member.close()


# --- Typing, read markers, unread counts -----------------------------------------------------------------


async def test_typing_reaches_the_others_not_the_typist_and_is_throttled(cast):
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    manager = await open_room(cast.user("manager"), room)
    await member.frames()
    await member.send(action="typing")
    await member.send(action="typing")  # within the interval: not relayed again
    typing = await manager.next("typing")
    assert typing == {"type": "typing", "user": {"id": cast.user("member").pk, "name": "member"}}
    assert [f for f in await manager.frames() if f["type"] == "typing"] == []
    assert [f for f in await member.frames() if f["type"] == "typing"] == []
    await member.close()
    await manager.close()


async def test_reading_moves_the_marker_and_answers_the_unread_counts(cast):
    room = cast.rooms["private"]
    for text in ("un", "deux", "trois"):
        await in_thread(actions.post_message)(cast.user("manager"), room, text=text)
    member = await open_room(cast.user("member"), room)

    await member.send(action="read", seq=2)
    assert await member.next("unread") == {"type": "unread", "room": room.pk, "unread": 1, "total": 1}
    await member.send(action="read", seq=1)  # never backwards
    assert (await member.next("unread"))["unread"] == 1
    await member.send(action="read", seq=3)
    assert (await member.next("unread"))["total"] == 0
    assert await in_thread(ReadMarker.objects.get)(room=room, user=cast.user("member")) is not None
    await member.close()


async def test_the_notification_socket_carries_room_activity_and_unread_totals(cast):
    room = cast.rooms["private"]
    ws = await communicator(cast.user("member"), "/ws/notifications/")
    assert (await ws.connect())[0]
    assert (await ws.receive_json_from())["type"] == "hello"

    await in_thread(actions.post_message)(cast.user("manager"), room, text="Nouveau !")
    assert await ws.receive_json_from(timeout=3) == {"type": "room.activity", "room": room.pk, "seq": 1}

    await in_thread(actions.mark_read)(cast.user("member"), room, 1)
    assert await ws.receive_json_from(timeout=3) == {
        "type": "unread",
        "room": room.pk,
        "unread": 0,
        "total": 0,
    }

    # Their own messages and edits are no news to them.
    own = await in_thread(actions.post_message)(cast.user("member"), room, text="Merci")
    await in_thread(actions.edit_message)(
        cast.user("manager"), await in_thread(Message.objects.get)(seq=1, room=room), text="Nouveau !!"
    )
    assert await ws.receive_nothing(timeout=0.3)
    assert own.seq == 2
    await ws.disconnect()


# --- Limits ----------------------------------------------------------------------------------------------


async def test_too_long_and_empty_messages_are_refused_with_nothing_stored(cast, settings):
    settings.SPACES_MESSAGE_MAX_LENGTH = 20
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    await member.send(action="send", text="x" * 21, client_id="long")
    error = await member.next("error")
    assert (error["code"], error["client_id"]) == ("too_long", "long")
    assert "20" in error["message"]
    await member.send(action="send", text="   ", client_id="blank")
    assert (await member.next("error"))["code"] == "empty"
    assert await in_thread(stored)(room) == []
    await member.close()


async def test_the_message_rate_is_per_person_across_connections(cast, settings):
    settings.SPACES_MESSAGE_RATE = "2/60"
    room = cast.rooms["private"]
    first = await open_room(cast.user("member"), room)
    second = await open_room(cast.user("member"), room)  # another tab: the same budget
    await first.send(action="send", text="un", client_id="1")
    await first.next("ack")
    await second.send(action="send", text="deux", client_id="2")
    await second.next("ack")
    await second.send(action="send", text="trois", client_id="3")
    error = await second.next("error")
    assert (error["code"], error["client_id"]) == ("rate_limited", "3")
    assert await in_thread(stored)(room) == ["un", "deux"]
    await first.close()
    await second.close()


async def test_error_messages_follow_the_page_language(cast, settings):
    settings.SPACES_MESSAGE_MAX_LENGTH = 5
    english = await open_room(cast.user("member"), cast.rooms["private"], query="?lang=en")
    await english.send(action="send", text="trop long", client_id="e")
    assert "too long" in (await english.next("error"))["message"]
    await english.close()


# --- Exactly once, in order --------------------------------------------------------------------------------


async def test_resume_sends_what_was_missed_once_in_order_then_says_so(cast):
    room = cast.rooms["private"]
    manager = cast.user("manager")
    member = await open_room(cast.user("member"), room)
    await in_thread(actions.post_message)(manager, room, text="un")
    seen = (await member.messages(1))[-1]["version"]
    await member.close()

    # While the member is away: two new messages and an edit of one they already had.
    first = await in_thread(Message.objects.get)(room=room, seq=1)
    await in_thread(actions.post_message)(manager, room, text="deux")
    await in_thread(actions.edit_message)(manager, first, text="un (corrigé)")
    await in_thread(actions.post_message)(manager, room, text="trois")

    member = await open_room(cast.user("member"), room, query=f"?after={seen}")
    assert member.ready["last_seq"] == 4
    await in_thread(actions.post_message)(manager, room, text="quatre")  # live, after the resume
    frames = [await member.next("message", "resumed") for _ in range(5)]

    # "quatre" is posted while the replay reads the database (on PostgreSQL the rooms' database threads run
    # side by side): the replay may include it, or it comes live after "resumed" — each version once, in order.
    changes = [(f["version"], f["message"]["text"]) for f in frames if f["type"] == "message"]
    assert changes == [(2, "deux"), (3, "un (corrigé)"), (4, "trois"), (5, "quatre")]
    (resumed,) = [index for index, f in enumerate(frames) if f["type"] == "resumed"]
    assert resumed in (3, 4)
    assert frames[resumed] == {"type": "resumed", "last_seq": frames[resumed - 1]["version"]}
    await member.close()


async def test_the_resume_action_sends_what_the_connection_has_not_sent_yet(cast):
    room = cast.rooms["private"]
    manager = cast.user("manager")
    await in_thread(actions.post_message)(manager, room, text="un")
    await in_thread(actions.post_message)(manager, room, text="deux")
    member = await open_room(cast.user("member"), room)
    await in_thread(actions.post_message)(manager, room, text="trois")
    assert (await member.next("message"))["version"] == 3  # live, before the client resumes
    await member.send(action="resume", after=1)
    frames = [await member.next("message", "resumed") for _ in range(2)]
    assert [(f["type"], f.get("version")) for f in frames] == [("message", 2), ("resumed", None)]
    assert frames[-1]["last_seq"] == 3
    await member.send(action="resume", after="x")
    assert (await member.next("error"))["code"] == "invalid"
    await member.close()


async def test_a_live_event_is_never_sent_twice_even_when_the_client_resumes_after(cast):
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    await in_thread(actions.post_message)(cast.user("manager"), room, text="un")
    assert [f["version"] for f in await member.messages(1)] == [1]
    await member.send(action="resume", after=0)
    assert (await member.next("message", "resumed"))["type"] == "resumed"
    await member.close()


async def test_a_lost_broadcast_is_filled_from_the_database_before_anything_newer(cast):
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    layer = channel_layers.backends["default"]
    # The next broadcast goes to a layer nobody listens to: the event is lost, as with a full channel
    # or a Redis hiccup. The message itself is committed.
    channel_layers.backends["default"] = InMemoryChannelLayer()
    await in_thread(actions.post_message)(cast.user("manager"), room, text="perdu")
    channel_layers.backends["default"] = layer
    assert await member.messages() == []

    await in_thread(actions.post_message)(cast.user("manager"), room, text="suivant")
    frames = await member.messages(2)
    assert [(f["version"], f["message"]["text"]) for f in frames] == [(1, "perdu"), (2, "suivant")]
    await member.close()
