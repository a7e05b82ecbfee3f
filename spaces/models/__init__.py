"""Spaces models: hosted spaces, rooms, messages, read markers, presence and the events a space hosts, one module per concept."""

from .events import SpaceEvent
from .messages import Message, ReadMarker
from .presence import RoomPresence
from .rooms import Room, RoomMember
from .spaces import Space, SpaceMember

__all__ = [
    "Message",
    "ReadMarker",
    "Room",
    "RoomMember",
    "RoomPresence",
    "Space",
    "SpaceEvent",
    "SpaceMember",
]
