"""The room page: one page of history, the composer and what the live script needs to take over.

Shared by the room view, the composer (shown again with its errors) and the permalink. The page costs a fixed
number of queries whatever the number of messages: the history is read with its authors and replied-to
messages (``spaces.history``), and what each message may offer (reply, edit, delete) follows from rules
computed once per room with ``spaces.access`` — the actions check each message again on every write.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from spaces import access, history, limits, tickets
from spaces.actions import mark_read
from spaces.actions.presence import room_roster
from spaces.forms import MessageForm
from spaces.models import Message, ReadMarker
from spaces.serializers import room_label
from spaces.text import excerpt, render_message

ID_PLACEHOLDER = "__id__"


def _url_pattern(name: str) -> str:
    """The URL of ``name`` for any message, with ``__id__`` where the live script puts the message's id."""
    return reverse(name, args=[0]).replace("/0/", f"/{ID_PLACEHOLDER}/")


def _author_name(user) -> str:
    return user.get_full_name() if user is not None else _("Former member")


def decorate(messages, user, rights: access.MessageRights | None = None) -> list[Message]:
    """Give each message what its template shows: rendered text, names, and the actions ``rights`` allow
    (none without ``rights``: search results are read, not acted on)."""
    for message in messages:
        deleted = message.is_deleted
        message.author_name = _author_name(message.author)
        message.html = "" if deleted else render_message(message.text)
        message.own = message.author_id == user.pk
        message.can_reply = rights is not None and rights.can_post and not deleted
        message.can_edit = rights is not None and rights.can_edit(message)
        message.can_delete = rights is not None and rights.can_delete(message)
        reply = message.reply_to
        if reply is not None:
            message.reply_author_name = _author_name(reply.author)
            message.reply_excerpt = "" if reply.is_deleted else excerpt(reply.text)
    return messages


def room_context(request, room, *, before=None, form=None, reply_to_id=None) -> dict:
    """Everything ``spaces/room_detail.html`` needs; marks the page's messages as read for the viewer."""
    user = request.user
    page_size = limits.history_page()
    if before is not None and before > room.last_seq:
        before = None  # past the end: that is the latest page
    messages, has_older = history.history_page(room, before_seq=before, limit=page_size)
    is_latest = before is None
    last_read = (
        ReadMarker.objects.filter(room=room, user=user).values_list("last_read_seq", flat=True).first() or 0
    )
    rights = access.MessageRights(user, room, can_view=True)  # the caller found the room visible
    can_post, can_moderate = rights.can_post, rights.can_moderate
    decorate(messages, user, rights)
    if messages and messages[-1].seq > last_read:
        mark_read(user, room, messages[-1].seq)
    first_unread = next(
        (m for m in messages if m.seq > last_read and m.author_id != user.pk and not m.is_deleted), None
    )
    room_url = reverse("spaces:room", args=[room.pk])
    newer_url = None
    if not is_latest:
        newest_shown = messages[-1].seq if messages else before - 1
        after = newest_shown + page_size + 1
        newer_url = room_url if after > room.last_seq else f"{room_url}?avant={after}"
    reply_to = None
    if reply_to_id and can_post:
        reply_to = next((m for m in messages if m.pk == reply_to_id), None) or (
            Message.objects.filter(room=room, pk=reply_to_id, deleted_at=None)
            .select_related("author")
            .first()
        )
        if reply_to is not None and not hasattr(reply_to, "author_name"):
            reply_to.author_name = _author_name(reply_to.author)
    if form is None and can_post:
        form = MessageForm(initial={"reply_to": reply_to.pk if reply_to else None})
    guest = access.is_guest(user, room)
    return {
        "room": room,
        "room_name": room_label(room, user),
        "room_messages": messages,
        "has_older": has_older,
        "older_url": f"{room_url}?avant={messages[0].seq}" if has_older and messages else None,
        "newer_url": newer_url,
        "is_latest": is_latest,
        "last_read": last_read,
        "first_unread_id": first_unread.pk if first_unread else None,
        "can_post": can_post,
        "can_moderate": can_moderate,
        "can_manage": access.can_manage_room(user, room),
        "is_guest": guest,
        # Guests see the authors of messages, never who else is in the room.
        "presence": room_roster(room.pk) if is_latest and not guest else {"online": []},
        # The live socket's first connection carries this page's access decision (spaces.tickets).
        "ticket": tickets.issue(request.session.session_key, user, room, sees_members=not guest)
        if is_latest and request.session.session_key
        else "",
        "form": form,
        "reply_to": reply_to,
        "message_max_length": limits.message_max_length(),
        "edit_url_pattern": _url_pattern("spaces:message_edit"),
        "delete_url_pattern": _url_pattern("spaces:message_delete"),
        "reply_url_pattern": f"?repondre={ID_PLACEHOLDER}#composer",
    }
