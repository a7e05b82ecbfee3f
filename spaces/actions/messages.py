"""Message actions: post, edit, delete, mark as read.

Who: :mod:`spaces.access` decides (``PermissionDenied`` when refused); bad input raises ``ValidationError``
with a translated message and one of the codes ``empty``, ``too_long``, ``rate_limited``, ``invalid`` (or the
image codes ``attachment_*``). Nothing is saved when an action raises.

Ordering: every change to a message takes the room's next sequence number while holding the room's row lock
until commit, so versions commit in the order they were allocated; the change is broadcast to
``room.<id>`` only once committed (``room.message`` ``{"version", "message"}``). A client that resumes after
version N (:func:`spaces.history.messages_after`) therefore misses nothing.

Rate limit: at most ``SPACES_MESSAGE_RATE`` messages per person (deleted ones count) in the window, counted
in the database, so it holds across every server process (the rule: :mod:`spaces.limits`). The full write
counts under a lock on the person's row; a plain message's short write (:mod:`spaces.actions.plain_post`)
counts in the statement that takes the sequence, so one person's posts at the same instant from several
tabs may pass it together, by at most their number.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import IntegerField, OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from ecosystem import images, realtime
from ecosystem.models import User
from spaces import access, limits
from spaces.actions import plain_post
from spaces.actions.direct_replies import notify_direct_participants
from spaces.actions.mentions import mention_recipients, notify_mentions
from spaces.models import Message, ReadMarker, Room
from spaces.realtime import publish_to_room
from spaces.serializers import MESSAGE_RELATED, serialize
from spaces.unread import unread_in_room, unread_total

ATTACHMENT_SIDE = 2048
CLIENT_ID_MAX = Message._meta.get_field("client_id").max_length


def _clean_text(text, *, allow_empty: bool) -> str:
    text = (text or "").strip()
    if not text and not allow_empty:
        raise ValidationError(_("Write a message first."), code="empty")
    if len(text) > limits.message_max_length():
        raise ValidationError(
            _("This message is too long (%(length)s characters). The maximum is %(max)s.")
            % {"length": len(text), "max": limits.message_max_length()},
            code="too_long",
        )
    return text


def clean_attachment(upload):
    """The uploaded image validated by Pillow and re-encoded (see ``ecosystem.images.clean_image``)."""
    return images.clean_image(
        upload,
        max_bytes=limits.attachment_max_bytes(),
        max_pixels=limits.attachment_max_pixels(),
        side=ATTACHMENT_SIDE,
        name="image",
        code="attachment",
        opaque_format="JPEG",
    )


def _lock_room(room_id: int) -> Room:
    """The room, its row locked until commit: every change to its messages goes through this lock."""
    return Room.objects.select_for_update().get(pk=room_id)


def _take_seq(room: Room) -> int:
    """The room's next sequence number (the caller holds the room's lock)."""
    room.last_seq += 1
    room.save(update_fields=["last_seq"])
    return room.last_seq


def _broadcast(message: Message) -> None:
    message = Message.objects.select_related(*MESSAGE_RELATED).get(pk=message.pk)
    _publish(message)


def _publish(message: Message) -> None:
    """``message`` to the room's live connections (its author and reply, if any, already loaded)."""
    publish_to_room(
        message.room_id, "room.message", {"version": message.version, "message": serialize(message)}
    )


def _lock_author(user, room: Room, client_id: str) -> tuple[int, int | None]:
    """Lock the author's row until commit and read, in that one statement, how many messages they sent in
    the rate window and the id of the message this ``client_id`` already created in the room, if any.

    One person's posts thus run one at a time: neither the rate limit nor the client_id check can be raced.
    """
    since = limits.message_rate_window(timezone.now())[1]
    existing = Message.objects.filter(room=room, author=OuterRef("pk"), client_id=client_id).values("pk")
    row = (
        User.objects.select_for_update()
        .filter(pk=user.pk)
        .annotate(
            recent=limits.recent_messages(OuterRef("pk"), since),
            existing=Subquery(existing[:1]) if client_id else Value(None, IntegerField()),
        )
        .values_list("recent", "existing")
        .first()
    )
    return row or (0, None)


