"""``/ws/rooms/<id>/``: one room, live — messages, edits, deletions, typing, presence, unread counts.

Connect: anonymous → accepted then closed 4401; unknown room or no access → accepted then closed 4404 (the
same for both); otherwise the connection joins the room's group and the person's own group (to hear
``access.changed``), is recorded as present, and gets ``{"type": "ready", "room", "last_seq", "online"}``.

Every action re-checks access through :mod:`spaces.access` before anything else, and so does every
``access.changed`` event: a person who lost access is closed with 4403 at once.

Exactly once, in order: every change to a room's messages has a version (the room's sequence), broadcast
after commit. The connection remembers the highest version it sent (``sent_up_to``), starting at the
``last_seq`` of its ready frame: a live event at or below it is a duplicate and dropped; one beyond the next
expected version means events are missing (reordered across threads or processes, or dropped by a full
channel) and the gap is filled from the database before anything newer goes out. ``resume`` sends what the
client missed after the version it names, skipping what this connection already sent it live. A client that
knows what it last saw puts it in the URL (``/ws/rooms/<id>/?after=N``): the missed changes then come right
after the ready frame, before any live one, so the whole stream is in version order; a ``resume`` action sent
later may find newer versions already delivered live, and does not repeat them (clients keep, per message,
the state with the highest version).
"""

import asyncio
import json
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.utils import translation

from ecosystem.realtime import user_group
from spaces.consumers import frames, room_calls
from spaces.consumers.db import database_call
from spaces.consumers.frames import FrameError
from spaces.realtime import room_group

RESUME_YIELD_EVERY = 50  # frames a replay sends before letting the event loop run other work
TYPING_INTERVAL_S = 2.0  # a person's typing is relayed at most this often per connection


def _query(scope, name: str) -> str:
    return parse_qs(scope.get("query_string", b"").decode("latin-1")).get(name, [""])[0]


def _language(scope) -> str:
    """The page's language, passed as ``?lang=``; the site's default otherwise."""
    requested = _query(scope, "lang")
    codes = {code for code, _ in settings.LANGUAGES}
    return (
        requested
        if requested in codes
        else translation.get_supported_language_variant(settings.LANGUAGE_CODE)
    )


