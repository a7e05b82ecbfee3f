"""Rooms over real ASGI server processes and a real WebSocket client library (``websockets``).

- Scaled mode (``redis``): two uvicorn processes on the Redis channel layer and one database; people connected
  to different processes all receive every message exactly once, in order; a person whose server restarts
  (or is killed) reconnects with the last version they saw and receives exactly what they missed; a killed
  process leaves the room's group within the group expiry; and while both processes run, nothing is dropped
  on the live path: no ``live drop`` line (spaces.live) nor channels_redis "over capacity" line in the
  servers' logs.
- Embedded default: one daphne process on the in-memory layer, the same guarantees.

The servers run on a database of their own (see ``tests/spaces/realtime_servers.py``); people, the room and
their sessions are made there through ``manage.py shell``.
"""

import asyncio
import json
import time
import uuid
from itertools import cycle

import pytest

from tests.spaces.realtime_servers import ServerCluster, server_cluster

TIMEOUT = 20
GROUP_EXPIRY = 10  # seconds: the scaled cluster's CHANNEL_LAYER_GROUP_EXPIRY, short to see a dead process go
DROP_MARKS = ("live drop", "over capacity")

SETUP = """
import json
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from ecosystem.actions.actors import create_actor
from ecosystem.models import ActorKind, User
from spaces import actions
from spaces.models import SpaceMember

people = [User.objects.create_user(f"BATCH{i}@example.org", display_name=f"Personne {i}") for i in range(COUNT)]
host = create_actor(people[0], {"name": "Tiers-lieu des Essais", "kind": ActorKind.THIRD_PLACE})
space = actions.create_space(people[0], host, name="Essais")
room = actions.open_room(people[0], space, name="Coordination", kind="private")
for person in people[1:]:
    SpaceMember.objects.create(space=space, user=person)

def cookie(user):
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

print(json.dumps({"room": room.pk, "cookies": [cookie(person) for person in people]}))
"""


def make_room(cluster: ServerCluster, people: int) -> dict:
    """A private room of a hosted space, ``people`` members with a live session each (new people and a new
    space each time: a cluster serves several tests)."""
    batch = f"p{uuid.uuid4().hex[:8]}-"
    output = cluster.run_python(SETUP.replace("COUNT", str(people)).replace("BATCH", batch))
    return json.loads(output.strip().splitlines()[-1]) | {"batch": batch}


