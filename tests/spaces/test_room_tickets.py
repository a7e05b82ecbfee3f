"""Room tickets: the room page's access decision carried to its socket (spaces.tickets).

What a person relies on: the page's socket opens without asking the database again, yet a ticket opens
nothing for another session, another room or after it expired, and a change of access the socket could not
hear about before it joined is caught when the ticket expires."""

import re
import time

import pytest
from channels.db import database_sync_to_async as in_thread
from channels.layers import channel_layers
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from spaces import actions, tickets
from spaces.actions import presence
from spaces.consumers import CLOSE_ACCESS_LOST, CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED, rooms
from spaces.consumers.presence_writer import writer
from spaces.models import Message, RoomPresence
from tests.spaces.ws_clients import open_room, refused, session_cookie


@pytest.fixture(autouse=True)
def fresh_layers():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


def page_ticket(client: Client, room) -> str:
    """The ticket the room page hands its script (``data-ticket``), as a browser would read it."""
    page = client.get(reverse("spaces:room", args=[room.pk]))
    assert page.status_code == 200
    return re.search(r'data-ticket="([^"]*)"', page.content.decode()).group(1)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cookie_and_ticket(user, room) -> tuple[bytes, str]:
    """One browser's session cookie and the ticket its room page carries."""
    client = logged_in(user)
    return f"sessionid={client.cookies['sessionid'].value}".encode(), page_ticket(client, room)


def key_of(cookie: bytes) -> str:
    return cookie.decode().split("=", 1)[1]


async def page_then_socket(user, room):
    """What a browser does: load the room page, open its socket with the page's ticket. The client and the
    session cookie."""
    cookie, ticket = await in_thread(cookie_and_ticket)(user, room)
    return await open_room(user, room, query=f"?ticket={ticket}", cookie=cookie), cookie


# --- The ticket itself ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_room_page_hands_its_socket_a_ticket_for_this_session_and_room(cast):
    member, guest, room = cast.user("member"), cast.user("guest"), cast.rooms["private"]
    cookie, ticket = cookie_and_ticket(member, room)
    redeemed = tickets.redeem(ticket, key_of(cookie), room.pk)
    assert redeemed.person == presence.person(member)
    assert redeemed.sees_members is True
    assert 0 < redeemed.seconds_left() <= tickets.LIFETIME_S
    # A guest's ticket says what the page decided: no member list.
    guest_cookie, guest_ticket = cookie_and_ticket(guest, room)
    assert tickets.redeem(guest_ticket, key_of(guest_cookie), room.pk).sees_members is False
    # Another session of the same person, another room, an altered or an oversized ticket: no answer.
    other_session = key_of(session_cookie(member))
    assert tickets.redeem(ticket, other_session, room.pk) is None
    assert tickets.redeem(ticket, key_of(cookie), cast.rooms["public"].pk) is None
    assert tickets.redeem(ticket, None, room.pk) is None
    altered = ticket[:-1] + ("B" if ticket.endswith("A") else "A")
    assert tickets.redeem(altered, key_of(cookie), room.pk) is None
    assert tickets.redeem("x" * 5000, key_of(cookie), room.pk) is None


@pytest.mark.django_db
def test_an_older_page_of_the_room_carries_no_ticket(cast):
    room, member = cast.rooms["private"], cast.user("member")
    for number in range(3):
        actions.post_message(member, room, text=f"Message {number}", client_id=f"old-{number}")
    page = logged_in(member).get(reverse("spaces:room", args=[room.pk]), {"avant": 2})
    assert 'data-ticket=""' in page.content.decode()


@pytest.mark.django_db
def test_a_ticket_expires(cast, monkeypatch):
    member, room = cast.user("member"), cast.rooms["private"]
    key = key_of(session_cookie(member))
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - tickets.LIFETIME_S - 1)
    old = tickets.issue(key, member, room, sees_members=True)
    monkeypatch.setattr(time, "time", real_time)
    assert tickets.redeem(old, key, room.pk) is None
    assert tickets.redeem(tickets.issue(key, member, room, sees_members=True), key, room.pk) is not None


# --- The socket ------------------------------------------------------------------------------------------


