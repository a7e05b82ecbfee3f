"""Domain models, one module per concept."""

from .people import User
from .territory import Territory

__all__ = ["Territory", "User"]
