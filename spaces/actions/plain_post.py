"""The short write of a plain message: text only, no reply, no attachment, no mention, not a direct conversation.

Such a message tells nobody but the room's live connections, so its write is three things only — the room's
next sequence number, the message, the author's read marker — and each rule of a post is folded into the
statement that takes the sequence number (``UPDATE room … WHERE <the post may go> RETURNING last_seq``):
the room is not archived, this ``client_id`` has not already created a message (a retry), the author is
under the rate limit (:func:`spaces.limits.recent_messages_sql`). That statement locks the room's row until
commit, so versions commit in the order they were taken, as for every other change to a room.

- PostgreSQL: the three writes are one statement (data-modifying ``WITH``), run in autocommit: **one round
  trip**, and the room's lock is held for that statement only.
- SQLite has no data-modifying ``WITH``: one transaction (``BEGIN IMMEDIATE``, the sequence, the insert, the
  marker upsert, ``COMMIT``), calls into the in-process library rather than round trips over a network;
  SQLite's writers take turns on the database's lock anyway.

When the sequence statement updates nothing, one more query says why (the retry's message, archived →
PermissionDenied, else over the rate); refusals and retries are the rare case. Two concurrent retries of one
``client_id`` both pass the check and the second insert breaks the unique constraint: the statement is undone
as a whole and the retry answered from the first one. The rate is counted from each statement's snapshot:
posts running at the same instant for one person (several tabs) may pass it together, by at most their number.
"""

from contextlib import nullcontext

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from spaces import limits
from spaces.models import Message, ReadMarker, Room
from spaces.text import mentioned_handles


def is_plain(room: Room, *, text: str, reply_to_id, attachment) -> bool:
    """Whether a post can take the short write: nothing to read or notify beyond the room's connections."""
    return (
        attachment is None
        and reply_to_id in (None, "")
        and room.kind != Room.Kind.DIRECT
        and not mentioned_handles(text)
    )


def _may_go(user, room: Room, client_id: str, now) -> tuple[str, list]:
    """Where the post may go, as conditions on the room's row: SQL and parameters. Raw SQL: the same
    conditions built with the ORM cost ~3 ms of CPU per post to build and compile, more than the write.
    PostgreSQL re-reads the room's own columns once its lock is held: a room archived meanwhile is refused."""
    message_table = connection.ops.quote_name(Message._meta.db_table)
    count, since = limits.message_rate_window(now)
    since = connection.ops.adapt_datetimefield_value(since)
    sql = f"id = %s AND NOT is_archived AND {limits.recent_messages_sql()} < %s"
    params = [room.pk, user.pk, since, count]
    if client_id:
        sql += (
            f" AND NOT EXISTS (SELECT 1 FROM {message_table}"  # noqa: S608
            " WHERE room_id = %s AND author_id = %s AND client_id = %s)"
        )
        params += [room.pk, user.pk, client_id]
    return sql, params


def _names():
    quote = connection.ops.quote_name
    return quote(Room._meta.db_table), quote(Message._meta.db_table), quote(ReadMarker._meta.db_table)


def _write_postgresql(user, room, text, client_id, now) -> tuple | None:
    room_table, message_table, marker_table = _names()
    may_go, params = _may_go(user, room, client_id, now)
    # Table names are the models', never input; every value is a parameter.
    sql = f"""
        WITH taken AS (
            UPDATE {room_table} SET last_seq = last_seq + 1 WHERE {may_go} RETURNING last_seq
        ), inserted AS (
            INSERT INTO {message_table} (room_id, seq, version, author_id, text, client_id, attachment, created_at)
            SELECT %s, last_seq, last_seq, %s, %s, %s, '', %s FROM taken RETURNING id, seq, created_at
        ), marker AS (
            INSERT INTO {marker_table} (room_id, user_id, last_read_seq, updated_at)
            SELECT %s, %s, seq, %s FROM inserted
            ON CONFLICT (room_id, user_id)
            DO UPDATE SET last_read_seq = EXCLUDED.last_read_seq, updated_at = EXCLUDED.updated_at
        )
        SELECT id, seq, created_at FROM inserted
    """  # noqa: S608
    params = [*params, room.pk, user.pk, text, client_id, now, room.pk, user.pk, now]
    # In autocommit the statement is its own transaction; inside a caller's, a savepoint keeps a broken
    # constraint (a concurrent retry) from breaking the caller's transaction.
    savepoint = transaction.atomic() if connection.in_atomic_block else nullcontext()
    with savepoint, connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _write_sqlite(user, room, text, client_id, now) -> tuple | None:
    room_table = _names()[0]
    may_go, params = _may_go(user, room, client_id, now)
    sql = f"UPDATE {room_table} SET last_seq = last_seq + 1 WHERE {may_go} RETURNING last_seq"  # noqa: S608
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        seq = row[0]
        message = Message(room=room, seq=seq, version=seq, author=user, text=text, client_id=client_id)
        message.save()
        ReadMarker.objects.bulk_create(
            [ReadMarker(room=room, user=user, last_read_seq=seq)],
            update_conflicts=True,
            unique_fields=["room", "user"],
            update_fields=["last_read_seq", "updated_at"],
        )
    return message.pk, seq, message.created_at


def _refused(user, room: Room, client_id: str) -> Message:
    """Why the sequence statement updated nothing: the message a retry already created is returned; an
    archived (or deleted) room is PermissionDenied; otherwise the author is over the rate."""
    if client_id:
        prior = Message.objects.filter(room=room, author=user, client_id=client_id).first()
        if prior is not None:
            return prior
    if not Room.objects.filter(pk=room.pk, is_archived=False).exists():
        raise PermissionDenied
    raise limits.rate_limited()


def do_post_plain(user, room: Room, *, text: str, client_id: str) -> tuple[Message, bool]:
    """Write a plain message (``text`` and ``client_id`` already cleaned, the author's right checked by the
    caller): ``(message, True)``, the message built from what was written (no re-select), ready to serialise;
    ``(the first message, False)`` for a retry."""
    write = _write_postgresql if connection.vendor == "postgresql" else _write_sqlite
    try:
        row = write(user, room, text, client_id, timezone.now())
    except IntegrityError:
        if not client_id:
            raise
        row = None  # a concurrent retry of the same client_id won: answered below from its message
    if row is None:
        return _refused(user, room, client_id), False
    pk, seq, created_at = row
    message = Message(
        pk=pk,
        room=room,
        seq=seq,
        version=seq,
        author=user,
        text=text,
        client_id=client_id,
        created_at=created_at,
    )
    message._state.adding, message._state.db = False, connection.alias
    return message, True
