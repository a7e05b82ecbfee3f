"""The process's hubs: one channel-layer subscription per group per process, shared by its local connections.

A room connection does not listen on the channel layer itself. The first local connection of a room starts
the room's :class:`RoomHub`: a channel of its own that joins the room's group once, with one reader task;
later connections register with it, and the last one to go stops it (the hub leaves the group). A person's
group (``access.changed``, ``unread.changed``) has its :class:`GroupHub` the same way, read from the
process's one channel for person groups (:mod:`.shared_channel`).

The room hub orders ``room.message`` events once per process: it keeps the highest version delivered; a
version beyond the next one is held for up to ``GAP_WAIT_S`` (events of two processes may cross on the
way), and what is still missing then was dropped — logged at WARNING (``live drop``), counted in
:data:`live_stats`, and filled from the database once for the process (``gap fill``, INFO). Each frame is
JSON-encoded once and the same text handed to every local connection, which skips what it already sent.
Presence: the hub keeps the room's connections from ``room.presence`` events and reads them again every
``PRESENCE_RESYNC_S`` (:mod:`.room_presence`); frames go out as debounced deltas (:mod:`.presence_frames`).
Listeners' methods are plain functions called from the reader task: they must not block.

Memberships are refreshed: every group joined through :func:`join_group` is joined again every quarter of
the layer's ``group_expiry`` (``CHANNEL_LAYER_GROUP_EXPIRY``), so a process killed without leaving its groups
drops out of them within that expiry instead of a day. Every ``AUDIT_INTERVAL_S`` the room hubs compare what
they delivered with the database (:meth:`RoomHub.audit`), which catches a dropped *last* message. Hubs live
per event loop and per channel layer (the tests start a loop and a layer per test).
"""

import asyncio
import logging
from collections import Counter

from channels.layers import get_channel_layer

from spaces.consumers import room_calls
from spaces.consumers.db import database_call
from spaces.consumers.frames import encode
from spaces.consumers.group_joins import GroupJoins, group_add_many
from spaces.consumers.room_presence import PresenceKeeper
from spaces.consumers.shared_channel import STOP, SharedChannel

logger = logging.getLogger("spaces.live")

AUDIT_INTERVAL_S = 1.0  # how often room hubs compare what they delivered with the database
PRESENCE_RESYNC_S = 15.0  # how often room hubs read their rooms' connections again (well within the TTL)
GAP_WAIT_S = 0.25  # how long a version beyond the next waits for the missing ones before the database is read

live_stats = Counter()  # "live_drops" (versions that never came live), "gap_fills" (database reads)


class _Local:
    """The hubs and the refreshed memberships of one event loop on one channel layer."""

    def __init__(self, layer):
        self.layer = layer
        self.hubs: dict[str, GroupHub] = {}
        self.memberships: set[tuple[str, str]] = set()
        self.refresher: asyncio.Task | None = None
        self.auditing: asyncio.Future | None = None
        self.resyncing: asyncio.Future | None = None
        self.shared = SharedChannel(layer)  # the person groups' channel
        self.joins = GroupJoins(layer)

    async def refresh(self) -> None:
        """While the process has memberships: joins them again every quarter of the group expiry, and every
        ``AUDIT_INTERVAL_S`` audits the room hubs against the database (one query for all of them), every
        ``PRESENCE_RESYNC_S`` reads their connections again (one query too)."""
        rejoin_every = max(1.0, getattr(self.layer, "group_expiry", 86400) / 4)
        rejoined = resynced = asyncio.get_running_loop().time()
        while self.memberships:
            await asyncio.sleep(min(rejoin_every, AUDIT_INTERVAL_S))
            if asyncio.get_running_loop().time() - rejoined >= rejoin_every:
                rejoined = asyncio.get_running_loop().time()
                try:  # one batch: a membership left meanwhile is not in it (it would leave a dead channel)
                    await group_add_many(self.layer, sorted(self.memberships))
                except Exception:  # a Redis hiccup: the next round tries again, well within the expiry
                    logger.warning("live membership refresh failed", exc_info=True)
            if self.auditing is None or self.auditing.done():
                # A task of its own: behind a busy database thread, an audit must not delay the re-joins.
                self.auditing = asyncio.ensure_future(self.audit())
            if asyncio.get_running_loop().time() - resynced >= PRESENCE_RESYNC_S and (
                self.resyncing is None or self.resyncing.done()
            ):
                resynced = asyncio.get_running_loop().time()
                self.resyncing = asyncio.ensure_future(self.resync())

    def _rooms(self) -> list["RoomHub"]:
        return [hub for hub in self.hubs.values() if isinstance(hub, RoomHub) and hub.reader is not None]

    async def resync(self) -> None:
        rooms = self._rooms()
        for hub in rooms:
            hub.touched = set()  # what events change while the database is read is newer than the read
        try:
            found = (
                await database_call(room_calls.connections)([hub.room_id for hub in rooms]) if rooms else {}
            )
            for hub in rooms:
                hub.resync(found.get(hub.room_id, {}))
        except Exception:
            logger.warning("live presence re-read failed", exc_info=True)
        finally:
            for hub in rooms:
                hub.touched = None

    async def audit(self) -> None:
        if not (rooms := self._rooms()):
            return
        try:
            versions = await database_call(room_calls.last_versions)([hub.room_id for hub in rooms])
            for hub in rooms:
                await hub.audit(versions.get(hub.room_id, 0))
        except Exception:
            logger.warning("live audit failed", exc_info=True)


