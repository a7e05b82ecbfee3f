"""``/ws/rooms/<id>/``: one room, live — messages, edits, deletions, typing, presence, unread counts.

Connect: anonymous → accepted then closed 4401; unknown room or no access → accepted then closed 4404 (the
same for both); otherwise the connection registers with the process's hubs of the room and of the person's
own group (:mod:`.hub`: one channel-layer subscription per group per process, none per connection), is
handed to the process's presence writer (:mod:`.presence_writer`, which records it with others), and gets
``{"type": "ready", "room", "last_seq", "online"}`` (``"count"`` instead of ``"online"`` in a crowded room:
:func:`spaces.actions.presence.roster`) from the room hub's state. On the way, a connection
opened with the room page's ticket (``?ticket=``, :mod:`spaces.tickets`) makes no database call: it reads its
person and room when an action first needs them, and checks its access again when the ticket expires; any
other makes one (the session, the person, the room and the guest lookup). Presence then comes as debounced
deltas (:mod:`.presence_frames`).

Every action re-checks access through :mod:`spaces.access` before anything else, and so does every
``access.changed`` event: a person who lost access is closed with 4403 at once.

Exactly once, in order: every change to a room's messages has a version (the room's sequence), broadcast
after commit. The room's hub orders them and fills gaps once for the process; the connection remembers the
highest version it sent (``sent_up_to``), starting at the ``last_seq`` of its ready frame, and skips what
the hub hands it at or below it (what came before its ready frame waits until the ready frame and the
``?after`` replay are out). Every frame goes through the connection's outbox (one writer task while there is
something to write), so the hub never waits for a slow socket and a post in flight never holds delivery:
the live frame of a person's own message may come before its ``ack``. ``resume`` sends what the
client missed after the version it names, skipping what this connection already sent it live. A client that
knows what it last saw puts it in the URL (``/ws/rooms/<id>/?after=N``): the missed changes then come right
after the ready frame, before any live one, so the whole stream is in version order; a ``resume`` action sent
later may find newer versions already delivered live, and does not repeat them (clients keep, per message,
the state with the highest version).
"""

import asyncio
import logging
import uuid
from collections import deque
from functools import partial

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from ecosystem.realtime import user_group
from spaces import tickets
from spaces.access import ACCESS_TRUSTED_S
from spaces.consumers import frames, hub, presence_writer, room_calls, socket_url
from spaces.consumers.db import database_call
from spaces.consumers.frames import FrameError
from spaces.models import Room
from spaces.realtime import room_group

# A connection's access, once checked, is trusted this long for posting (no access query per message) unless
# an ``access.changed`` event comes first — every action that changes access publishes one. The bound is for
# a change that bypassed the actions (a bulk write, a database edit): the next post after it re-checks.
ACCESS_FRESH_S = ACCESS_TRUSTED_S

logger = logging.getLogger("spaces.live")

RESUME_YIELD_EVERY = 50  # frames a replay queues before waiting for the socket (and letting others run)
TYPING_INTERVAL_S = 2.0  # a person's typing is relayed at most this often per connection
OUTBOX_MAX = 2000  # live frames a connection may have unsent; past that it is closed and resumes
CLOSE_TOO_SLOW = 1013  # "try again later": the client reconnects with the last version it saw


