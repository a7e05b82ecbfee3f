"""Room messages in the moderation of ``ecosystem.actions.moderation``: who may report one (who sees its room),
its author, and how staff hide and restore it.

Hiding turns the message into the tombstone a deletion leaves (empty text, no image, ``deleted_at`` set) with
a new version, broadcast like a deletion, so every connected client removes it at once and the history,
search and exports no longer hold its text; the text and image name are kept in the logged decision
(``snapshot``) so that restoring brings them back, with a new version broadcast the same way.
"""

from django.db import transaction
from django.utils import timezone

from ecosystem.actions.moderation import Reportable, register_reportable
from spaces import access
from spaces.actions.messages import _broadcast, _lock_room, _take_seq
from spaces.models import Message


def _authors(message: Message):
    return [message.author] if message.author_id and message.author.is_active else []


@transaction.atomic
def hide_message(message: Message) -> dict:
    room = _lock_room(message.room_id)
    message = Message.objects.get(pk=message.pk)
    snapshot = {"text": message.text, "attachment": message.attachment.name if message.attachment else ""}
    message.text, message.attachment, message.version = "", "", _take_seq(room)
    message.deleted_at = timezone.now()
    message.save(update_fields=["text", "attachment", "version", "deleted_at"])
    transaction.on_commit(lambda: _broadcast(message))
    return snapshot


@transaction.atomic
def restore_message(message: Message, snapshot: dict) -> None:
    room = _lock_room(message.room_id)
    message = Message.objects.get(pk=message.pk)
    message.text = snapshot.get("text", "")
    message.attachment = snapshot.get("attachment", "")
    message.version, message.deleted_at = _take_seq(room), None
    message.save(update_fields=["text", "attachment", "version", "deleted_at"])
    transaction.on_commit(lambda: _broadcast(message))


def register() -> None:
    register_reportable(
        Message,
        Reportable(
            can_view=lambda user, message: (
                access.can_view_room(user, message.room) and not message.is_deleted
            ),
            authors=_authors,
            hide=hide_message,
            restore=restore_message,
        ),
    )