_locals: dict[tuple, _Local] = {}


def _local(layer=None) -> _Local:
    layer = layer or get_channel_layer()
    key = (asyncio.get_running_loop(), layer)
    if key not in _locals:
        _locals[key] = _Local(layer)
    return _locals[key]


async def join_group(layer, group: str, channel: str) -> None:
    """``layer.group_add``, kept joined by the refresher until :func:`leave_group`."""
    await _join(_local(layer), group, channel)


async def leave_group(layer, group: str, channel: str) -> None:
    await _leave(_local(layer), group, channel)


async def _join(local: _Local, group: str, channel: str) -> None:
    await local.joins.add(group, channel)
    local.memberships.add((group, channel))
    if local.refresher is None or local.refresher.done():
        local.refresher = asyncio.create_task(local.refresh())


async def _leave(local: _Local, group: str, channel: str) -> None:
    local.memberships.discard((group, channel))
    if not local.memberships:
        for task in (local.refresher, local.auditing, local.resyncing):
            if task is not None:
                task.cancel()
        local.refresher = local.auditing = local.resyncing = None
        if not local.hubs:  # nothing left on this loop and layer: forget them (tests make one per test)
            _locals.pop((asyncio.get_running_loop(), local.layer), None)
    await local.layer.group_discard(group, channel)


class GroupHub:
    """A group's events for the local listeners (``listener.group_event(event)``), from the shared channel."""

    shared = True

    def __init__(self, local: _Local, group: str, **options):
        self.local, self.group = local, group
        self.listeners: set = set()
        self.channel = ""
        self.reader: asyncio.Task | None = None
        self.started: asyncio.Future | None = None

    async def start(self) -> None:
        if self.shared:
            self.channel = await self.local.shared.route(self.group, self)
        else:
            self.channel = await self.local.layer.new_channel()
        try:
            await _join(self.local, self.group, self.channel)
            await self.prepare()
        except BaseException:
            await self._leave()  # stop() does nothing for a hub never started
            raise
        if not self.shared:
            self.reader = asyncio.create_task(self._read())

    async def _leave(self) -> None:
        await _leave(self.local, self.group, self.channel)
        if self.shared:
            await self.local.shared.unroute(self.group)

    async def prepare(self) -> None:
        """What the hub needs before its first event (the room's state, for a room)."""

    async def stop(self) -> None:
        try:
            await self.started
        except Exception:
            return  # never joined
        await self._leave()
        if self.shared:
            return
        try:
            # The reader ends at this message rather than being cancelled: cancelling a receive that holds
            # channels_redis's per-process receive lock, mid-BZPOPMIN, can lose a message for another channel.
            await self.local.layer.send(self.channel, {"type": STOP})
        except Exception:
            self.reader.cancel()

    async def _read(self) -> None:
        while True:
            try:
                event = await self.local.layer.receive(self.channel)
            except Exception:
                # A layer hiccup (Redis restarting) must not end the room's live feed in this process.
                logger.exception("live hub %s: receiving failed; trying again", self.group)
                await asyncio.sleep(0.5)
                continue
            if event.get("type") == STOP:
                return
            try:
                await self.handle(event)
            except Exception:
                logger.exception("live hub %s could not handle %s", self.group, event.get("type"))

    async def handle(self, event: dict) -> None:
        for listener in list(self.listeners):
            listener.group_event(event)


