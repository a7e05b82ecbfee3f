"""Template tags for pages of other apps that show a bit of the spaces: « Mon espace », a project's page.

They keep those apps' views unaware of the spaces (``ecosystem`` never imports ``spaces``): the template asks,
and the answer follows ``spaces.access`` like every page of the spaces.
"""

from django import template
from django.urls import reverse

from ecosystem import access as ecosystem_access
from spaces import access
from spaces.models import Room
from spaces.serializers import room_label
from spaces.unread import unread_counts

register = template.Library()

DASHBOARD_ROOMS = 8


@register.simple_tag(takes_context=True)
def project_room_url(context, project) -> str:
    """The link to ``project``'s room for the people who may read it (its people, the room's guests), else "".

    The room itself is created on the first visit (``spaces:project_room``).
    """
    user = context.get("user")
    if ecosystem_access.is_anonymous(user):
        return ""
    # The project's people read its room by the same rule (one query); the room's guests are the rest.
    allowed = (
        ecosystem_access.is_project_person(user, project)
        or access.visible_rooms(user).filter(kind=Room.Kind.PROJECT, project=project).exists()
    )
    return reverse("spaces:project_room", args=[project.slug]) if allowed else ""


@register.simple_tag(takes_context=True)
def my_rooms_summary(context) -> dict:
    """``{"rooms": [...], "more": n}``: my rooms with unread messages first, each with ``label`` and ``unread``.

    Two queries whatever the number of rooms.
    """
    user = context.get("user")
    if ecosystem_access.is_anonymous(user):
        return {"rooms": [], "more": 0}
    rooms = list(access.my_rooms(user).select_related("space", "project", "contact_actor", "started_by"))
    counts = unread_counts(user)
    for room in rooms:
        room.unread = counts.get(room.pk, 0)
        room.label = room_label(room, user)
    rooms.sort(key=lambda room: (-room.unread, room.label.lower(), room.pk))
    return {"rooms": rooms[:DASHBOARD_ROOMS], "more": max(0, len(rooms) - DASHBOARD_ROOMS)}
