"""The channel-layer groups of the rooms; publishing itself is ``ecosystem.realtime.publish`` (on commit).

Events sent to ``room_group(room_id)`` (handler names follow Channels: "room.message" → ``room_message``):
- ``room.message`` ``{"version": V, "message": serialize(message)}`` — a message was created, edited or deleted;
- ``room.presence`` ``{"room": id, "came": {connection: {"id", "name"}}, "went": [connection, …]}`` — connections
  opened and closed (``spaces.actions.presence``; each process's room hub keeps the list).
Events sent to a person's own group (``ecosystem.realtime.user_group``): ``notification``, ``unread.changed``
``{"room": id, "unread": n, "total": t}`` and ``access.changed`` (re-check access now).
"""

from ecosystem.realtime import publish


def room_group(room_id: int) -> str:
    """The group every live connection to the room joins."""
    return f"room.{room_id}"


def publish_to_room(room_id: int, event_type: str, payload: dict) -> None:
    """``payload`` to every connection of the room, once the current transaction commits."""
    publish(room_group(room_id), event_type, payload)
