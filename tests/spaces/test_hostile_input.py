"""A hostile client on the room socket: script tags, oversized frames, malformed JSON, unknown actions, wrong
types, floods. Each gets a clear error frame, nothing is stored that should not be, and the server keeps
serving the other people in the room meanwhile."""

import json

import pytest
from channels.db import database_sync_to_async as in_thread
from channels.layers import channel_layers

from spaces import actions
from spaces.models import Message
from spaces.serializers import serialize
from tests.spaces.ws_clients import communicator, open_room

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)> <a href="javascript:alert(1)">clic</a>'


@pytest.fixture(autouse=True)
def fresh_layers():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def stored_texts(room) -> list[str]:
    return list(Message.objects.filter(room=room).order_by("seq").values_list("text", flat=True))


async def test_markup_is_stored_as_typed_and_only_ever_rendered_escaped(cast):
    room = cast.rooms["private"]
    attacker, victim = await open_room(cast.user("member"), room), await open_room(cast.user("manager"), room)
    await attacker.send(action="send", text=SCRIPT, client_id="s")
    (frame,) = await victim.messages(1)

    html = frame["message"]["html"]
    assert "<script" not in html
    assert "<img" not in html
    assert "<a " not in html  # a javascript: link is never made a link
    assert "&lt;script&gt;" in html
    assert (
        frame["message"]["text"] == SCRIPT
    )  # raw text only for the author's edit box; never inserted as HTML
    assert await in_thread(stored_texts)(room) == [SCRIPT]
    # The HTTP side renders from the same serializer: a page of history is escaped the same way.
    message = await in_thread(Message.objects.select_related("author", "reply_to__author").get)(room=room)
    assert "<script" not in (await in_thread(serialize)(message))["html"]

    await attacker.send(action="edit", id=frame["message"]["id"], text='"><svg onload=alert(1)>')
    (edited,) = await victim.messages(1)
    assert "<svg" not in edited["message"]["html"]
    await attacker.close()
    await victim.close()


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("{not json", "invalid_json"),
        ("[1, 2, 3]", "invalid_json"),
        ('"send"', "invalid_json"),
        ("null", "invalid_json"),
        ('{"text": "no action"}', "unknown_action"),
        ('{"action": "drop_table"}', "unknown_action"),
        ('{"action": "__init__"}', "unknown_action"),
        ('{"action": "send", "text": 42}', "invalid"),
        ('{"action": "send", "text": "ok", "reply_to": "abc"}', "invalid"),
        ('{"action": "send", "text": "ok", "reply_to": true}', "invalid"),
        ('{"action": "edit", "id": -1, "text": "x"}', "invalid"),
        ('{"action": "delete"}', "invalid"),
        ('{"action": "read", "seq": {"$gt": 0}}', "invalid"),
        ('{"action": "resume", "after": [1]}', "invalid"),
        ('{"action": "send", "text": "ok", "client_id": "' + "c" * 65 + '"}', "invalid"),
    ],
)
async def test_malformed_frames_get_a_clear_error_and_change_nothing(cast, raw, code):
    room = cast.rooms["private"]
    client = await open_room(cast.user("member"), room)
    await client.send_raw(raw)
    error = await client.next("error")
    assert error["code"] == code
    assert error["message"]  # a sentence for people, not only a code
    await client.send(action="ping")
    assert (await client.next("pong"))["type"] == "pong"  # the connection goes on
    assert await in_thread(stored_texts)(room) == []
    await client.close()


async def test_binary_frames_are_refused(cast):
    client = await open_room(cast.user("member"), cast.rooms["private"])
    await client.ws.send_to(bytes_data=b"\x00\x01binary")
    assert (await client.next("error"))["code"] == "invalid_json"
    await client.close()


