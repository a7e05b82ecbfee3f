"""Domain models, one module per concept."""

from .people import User

__all__ = ["User"]
