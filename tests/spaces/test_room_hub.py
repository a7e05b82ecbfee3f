"""The process's room hubs: one layer subscription per room, frames encoded once, gaps filled once, presence
debounced into deltas."""

import asyncio
import logging

import pytest
from channels.db import database_sync_to_async as in_thread
from channels.layers import InMemoryChannelLayer, channel_layers, get_channel_layer

from spaces import actions
from spaces.consumers import group_joins, hub, presence_writer, room_calls
from spaces.consumers.presence_frames import PRESENCE_INTERVAL_S, PresenceFrames
from spaces.models import RoomPresence
from spaces.realtime import room_group
from tests.spaces.ws_clients import open_room


@pytest.fixture(autouse=True)
def fresh_layers():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


IDS = {"Ada": 1, "Bea": 2, "Cyd": 3, "Dan": 4, "Eve": 5}


def person(name):
    return {"id": IDS[name], "name": name}


def people(*names):
    return [person(name) for name in names]


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_connections_of_one_room_share_one_subscription_and_one_encoding(cast, monkeypatch):
    room = cast.rooms["private"]
    added, discarded, encoded = [], [], []
    layer_class = type(get_channel_layer())  # in-memory, or Redis on the services lane
    add_many, group_discard, encode = group_joins.group_add_many, layer_class.group_discard, hub.encode

    async def counted_add(layer, pairs):  # every join of the process goes through it (batched)
        added.extend(group for group, _ in pairs)
        await add_many(layer, pairs)

    async def counted_discard(layer, group, channel):
        discarded.append(group)
        await group_discard(layer, group, channel)

    def counted_encode(frame):
        encoded.append(frame["type"])
        return encode(frame)

    monkeypatch.setattr(group_joins, "group_add_many", counted_add)
    monkeypatch.setattr(layer_class, "group_discard", counted_discard)
    monkeypatch.setattr(hub, "encode", counted_encode)
    clients = [
        await open_room(cast.user(name), room) for name in ("member", "manager", "member")
    ]  # two tabs of one person
    groups = [room_group(room.pk), f"user.{cast.user('member').pk}", f"user.{cast.user('manager').pk}"]
    assert sorted(added) == sorted(groups)  # one subscription per group for the process

    await in_thread(actions.post_message)(cast.user("manager"), room, text="Une fois")
    texts = [[frame["message"]["text"] for frame in await client.messages(1)] for client in clients]
    assert texts == [["Une fois"]] * 3
    assert encoded.count("message") == 1  # one JSON text for the three sockets

    for client in clients:
        await client.close()
    assert sorted(discarded) == sorted(groups)  # the last connection gone, the hubs left their groups


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_lost_broadcast_is_logged_counted_and_filled_once_for_the_process(cast, monkeypatch, caplog):
    room = cast.rooms["private"]
    clients = [await open_room(cast.user(name), room) for name in ("member", "manager")]
    reads = []
    messages_after = room_calls.messages_after

    def counted(room, version):
        reads.append(version)
        return messages_after(room, version)

    monkeypatch.setattr(room_calls, "messages_after", counted)
    monkeypatch.setattr(hub, "GAP_WAIT_S", 0.05)
    drops = hub.live_stats["live_drops"]
    layer = channel_layers.backends["default"]
    channel_layers.backends["default"] = InMemoryChannelLayer()  # nobody listens: the broadcast is lost
    await in_thread(actions.post_message)(cast.user("manager"), room, text="perdu")
    channel_layers.backends["default"] = layer

    with caplog.at_level(logging.INFO, logger="spaces.live"):
        await in_thread(actions.post_message)(cast.user("manager"), room, text="suivant")
        for client in clients:
            frames = await client.messages(2)
            assert [(f["version"], f["message"]["text"]) for f in frames] == [(1, "perdu"), (2, "suivant")]
    assert reads == [0]  # one database read for the two connections
    assert hub.live_stats["live_drops"] == drops + 1
    lines = [
        (record.levelname, record.getMessage()) for record in caplog.records if record.name == "spaces.live"
    ]
    assert [level for level, _ in lines] == ["WARNING", "INFO"]
    assert lines[0][1].startswith("live drop")
    assert lines[1][1].startswith("gap fill")
    for client in clients:
        await client.close()


