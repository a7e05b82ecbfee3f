"""``/ws/notifications/``: a logged-in person's own live channel, open on every page.

It carries the header's bell (``notification`` events, stored and published by
``ecosystem.actions.notifications.notify``) and the unread counts: ``unread.changed`` (the person read a
room: authoritative counts, forwarded as ``{"type": "unread", "room", "unread", "total"}``) and, for the rooms
that are the person's (``spaces.access.my_rooms``), ``{"type": "room.activity", "room", "seq"}`` when someone
else posts there, so the page bumps the total without asking. The domain does not fan one event out per
member on each message; this socket listens to the person's rooms instead (memberships kept fresh by
:func:`spaces.consumers.hub.join_group`, as the groups expire). It only pushes: anything a client
sends gets an error frame.
"""

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from ecosystem.realtime import user_group
from spaces import access
from spaces.consumers.db import authenticated
from spaces.consumers.frames import CLOSE_UNAUTHENTICATED
from spaces.consumers.hub import join_group, leave_group
from spaces.realtime import room_group


def _my_room_ids(user) -> set[int]:
    return set(access.my_rooms(user).values_list("pk", flat=True))


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """Anonymous connections are accepted then closed with 4401 so the client can tell "log in" apart from a
    network failure (a refused handshake gives browsers no reason)."""

    async def connect(self):
        self.user = await authenticated(self.scope)
        self.rooms: set[int] = set()
        if not self.user.is_authenticated:
            await self.accept()
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group = user_group(self.user.pk)
        await join_group(self.channel_layer, self.group, self.channel_name)
        await self._follow(await database_sync_to_async(_my_room_ids)(self.user))
        await self.accept()
        await self.send_json({"type": "hello", "user": self.user.pk})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await leave_group(self.channel_layer, self.group, self.channel_name)
            await self._follow(set())

    async def _follow(self, rooms: set[int]) -> None:
        """Listen to exactly ``rooms``' groups."""
        for room_id in self.rooms - rooms:
            await leave_group(self.channel_layer, room_group(room_id), self.channel_name)
        for room_id in rooms - self.rooms:
            await join_group(self.channel_layer, room_group(room_id), self.channel_name)
        self.rooms = rooms

    async def dispatch(self, message):
        # The person's group and the rooms' groups carry events for room pages too (presence, typing, …):
        # ignored here, where Channels would raise for an event without a handler and close the connection.
        if message["type"].startswith("websocket.") or hasattr(self, message["type"].replace(".", "_")):
            await super().dispatch(message)

    async def receive(self, text_data=None, bytes_data=None, **kwargs):
        # This channel only pushes to the client; anything sent to it (JSON or not) gets a clear error frame.
        await self.send_json({"type": "error", "error": "read_only_channel"})

    async def notification(self, event):
        await self.send_json({"type": "notification", **event["payload"]})

    async def unread_changed(self, event):
        payload = event["payload"]
        if payload.get("room") and payload["room"] not in self.rooms:
            await self._follow(self.rooms | {payload["room"]})  # a public room read: now one of theirs
        await self.send_json({"type": "unread", **payload})

    async def room_message(self, event):
        payload = event["payload"]
        message = payload["message"]
        author = message.get("author") or {}
        # A new message (its creation is its first version) by someone else; edits and deletions are not news.
        if message["seq"] == payload["version"] and author.get("id") != self.user.pk:
            await self.send_json({"type": "room.activity", "room": message["room"], "seq": message["seq"]})

    async def access_changed(self, event):
        await self._follow(await database_sync_to_async(_my_room_ids)(self.user))
