"""Presence: who has the room open right now, across every server process (rows in the database).

The consumer calls :func:`enter` on connect, :func:`refresh` on each ping and :func:`leave` on disconnect.
``enter`` checks that the person may read the room (:func:`do_enter` records it, trusting its caller);
``refresh`` and ``leave`` only touch the rows of a connection already let in, so they are trusted writers.
``enter`` and ``leave`` publish ``room.presence`` ``{"room", "online"}`` to the room's group on commit.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from spaces import access, limits
from spaces.models import RoomPresence
from spaces.realtime import publish_to_room


def online(room_id: int) -> list[dict]:
    """``[{"id", "name"}]`` of the people with the room open (each once), by name."""
    since = timezone.now() - timedelta(seconds=limits.presence_ttl())
    rows = RoomPresence.objects.filter(room_id=room_id, seen_at__gte=since).select_related("user")
    people = {row.user_id: row.user.get_full_name() for row in rows}
    return sorted(
        ({"id": pk, "name": name} for pk, name in people.items()), key=lambda p: (p["name"], p["id"])
    )


def _announce(room_id: int) -> None:
    transaction.on_commit(
        lambda: publish_to_room(room_id, "room.presence", {"room": room_id, "online": online(room_id)})
    )


def enter(user, room, channel_name: str) -> list[dict]:
    """Record that ``user``, who may read ``room``, has it open on ``channel_name``; returns who is online."""
    if not access.can_view_room(user, room):
        raise PermissionDenied
    return do_enter(user, room, channel_name)


@transaction.atomic
def do_enter(user, room, channel_name: str) -> list[dict]:
    now = timezone.now()
    # Rows a crashed process left behind stop mattering after the TTL; clear the room's old ones now and then.
    RoomPresence.objects.filter(
        room=room, seen_at__lt=now - timedelta(seconds=limits.presence_ttl())
    ).delete()
    RoomPresence.objects.update_or_create(
        channel_name=channel_name, defaults={"room": room, "user": user, "seen_at": now}
    )
    _announce(room.pk)
    return online(room.pk)


def refresh(channel_name: str) -> None:
    RoomPresence.objects.filter(channel_name=channel_name).update(seen_at=timezone.now())


@transaction.atomic
def leave(channel_name: str) -> None:
    rows = list(RoomPresence.objects.filter(channel_name=channel_name).values_list("room_id", flat=True))
    RoomPresence.objects.filter(channel_name=channel_name).delete()
    for room_id in rows:
        _announce(room_id)
