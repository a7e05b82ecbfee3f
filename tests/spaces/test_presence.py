"""Presence: connections recorded and forgotten, the TTL of a dead process's rows, and what is published."""

import pytest

from spaces.actions import presence
from spaces.models import RoomPresence
from spaces.realtime import room_group
from tests.support.channels import GroupListener

pytestmark = pytest.mark.django_db


def arrive(user, room, channel_name):
    presence.do_record([presence.Arrival(room.pk, presence.person(user), channel_name)], [])


def leave(room, channel_name):
    presence.do_record([], [(room.pk, channel_name)])


def test_presence_across_connections(cast, settings):
    room = cast.rooms["private"]
    member, manager = cast.user("member"), cast.user("manager")
    arrive(member, room, "chan-a")
    arrive(member, room, "chan-b")  # a second tab
    arrive(manager, room, "chan-c")
    assert presence.room_roster(room.pk)["online"] == [
        {"id": manager.pk, "name": "manager"},
        {"id": member.pk, "name": "member"},
    ]
    leave(room, "chan-a")
    assert [p["id"] for p in presence.room_roster(room.pk)["online"]] == [manager.pk, member.pk]
    leave(room, "chan-b")
    assert [p["id"] for p in presence.room_roster(room.pk)["online"]] == [manager.pk]
    # A connection whose process died stops counting after the TTL...
    RoomPresence.objects.filter(channel_name="chan-c").update(seen_at="2020-01-01T00:00:00Z")
    assert presence.room_roster(room.pk)["online"] == []
    presence.refresh("chan-c")
    assert [p["id"] for p in presence.room_roster(room.pk)["online"]] == [manager.pk]
    # ...and its row goes with the room's next departure.
    arrive(member, room, "chan-e")
    RoomPresence.objects.filter(channel_name="chan-c").update(seen_at="2020-01-01T00:00:00Z")
    leave(room, "chan-e")
    assert not RoomPresence.objects.filter(room=room).exists()


def test_a_roster_names_who_is_online_until_the_room_is_crowded(settings):
    settings.SPACES_PRESENCE_LIST_MAX = 2
    bea, ada = {"id": 2, "name": "Bea"}, {"id": 1, "name": "Ada"}
    connections = {"a": bea, "b": ada, "c": {"id": 2, "name": "Bea"}}  # Bea has two tabs open
    assert presence.roster(connections) == {"online": [ada, bea]}  # each person once, by name
    assert presence.roster({}) == {"online": []}
    assert presence.roster({**connections, "d": {"id": 3, "name": "Cyd"}}) == {"count": 3}


def test_presence_is_recorded_in_batches_and_publishes_the_changes(cast, django_capture_on_commit_callbacks):
    room, member, manager = cast.rooms["private"], cast.user("member"), cast.user("manager")
    listener = GroupListener(room_group(room.pk))
    arrivals = [
        presence.Arrival(room.pk, presence.person(member), "chan-a"),
        presence.Arrival(room.pk, presence.person(manager), "chan-b"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        presence.do_record(arrivals, [])
    assert [p["id"] for p in presence.room_roster(room.pk)["online"]] == [manager.pk, member.pk]
    with django_capture_on_commit_callbacks(execute=True):
        presence.do_record([], [(room.pk, "chan-a")])
    assert [p["id"] for p in presence.room_roster(room.pk)["online"]] == [manager.pk]
    # The changes, never the whole list: the room's hubs keep the list (spaces.consumers.hub).
    assert [event["payload"] for event in listener.events()] == [
        {
            "room": room.pk,
            "came": {
                "chan-a": {"id": member.pk, "name": "member"},
                "chan-b": {"id": manager.pk, "name": "manager"},
            },
            "went": [],
        },
        {"room": room.pk, "came": {}, "went": ["chan-a"]},
    ]
