"""The frames of the room protocol: what a client may send, what the server answers, and the limits.

Client → server: a JSON object with an ``action`` (``resume``, ``send``, ``edit``, ``delete``, ``typing``,
``read``, ``ping``) and its fields. A frame is measured before it is parsed (``SPACES_MAX_FRAME_BYTES``), so
an oversized frame costs no JSON parsing, and each connection may send at most ``SPACES_FRAME_RATE`` frames
("count/seconds", a token bucket: bursts up to count, refilled evenly) — beyond that every frame is refused
with ``rate_limited`` and nothing runs. Per-person message rates are the action's (``SPACES_MESSAGE_RATE``,
counted in the database, so they hold across processes and tabs).

Server → client errors: ``{"type": "error", "code", "message" (translated), "client_id"?}`` with a code of
``ERROR_CODES``.
"""

import json
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from spaces import limits

CLOSE_UNAUTHENTICATED = 4401
CLOSE_ACCESS_LOST = 4403
CLOSE_NOT_FOUND = 4404

ACTIONS = ("resume", "send", "edit", "delete", "typing", "read", "ping")
ERROR_CODES = (
    "invalid_json",
    "unknown_action",
    "too_large",
    "too_long",
    "empty",
    "rate_limited",
    "not_found",
    "forbidden",
    "invalid",
)
CLIENT_ID_MAX = 64


class FrameError(Exception):
    """A frame refused before any action ran; ``code`` is one of ERROR_CODES."""

    def __init__(self, code: str, message: str = "", client_id: str = ""):
        super().__init__(code)
        self.code = code
        self.message = message or default_message(code)
        self.client_id = client_id


def default_message(code: str) -> str:
    messages = {
        "invalid_json": _("This request could not be read (it is not a JSON object)."),
        "unknown_action": _("Unknown action."),
        "rate_limited": _("Too many requests at once: wait a moment and try again."),
        "not_found": _("This message does not exist in this room."),
        "forbidden": _("You are not allowed to do this here."),
        "invalid": _("Invalid request."),
        "empty": _("Write a message first."),
    }
    return messages.get(code) or messages["invalid"]


def error(code: str, message: str = "", client_id: str = "") -> dict:
    frame = {"type": "error", "code": code, "message": message or default_message(code)}
    if client_id:
        # Echoed so the client knows which of its messages was refused; a longer one was refused as invalid.
        frame["client_id"] = client_id[:CLIENT_ID_MAX]
    return frame


def parse(text_data: str | None, bytes_data: bytes | None) -> dict:
    """The client frame as a dict with a known ``action``; FrameError otherwise. Measured before parsing."""
    if text_data is None:
        # Binary frames carry nothing of this protocol; their size is still the first thing refused.
        size = len(bytes_data or b"")
        if size > limits.max_frame_bytes():
            raise too_large(size)
        raise FrameError("invalid_json")
    # Characters never outnumber UTF-8 bytes: a frame with more characters than the limit is over it.
    if len(text_data) > limits.max_frame_bytes() or len(text_data.encode()) > limits.max_frame_bytes():
        raise too_large(len(text_data.encode()))
    try:
        frame = json.loads(text_data)
    except ValueError:
        raise FrameError("invalid_json") from None
    if not isinstance(frame, dict):
        raise FrameError("invalid_json")
    client_id = frame.get("client_id")
    client_id = client_id if isinstance(client_id, str) else ""
    if frame.get("action") not in ACTIONS:
        raise FrameError("unknown_action", client_id=client_id)
    frame["client_id"] = client_id
    return frame


def too_large(size: int) -> FrameError:
    return FrameError(
        "too_large",
        _("This request is too large (%(size)s bytes). The maximum is %(max)s bytes.")
        % {"size": size, "max": limits.max_frame_bytes()},
    )


def integer(frame: dict, name: str, *, optional: bool = False) -> int | None:
    """A non-negative integer field (JSON numbers or digit strings); FrameError "invalid" otherwise."""
    value = frame.get(name)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise FrameError("invalid", client_id=frame.get("client_id", ""))
    try:
        number = int(value)
    except ValueError:
        raise FrameError("invalid", client_id=frame.get("client_id", "")) from None
    if number < 0:
        raise FrameError("invalid", client_id=frame.get("client_id", ""))
    return number


def text(frame: dict, name: str = "text") -> str:
    value = frame.get(name, "")
    if not isinstance(value, str):
        raise FrameError("invalid", client_id=frame.get("client_id", ""))
    return value


def frame_rate() -> tuple[int, float]:
    """``(count, seconds)`` from ``SPACES_FRAME_RATE``: frames one connection may send in that window."""
    try:
        count, seconds = (float(part) for part in settings.SPACES_FRAME_RATE.split("/"))
    except (AttributeError, ValueError):
        raise ImproperlyConfigured("SPACES_FRAME_RATE must look like '60/10' (frames/seconds).") from None
    return max(1, int(count)), max(seconds, 0.001)


class FrameBucket:
    """A token bucket: up to ``count`` frames at once, refilled at ``count / seconds`` per second."""

    def __init__(self, count: int, seconds: float, clock=time.monotonic):
        self.capacity = float(count)
        self.refill_per_s = count / seconds
        self.tokens = float(count)
        self.clock = clock
        self.updated = clock()

    def take(self) -> bool:
        now = self.clock()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.refill_per_s)
        self.updated = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True
