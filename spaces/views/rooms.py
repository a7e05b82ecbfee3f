"""Rooms: the list of my spaces and rooms with their unread counts, a room's page, a project's room.

Anonymous visitors are sent to the login page; a room the person may not read answers 404, exactly like a
room that does not exist (``spaces.access.get_visible_room_or_404``).
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render

from ecosystem import access as ecosystem_access
from ecosystem.models import SUPPORT_KINDS, Actor, Project
from spaces import access
from spaces.actions import project_room as get_project_room
from spaces.models import Room, Space
from spaces.serializers import room_label
from spaces.unread import unread_counts
from spaces.views.common import positive_int
from spaces.views.room_page import room_context

ROOM_RELATED = ("space__host", "project", "contact_actor", "started_by")


@login_required
def room_list(request):
    """« Mes salons »: my rooms grouped by space, project and conversation, each with its unread count.

    A fixed number of queries whatever the number of rooms (the counts come in one query).
    """
    user = request.user
    rooms = list(access.my_rooms(user).select_related(*ROOM_RELATED).order_by("name", "pk"))
    counts = unread_counts(user)
    for room in rooms:
        room.unread = counts.get(room.pk, 0)
        room.label = room_label(room, user)
    managed = set(access.managed_spaces(user).values_list("pk", flat=True))
    spaces = list(
        Space.objects.filter(Q(pk__in=managed) | Q(members__user=user)).select_related("host").distinct()
    )
    for space in spaces:
        space.is_managed = space.pk in managed
        space.my_rooms = [room for room in rooms if room.space_id == space.pk]
    mine = {space.pk for space in spaces}
    context = {
        "spaces": spaces,
        "public_rooms": [r for r in rooms if r.is_hosted and r.space_id not in mine],
        "project_rooms": [r for r in rooms if r.kind == Room.Kind.PROJECT],
        "conversations": [r for r in rooms if r.kind == Room.Kind.DIRECT],
        "other_spaces": Space.objects.exclude(pk__in=mine).select_related("host").order_by("name"),
        "can_host": Actor.objects.filter(memberships__user=user, kind__in=SUPPORT_KINDS).exists(),
        "total_unread": sum(room.unread for room in rooms),
    }
    return render(request, "spaces/room_list.html", context)


@login_required
def room_detail(request, pk):
    """A page of the room's history (the latest, or the one before ``?avant=<seq>``) and the composer."""
    room = access.get_visible_room_or_404(request.user, pk)
    context = room_context(
        request,
        room,
        before=positive_int(request.GET.get("avant")),
        reply_to_id=positive_int(request.GET.get("repondre")),
    )
    return render(request, "spaces/room_detail.html", context)


@login_required
def project_room(request, slug):
    """The project's room for its people (and the room's guests); 404 for everyone else.

    The room is created the first time one of the project's people asks for it; its members are never
    copied: access follows the consortium at every check.
    """
    user = request.user
    project = Project.objects.filter(slug=slug).first()
    if project is None:
        raise Http404
    room = Room.objects.filter(project=project).first()
    if room is None and ecosystem_access.is_project_person(user, project):
        room = get_project_room(project)
    if room is None or not access.can_view_room(user, room):
        raise Http404
    return redirect("spaces:room", pk=room.pk)
