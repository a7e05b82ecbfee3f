"""Reading a room: pages of history backwards, everything after a version (resume), search.

Callers check access first (:mod:`spaces.access`). Querysets select what :func:`spaces.serializers.serialize`
reads, so serialising a page costs no query per message.
"""

from django.db.models import Q, QuerySet

from spaces import access, limits
from spaces.models import Message, Room
from spaces.serializers import MESSAGE_RELATED


def _messages(room: Room) -> QuerySet[Message]:
    return Message.objects.filter(room=room).select_related(*MESSAGE_RELATED)


def messages_after(room: Room, version: int, limit: int | None = None) -> QuerySet[Message]:
    """Every message of ``room`` changed after ``version`` (new, edited, deleted), in version order.

    A client that saw everything up to ``version`` and receives these misses nothing and (keeping the highest
    version it has) gets nothing twice. With ``limit``, the first ``limit`` of them: ask again after the
    last one's version.
    """
    messages = _messages(room).filter(version__gt=max(0, int(version))).order_by("version")
    return messages[:limit] if limit else messages


def history_page(room: Room, *, before_seq: int | None = None, limit: int | None = None):
    """``(messages, has_more)``: the ``limit`` messages before ``before_seq`` (default: the latest), oldest first.

    Deleted messages are included as tombstones so that the numbering has no holes.
    """
    limit = limit or limits.history_page()
    messages = _messages(room)
    if before_seq is not None:
        messages = messages.filter(seq__lt=before_seq)
    page = list(messages.order_by("-seq")[: limit + 1])
    has_more = len(page) > limit
    return list(reversed(page[:limit])), has_more


def page_around(room: Room, seq: int, limit: int | None = None):
    """The page of history that holds message ``seq`` near its middle (for permalinks): ``(messages, has_more)``."""
    limit = limit or limits.history_page()
    return history_page(room, before_seq=seq + limit // 2 + 1, limit=limit)


def search_messages(user, query: str, *, room: Room | None = None, limit: int = 50) -> QuerySet[Message]:
    """Messages containing every word of ``query``, in the rooms ``user`` may read, newest first."""
    words = (query or "").split()[:10]
    if not words:
        return Message.objects.none()
    rooms = access.visible_rooms(user)
    if room is not None:
        rooms = rooms.filter(pk=room.pk)
    condition = Q()
    for word in words:
        condition &= Q(text__icontains=word)
    return (
        Message.objects.filter(condition, room__in=rooms, deleted_at=None)
        .select_related("room", *MESSAGE_RELATED)
        .order_by("-created_at", "-pk")[:limit]
    )
