"""The configurable limits of the rooms, read from the settings (block ``# --- Spaces`` of config/settings/base.py).

Read at each call, not at import, so a deployment (or a test) that changes a setting is obeyed at once.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def message_max_length() -> int:
    """Characters in one message's text."""
    return settings.SPACES_MESSAGE_MAX_LENGTH


def max_frame_bytes() -> int:
    """Bytes in one WebSocket frame from a client (the consumer refuses larger ones unread)."""
    return settings.SPACES_MAX_FRAME_BYTES


def message_rate() -> tuple[int, int]:
    """``(count, seconds)``: a person may post at most ``count`` messages in any ``seconds`` window."""
    try:
        count, seconds = (int(part) for part in settings.SPACES_MESSAGE_RATE.split("/"))
    except ValueError:
        raise ImproperlyConfigured("SPACES_MESSAGE_RATE must look like '20/60' (messages/seconds).") from None
    return count, seconds


def attachment_max_bytes() -> int:
    return settings.SPACES_ATTACHMENT_MAX_BYTES


def attachment_max_pixels() -> int:
    return settings.SPACES_ATTACHMENT_MAX_PIXELS


def history_page() -> int:
    return settings.SPACES_HISTORY_PAGE


def presence_ttl() -> int:
    return settings.SPACES_PRESENCE_TTL
