"""The room consumer's database work: sync functions over the access helpers, actions and history.

The consumer runs each in a thread (``database_sync_to_async``) and gets plain data back, so nothing is
lazily loaded in the event loop. Each action is one call that re-checks access first (:func:`require`) and
then does its work, so a frame costs one hop to the database thread. Refusals come back as
:class:`~spaces.consumers.frames.FrameError` with a protocol code, lost access as :class:`AccessLost`;
permissions are decided by :mod:`spaces.access`, writes done by :mod:`spaces.actions`.
"""

from dataclasses import dataclass
from functools import partial

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from spaces import access, actions, history
from spaces.actions import presence
from spaces.consumers.frames import ERROR_CODES, FrameError
from spaces.models import Message, Room
from spaces.serializers import serialize
from spaces.unread import unread_total

RESUME_BATCH = 200


class AccessLost(Exception):
    """The person may no longer read the room: the consumer closes the connection with 4403."""


@dataclass(frozen=True)
class Joined:
    room: Room
    sees_members: bool
    person: dict  # how presence names the person


def in_language(language: str, function, *args, **kwargs):
    """Run ``function`` with ``language`` active, so the messages of refusals are in the person's language."""
    with translation.override(language):
        try:
            return function(*args, **kwargs)
        except ValidationError as exc:
            code = exc.code if exc.code in ERROR_CODES else "invalid"
            raise FrameError(code, exc.messages[0] if exc.messages else "") from None
        except PermissionDenied:
            raise FrameError("forbidden") from None
        except Message.DoesNotExist:
            raise FrameError("not_found") from None
        except ObjectDoesNotExist:
            # The room or the person is gone (a connection opened with a ticket loads them on first use).
            raise AccessLost from None


def require(user, room: Room, *, post: bool = False) -> None:
    """Every action starts here: AccessLost when the person may no longer read the room, FrameError
    "forbidden" when ``post`` is asked and they may only read it (an archived room)."""
    if not access.can_view_room(user, room):
        raise AccessLost
    if post and not access.can_post(user, room):
        raise FrameError("forbidden")


# --- Connection ------------------------------------------------------------------------------------------


def open_room(authenticate, room_id: int) -> tuple[object, Joined | None]:
    """The person of the handshake's session (``authenticate``, from config.websocket_auth) and :func:`join`'s
    answer, in one database call: a connection without a room ticket (spaces.tickets) makes one hop."""
    user = authenticate()
    return user, join(user, room_id) if user.is_authenticated else None


def same_person(authenticate, user_id: int) -> bool:
    """Whether the handshake's session (``authenticate``, config.websocket_auth) still names ``user_id``: a
    connection opened on a room ticket asks when the ticket expires (a logout since ends it)."""
    user = authenticate() if authenticate else None
    return user is not None and user.is_authenticated and user.pk == user_id


class Lazy(SimpleLazyObject):
    """``model``'s row ``pk``, read on first use, in the database call that first needs it (its ``pk`` needs
    no read): a connection opened with a room ticket holds its room and person so and reads neither on its
    way to ready. The event loop reads only ``pk``."""

    def __init__(self, model, pk: int):
        super().__init__(partial(model._default_manager.get, pk=pk))
        self.__dict__["_known_pk"] = pk  # not through __setattr__, which would read the row

    @property
    def pk(self):
        return self._known_pk


def join(user, room_id: int) -> Joined | None:
    """The room if ``user`` may read it, else None (unknown and forbidden alike). The consumer then hands the
    connection to the presence writer (:mod:`.presence_writer`), which records it with others."""
    try:
        # get(), not first(): no ordering to compile. Nothing related is selected: the event loop reads only
        # the room's id, and the calls that need more load it in their database thread.
        room = Room.objects.get(pk=room_id)
    except Room.DoesNotExist:
        return None
    if not access.can_view_room(user, room):
        return None
    return Joined(room, access.can_see_members(user, room), presence.person(user))


def hub_state(room_id: int) -> tuple[Room, int, dict[str, dict]]:
    """A room hub's start: the room, its last version and its connections (read after the hub joined the
    group, so every later change reaches the hub live).

    Hubs start for a connection that was let in; the hub trusts that check."""
    room = Room.objects.get(pk=room_id)
    return room, room.last_seq, presence.connections([room_id])[room_id]


