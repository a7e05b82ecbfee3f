"""Presence: who has the room open right now, across every server process (rows in the database).

One row per open connection (its ``channel_name``, a key the consumer makes up). The room consumer checks
access when it connects (``spaces.consumers.room_calls.join``, through :mod:`spaces.access`, or the room
page's ticket, :mod:`spaces.tickets`) and hands its
arrivals and departures to the process's presence writer, which records them in batches with
:func:`do_record`, trusting that check; :func:`refresh` (each ping) only touches the row of a connection
already let in, so it is a trusted writer.

What is published is the change, not the list: ``room.presence`` ``{"room", "came": {connection: {"id",
"name"}}, "went": [connection, …]}`` on commit. Each process's
room hub keeps the room's connections from these events and reads them again now and then
(:func:`connections`), which also forgets the rows of a process that died. Publishing the whole list at
every join made a room of 200 read and send 200 lists of up to 200 people.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from spaces import limits
from spaces.models import RoomPresence
from spaces.realtime import publish_to_room


def person(user) -> dict:
    """How presence names someone: ``{"id", "name"}``."""
    return {"id": user.pk, "name": user.get_full_name()}


def people(connections: dict[str, dict]) -> list[dict]:
    """The people of ``{connection: person}``, each once (several tabs, several devices), by name."""
    unique = {someone["id"]: someone for someone in connections.values()}
    return sorted(unique.values(), key=lambda someone: (someone["name"], someone["id"]))


def crowded(count: int) -> bool:
    """Past ``SPACES_PRESENCE_LIST_MAX`` people online, a room shows how many, not who."""
    return count > limits.presence_list_max()


def roster(connections: dict[str, dict]) -> dict:
    """Who is online, as a room shows it: ``{"online": [people, by name]}``, or ``{"count": n}`` when the
    room is :func:`crowded` — the room page, the ready frame and the presence frames follow this one rule (a
    ready frame listing 200 names cost each connection of a crowded room its share of 200 × 200)."""
    unique = {someone["id"] for someone in connections.values()}
    return {"count": len(unique)} if crowded(len(unique)) else {"online": people(connections)}


def _since():
    return timezone.now() - timedelta(seconds=limits.presence_ttl())


def connections(room_ids) -> dict[int, dict[str, dict]]:
    """``{room id: {connection: person}}`` for the live rows of ``room_ids`` (one query).

    A row not refreshed for ``SPACES_PRESENCE_TTL`` seconds belongs to a process that died: not counted."""
    found = {room_id: {} for room_id in room_ids}
    rows = RoomPresence.objects.filter(room_id__in=room_ids, seen_at__gte=_since()).select_related("user")
    for row in rows:
        found[row.room_id][row.channel_name] = person(row.user)
    return found


def room_roster(room_id: int) -> dict:
    """:func:`roster` of the room's live connections (one query)."""
    return roster(connections([room_id])[room_id])


def _announce(room_id: int, came: dict[str, dict], went: list[str]) -> None:
    publish_to_room(room_id, "room.presence", {"room": room_id, "came": came, "went": went})


def refresh(channel_name: str) -> None:
    RoomPresence.objects.filter(channel_name=channel_name).update(seen_at=timezone.now())


@dataclass(frozen=True)
class Arrival:
    room_id: int
    person: dict  # as :func:`person` names them
    channel_name: str


@transaction.atomic
def do_record(arrivals: list[Arrival], departures: list[tuple[int, str]]) -> None:
    """Connections that came (already let in) and went, in one insert and one delete, announced per room on
    commit. A process's room connections come here in batches (:mod:`spaces.consumers.presence_writer`): a
    room of 200 opening at once is a few statements, not 200. The rows that crashed processes left in
    those rooms go with the departures."""
    now, came, went = timezone.now(), defaultdict(dict), defaultdict(list)
    if arrivals:
        RoomPresence.objects.bulk_create(
            RoomPresence(channel_name=a.channel_name, room_id=a.room_id, user_id=a.person["id"], seen_at=now)
            for a in arrivals
        )
    for arrival in arrivals:
        came[arrival.room_id][arrival.channel_name] = arrival.person
    for room_id, channel_name in departures:
        went[room_id].append(channel_name)
    if departures:
        RoomPresence.objects.filter(
            Q(channel_name__in=[channel for _, channel in departures])
            | Q(room_id__in=list(went), seen_at__lt=_since())
        ).delete()
    for room_id in came.keys() | went.keys():
        _announce(room_id, came.get(room_id, {}), went.get(room_id, []))