class DatabaseCalls:
    """Counts the room consumer's database calls (each runs as before: this only watches)."""

    def __init__(self, monkeypatch):
        self.names: list[str] = []
        original = rooms.database_call

        def watched(function):
            self.names.append(getattr(function, "__name__", repr(function)))
            return original(function)

        monkeypatch.setattr(rooms, "database_call", watched)


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_socket_with_its_page_ticket_is_ready_without_a_database_call(cast, monkeypatch):
    member, manager, room = cast.user("member"), cast.user("manager"), cast.rooms["private"]
    first = await open_room(manager, room)  # the room's hub is running, as in a busy room
    cookie, ticket = await in_thread(cookie_and_ticket)(member, room)
    calls = DatabaseCalls(monkeypatch)
    client = await open_room(member, room, query=f"?ticket={ticket}", cookie=cookie)
    assert calls.names == []
    assert client.ready["room"] == room.pk
    assert presence.person(member) in client.ready["online"]  # named from the ticket
    # The person and the room are read when an action needs them: a post is the member's, in this room.
    await client.send(action="send", text="Bonjour par ticket", client_id="t-1")
    ack = await client.next("ack")
    message = await in_thread(Message.objects.select_related("author", "room").get)(pk=ack["id"])
    assert (message.author, message.room, message.text) == (member, room, "Bonjour par ticket")
    assert (await first.next("message"))["message"]["text"] == "Bonjour par ticket"
    await writer().flushed()
    present = await in_thread(
        lambda: set(RoomPresence.objects.filter(room=room).values_list("user_id", flat=True))
    )()
    assert present == {member.pk, manager.pk}
    await client.close()
    await first.close()


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_without_a_valid_ticket_the_socket_checks_session_and_access_in_one_call(cast, monkeypatch):
    member, room = cast.user("member"), cast.rooms["private"]
    _, ticket = await in_thread(cookie_and_ticket)(member, room)
    other_cookie = await in_thread(session_cookie)(member)
    calls = DatabaseCalls(monkeypatch)
    # The ticket of another session is no answer: this session is checked, in one call, and lets in.
    client = await open_room(member, room, query=f"?ticket={ticket}", cookie=other_cookie)
    assert calls.names == ["open_room"]
    await client.close()
    # A ticket for this room opens no other room, not even for its own session: there the access decides.
    outsider_cookie, outsider_ticket = await in_thread(cookie_and_ticket)(
        cast.user("outsider"), cast.rooms["public"]
    )
    path = f"/ws/rooms/{room.pk}/?ticket={outsider_ticket}"
    assert await refused(cast.user("outsider"), path, cookie=outsider_cookie) == CLOSE_NOT_FOUND
    # Without a session at all, a ticket lets nobody in.
    assert await refused(None, f"/ws/rooms/{room.pk}/?ticket={ticket}") == CLOSE_UNAUTHENTICATED


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_access_lost_between_the_page_and_its_socket_closes_it_when_the_ticket_expires(
    cast, monkeypatch
):
    monkeypatch.setattr(tickets, "LIFETIME_S", 2.0)
    guest, manager, room = cast.user("guest"), cast.user("manager"), cast.rooms["private"]
    cookie, ticket = await in_thread(cookie_and_ticket)(guest, room)
    # Taken out of the room before the socket listens: its access.changed event reaches no connection.
    await in_thread(actions.remove_from_room)(manager, room, guest)
    client = await open_room(guest, room, query=f"?ticket={ticket}", cookie=cookie)
    assert await client.closed_with(timeout=6) == CLOSE_ACCESS_LOST


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_socket_opened_with_a_ticket_is_cut_at_once_when_access_changes(cast):
    guest, manager, room = cast.user("guest"), cast.user("manager"), cast.rooms["private"]
    client, _ = await page_then_socket(guest, room)
    await in_thread(actions.remove_from_room)(manager, room, guest)
    assert await client.closed_with(timeout=2) == CLOSE_ACCESS_LOST


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_logout_after_the_page_closes_its_socket_when_the_ticket_expires(cast, monkeypatch):
    monkeypatch.setattr(tickets, "LIFETIME_S", 2.0)
    member, room = cast.user("member"), cast.rooms["private"]
    client, cookie = await page_then_socket(member, room)
    await in_thread(lambda: Session.objects.filter(session_key=key_of(cookie)).delete())()  # logged out
    assert await client.closed_with(timeout=6) == CLOSE_UNAUTHENTICATED


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_socket_on_a_ticket_still_valid_at_expiry_stays_open(cast, monkeypatch):
    monkeypatch.setattr(tickets, "LIFETIME_S", 2.0)
    member, room = cast.user("member"), cast.rooms["private"]
    client, _ = await page_then_socket(member, room)
    assert await client.closed_with(timeout=3.5) is None  # checked at 2 s, still allowed
    await client.send(action="ping")
    assert (await client.next("pong"))["type"] == "pong"
    await client.close()
