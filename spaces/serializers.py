"""Messages as JSON for clients (WebSocket frames and the JSON history), and room labels.

The ``html`` of a message is :func:`spaces.text.render_message` of its text: escaped, safe to insert as is.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from spaces.models import Message, Room
from spaces.text import excerpt, render_message

# What serialize() reads besides the message row: select_related these to avoid one query per message.
MESSAGE_RELATED = ("author", "reply_to__author")


def _person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name()}


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the web views are not wired (a script or a test without them)
        return ""


def message_permalink(message: Message) -> str:
    """A stable link to the message: the ``spaces:message`` view redirects to the page of history holding it."""
    return _url("spaces:message", message.pk)


def attachment_url(message: Message) -> str | None:
    """The attachment through ``spaces:attachment``, which checks access (never the public media URL)."""
    if not message.attachment or message.is_deleted:
        return None
    return _url("spaces:attachment", message.pk) or None


def serialize(message: Message) -> dict:
    reply = message.reply_to
    return {
        "id": message.pk,
        "seq": message.seq,
        "version": message.version,
        "room": message.room_id,
        "author": _person(message.author),
        "text": "" if message.is_deleted else message.text,
        "html": "" if message.is_deleted else str(render_message(message.text)),
        "reply_to": None
        if reply is None
        else {
            "id": reply.pk,
            "seq": reply.seq,
            "author": _person(reply.author),
            "excerpt": "" if reply.is_deleted else excerpt(reply.text),
        },
        "created_at": message.created_at.isoformat(),
        "edited_at": message.edited_at.isoformat() if message.edited_at else None,
        "deleted": message.is_deleted,
        "attachment": attachment_url(message),
        "permalink": message_permalink(message),
    }


def room_label(room: Room, user) -> str:
    """The name a person sees for ``room``: a direct conversation is named after the other side."""
    if room.kind != Room.Kind.DIRECT:
        return room.name
    actor = room.contact_actor
    if user is not None and room.started_by_id == user.pk:
        return actor.name
    starter = room.started_by.get_full_name() if room.started_by else _("former member")
    return _("%(person)s — %(actor)s") % {"person": starter, "actor": actor.name}