class Person:
    """One browser tab: a real WebSocket connection to one server, collecting what it receives."""

    def __init__(self, name: str, cookie: str, room: int):
        self.name, self.cookie, self.room = name, cookie, room
        self.messages: list[dict] = []  # message frames, in arrival order, across reconnections
        self.acks: list[dict] = []
        self.resumed: list[dict] = []
        self.closed = asyncio.Event()
        self.arrived = asyncio.Event()
        self.connection = None

    async def connect(self, server, *, after: int | None = None) -> dict:
        from websockets.asyncio.client import connect

        query = "" if after is None else f"?after={after}"
        self.closed.clear()
        self.connection = await connect(
            f"{server.ws_url}/ws/rooms/{self.room}/{query}",
            origin=server.url,
            additional_headers=[("Cookie", self.cookie)],
            open_timeout=TIMEOUT,
        )
        ready = json.loads(await asyncio.wait_for(self.connection.recv(), TIMEOUT))
        assert ready["type"] == "ready", ready
        self.reader = asyncio.create_task(self._read())
        return ready

    async def _read(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for raw in self.connection:
                frame = json.loads(raw)
                bucket = {"message": self.messages, "ack": self.acks, "resumed": self.resumed}.get(
                    frame["type"]
                )
                if bucket is not None:
                    bucket.append(frame)
                    self.arrived.set()
        except ConnectionClosed:
            pass
        finally:
            self.closed.set()

    async def send(self, text: str, client_id: str) -> None:
        await self.connection.send(json.dumps({"action": "send", "text": text, "client_id": client_id}))

    async def wait_for(self, condition, what: str) -> None:
        async def until():
            while not condition():
                self.arrived.clear()
                await self.arrived.wait()

        try:
            await asyncio.wait_for(until(), TIMEOUT)
        except TimeoutError:
            raise AssertionError(f"{self.name}: no {what} within {TIMEOUT} s") from None

    @property
    def last_version(self) -> int:
        return max((frame["version"] for frame in self.messages), default=0)

    async def close(self) -> None:
        if self.connection is not None:
            await self.connection.close()
            await self.closed.wait()


def texts(person: Person) -> list[str]:
    return [frame["message"]["text"] for frame in person.messages]


def assert_exactly_once_in_order(person: Person, expected_texts: list[str]) -> None:
    versions = [frame["version"] for frame in person.messages]
    assert versions == sorted(set(versions)), f"{person.name}: versions repeated or out of order: {versions}"
    assert sorted(texts(person)) == sorted(expected_texts), f"{person.name} did not get each message once"


async def exchange(people: list[Person], per_person: int) -> list[str]:
    """Everyone posts ``per_person`` messages at once; returns every text posted."""
    posted = [f"{person.name} n°{index}" for person in people for index in range(per_person)]

    async def post_all(person: Person):
        for index in range(per_person):
            await person.send(f"{person.name} n°{index}", f"{person.name}-{index}")

    await asyncio.gather(*(post_all(person) for person in people))
    for person in people:
        await person.wait_for(lambda p=person: len(p.messages) >= len(posted), f"{len(posted)} messages")
        await person.wait_for(lambda p=person: len(p.acks) >= per_person, f"{per_person} acks")
    await asyncio.sleep(0.3)  # anything extra (a duplicate) would arrive now
    return posted


# --- Scaled mode: two processes, Redis ------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_servers():
    env = {"LOG_LEVEL": "INFO", "CHANNEL_LAYER_GROUP_EXPIRY": str(GROUP_EXPIRY)}
    with server_cluster(2, kind="uvicorn", env=env) as cluster:
        assert cluster.layer == "redis"
        yield cluster


def drop_lines(cluster: ServerCluster) -> list[str]:
    """The servers' log lines that report a message dropped on the live path (ours and channels_redis's)."""
    return [
        line
        for server in cluster.servers
        for line in server.log_path.read_text().splitlines()
        if any(mark in line for mark in DROP_MARKS)
    ]


def processes_in_group(cluster: ServerCluster, room: int) -> int:
    """How many processes have a channel in the room's group that group sends still reach (not expired)."""
    import redis

    key = f"{cluster.env['CHANNEL_LAYER_PREFIX']}:group:room.{room}"
    client = redis.Redis.from_url(cluster.env["REDIS_URL"])
    try:
        members = client.zrangebyscore(key, time.time() - GROUP_EXPIRY, "+inf")
    finally:
        client.close()
    return len({member.decode().split("!")[0] for member in members})


@pytest.mark.redis
@pytest.mark.asyncio
async def test_every_member_gets_every_message_once_in_order_across_processes(two_servers):
    room = make_room(two_servers, 4)
    servers = cycle(two_servers.servers)
    people = [Person(f"P{index}", cookie, room["room"]) for index, cookie in enumerate(room["cookies"])]
    for person in people:
        await person.connect(next(servers))  # P0, P2 on the first process; P1, P3 on the second

    posted = await exchange(people, per_person=10)

    for person in people:
        assert_exactly_once_in_order(person, posted)
        # Each author's messages arrive in the order they were posted.
        for author in people:
            own = [text for text in texts(person) if text.startswith(f"{author.name} ")]
            assert own == [f"{author.name} n°{index}" for index in range(10)]
    # Everyone saw the same history: one order for the room, whatever the process.
    assert len({tuple(texts(person)) for person in people}) == 1
    assert drop_lines(two_servers) == []
    for person in people:
        await person.close()


@pytest.mark.redis
@pytest.mark.asyncio
async def test_a_client_whose_server_restarts_resumes_and_receives_what_it_missed(two_servers):
    room = make_room(two_servers, 2)
    first, second = two_servers.servers
    away = Person("away", room["cookies"][0], room["room"])
    stays = Person("stays", room["cookies"][1], room["room"])
    await away.connect(first)
    await stays.connect(second)
    before = await exchange([stays], per_person=3)
    await away.wait_for(lambda: len(away.messages) == 3, "3 messages")
    seen = away.last_version

    first.stop()  # the process the "away" client is on goes down (SIGTERM, as a deployment does)
    await asyncio.wait_for(away.closed.wait(), TIMEOUT)
    for index in range(5):
        await stays.send(f"pendant n°{index}", f"during-{index}")
    await stays.wait_for(lambda: len(stays.acks) == 8, "acks while the other process is down")
    await asyncio.to_thread(first.start)

    await away.connect(first, after=seen)  # reconnects to the same address, with the last version it saw
    await away.wait_for(lambda: away.resumed, "the resumed frame")
    await stays.send("après", "after")
    await away.wait_for(lambda: len(away.messages) == 9, "the live message after the resume")
    await asyncio.sleep(0.3)

    assert texts(away) == [*before, *(f"pendant n°{index}" for index in range(5)), "après"]
    assert_exactly_once_in_order(away, texts(stays))
    assert away.resumed[-1]["last_seq"] == 8
    # Not asserted here yet (known problem, issue #15): around a process's stop or restart, the surviving
    # process's hub sometimes misses a few versions; the hubs' audit logs them ("live drop") and fills
    # them within seconds, so the exactly-once assertions above hold, but the log is not clean.
    await away.close()
    await stays.close()


@pytest.mark.redis
@pytest.mark.asyncio
async def test_a_killed_process_leaves_the_room_within_seconds_and_its_clients_miss_nothing(two_servers):
    room = make_room(two_servers, 2)
    first, second = two_servers.servers
    away = Person("away", room["cookies"][0], room["room"])
    stays = Person("stays", room["cookies"][1], room["room"])
    await away.connect(first)
    await stays.connect(second)
    before = await exchange([stays], per_person=3)
    await away.wait_for(lambda: len(away.messages) == 3, "3 messages")
    seen = away.last_version
    assert processes_in_group(two_servers, room["room"]) == 2  # one hub per process, whatever its clients

    first.process.kill()  # SIGKILL: no disconnect, no group left; its hub's channel stays in the group
    first.process.wait()
    await asyncio.wait_for(away.closed.wait(), TIMEOUT)
    for index in range(5):
        await stays.send(f"pendant n°{index}", f"during-{index}")
    await stays.wait_for(lambda: len(stays.acks) == 8, "acks while the other process is dead")
    deadline = time.monotonic() + GROUP_EXPIRY + TIMEOUT
    while processes_in_group(two_servers, room["room"]) != 1:  # the live one re-joins, the dead one expires
        assert time.monotonic() < deadline, "the killed process is still in the room's group"
        await asyncio.sleep(0.5)

    await asyncio.to_thread(first.start)
    await away.connect(first, after=seen)
    await away.wait_for(lambda: away.resumed, "the resumed frame")
    await stays.send("après", "after")
    await away.wait_for(lambda: len(away.messages) == 9, "the live message after the resume")
    await asyncio.sleep(0.3)

    assert texts(away) == [*before, *(f"pendant n°{index}" for index in range(5)), "après"]
    assert_exactly_once_in_order(away, texts(stays))
    # Not asserted here yet (known problem, issue #15): around a process's stop or restart, the surviving
    # process's hub sometimes misses a few versions; the hubs' audit logs them ("live drop") and fills
    # them within seconds, so the exactly-once assertions above hold, but the log is not clean.
    await away.close()
    await stays.close()


# --- The embedded default: one process, in-memory layer ------------------------------------------------


@pytest.fixture(scope="module")
def embedded_server():
    with server_cluster(1, kind="daphne", env={"REDIS_URL": ""}) as cluster:
        assert cluster.layer == "memory"
        yield cluster


@pytest.mark.asyncio
async def test_the_embedded_default_delivers_once_in_order_and_resumes_after_a_restart(embedded_server):
    room = make_room(embedded_server, 3)
    (server,) = embedded_server.servers
    people = [Person(f"P{index}", cookie, room["room"]) for index, cookie in enumerate(room["cookies"])]
    for person in people:
        await person.connect(server)
    posted = await exchange(people, per_person=5)
    for person in people:
        assert_exactly_once_in_order(person, posted)

    # Restart the only process: everyone is cut, a message is posted meanwhile through the database
    # (as the plain HTTP form would), and everyone resumes from the last version they saw.
    seen = {person.name: person.last_version for person in people}
    server.stop()
    for person in people:
        await asyncio.wait_for(person.closed.wait(), TIMEOUT)
    embedded_server.run_python(
        "from spaces import actions; from spaces.models import Room; from ecosystem.models import User; "
        f"actions.post_message(User.objects.get(email='{room['batch']}0@example.org'), Room.objects.get(pk={room['room']}), "
        "text='posté pendant la coupure')"
    )
    await asyncio.to_thread(server.start)
    for person in people:
        await person.connect(server, after=seen[person.name])
        await person.wait_for(lambda p=person: p.resumed, "the resumed frame")
        assert texts(person)[-1] == "posté pendant la coupure"
        assert_exactly_once_in_order(person, [*posted, "posté pendant la coupure"])
        await person.close()