class RoomConsumer(AsyncWebsocketConsumer):
    groups = ()  # joined by hand once access is granted, never at the handshake

    async def connect(self):
        self.user = self.scope.get("user")
        self.joined = None
        self.language = _language(self.scope)
        if self.user is None or not self.user.is_authenticated:
            await self._refuse(frames.CLOSE_UNAUTHENTICATED)
            return
        joined = await database_call(room_calls.join)(self.user, self.scope["url_route"]["kwargs"]["room_id"])
        if joined is None:
            await self._refuse(frames.CLOSE_NOT_FOUND)
            return
        self.room, self.sees_members = joined.room, joined.sees_members
        self.room_group, self.user_group = room_group(self.room.pk), user_group(self.user.pk)
        self.bucket = frames.FrameBucket(*frames.frame_rate())
        self.last_typing = float("-inf")
        self.last_unread: dict | None = None
        await self.channel_layer.group_add(self.room_group, self.channel_name)
        await self.channel_layer.group_add(self.user_group, self.channel_name)
        self.joined = joined
        await self.accept()
        state = await self._call(room_calls.enter, self.user, self.room, self.channel_name, self.sees_members)
        self.floor = self.sent_up_to = state["last_seq"]
        await self._send({"type": "ready", "room": self.room.pk, **state})
        after = _query(self.scope, "after")
        if after:
            if frames.to_integer(after) is None:
                await self._send(frames.error("invalid"))
            else:
                # Resuming here, before any live event is handled, keeps the whole stream in version order.
                await self._resume(frames.to_integer(after))

    async def _refuse(self, code: int) -> None:
        # Accepted then closed: a refused handshake gives browsers no reason, a close code does.
        await self.accept()
        await self.close(code=code)

    async def disconnect(self, code):
        if self.joined is None:
            return
        await self.channel_layer.group_discard(self.room_group, self.channel_name)
        await self.channel_layer.group_discard(self.user_group, self.channel_name)
        await database_call(room_calls.leave)(self.channel_name)
        self.joined = None

    async def dispatch(self, message):
        # Events for the person's group that this page has no use for (new kinds included) are ignored,
        # where Channels would raise and close the connection. Channels' own dispatch also hops into the
        # process's single sync thread before every event (``aclose_old_connections``): per event and per
        # recipient, that hop was most of a broadcast's cost. Connection hygiene stays where the database is
        # used: every database call of this consumer goes through ``database_call`` (spaces.consumers.db),
        # which closes stale connections around the call.
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
            await self._send(frames.error(exc.code, exc.message, exc.client_id))
        except room_calls.AccessLost:
            await self._cut()

    async def act_resume(self, frame):
        after = frames.integer(frame, "after")
        await self._send_changes(await self._call(room_calls.resume, self.user, self.room, after))

    async def _resume(self, after: int) -> None:
        await self._send_changes(await self._call(room_calls.messages_after, self.room, after))

    async def _send_changes(self, changes) -> None:
        for count, (version, message) in enumerate(changes, 1):
            if count % RESUME_YIELD_EVERY == 0:
                # A long replay (after a restart, hundreds of clients at once) lets keepalives and other
                # rooms through; this connection's events still wait (Channels dispatches them one by one).
                await asyncio.sleep(0)
            # Already sent live on this connection (after its ready frame): the client has that state.
            if self.floor < version <= self.sent_up_to:
                continue
            await self._send({"type": "message", "version": version, "message": message})
            self.sent_up_to = max(self.sent_up_to, version)
        await self._send({"type": "resumed", "last_seq": self.sent_up_to})

    async def act_send(self, frame):
        client_id = frame["client_id"]
        text, reply_to = frames.text(frame), frames.integer(frame, "reply_to", optional=True)
        try:
            posted = await self._call(
                room_calls.post, self.user, self.room, text=text, reply_to=reply_to, client_id=client_id
            )
        except FrameError as exc:
            exc.client_id = client_id
            raise
        await self._send({"type": "ack", "client_id": client_id, **posted})

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
        person = {"id": self.user.pk, "name": self.user.get_full_name()}
        await self.channel_layer.group_send(self.room_group, {"type": "room.typing", "user": person})

    async def act_read(self, frame):
        seq = frames.integer(frame, "seq")
        self.last_unread = await self._call(room_calls.read, self.user, self.room, seq)
        await self._send(self.last_unread)

    async def act_ping(self, frame):
        # The room's last version: a client that has not seen it missed a change (a dropped last message
        # would otherwise wait for the room's next one) and resumes.
        last_seq = await self._call(room_calls.ping, self.user, self.room, self.channel_name)
        await self._send({"type": "pong", "last_seq": last_seq})

    # --- Events from the channel layer --------------------------------------------------------------------

    async def room_message(self, event):
        version = event["payload"]["version"]
        if version <= self.sent_up_to:
            return
        if version > self.sent_up_to + 1:
            await self._fill_gap()
            if version <= self.sent_up_to:
                return
        await self._send({"type": "message", "version": version, "message": event["payload"]["message"]})
        self.sent_up_to = version

    async def _fill_gap(self) -> None:
        changes = await database_call(room_calls.messages_after)(self.room, self.sent_up_to)
        for count, (version, message) in enumerate(changes, 1):
            if count % RESUME_YIELD_EVERY == 0:
                await asyncio.sleep(0)
            await self._send({"type": "message", "version": version, "message": message})
            self.sent_up_to = version

    async def room_presence(self, event):
        if self.sees_members:
            await self._send({"type": "presence", "online": event["payload"]["online"]})

    async def room_typing(self, event):
        if event["user"]["id"] != self.user.pk:
            await self._send({"type": "typing", "user": event["user"]})

    async def unread_changed(self, event):
        frame = {"type": "unread", **event["payload"]}
        if frame != self.last_unread:  # not the broadcast of the change this connection just answered
            self.last_unread = frame
            await self._send(frame)

    async def access_changed(self, event):
        sees_members = await database_call(room_calls.still_allowed)(self.user, self.room)
        if sees_members is None:
            await self._cut()
        else:  # e.g. a guest made a member: the member list may now be visible
            self.sees_members = sees_members

    # --- Helpers ------------------------------------------------------------------------------------------

    async def _cut(self) -> None:
        """Access lost: leave the groups first, so not one more event is relayed, then close 4403."""
        await self.disconnect(frames.CLOSE_ACCESS_LOST)
        await self.close(code=frames.CLOSE_ACCESS_LOST)

    async def _send(self, frame: dict) -> None:
        if self.joined is None:  # nothing more once cut, even events already queued for this channel
            return
        text = json.dumps(frame, ensure_ascii=False, separators=(",", ":"))
        try:
            await self.send(text_data=text)
        except Exception:
            # The client left while events were still queued for it (daphne raises autobahn's Disconnected,
            # uvicorn its ClientDisconnected): leave the groups and the presence list now rather than crash
            # and leave them behind; the server's disconnect message follows.
            await self.disconnect(None)

    async def _call(self, function, *args, **kwargs):
        return await database_call(room_calls.in_language)(self.language, function, *args, **kwargs)