class Listener:
    def __init__(self):
        self.versions = []

    def room_message(self, version, text):
        self.versions.append(version)


@pytest.mark.asyncio
async def test_events_that_cross_on_the_way_are_reordered_without_reading_the_database(monkeypatch):
    reads = []
    monkeypatch.setattr(hub, "database_call", lambda function: reads.append(function))
    room_hub = hub.RoomHub(local=None, group="room.1", room_id=1)
    listener = Listener()
    room_hub.listeners.add(listener)
    for version in (1, 3, 4, 2, 2, 5):  # 2 comes late, then twice
        room_hub._message(version, {"id": version})
    assert listener.versions == [1, 2, 3, 4, 5]
    assert room_hub.gap_timer is None
    assert not room_hub.held
    await asyncio.sleep(hub.GAP_WAIT_S + 0.05)
    assert reads == []


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_presence_frames_are_deltas_at_most_one_per_interval():
    clock = Clock()
    frames = PresenceFrames(people("Ada"), interval=1.0, clock=clock)
    assert frames.changed([person("Bea")]) == 0.0  # quiet until now: at once
    assert frames.frame(people("Ada", "Bea")) == {
        "type": "presence",
        "joined": [{"id": 2, "name": "Bea"}],
        "left": [],
    }

    clock.now += 0.25
    assert frames.changed([person("Cyd")]) == pytest.approx(0.75)
    assert frames.changed() is None  # Bea left: a frame is already due, no other
    assert frames.changed([person("Dan")]) is None
    assert frames.changed() is None  # Ada left
    clock.now += 0.75
    assert frames.frame(people("Cyd", "Dan")) == {
        "type": "presence",
        "joined": [{"id": 3, "name": "Cyd"}, {"id": 4, "name": "Dan"}],
        "left": [1, 2],
    }
    clock.now += 5
    assert frames.changed([person("Eve")]) == 0.0
    assert frames.changed() is None  # Eve came and went before the frame
    assert frames.frame(people("Cyd", "Dan")) == {"type": "presence", "joined": [], "left": [5]}
    assert frames.changed() == pytest.approx(1.0)
    assert frames.frame(people("Cyd", "Dan")) is None  # nothing changed: nothing sent


def test_past_the_list_size_presence_frames_only_count(settings):
    settings.SPACES_PRESENCE_LIST_MAX = 2
    clock = Clock()
    frames = PresenceFrames(people("Ada", "Bea"), interval=1.0, clock=clock)
    frames.changed([person("Cyd")])
    assert frames.frame(people("Ada", "Bea", "Cyd")) == {"type": "presence", "count": 3}
    clock.now += 2
    frames.changed([person("Dan")])
    assert frames.frame(people("Ada", "Bea", "Dan")) is None  # still three: no frame
    clock.now += 2
    frames.changed()
    assert frames.frame(people("Ada", "Dan")) == {"type": "presence", "online": people("Ada", "Dan")}