async def test_an_oversized_frame_is_refused_before_it_is_read(cast, settings):
    settings.SPACES_MAX_FRAME_BYTES = 1024
    room = cast.rooms["private"]
    client = await open_room(cast.user("member"), room)
    # Over the limit in bytes though not in characters: measured as UTF-8, before any parsing.
    frame = json.dumps({"action": "send", "text": "é" * 600, "client_id": "big"}, ensure_ascii=False)
    assert len(frame) < 1024 < len(frame.encode())
    await client.send_raw(frame)
    error = await client.next("error")
    assert error["code"] == "too_large"
    assert "1024" in error["message"]
    await client.send_raw("{" * 5000)  # not even valid JSON: still refused for its size first
    assert (await client.next("error"))["code"] == "too_large"
    await client.ws.send_to(bytes_data=b"x" * 5000)
    assert (await client.next("error"))["code"] == "too_large"
    assert await in_thread(stored_texts)(room) == []
    await client.close()


async def test_a_flood_is_refused_without_storing_it_and_others_are_still_served(cast, settings):
    settings.SPACES_FRAME_RATE = "10/60"
    settings.SPACES_MESSAGE_RATE = "5/60"
    room = cast.rooms["private"]
    flooder = await open_room(cast.user("member"), room)
    bystander = await open_room(cast.user("manager"), room)

    for index in range(40):
        await flooder.send(action="send", text=f"spam {index}", client_id=f"spam-{index}")
    # Every frame is answered, acknowledged or refused, never silently dropped.
    replies = [await flooder.next("ack", "error") for _ in range(40)]
    assert [f for f in await flooder.frames() if f["type"] in {"ack", "error"}] == []
    acked = [reply["client_id"] for reply in replies if reply["type"] == "ack"]
    refused = [reply for reply in replies if reply["type"] == "error"]
    assert acked == [f"spam-{index}" for index in range(5)]  # the person's message rate
    assert {reply["code"] for reply in refused} == {"rate_limited"}  # the message rate, then the frame rate
    assert await in_thread(stored_texts)(room) == [f"spam {index}" for index in range(5)]

    # Meanwhile the room works for everyone else.
    await bystander.frames()
    await in_thread(actions.post_message)(cast.user("guest"), room, text="Toujours là")
    assert [frame["message"]["text"] for frame in await bystander.messages(1)] == ["Toujours là"]
    await bystander.send(action="ping")
    assert (await bystander.next("pong"))["type"] == "pong"
    await flooder.close()
    await bystander.close()


async def test_typing_floods_are_neither_relayed_nor_stored(cast):
    room = cast.rooms["private"]
    typist, other = await open_room(cast.user("member"), room), await open_room(cast.user("manager"), room)
    await other.frames()
    for _ in range(30):
        await typist.send(action="typing")
    assert (await other.next("typing"))["user"]["name"] == "member"
    assert [frame for frame in await other.frames(timeout=0.5) if frame["type"] == "typing"] == []
    await typist.close()
    await other.close()


async def test_a_client_cannot_speak_for_someone_else(cast):
    room = cast.rooms["private"]
    client = await open_room(cast.user("member"), room)
    await client.send(
        action="send", text="Je suis le gérant", author={"id": cast.user("manager").pk}, client_id="a"
    )
    (frame,) = await client.messages(1)
    assert frame["message"]["author"]["id"] == cast.user("member").pk
    await client.close()


async def test_the_notification_socket_answers_garbage_with_an_error_and_stays_open(cast):
    ws = await communicator(cast.user("member"), "/ws/notifications/")
    assert (await ws.connect())[0]
    assert (await ws.receive_json_from(timeout=10))["type"] == "hello"
    for garbage in ("{not json", "x" * 100_000):
        await ws.send_to(text_data=garbage)
        assert await ws.receive_json_from(timeout=10) == {"type": "error", "error": "read_only_channel"}
    await ws.send_to(bytes_data=b"\x00")
    assert await ws.receive_json_from(timeout=10) == {"type": "error", "error": "read_only_channel"}
    await ws.disconnect()


# --- Frames that once crashed the connection (close 1011): each gets an error frame, the connection goes on --


async def assert_still_usable(client) -> None:
    await client.send(action="ping")
    assert (await client.next("pong"))["type"] == "pong"


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 30_000 + "]" * 30_000,  # 60 KB of nested arrays: deeper than Python's recursion limit
        '{"a":' * 10_000 + "1" + "}" * 10_000,  # 60 KB of nested objects
        '{"action": "send", "text": "x", "client_id": ' + "[" * 20_000 + "]" * 20_000 + "}",
    ],
)
async def test_deeply_nested_json_is_refused_as_unreadable(cast, raw):
    client = await open_room(cast.user("member"), cast.rooms["private"])
    await client.send_raw(raw)
    assert (await client.next("error"))["code"] == "invalid_json"
    await assert_still_usable(client)
    await client.close()