def last_versions(room_ids: list[int]) -> dict[int, int]:
    """``{room id: last version}``: the hubs' audit, one query for all the rooms of a process."""
    return dict(Room.objects.filter(pk__in=room_ids).values_list("pk", "last_seq"))


def connections(room_ids: list[int]) -> dict[int, dict[str, dict]]:
    """``{room id: {connection: person}}``: the hubs' presence, read again now and then (one query)."""
    return presence.connections(room_ids)


def record_presence(arrivals: list, departures: list) -> None:
    """The presence writer's batch: connections let in by :func:`join`, and connections gone."""
    presence.do_record(arrivals, departures)


def still_allowed(user, room: Room) -> bool | None:
    """After ``access.changed``: None when access is lost, else whether the person sees the member list.

    A suspended account (``is_active`` now false, ``ecosystem.actions.moderation``) loses every room: the
    connection's ``user`` was loaded when it opened, so the flag is read again here.
    """
    try:
        if not get_user_model().objects.filter(pk=user.pk, is_active=True).exists():
            return None
        if not access.can_view_room(user, room):
            return None
        return access.can_see_members(user, room)
    except ObjectDoesNotExist:  # the room or the person (read on first use) is gone
        return None


# --- Reading ---------------------------------------------------------------------------------------------


def messages_after(room: Room, version: int) -> list[tuple[int, dict]]:
    """``(version, serialized message)`` for every message changed after ``version``, in version order.

    Read in batches so a long absence is not one giant query; the caller skips what it already sent.
    """
    changes = []
    while True:
        batch = list(history.messages_after(room, version, limit=RESUME_BATCH))
        changes += [(message.version, serialize(message)) for message in batch]
        if len(batch) < RESUME_BATCH:
            return changes
        version = batch[-1].version


def catch_up(room: Room, version: int) -> tuple[list[tuple[int, dict]], int]:
    """A connection opened with ``?after=version``: what changed after it, and the room's last version read
    before — the client had every version up to the smaller of the two."""
    last_seq = Room.objects.filter(pk=room.pk).values_list("last_seq", flat=True).get()
    return messages_after(room, version), last_seq


def resume(user, room: Room, version: int) -> list[tuple[int, dict]]:
    require(user, room)
    return messages_after(room, version)


# --- Actions ---------------------------------------------------------------------------------------------


def post(user, room: Room, *, text: str, reply_to, client_id: str, access_checked: bool = False) -> dict:
    """Post a message; ``access_checked``: the connection knows the person may post (checked when it opened,
    again at every ``access.changed``), so the access query is skipped. An archived room is still refused by
    the write itself. A plain message then costs one round trip on PostgreSQL (spaces.actions.plain_post)."""
    post_message = actions.do_post_message if access_checked else actions.post_message
    try:
        message = post_message(user, room, text=text, reply_to_id=reply_to, client_id=client_id)
    except PermissionDenied:
        # Only a refusal needs telling apart "lost access" (close) from "read only" (an error frame).
        require(user, room, post=True)
        raise
    return {"id": message.pk, "seq": message.seq, "version": message.version}


def _message_in(room: Room, message_id: int) -> Message:
    return Message.objects.select_related("room").get(room=room, pk=message_id)


def edit(user, room: Room, message_id: int, text: str, *, access_checked: bool = False) -> dict:
    """Edit a message; ``access_checked`` as for :func:`post` (the edit's own rule still reads the room)."""
    if not access_checked:
        require(user, room)
    message = actions.edit_message(user, _message_in(room, message_id), text=text)
    return {"id": message.pk, "version": message.version}


def delete(user, room: Room, message_id: int, *, access_checked: bool = False) -> dict:
    """Delete a message; ``access_checked`` as for :func:`post`."""
    if not access_checked:
        require(user, room)
    message = actions.delete_message(user, _message_in(room, message_id))
    return {"id": message.pk, "version": message.version}


def typing(user, room: Room) -> None:
    require(user, room, post=True)


def read(user, room: Room, seq: int) -> dict:
    require(user, room)
    unread = actions.mark_read(user, room, seq)
    return {"type": "unread", "room": room.pk, "unread": unread, "total": unread_total(user)}


def ping(user, room: Room, channel_name: str) -> int:
    """Presence refreshed; the room's last version, so the client notices a missed last message."""
    require(user, room)
    presence.refresh(channel_name)
    return Room.objects.filter(pk=room.pk).values_list("last_seq", flat=True).get()
