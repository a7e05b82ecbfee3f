"""The configurable limits of the rooms, read from the settings (block ``# --- Spaces`` of config/settings/base.py).

Read at each call, not at import, so a deployment (or a test) that changes a setting is obeyed at once.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import Count, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _


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


# The message rate is one rule: a person's messages (deleted ones count) created since the window's start,
# at most ``count``. Both write paths of spaces.actions count with recent_messages() in the statement that
# decides, and refuse with rate_limited().


def message_rate_window(now: datetime) -> tuple[int, datetime]:
    """``(count, since)``: at most ``count`` messages by one person created at or after ``since``."""
    count, seconds = message_rate()
    return count, now - timedelta(seconds=seconds)


def recent_messages(author, since: datetime):
    """The number of messages by ``author`` (an id or an ``OuterRef``) since ``since``, as an expression."""
    from spaces.models import Message  # the models import nothing from here, but keep this module light

    recent = (
        Message.objects.filter(author=author, created_at__gte=since)
        .order_by()
        .values("author")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(recent), 0)


def recent_messages_sql() -> str:
    """:func:`recent_messages` as SQL for a raw statement, parameters ``(author id, since)``: building and
    compiling the ORM expression cost more CPU than the short write's whole round trip."""
    from django.db import connection

    from spaces.models import Message

    table = connection.ops.quote_name(Message._meta.db_table)
    return f"(SELECT COUNT(*) FROM {table} WHERE author_id = %s AND created_at >= %s)"  # noqa: S608


def rate_limited() -> ValidationError:
    count, seconds = message_rate()
    return ValidationError(
        _("You are sending messages too fast: at most %(count)s every %(seconds)s seconds. Wait a moment.")
        % {"count": count, "seconds": seconds},
        code="rate_limited",
    )


def attachment_max_bytes() -> int:
    return settings.SPACES_ATTACHMENT_MAX_BYTES


def attachment_max_pixels() -> int:
    return settings.SPACES_ATTACHMENT_MAX_PIXELS


def history_page() -> int:
    return settings.SPACES_HISTORY_PAGE


def presence_ttl() -> int:
    return settings.SPACES_PRESENCE_TTL


def presence_list_max() -> int:
    """Past this many people online, a room's presence frames carry a count instead of names."""
    return settings.SPACES_PRESENCE_LIST_MAX