def _take_seq_if_open(room: Room) -> int | None:
    """The room's next sequence number, taken in one statement that locks the room's row until commit (so
    versions commit in the order they were taken); None when the room is archived or gone."""
    # The ORM has no UPDATE … RETURNING; both databases (SQLite ≥ 3.35, PostgreSQL) have it. The table
    # name is the model's, never input.
    table = connection.ops.quote_name(Room._meta.db_table)
    sql = f"UPDATE {table} SET last_seq = last_seq + 1 WHERE id = %s AND NOT is_archived RETURNING last_seq"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [room.pk])
        row = cursor.fetchone()
    return row[0] if row else None


def _clean_post(text, client_id, attachment) -> tuple[str, str]:
    text = _clean_text(text, allow_empty=attachment is not None)
    client_id = (client_id or "").strip()
    if len(client_id) > CLIENT_ID_MAX:
        raise ValidationError(_("Invalid message identifier."), code="invalid")
    return text, client_id


def post_message(user, room: Room, *, text, reply_to_id=None, client_id="", attachment=None) -> Message:
    """Post ``text`` (stored as typed, rendered safe) in ``room`` and broadcast it on commit.

    ``client_id`` makes retries safe: a second post with the same id by the same person in the same room
    returns the first message and changes nothing. ``attachment`` is an uploaded image (optional); mentioned
    people who may read the room are notified. The author's read marker moves to their own message.
    """
    _clean_post(text, client_id, attachment)  # bad input is refused before any database work
    if not access.can_post(user, room):
        raise PermissionDenied
    return do_post_message(
        user, room, text=text, reply_to_id=reply_to_id, client_id=client_id, attachment=attachment
    )


def do_post_message(user, room: Room, *, text, reply_to_id=None, client_id="", attachment=None) -> Message:
    """:func:`post_message` once the caller checked that ``user`` may post in ``room`` (an archived room is
    still refused here: PermissionDenied).

    A plain message (text only, no reply nor mention, not in a direct conversation) takes the short write of
    :mod:`spaces.actions.plain_post`: one statement on PostgreSQL. Otherwise four statements in a transaction
    for a message without reply nor mention: the author's row lock with their rate count and retry check,
    the room's next sequence (``UPDATE … RETURNING``, which refuses an archived room and locks the room until
    commit), the insert, the author's read marker (one upsert), then what the reply and the notifications
    read and write. Either way the broadcast serialises the message from memory (no re-select).
    """
    text, client_id = _clean_post(text, client_id, attachment)
    if plain_post.is_plain(room, text=text, reply_to_id=reply_to_id, attachment=attachment):
        message, written = plain_post.do_post_plain(user, room, text=text, client_id=client_id)
        if written:
            transaction.on_commit(lambda: _publish(message))
        return message
    stored_image = clean_attachment(attachment) if attachment is not None else None
    with transaction.atomic():
        recent, existing = _lock_author(user, room, client_id)
        if existing is not None:
            return Message.objects.get(pk=existing)
        if recent >= limits.message_rate()[0]:
            raise limits.rate_limited()
        reply_to = None
        if reply_to_id not in (None, ""):
            reply_to = (
                Message.objects.select_related("author")
                .filter(room=room, pk=_int_or_invalid(reply_to_id))
                .first()
            )
            if reply_to is None:
                raise ValidationError(_("The message you reply to is not in this room."), code="invalid")
        recipients = mention_recipients(room, text, author=user)
        seq = _take_seq_if_open(room)
        if seq is None:
            raise PermissionDenied
        message = Message(
            room=room, seq=seq, version=seq, author=user, text=text, reply_to=reply_to, client_id=client_id
        )
        if stored_image is not None:
            message.attachment.save(stored_image.name, stored_image, save=False)
        message.save()
        _set_own_marker(user, room, seq)
        notify_mentions(recipients, message, author=user)
        notify_direct_participants(message, author=user, mentioned=recipients)
        transaction.on_commit(lambda: _publish(message))
    return message


def _int_or_invalid(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("The message you reply to is not in this room."), code="invalid") from None


