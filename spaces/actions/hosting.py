"""Space and room actions: hosting a space, its members, opening and archiving rooms, letting people in.

Who: a space's managers (members of its host actor) for everything about the space; for a project room,
the lead actor's members (``spaces.access.can_manage_room``). Refusals raise ``PermissionDenied``, bad input
``ValidationError``. People are designated by the email of an existing account (no invitation token: the
person already has an account and is told by a notification).

Removing someone publishes ``access.changed`` to their own group on commit, so their open connections to
the room are cut at once.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ecosystem import realtime
from ecosystem.actions.notifications import notify
from ecosystem.models import SUPPORT_KINDS, Actor, Membership, Project, User
from spaces import access
from spaces.models import Room, RoomMember, Space, SpaceMember

Kind = Room.Kind


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "espace")[:130]
    taken = set(Space.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _clean_name(name) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Give it a name."), code="invalid")
    return name[:120]


def _account(email) -> User:
    user = User.objects.filter(email__iexact=(email or "").strip()).first()
    if user is None or not user.is_active:
        raise ValidationError(
            _("No account uses this email address. Ask the person to sign up first."), code="no_account"
        )
    return user


def _access_changed(user_id: int, room_ids) -> None:
    realtime.publish(realtime.user_group(user_id), "access.changed", {"rooms": sorted(room_ids)})


def create_space(user, host: Actor, *, name, description="") -> Space:
    """A new space hosted by ``host``, a support structure ``user`` belongs to (who then manages it)."""
    if not Membership.objects.filter(user=user, actor=host).exists():
        raise PermissionDenied
    return do_create_space(host, name=name, description=description, created_by=user)


@transaction.atomic
def do_create_space(host: Actor, *, name, description="", created_by: User | None = None) -> Space:
    if host.kind not in SUPPORT_KINDS:
        raise ValidationError(
            _(
                "Only support structures (incubators, coworking spaces, tiers-lieux, innovation labs) host spaces."
            ),
            code="invalid",
        )
    name = _clean_name(name)
    return Space.objects.create(
        host=host,
        name=name,
        slug=_unique_slug(name),
        description=(description or "").strip(),
        created_by=created_by,
    )


def add_space_member(user, space: Space, member_email) -> SpaceMember:
    """Make the account with ``member_email`` a member of ``space`` (its private rooms); idempotent."""
    if not access.can_manage_space(user, space):
        raise PermissionDenied
    return do_add_space_member(space, _account(member_email), added_by=user)


@transaction.atomic
def do_add_space_member(space: Space, member: User, *, added_by: User | None = None) -> SpaceMember:
    row, created = SpaceMember.objects.get_or_create(
        space=space, user=member, defaults={"added_by": added_by}
    )
    if created and added_by is not None:  # a person is told who let them in; a loader tells no one
        notify(
            member,
            "space_member",
            _("%(person)s added you to the space %(space)s.")
            % {"person": added_by.get_full_name(), "space": space},
            payload={"space": space.pk},
        )
    return row


def remove_space_member(user, space: Space, member: User) -> None:
    """Remove ``member`` from ``space``; a member may also leave by themselves."""
    if member.pk != user.pk and not access.can_manage_space(user, space):
        raise PermissionDenied
    do_remove_space_member(space, member)


@transaction.atomic
def do_remove_space_member(space: Space, member: User) -> None:
    if SpaceMember.objects.filter(space=space, user=member).delete()[0]:
        _access_changed(member.pk, space.rooms.values_list("pk", flat=True))


def open_room(user, space: Space, *, name, kind=Kind.PUBLIC, topic="") -> Room:
    """A new public or private room in ``space`` (its managers only)."""
    if not access.can_manage_space(user, space):
        raise PermissionDenied
    return do_open_room(space, name=name, kind=kind, topic=topic)


@transaction.atomic
def do_open_room(space: Space, *, name, kind=Kind.PUBLIC, topic="") -> Room:
    if kind not in Room.HOSTED_KINDS:
        raise ValidationError(_("A room of a space is public or private."), code="invalid")
    return Room.objects.create(
        kind=kind, space=space, name=_clean_name(name), topic=" ".join((topic or "").split())[:300]
    )


def set_room_archived(user, room: Room, archived: bool = True) -> Room:
    """Archive a room (it stays readable, nobody posts any more) or reopen it."""
    if not access.can_manage_room(user, room):
        raise PermissionDenied
    return do_set_room_archived(room, archived)


def do_set_room_archived(room: Room, archived: bool = True) -> Room:
    Room.objects.filter(pk=room.pk).update(is_archived=archived)
    room.is_archived = archived
    return room


def invite_to_room(user, room: Room, email, role=RoomMember.Role.MEMBER) -> RoomMember:
    """Let the account with ``email`` into ``room`` (a private or project room) as a member or a guest.

    A guest sees this one room and nothing else. Inviting someone already let in updates their role.
    """
    if not access.can_manage_room(user, room):
        raise PermissionDenied
    _check_invitation(room, role)  # before looking the account up, so a wrong room is said first
    return do_invite_to_room(room, _account(email), role, added_by=user)


def _check_invitation(room: Room, role) -> None:
    if room.kind not in (Kind.PRIVATE, Kind.PROJECT):
        raise ValidationError(_("Everyone may already read this room."), code="invalid")
    if role not in RoomMember.Role.values:
        raise ValidationError(_("Unknown role."), code="invalid")


@transaction.atomic
def do_invite_to_room(room: Room, invited: User, role, *, added_by: User | None = None) -> RoomMember:
    _check_invitation(room, role)
    row, created = RoomMember.objects.get_or_create(
        room=room, user=invited, defaults={"role": role, "added_by": added_by}
    )
    if not created and row.role != role:
        row.role = role
        row.save(update_fields=["role"])
    if created and added_by is not None:  # a person is told who let them in; a loader tells no one
        notify(
            invited,
            "room_member",
            _("%(person)s invited you to the room %(room)s.")
            % {"person": added_by.get_full_name(), "room": room},
            payload={"room": room.pk},
        )
    return row


def remove_from_room(user, room: Room, member: User) -> None:
    """Take ``member`` out of the people let into ``room`` (managers; anyone may leave by themselves).

    Rights that come from elsewhere (the consortium of a project, a space membership) are not changed here.
    """
    if member.pk != user.pk and not access.can_manage_room(user, room):
        raise PermissionDenied
    do_remove_from_room(room, member)


@transaction.atomic
def do_remove_from_room(room: Room, member: User) -> None:
    if RoomMember.objects.filter(room=room, user=member).delete()[0]:
        _access_changed(member.pk, [room.pk])


def project_room(project: Project) -> Room:
    """The room of ``project``, created the first time it is asked for. Its people follow the consortium."""
    room, _created = Room.objects.get_or_create(
        project=project, defaults={"kind": Kind.PROJECT, "name": project.title[:120]}
    )
    return room
