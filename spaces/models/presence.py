"""Who is online in a room, shared by every ASGI process through the database.

One row per open WebSocket connection (``channel_name``); rows are removed on disconnect and refreshed by
pings. A process that dies leaves rows behind: they stop counting once ``seen_at`` is older than
``SPACES_PRESENCE_TTL`` seconds.
"""

from django.conf import settings
from django.db import models


class RoomPresence(models.Model):
    room = models.ForeignKey("spaces.Room", on_delete=models.CASCADE, related_name="presences")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel_name = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["room", "seen_at"])]

    def __str__(self):
        return f"{self.user} in {self.room}"
