"""The digest's « Unread messages » section (registered with ``ecosystem.registry.register_digest_section``):
the person's rooms where messages arrived since their last digest and are still unread, each with how many
unread messages it holds and its address. Rooms whose unread messages are all older were in an earlier digest:
they do not make a new one. One query whatever the number of rooms."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from spaces import access
from spaces.models import Message
from spaces.serializers import room_label
from spaces.unread import _with_unread


def unread_section(user, since):
    new_unread = Message.objects.filter(
        room=OuterRef("pk"), seq__gt=OuterRef("read_up_to"), deleted_at=None, created_at__gt=since
    ).exclude(author=user)
    rooms = (
        _with_unread(access.my_rooms(user).order_by(), user)
        .filter(Exists(new_unread))
        .select_related("contact_actor", "started_by")
        .order_by("-unread", "name", "pk")
    )
    items = []
    for room in rooms:
        count = ngettext("%(count)s unread message", "%(count)s unread messages", room.unread)
        text = _("%(room)s: %(count)s") % {
            "room": room_label(room, user),
            "count": count % {"count": room.unread},
        }
        items.append((text, reverse("spaces:room", args=[room.pk])))
    return (_("Unread messages"), items) if items else None