@pytest.mark.parametrize(
    "raw",
    [
        '{"action": "send", "text": "avant \\ud800 après", "client_id": "s"}',  # a lone surrogate, escaped
        '{"action": "send", "text": "\\udfff", "client_id": "s"}',
        '{"action": "send", "text": "nul \\u0000 ici", "client_id": "s"}',  # PostgreSQL cannot store NUL
        '{"action": "send", "text": "ok", "client_id": "\\ud83d"}',  # echoed back in the error frame
        '{"action": "send", "text": "ok", "client_id": "a\\u0000"}',
        '{"action": "send", "text": "texte \ud800 brut", "client_id": "s"}',  # the character itself
    ],
)
async def test_text_that_cannot_be_stored_or_sent_back_is_refused(cast, raw):
    room = cast.rooms["private"]
    client = await open_room(cast.user("member"), room)
    await client.send_raw(raw)
    error = await client.next("error")
    assert error["code"] == "invalid"
    assert error.get("client_id") in (None, "s")
    await assert_still_usable(client)
    # An emoji is a surrogate *pair* in JSON: that one is fine.
    await client.send_raw('{"action": "send", "text": "bravo \\ud83d\\udc1d", "client_id": "ok"}')
    assert (await client.next("ack"))["client_id"] == "ok"
    assert await in_thread(stored_texts)(room) == ["bravo 🐝"]
    await client.close()


async def test_editing_with_text_that_cannot_be_stored_is_refused(cast):
    room = cast.rooms["private"]
    client = await open_room(cast.user("member"), room)
    await client.send(action="send", text="premier jet", client_id="a")
    message_id = (await client.next("ack"))["id"]
    await client.send_raw(f'{{"action": "edit", "id": {message_id}, "text": "\\ud800"}}')
    assert (await client.next("error"))["code"] == "invalid"
    await assert_still_usable(client)
    assert await in_thread(stored_texts)(room) == ["premier jet"]
    await client.close()


HUGE = "9" * 5000  # over Python's int conversion limit (4,300 digits)


@pytest.mark.parametrize(
    "raw",
    [
        '{"action": "resume", "after": "' + HUGE + '"}',
        '{"action": "resume", "after": ' + HUGE + "}",
        '{"action": "resume", "after": ' + "9" * 4000 + "}",  # an int Python reads, no database can
        '{"action": "resume", "after": 9223372036854775808}',  # one over the largest database integer
        '{"action": "read", "seq": 100000000000000000000}',
        '{"action": "delete", "id": 100000000000000000000}',
        '{"action": "edit", "id": "100000000000000000000", "text": "x"}',
        '{"action": "send", "text": "x", "reply_to": 100000000000000000000}',
        '{"action": "resume", "after": "²"}',  # a digit to str.isdigit, not to int()
        '{"action": "resume", "after": "١٢"}',  # Arabic-Indic digits: not a number of this protocol
        '{"action": "resume", "after": " 1"}',
    ],
)
async def test_numbers_out_of_range_are_refused(cast, raw):
    client = await open_room(cast.user("member"), cast.rooms["private"])
    await client.send_raw(raw)
    assert (await client.next("error"))["code"] in ("invalid", "invalid_json")
    await assert_still_usable(client)
    await client.close()


async def test_the_largest_database_integer_is_still_a_number(cast):
    client = await open_room(cast.user("member"), cast.rooms["private"])
    await client.send(action="resume", after=2**63 - 1)
    assert (await client.next("resumed", "error"))["type"] == "resumed"
    await client.close()


@pytest.mark.parametrize("after", [HUGE, "9" * 25, "²", "-1", "abc"])
async def test_a_resume_point_in_the_address_that_is_not_a_number_gets_an_error_frame(cast, after):
    client = await open_room(cast.user("member"), cast.rooms["private"], query=f"?after={after}")
    error = await client.next("error")
    assert error["code"] == "invalid"
    await assert_still_usable(client)
    await client.close()
