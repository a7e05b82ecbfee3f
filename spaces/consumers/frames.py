"""The frames of the room protocol: what a client may send, what the server answers, and the limits.

Client → server: a JSON object with an ``action`` (``resume``, ``send``, ``edit``, ``delete``, ``typing``,
``read``, ``ping``) and its fields. A frame is measured before it is parsed (``SPACES_MAX_FRAME_BYTES``), so
an oversized frame costs no JSON parsing, and each connection may send at most ``SPACES_FRAME_RATE`` frames
("count/seconds", a token bucket: bursts up to count, refilled evenly) — beyond that every frame is refused
with ``rate_limited`` and nothing runs. Per-person message rates are the action's (``SPACES_MESSAGE_RATE``,
counted in the database, so they hold across processes and tabs).

Server → client errors: ``{"type": "error", "code", "message" (translated), "client_id"?}`` with a code of
``ERROR_CODES``.

Hostile input is refused here, before anything reaches an action, the database or the reply: JSON nested
deeper than Python can parse (``invalid_json``), strings that cannot be stored nor sent back as UTF-8 (lone
surrogates, which JSON's ``\ud800`` escapes produce, and NUL, which PostgreSQL refuses: ``invalid``), and
integers that are not plain ASCII digits or exceed the database's 64-bit integers (``invalid``).
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
MAX_INTEGER = 2**63 - 1  # the largest database integer: no id or sequence number can exceed it


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


def encode(frame: dict) -> str:
    """A server frame as the text sent on the socket."""
    return json.dumps(frame, ensure_ascii=False, separators=(",", ":"))


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
    # Measured in UTF-8 bytes, as the client sent it; "surrogatepass" counts a lone surrogate (never valid
    # UTF-8, refused below) instead of failing on it. The server's own limit bounds this work (platform/).
    size = len(text_data.encode("utf-8", "surrogatepass"))
    if size > limits.max_frame_bytes():
        raise too_large(size)
    try:
        frame = json.loads(text_data)
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser's stack
        raise FrameError("invalid_json") from None
    if not isinstance(frame, dict):
        raise FrameError("invalid_json")
    client_id = frame.get("client_id")
    if isinstance(client_id, str) and not storable(client_id):
        raise unstorable()  # the client_id is not echoed: it could not be sent back
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


def storable(value: str) -> bool:
    """Whether ``value`` can be stored (PostgreSQL refuses NUL) and sent back as UTF-8 (no lone surrogate)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def unstorable(client_id: str = "") -> FrameError:
    return FrameError(
        "invalid",
        _("This text contains a character that cannot be stored (an invalid character or NUL)."),
        client_id,
    )


def to_integer(value) -> int | None:
    """A non-negative integer a database can hold, from a JSON number or a string of ASCII digits; else None.

    Strings are checked before ``int()``: it would accept other scripts' digits, spaces and underscores, and
    raise on more than 4,300 digits."""
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit()) or len(value) > len(str(MAX_INTEGER)):
            return None
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_INTEGER:
        return None
    return value


def integer(frame: dict, name: str, *, optional: bool = False) -> int | None:
    """A non-negative integer field (:func:`to_integer`); FrameError "invalid" otherwise."""
    value = frame.get(name)
    if value is None and optional:
        return None
    number = to_integer(value)
    if number is None:
        raise FrameError("invalid", client_id=frame.get("client_id", ""))
    return number


def text(frame: dict, name: str = "text") -> str:
    value = frame.get(name, "")
    if not isinstance(value, str):
        raise FrameError("invalid", client_id=frame.get("client_id", ""))
    if not storable(value):
        raise unstorable(frame.get("client_id", ""))
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
