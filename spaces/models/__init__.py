"""Spaces models: hosted spaces, rooms, messages, read markers and presence, one module per concept."""

from .messages import Message, ReadMarker
from .presence import RoomPresence
from .rooms import Room, RoomMember
from .spaces import Space, SpaceMember

__all__ = ["Message", "ReadMarker", "Room", "RoomMember", "RoomPresence", "Space", "SpaceMember"]
