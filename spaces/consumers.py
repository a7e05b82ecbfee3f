"""WebSocket consumers. They stay thin: authenticate, check access, subscribe, relay."""

from channels.generic.websocket import AsyncJsonWebsocketConsumer

from ecosystem.realtime import user_group

# Close codes in the 4000–4999 range reserved for applications; clients show a reason for each.
CLOSE_UNAUTHENTICATED = 4401


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """A logged-in user's own live channel: the header bell and, later, unread counts.

    Anonymous connections are accepted then closed with 4401 so the client can tell "log in" apart from a
    network failure (a refused handshake gives browsers no reason).
    """

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.accept()
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.group = user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "hello", "user": user.pk})

    async def disconnect(self, code):
        if hasattr(self, "group"):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # This channel only pushes to the client; anything sent to it gets a clear error frame.
        await self.send_json({"type": "error", "error": "read_only_channel"})

    async def notification(self, event):
        await self.send_json({"type": "notification", **event["payload"]})
