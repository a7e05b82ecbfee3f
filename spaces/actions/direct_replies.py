"""Every message in a direct conversation tells the conversation's other people: the structure's admins when
the person who started it writes (from the contact form or the room), that person and the other admins when an
admin replies. A notification in the bell, and an email by each one's preference for direct messages, batched
per room like any direct message (topic ``room:<id>``: at most one email an hour).

Called by :func:`spaces.actions.messages.post_message` for every message it stores; it does nothing outside
direct rooms. Kept apart from :mod:`spaces.actions.direct` (which imports ``post_message``) so the write path
can call it without an import cycle.
"""

from django.utils.translation import gettext as _

from ecosystem.actions.notifications import notify
from spaces import access
from spaces.models import Message, Room
from spaces.serializers import message_permalink
from spaces.text import excerpt


def notify_direct_participants(message: Message, *, author, mentioned=()) -> None:
    """Tell the room's people but ``author`` (and those already told by a mention) of ``message``."""
    room = message.room
    if room.kind != Room.Kind.DIRECT:
        return
    told = {author.pk, *(person.pk for person in mentioned)}
    names = {
        "person": author.get_full_name(),
        "actor": room.contact_actor.name,
        "excerpt": excerpt(message.text, 80),
    }
    if author.pk == room.started_by_id:
        title = _("%(person)s wrote to %(actor)s: %(excerpt)s") % names
    else:
        title = _("%(person)s replied for %(actor)s: %(excerpt)s") % names
    for person in access.room_people(room).filter(is_active=True).exclude(pk__in=told):
        notify(
            person,
            "direct_message",
            title,
            url=message_permalink(message),
            payload={"room": room.pk, "message": message.pk},
            email_topic=f"room:{room.pk}",
        )