class RoomConsumer(AsyncWebsocketConsumer):
    groups = ()
    # No channel of its own on the layer: the process's hubs listen for it (less memory per idle
    # connection, no layer round trip to connect).
    channel_layer_alias = "no layer: hubs"

    async def connect(self):
        self.joined = None
        self.language = socket_url.language(self.scope)
        room_id = self.scope["url_route"]["kwargs"]["room_id"]
        ticket = tickets.redeem(
            socket_url.query(self.scope, "ticket"), self.scope.get("session_key"), room_id
        )
        self.channel_name = f"room!{uuid.uuid4().hex}"  # the presence rows' key
        if ticket is not None:  # the room page decided a moment ago: no database call on the way to ready
            self.user = self.scope["user"] = room_calls.Lazy(get_user_model(), ticket.user_id)
            joined = room_calls.Joined(room_calls.Lazy(Room, room_id), ticket.sees_members, ticket.person)
        else:  # the session and the access, in one database call
            authenticate = self.scope.get("authenticate")
            self.user, joined = (
                await database_call(room_calls.open_room)(authenticate, room_id)
                if authenticate
                else (AnonymousUser(), None)
            )
            self.scope["user"] = self.user
            if not self.user.is_authenticated:
                await self._refuse(frames.CLOSE_UNAUTHENTICATED)
                return
            if joined is None:
                await self._refuse(frames.CLOSE_NOT_FOUND)
                return
        self.room, self.sees_members = joined.room, joined.sees_members
        self.access_epoch = 0
        self.bucket = frames.FrameBucket(*frames.frame_rate())
        # A post may skip the access check while the decision is fresh: the ticket's is as old as the page.
        trusted_for = ACCESS_FRESH_S if ticket is None else ACCESS_FRESH_S - ticket.age()
        self.access_known_until = self.bucket.clock() + trusted_for
        self.recheck = None
        self.last_typing = float("-inf")
        self.last_unread: dict | None = None
        self.reading: list | None = None  # unread broadcasts held while a read call runs
        self.outbox, self.writer, self.tasks = deque(), None, set()
        self.pending: list | None = []  # what the hubs hand over before the ready frame is out
        self.room_hub = self.user_hub = None
        self.joined = joined
        # Both subscriptions at once (each may be a layer round trip), both before the ready frame: an access
        # change published after that is never missed.
        subscribed = await asyncio.gather(
            hub.subscribe(room_group(self.room.pk), self, kind=hub.RoomHub, room_id=self.room.pk),
            hub.subscribe(user_group(self.user.pk), self),
            return_exceptions=True,
        )
        if failed := [outcome for outcome in subscribed if isinstance(outcome, BaseException)]:
            for outcome in subscribed:
                if not isinstance(outcome, BaseException):
                    await hub.unsubscribe(outcome, self)
            raise failed[0]
        self.room_hub, self.user_hub = subscribed
        presence_writer.writer().arrive(self.room.pk, joined.person, self.channel_name)
        if ticket is not None:
            # A logout, or a change of access published between the page and the subscriptions above, never
            # came here: both are checked when the ticket expires (every later access change is an event).
            self.recheck = asyncio.get_running_loop().call_later(
                max(0.0, ticket.seconds_left()), lambda: self._spawn(self._confirm_ticket())
            )
        await self.accept()
        # The hub hands this connection every version after the one it delivered last: that is where the
        # connection's stream starts (what was committed but is still on its way comes live).
        self.floor = self.sent_up_to = self.room_hub.delivered
        presence = (
            self.room_hub.roster(self.channel_name, joined.person) if self.sees_members else {"online": []}
        )
        self._send({"type": "ready", "room": self.room.pk, "last_seq": self.sent_up_to, **presence})
        after = socket_url.query(self.scope, "after")
        if after:
            if frames.to_integer(after) is None:
                self._send(frames.error("invalid"))
            else:
                # Resuming here, before anything the hubs handed over, keeps the whole stream in version order.
                await self._resume(frames.to_integer(after))
        pending, self.pending = self.pending, None
        for deliver in pending:
            deliver()

    async def _refuse(self, code: int) -> None:
        # Accepted then closed: a refused handshake gives browsers no reason, a close code does.
        await self.accept()
        await self.close(code=code)

    async def disconnect(self, code):
        if self.joined is None:
            return
        self.joined = None  # first: nothing more is queued, and a second disconnect does nothing
        if self.recheck is not None:
            self.recheck.cancel()
        for subscribed in (self.room_hub, self.user_hub):
            if subscribed is not None:
                await hub.unsubscribe(subscribed, self)
        presence_writer.writer().depart(self.room.pk, self.channel_name)

    async def dispatch(self, message):
        # Channels' own dispatch hops into the process's single sync thread before every message
        # (``aclose_old_connections``); every database call of this consumer goes through ``database_call``
        # (spaces.consumers.db), which keeps the connection hygiene where the database is used.
        handler = getattr(self, get_handler_name(message), None)
        if handler is not None:
            await handler(message)

    # --- Client frames ------------------------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        if self.joined is None:
            return
        try:
            frame = frames.parse(text_data, bytes_data)
            if not self.bucket.take():
                raise FrameError("rate_limited", client_id=frame["client_id"])
            await getattr(self, f"act_{frame['action']}")(frame)
        except FrameError as exc:
            self._send(frames.error(exc.code, exc.message, exc.client_id))
        except room_calls.AccessLost:
            await self._cut()

    async def act_resume(self, frame):
        after = frames.integer(frame, "after")
        await self._send_changes(await self._call(room_calls.resume, self.user, self.room, after))

    async def _resume(self, after: int) -> None:
        changes, last_seq = await self._call(room_calls.catch_up, self.room, after)
        # The client has every version up to ``after`` (that exists): the hub may still be handing over some
        # of them, when it is behind the database — not sent twice.
        self.sent_up_to = max(self.sent_up_to, min(after, last_seq))
        await self._send_changes(changes)

    async def _send_changes(self, changes) -> None:
        for count, (version, message) in enumerate(changes, 1):
            if count % RESUME_YIELD_EVERY == 0:
                # A long replay (after a restart, hundreds of clients at once) waits for its socket, which
                # lets keepalives, other rooms and this connection's live frames through.
                await self._drained()
            # Already sent live on this connection (after its ready frame): the client has that state.
            if self.floor < version <= self.sent_up_to:
                continue
            self._send({"type": "message", "version": version, "message": message})
            self.sent_up_to = max(self.sent_up_to, version)
        self._send({"type": "resumed", "last_seq": self.sent_up_to})

    async def act_send(self, frame):
        client_id = frame["client_id"]
        text, reply_to = frames.text(frame), frames.integer(frame, "reply_to", optional=True)
        fresh, epoch = self.bucket.clock() < self.access_known_until, self.access_epoch
        try:
            posted = await self._call(
                room_calls.post,
                self.user,
                self.room,
                text=text,
                reply_to=reply_to,
                client_id=client_id,
                access_checked=fresh,
            )
        except FrameError as exc:
            exc.client_id = client_id
            raise
        if not fresh and epoch == self.access_epoch:  # the post checked access: trusted again for a while
            self.access_known_until = self.bucket.clock() + ACCESS_FRESH_S
        self._send({"type": "ack", "client_id": client_id, **posted})

    async def act_edit(self, frame):
        message_id, text = frames.integer(frame, "id"), frames.text(frame)
        await self._call(room_calls.edit, self.user, self.room, message_id, text)

    async def act_delete(self, frame):
        await self._call(room_calls.delete, self.user, self.room, frames.integer(frame, "id"))

    async def act_typing(self, frame):
        now = self.bucket.clock()
        if now - self.last_typing < TYPING_INTERVAL_S:
            return  # relayed recently: not worth a database hop nor a broadcast
        await self._call(room_calls.typing, self.user, self.room)
        self.last_typing = now
        await self.room_hub.local.layer.group_send(
            room_group(self.room.pk), {"type": "room.typing", "user": self.joined.person}
        )

    async def act_read(self, frame):
        seq = frames.integer(frame, "seq")
        # The broadcast of this very change may come while the call runs: it waits, so it is compared
        # with the answer (and not sent twice) rather than sent before it.
        self.reading = []
        try:
            self.last_unread = await self._call(room_calls.read, self.user, self.room, seq)
        finally:
            deferred, self.reading = self.reading, None
        self._send(self.last_unread)
        for event in deferred:
            self.group_event(event)

    async def act_ping(self, frame):
        # The room's last version: a client that has not seen it missed a change (a dropped last message
        # would otherwise wait for the room's next one) and resumes.
        last_seq = await self._call(room_calls.ping, self.user, self.room, self.channel_name)
        self._send({"type": "pong", "last_seq": last_seq})

    # --- From the hubs (plain calls from their reader task: queue, never wait) ------------------------------

    def room_message(self, version: int, text: str) -> None:
        if self.pending is not None:
            self.pending.append(partial(self.room_message, version, text))
        elif version > self.sent_up_to:  # at or below: in the ready frame's state or a replay already
            self.sent_up_to = version
            self._write(text, live=True)

    def room_presence(self, text: str) -> None:
        if self.pending is not None:
            self.pending.append(partial(self.room_presence, text))
        elif self.sees_members:  # no presence frame ever reaches a guest
            self._write(text, live=True)

    def room_typing(self, user_id: int, text: str) -> None:
        if user_id != self.user.pk:
            self._write(text, live=True)

    def group_event(self, event: dict) -> None:
        """The person's own group: unread counts, access changes (notifications are the other socket's)."""
        if self.pending is not None:
            self.pending.append(partial(self.group_event, event))
        elif event["type"] == "unread.changed" and self.reading is not None:
            self.reading.append(event)
        elif event["type"] == "unread.changed":
            frame = {"type": "unread", **event["payload"]}
            if frame != self.last_unread:  # not the broadcast of the change this connection just answered
                self.last_unread = frame
                self._write(frames.encode(frame))
        elif event["type"] == "access.changed":
            self._recheck_access()

    def _recheck_access(self) -> None:
        if self.joined is None:
            return
        self.access_known_until = float("-inf")  # posts check access again until the re-check below
        self.access_epoch += 1
        self._spawn(self._access_changed(self.access_epoch))

    async def _confirm_ticket(self) -> None:
        if self.joined is None:
            return
        authenticate = self.scope.get("authenticate")
        same = await database_call(room_calls.same_person)(authenticate, self.user.pk)
        if self.joined is None:  # gone meanwhile
            return
        if not same:
            await self.disconnect(frames.CLOSE_UNAUTHENTICATED)
            await self.close(code=frames.CLOSE_UNAUTHENTICATED)
            return
        self._recheck_access()

    async def _access_changed(self, epoch: int) -> None:
        sees_members = await database_call(room_calls.still_allowed)(self.user, self.room)
        if sees_members is None:
            await self._cut()
            return
        self.sees_members = sees_members  # e.g. a guest made a member: the member list may now be visible
        if epoch == self.access_epoch:  # no newer change arrived meanwhile
            self.access_known_until = self.bucket.clock() + ACCESS_FRESH_S

    # --- Helpers ------------------------------------------------------------------------------------------

    async def _cut(self) -> None:
        """Access lost: leave the hubs first, so not one more event is relayed, then close 4403."""
        await self.disconnect(frames.CLOSE_ACCESS_LOST)
        await self.close(code=frames.CLOSE_ACCESS_LOST)

    def _send(self, frame: dict) -> None:
        self._write(frames.encode(frame))

    def _write(self, text: str, *, live: bool = False) -> None:
        """Queue ``text`` for the socket, in order; the writer task runs while the outbox has something."""
        if self.joined is None:  # nothing more once cut or gone, even frames already handed over
            return
        if live and len(self.outbox) >= OUTBOX_MAX:
            hub.live_stats["live_drops"] += 1
            logger.warning(
                "live drop: a connection to room %s is %s frames behind; closed so it resumes",
                self.room.pk,
                len(self.outbox),
            )
            self.outbox.clear()
            self._spawn(self._too_slow())
            return
        self.outbox.append(text)
        if self.writer is None:
            self.writer = asyncio.ensure_future(self._drain())

    async def _drain(self) -> None:
        try:
            while self.outbox and self.joined is not None:
                try:
                    await self.send(text_data=self.outbox.popleft())
                except Exception:
                    # The client left with frames still queued (daphne raises autobahn's Disconnected,
                    # uvicorn its ClientDisconnected): leave the hubs and the presence list now rather than
                    # leave them behind; the server's disconnect message follows.
                    self.outbox.clear()
                    await self.disconnect(None)
        finally:
            self.writer = None

    async def _drained(self) -> None:
        if self.writer is not None:
            await asyncio.shield(self.writer)

    async def _too_slow(self) -> None:
        await self.disconnect(CLOSE_TOO_SLOW)
        await self.close(code=CLOSE_TOO_SLOW)

    def _spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)  # referenced until done: the event loop keeps only weak references
        task.add_done_callback(self.tasks.discard)

    async def _call(self, function, *args, **kwargs):
        return await database_call(room_calls.in_language)(self.language, function, *args, **kwargs)
