"""Mentions: ``@handle`` in a message notifies the people it names, if they may read the room.

Handles are resolved among the room's people (:func:`spaces.access.room_people`), so a mention can never
reveal a room to someone outside it, nor notify them.
"""

from django.utils.translation import gettext as _

from ecosystem.actions.notifications import notify
from spaces import access
from spaces.serializers import message_permalink, room_label
from spaces.text import excerpt, handle_for, mentioned_handles


def mention_recipients(room, text: str, *, author, already: str = "") -> list:
    """The people mentioned in ``text`` (and not in ``already``, the text before an edit), author excluded."""
    handles = set(mentioned_handles(text)) - set(mentioned_handles(already))
    if not handles:
        return []
    people = (
        access.room_people(room)
        .exclude(pk=author.pk)
        .only("pk", "email", "display_name", "first_name", "last_name")
    )
    named = [person for person in people if handle_for(person) in handles]
    return [person for person in named if access.can_view_room(person, room)]


def notify_mentions(recipients, message, *, author) -> None:
    for person in recipients:
        notify(
            person,
            "mention",
            _("%(author)s mentioned you in %(room)s: %(excerpt)s")
            % {
                "author": author.get_full_name(),
                "room": room_label(message.room, person),
                "excerpt": excerpt(message.text, 80),
            },
            url=message_permalink(message),
            payload={"room": message.room_id, "message": message.pk, "seq": message.seq},
            # Mailed per the person's preference (digest by default), at most once an hour per room.
            email_topic=f"room:{message.room_id}",
        )
