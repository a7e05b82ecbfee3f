"""Unread counts: per room and in total, each in one query whatever the number of rooms.

Unread in a room = its messages with a ``seq`` above the person's read marker (0 without one), not deleted
and not written by the person. Counted over :func:`spaces.access.my_rooms` (public rooms the person never
opened do not count).
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from ecosystem.access import is_anonymous
from spaces import access
from spaces.models import Message, ReadMarker


def _with_unread(rooms, user):
    marker = ReadMarker.objects.filter(room=OuterRef("pk"), user=user).values("last_read_seq")[:1]
    # Counted per room from the (room, seq) index: the cost follows the unread messages, not the history.
    unread = (
        Message.objects.filter(room=OuterRef("pk"), seq__gt=OuterRef("read_up_to"), deleted_at=None)
        .exclude(author=user)
        .order_by()
        .values("room")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return rooms.annotate(
        read_up_to=Coalesce(Subquery(marker), Value(0)),
        unread=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
    )


def unread_counts(user, rooms=None) -> dict[int, int]:
    """``{room_id: unread}`` for ``rooms`` (a queryset, default: the person's rooms); rooms with 0 included."""
    rooms = access.my_rooms(user) if rooms is None else rooms
    return dict(_with_unread(rooms.order_by(), user).values_list("pk", "unread"))


def unread_in_room(user, room) -> int:
    return unread_counts(user, access.visible_rooms(user).filter(pk=room.pk)).get(room.pk, 0)


def unread_total(user) -> int:
    """Unread messages over all the person's rooms: the number in the header."""
    if is_anonymous(user):
        return 0
    rows = _with_unread(access.my_rooms(user).order_by(), user)
    return rows.aggregate(total=Coalesce(Sum("unread"), Value(0)))["total"]
