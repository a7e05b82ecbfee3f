"""Hosted spaces: open one, its page (rooms), and what its managers do — open rooms, add members, let people
into a room (as members or guests), archive a room.

Managers are the members of the host structure (``spaces.access.can_manage_space``); a project room is
managed by the lead structure's members (``can_manage_room``). Everyone else gets 404 on management pages.
"""

from functools import partial

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ecosystem.models import SUPPORT_KINDS, Actor, Membership, User
from spaces import access, actions, events
from spaces.forms import MemberForm, RoomForm, RoomInviteForm, SpaceForm
from spaces.models import Room, RoomMember
from spaces.serializers import room_label
from spaces.unread import unread_counts
from spaces.views.common import add_action_error, error_text


def _managed_space_or_404(user, slug):
    space = access.get_visible_space_or_404(user, slug=slug)
    if not access.can_manage_space(user, space):
        raise Http404
    return space


def _removed(request, member, remove, done: str, back):
    """Run ``remove()`` (a manager takes ``member`` out, or a person leaves): 404 when refused, else ``done``
    said of ``member``, then ``back`` — or home when the person left, the page being no longer theirs."""
    try:
        remove()
    except PermissionDenied:
        raise Http404 from None
    flash.success(request, done % {"person": member.get_full_name()})
    if member == request.user:
        return redirect("spaces:home")
    return redirect(back)


@login_required
def space_create(request):
    """Open a space, hosted by one of the support structures the person belongs to."""
    hosts = Actor.objects.filter(memberships__user=request.user, kind__in=SUPPORT_KINDS).order_by("name")
    if not hosts.exists():
        raise Http404
    form = SpaceForm(request.POST or None, hosts=hosts)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            space = actions.create_space(
                request.user, data["host"], name=data["name"], description=data["description"]
            )
        except ValidationError as error:
            add_action_error(form, error, field="name")
        except PermissionDenied:
            raise Http404 from None
        else:
            flash.success(request, _("The space %(name)s is open.") % {"name": space.name})
            return redirect("spaces:space", slug=space.slug)
    return render(request, "spaces/space_form.html", {"form": form})


@login_required
def space_detail(request, slug, *, member_form=None):
    user = request.user
    space = access.get_visible_space_or_404(user, slug=slug)
    is_manager = access.can_manage_space(user, space)
    rooms_qs = access.visible_rooms(user).filter(space=space)
    counts = unread_counts(user, rooms_qs)
    rooms = list(rooms_qs.order_by("name", "pk"))
    for room in rooms:
        room.unread = counts.get(room.pk, 0)
    context = {
        "space": space,
        "rooms": rooms,
        "is_manager": is_manager,
        "is_member": access.is_space_member(user, space),
        "events": list(events.upcoming_events(user, space)[: events.UPCOMING_ON_PAGE]),
        "can_organise": access.can_organise_space_events(user, space),
    }
    if is_manager:
        context |= {
            "member_form": member_form or MemberForm(),
            "members": space.members.select_related("user").order_by("user__display_name", "user__email"),
            "managers": Membership.objects.filter(actor=space.host).select_related("user"),
        }
    return render(request, "spaces/space_detail.html", context)


@login_required
def room_create(request, slug):
    space = _managed_space_or_404(request.user, slug)
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            room = actions.open_room(
                request.user, space, name=data["name"], kind=data["kind"], topic=data["topic"]
            )
        except ValidationError as error:
            add_action_error(form, error, field="name")
        else:
            flash.success(request, _("The room %(name)s is open.") % {"name": room.name})
            return redirect("spaces:room", pk=room.pk)
    return render(request, "spaces/room_form.html", {"form": form, "space": space})


@login_required
@require_POST
def space_member_add(request, slug):
    space = _managed_space_or_404(request.user, slug)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            row = actions.add_space_member(request.user, space, form.cleaned_data["email"])
        except ValidationError as error:
            add_action_error(form, error, field="email")
        else:
            flash.success(
                request, _("%(person)s is a member of the space.") % {"person": row.user.get_full_name()}
            )
            return redirect("spaces:space", slug=space.slug)
    return space_detail(request, slug, member_form=form)


@login_required
@require_POST
def space_member_remove(request, slug, user_pk):
    space = access.get_visible_space_or_404(request.user, slug=slug)
    member = get_object_or_404(User, pk=user_pk, space_memberships__space=space)
    done = _("%(person)s is no longer a member of the space.")
    remove = partial(actions.remove_space_member, request.user, space, member)
    return _removed(request, member, remove, done, back=reverse("spaces:space", kwargs={"slug": space.slug}))


# --- one room ------------------------------------------------------------------------------------------


def _managed_room_or_404(user, pk):
    room = access.get_visible_room_or_404(user, pk)
    if not access.can_manage_room(user, room):
        raise Http404
    return room


@login_required
def room_manage(request, pk, *, invite_form=None):
    """Who is let into the room (members and guests), invitations, archiving."""
    room = _managed_room_or_404(request.user, pk)
    invitable = room.kind in (Room.Kind.PRIVATE, Room.Kind.PROJECT)
    context = {
        "room": room,
        "room_name": room_label(room, request.user),
        "invitable": invitable,
        "invite_form": (invite_form or RoomInviteForm()) if invitable else None,
        "room_members": room.members.select_related("user").order_by("role", "user__display_name"),
    }
    return render(request, "spaces/room_manage.html", context)


@login_required
@require_POST
def room_invite(request, pk):
    room = _managed_room_or_404(request.user, pk)
    form = RoomInviteForm(request.POST)
    if form.is_valid():
        try:
            row = actions.invite_to_room(
                request.user, room, form.cleaned_data["email"], form.cleaned_data["role"]
            )
        except ValidationError as error:
            add_action_error(form, error, field="email")
        else:
            message = (
                _("%(person)s is invited as a guest: they see this room only.")
                if row.role == RoomMember.Role.GUEST
                else _("%(person)s is invited to the room.")
            )
            flash.success(request, message % {"person": row.user.get_full_name()})
            return redirect("spaces:room_manage", pk=room.pk)
    return room_manage(request, pk, invite_form=form)


@login_required
@require_POST
def room_member_remove(request, pk, user_pk):
    room = access.get_visible_room_or_404(request.user, pk)
    member = get_object_or_404(User, pk=user_pk, room_memberships__room=room)
    done = _("%(person)s no longer has access to the room.")
    remove = partial(actions.remove_from_room, request.user, room, member)
    return _removed(request, member, remove, done, back=reverse("spaces:room_manage", kwargs={"pk": room.pk}))


@login_required
@require_POST
def room_archive(request, pk):
    room = _managed_room_or_404(request.user, pk)
    archived = request.POST.get("archived") != "0"
    try:
        actions.set_room_archived(request.user, room, archived)
    except (PermissionDenied, ValidationError) as error:
        flash.error(request, error_text(error) if isinstance(error, ValidationError) else _("Not allowed."))
    else:
        flash.success(request, _("The room is archived.") if archived else _("The room is open again."))
    return redirect("spaces:room", pk=room.pk)