@transaction.atomic
def edit_message(user, message: Message, *, text) -> Message:
    """Replace the text of ``message`` (its author only); an unchanged text changes nothing."""
    room, message = _lock_if_allowed(user, message, access.can_edit_message)
    return do_edit_message(user, room, message, text=text)


def do_edit_message(user, room: Room, message: Message, *, text) -> Message:
    """Write the new text of ``message``, the room being locked by the caller, who checked the right."""
    text = _clean_text(text, allow_empty=bool(message.attachment))
    if text == message.text:
        return message
    new_mentions = mention_recipients(room, text, author=user, already=message.text)
    message.text, message.version, message.edited_at = text, _take_seq(room), timezone.now()
    message.save(update_fields=["text", "version", "edited_at"])
    notify_mentions(new_mentions, message, author=user)
    transaction.on_commit(lambda: _publish(message))  # its author and reply read with it: no re-select
    return message


@transaction.atomic
def delete_message(user, message: Message) -> Message:
    """Delete ``message``: by its author, or by a manager of the space (moderation). A tombstone stays."""
    room, message = _lock_if_allowed(user, message, access.can_delete_message)
    return do_delete_message(room, message)


def do_delete_message(room: Room, message: Message) -> Message:
    """Turn ``message`` into a tombstone, the room being locked by the caller, who checked the right."""
    attachment = message.attachment.name if message.attachment else ""
    message.text, message.attachment, message.version = "", "", _take_seq(room)
    message.deleted_at = timezone.now()
    message.save(update_fields=["text", "attachment", "version", "deleted_at"])
    if attachment:
        storage = Message._meta.get_field("attachment").storage
        transaction.on_commit(lambda: storage.delete(attachment))
    transaction.on_commit(lambda: _publish(message))  # its author and reply read with it: no re-select
    return message


def _lock_if_allowed(user, message: Message, rule) -> tuple[Room, Message]:
    # Lock the room first (the order every message action follows), then decide on fresh data.
    room = _lock_room(message.room_id)
    fresh = Message.objects.select_related("room__space", *MESSAGE_RELATED).get(pk=message.pk)
    if not rule(user, fresh):
        raise PermissionDenied
    return room, fresh


def _set_own_marker(user, room: Room, seq: int) -> None:
    """The author has read up to their own new message: one upsert. ``seq`` is the room's newest number
    (taken under the room's lock), so no marker can be ahead of it: setting it never moves one backwards."""
    ReadMarker.objects.bulk_create(
        [ReadMarker(room=room, user=user, last_read_seq=seq)],
        update_conflicts=True,
        unique_fields=["room", "user"],
        update_fields=["last_read_seq", "updated_at"],
    )


def _advance_marker(user, room: Room, seq: int) -> bool:
    marker, created = ReadMarker.objects.get_or_create(room=room, user=user, defaults={"last_read_seq": seq})
    if created:
        return True
    # A conditional update: two tabs marking at once never move the marker backwards.
    return bool(ReadMarker.objects.filter(pk=marker.pk, last_read_seq__lt=seq).update(last_read_seq=seq))


def mark_read(user, room: Room, seq) -> int:
    """Record that ``user`` has read ``room`` up to ``seq``; returns the messages still unread in the room.

    Never goes backwards (an older ``seq`` changes nothing) nor beyond the room's last message. When the
    marker moves, ``unread.changed`` ``{"room", "unread", "total"}`` goes to the person's group on commit.
    """
    if not access.can_view_room(user, room):
        raise PermissionDenied
    try:
        seq = max(0, int(seq))
    except (TypeError, ValueError):
        raise ValidationError(_("Invalid message number."), code="invalid") from None
    return do_mark_read(user, room, seq)


@transaction.atomic
def do_mark_read(user, room: Room, seq: int) -> int:
    last_seq = Room.objects.filter(pk=room.pk).values_list("last_seq", flat=True).get()
    moved = _advance_marker(user, room, min(seq, last_seq))
    unread = unread_in_room(user, room)
    if moved:
        total = unread_total(user)
        realtime.publish(
            realtime.user_group(user.pk),
            "unread.changed",
            {"room": room.pk, "unread": unread, "total": total},
        )
    return unread