@pytest.mark.asyncio
async def test_the_room_hub_keeps_the_connections_from_events_and_re_reads(monkeypatch):
    """Presence events name a connection; the hub's list is the people of its connections, and a re-read
    of the database forgets what events left behind without undoing what changed while it read."""
    room_hub = hub.RoomHub(local=None, group="room.1", room_id=1)
    room_hub.presence = PresenceFrames([])
    monkeypatch.setattr(room_hub, "_presence_changed", lambda joined=(): None)

    def event(came=None, went=()):
        return {"type": "room.presence", "payload": {"room": 1, "came": came or {}, "went": list(went)}}

    await room_hub.handle(event({"a": person("Ada"), "a2": person("Ada")}))  # a second tab
    await room_hub.handle(event({"b": person("Bea")}))
    await room_hub.handle(event(went=["a"]))
    assert room_hub.online() == people("Ada", "Bea")  # Ada still has a tab open
    assert room_hub.roster("c", person("Cyd")) == {"online": people("Ada", "Bea", "Cyd")}  # not yet announced

    room_hub.touched = set()  # a re-read starts; meanwhile Dan comes and Bea goes
    await room_hub.handle(event({"d": person("Dan")}, went=["b"]))
    # The database, read before those two, has Bea but not Dan; a2's process died (no row) and a row of
    # Eve's whose event was lost.
    room_hub.resync({"b": person("Bea"), "e": person("Eve")})
    assert room_hub.online() == people("Dan", "Eve")


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_burst_of_joins_does_not_send_one_presence_frame_per_join(cast):
    room = cast.rooms["public"]
    first = await open_room(cast.user("manager"), room)
    others = [await open_room(cast.user(name), room) for name in ("member", "outsider", "member", "staff")]
    await asyncio.sleep(PRESENCE_INTERVAL_S + 0.3)
    presence = [frame for frame in await first.frames() if frame["type"] == "presence"]
    # At most one at once and one a second later for the burst (the hub may also announce the first
    # connection's own arrival): never one per join.
    assert len(presence) <= 3, presence
    online = {person["id"] for person in first.ready["online"]}
    for frame in presence:
        online |= {person["id"] for person in frame["joined"]}
        online -= set(frame["left"])
    assert online == {cast.user(name).pk for name in ("manager", "member", "outsider", "staff")}
    for client in (first, *others):
        await client.close()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_connection_too_far_behind_is_closed_to_resume_and_the_drop_is_logged(
    cast, monkeypatch, caplog
):
    room = cast.rooms["private"]
    slow = await open_room(cast.user("member"), room)
    monkeypatch.setattr("spaces.consumers.rooms.OUTBOX_MAX", 0)  # any live frame finds it "full"
    drops = hub.live_stats["live_drops"]
    with caplog.at_level(logging.WARNING, logger="spaces.live"):
        await in_thread(actions.post_message)(cast.user("manager"), room, text="trop tard")
        assert await slow.closed_with() == 1013  # "try again later": the page reconnects with ?after=
    assert hub.live_stats["live_drops"] == drops + 1
    assert any(record.getMessage().startswith("live drop") for record in caplog.records)


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_a_dropped_last_message_is_filled_by_the_hubs_audit(cast):
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    group = room_group(room.pk)
    # Hubs of earlier tests' event loops may still be listed (a loop per test): this room's is the one.
    (room_hub,) = [local.hubs[group] for local in hub._locals.values() if group in local.hubs]
    layer = channel_layers.backends["default"]
    channel_layers.backends["default"] = InMemoryChannelLayer()  # the room's last message is lost live
    await in_thread(actions.post_message)(cast.user("manager"), room, text="dernier")
    channel_layers.backends["default"] = layer
    drops = hub.live_stats["live_drops"]

    versions = await in_thread(room_calls.last_versions)([room.pk])
    await room_hub.audit(versions[room.pk])  # seen once: it may still be on its way
    assert await member.messages() == []
    await room_hub.audit(versions[room.pk])  # still not delivered an audit later: dropped
    assert [frame["message"]["text"] for frame in await member.messages(1)] == ["dernier"]
    assert hub.live_stats["live_drops"] == drops + 1
    await member.close()


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_connections_are_recorded_present_in_batches(cast, monkeypatch):
    """A burst of connections is one write; a connection gone before its batch is never written; the rows
    follow the connections."""
    room = cast.rooms["public"]
    batches = []
    record = room_calls.record_presence

    def counted(arrivals, departures):
        batches.append(([a.channel_name for a in arrivals], [channel for _, channel in departures]))
        record(arrivals, departures)

    monkeypatch.setattr(room_calls, "record_presence", counted)
    names = ("manager", "member", "outsider", "staff")
    clients = [await open_room(cast.user(name), room) for name in names]
    await presence_writer.writer().flushed()
    rows = await in_thread(
        lambda: set(RoomPresence.objects.filter(room=room).values_list("user_id", flat=True))
    )()
    assert rows == {cast.user(name).pk for name in names}
    assert len(batches) <= 2  # connections opened one after the other within a batch's wait: not one each

    writer = presence_writer.writer()
    writer.arrive(room.pk, {"id": cast.user("member").pk, "name": "Brief"}, "room!brief")
    writer.depart(room.pk, "room!brief")  # gone before its batch: neither written nor announced
    for client in clients:
        await client.close()
    await writer.flushed()
    assert all("room!brief" not in arrived + departed for arrived, departed in batches)
    assert not await in_thread(RoomPresence.objects.filter(room=room).exists)()
