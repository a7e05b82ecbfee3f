"""WebSocket consumers. They stay thin: authenticate, check access, call an action, reply.

- :mod:`.rooms`: ``/ws/rooms/<id>/``, one room's live feed and the actions on it (the protocol is described
  there and in :mod:`.frames`);
- :mod:`.notifications`: ``/ws/notifications/``, a person's own channel (notifications, unread totals);
- :mod:`.frames`: parsing client frames and building server frames, limits included;
- :mod:`.room_calls`: the database work of the room consumer, run in a thread;
- :mod:`.hub`: the process's hubs, one channel-layer subscription per room (and per person's group) shared by
  the local room connections, messages ordered and gap-filled once, frames encoded once;
- :mod:`.presence_frames`: presence after the ready frame, as debounced deltas (a count in crowded rooms).

Close codes (4000–4999 are reserved for applications; the JavaScript client shows a reason for each):
4401 not logged in, 4404 no such room or no access (the same for both: outsiders learn nothing), 4403 access
lost during the session (removed from the room, partner left the project).
"""

from .frames import CLOSE_ACCESS_LOST, CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED
from .notifications import NotificationConsumer
from .rooms import RoomConsumer

__all__ = [
    "CLOSE_ACCESS_LOST",
    "CLOSE_NOT_FOUND",
    "CLOSE_UNAUTHENTICATED",
    "NotificationConsumer",
    "RoomConsumer",
]