class RoomHub(PresenceKeeper, GroupHub):
    """A room's group: messages ordered and gap-filled once, frames encoded once, presence as deltas.

    Listeners have ``room_message(version, text)``, ``room_presence(text)``, ``room_typing(user_id, text)``.
    A connection takes its ready frame's state from the hub (:meth:`online`, :attr:`delivered`): what the hub
    hands over afterwards is exactly what came after it.
    """

    shared = False

    def __init__(self, local: _Local, group: str, *, room_id: int):
        super().__init__(local, group)
        self.room_id = room_id
        self.delivered = 0  # the highest version handed to the listeners
        self.held: dict[int, dict] = {}  # versions beyond the next, waiting for the missing ones
        self.gap_timer: asyncio.TimerHandle | None = None
        self.lock = asyncio.Lock()
        self.audited = 0  # the room's last version at the previous audit
        self.keep_presence({})

    async def prepare(self) -> None:
        # Read after joining the group: every later change reaches the hub live.
        self.room, self.delivered, connections = await database_call(room_calls.hub_state)(self.room_id)
        self.keep_presence(connections)

    async def stop(self) -> None:
        if self.gap_timer is not None:
            self.gap_timer.cancel()
        self.stop_presence()
        await super().stop()

    async def handle(self, event: dict) -> None:
        kind = event["type"]
        if kind == "room.message":
            async with self.lock:
                self._message(event["payload"]["version"], event["payload"]["message"])
        elif kind == "room.presence":
            self.presence_event(event["payload"])
        elif kind == "room.typing":
            text = encode({"type": "typing", "user": event["user"]})
            for listener in list(self.listeners):
                listener.room_typing(event["user"]["id"], text)

    def _message(self, version: int, message: dict) -> None:
        if version <= self.delivered:
            return  # already delivered (live or by a gap fill)
        if version > self.delivered + 1:
            self.held[version] = message
            if self.gap_timer is None:
                self.gap_timer = asyncio.get_running_loop().call_later(GAP_WAIT_S, self._gap_expired)
            return
        self._fan_out(version, message)
        while self.delivered + 1 in self.held:
            self._fan_out(self.delivered + 1, self.held.pop(self.delivered + 1))
        if not self.held and self.gap_timer is not None:
            self.gap_timer.cancel()
            self.gap_timer = None

    def _fan_out(self, version: int, message: dict) -> None:
        text = encode({"type": "message", "version": version, "message": message})
        self.delivered = version
        for listener in list(self.listeners):
            listener.room_message(version, text)

    def _gap_expired(self) -> None:
        self.gap_timer = None
        self.filling = asyncio.ensure_future(self.fill_gap())

    async def audit(self, last_seq: int) -> None:
        """A version the database had at the previous audit and still not delivered was dropped — a dropped
        *last* message shows no gap until the room's next one: filled now (a version committed just now
        may still be on its way, hence the audit before)."""
        earlier, self.audited = self.audited, last_seq
        if earlier > self.delivered:
            await self.fill_gap(up_to=earlier)

    async def fill_gap(self, up_to: int = 0) -> None:
        async with self.lock:
            top = max([*self.held, up_to])
            if top <= self.delivered:
                return
            missing = max(1, top - self.delivered - len(self.held))
            live_stats["live_drops"] += missing
            live_stats["gap_fills"] += 1
            logger.warning(
                "live drop: room %s, %s version(s) after %s never came (%s dropped in this process)",
                self.room_id,
                missing,
                self.delivered,
                live_stats["live_drops"],
            )
            logger.info("gap fill: room %s, reading the versions after %s", self.room_id, self.delivered)
            try:
                changes = await database_call(room_calls.messages_after)(self.room, self.delivered)
            except Exception:
                logger.exception("gap fill failed for room %s; retried at the next gap", self.room_id)
                changes = []
            for version, message in changes:
                if version > self.delivered:
                    self._fan_out(version, message)
            self.held = {version: m for version, m in self.held.items() if version > self.delivered}
            if self.held:  # newer than the database read (unlikely): ordered as live events
                held, self.held = sorted(self.held.items()), {}
                for version, message in held:
                    self._message(version, message)


async def subscribe(group: str, listener, *, kind: type[GroupHub] = GroupHub, **options) -> GroupHub:
    """Register ``listener`` with the process's hub of ``group``, started on first use."""
    local = _local()
    hub = local.hubs.get(group)
    if hub is None:
        hub = local.hubs[group] = kind(local, group, **options)
        hub.started = asyncio.ensure_future(hub.start())
    hub.listeners.add(listener)
    try:
        await asyncio.shield(hub.started)
    except Exception:
        await unsubscribe(hub, listener)
        raise
    return hub


async def unsubscribe(hub: GroupHub, listener) -> None:
    """The listener leaves; the last one stops the hub (which leaves the group)."""
    hub.listeners.discard(listener)
    if not hub.listeners and hub.local.hubs.get(hub.group) is hub:
        del hub.local.hubs[hub.group]
        await hub.stop()
