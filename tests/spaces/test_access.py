"""Who may see which room, at the domain level: anonymous, outsider, guest, space member, manager and staff
against a public room, a private room, a project room and a direct conversation.

Outsiders learn nothing: unknown and forbidden rooms alike give 404 (``get_visible_room_or_404``). Staff get no
implicit access to private conversations.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from ecosystem import access as ecosystem_access
from ecosystem.actions.invitations import accept_invitation, invite_partner
from ecosystem.actions.members import do_change_role, do_remove_member
from ecosystem.actions.partnerships import mark_partner_left
from ecosystem.models import Membership, Partnership
from ecosystem.realtime import user_group
from spaces import access, actions
from spaces.models import Room, RoomMember
from tests.factories import ActorFactory, UserFactory
from tests.support.casts import ROOM_KINDS
from tests.support.channels import GroupListener

pytestmark = pytest.mark.django_db

# Which rooms each role may read. Guests were let into the private and the project room only.
EXPECTED = {
    None: set(),
    "outsider": {"public"},
    "guest": {"public", "private", "project"},
    "member": {"public", "private", "project"},
    "manager": {"public", "private"},
    "staff": {"public"},
    "partner": {"public", "project"},
    "actor_admin": {"public", "direct"},
    "starter": {"public", "direct"},
}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("kind", ROOM_KINDS)
def test_permission_matrix(cast, role, kind):
    user, room = cast.user(role), cast.rooms[kind]
    allowed = kind in EXPECTED[role]
    assert access.can_view_room(user, room) is allowed
    assert access.can_post(user, room) is allowed
    assert (room in access.visible_rooms(user)) is allowed
    if allowed:
        assert access.get_visible_room_or_404(user, room.pk) == room
    else:
        with pytest.raises(Http404):
            access.get_visible_room_or_404(user, room.pk)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_unknown_and_forbidden_rooms_look_the_same(cast, role):
    for pk in (999_999, "not-a-number", None):
        with pytest.raises(Http404):
            access.get_visible_room_or_404(cast.user(role), pk)


def test_staff_and_superusers_do_not_read_private_conversations(cast):
    staff = cast.user("staff")
    staff.is_superuser = True
    staff.save()
    assert set(access.visible_rooms(staff)) == {cast.rooms["public"]}


def test_project_room_follows_the_project_people_rule(cast):
    room = cast.rooms["project"]
    for role in ("outsider", "member", "manager", "staff", "partner", "actor_admin", "starter"):
        user = cast.user(role)
        assert access.can_view_room(user, room) == ecosystem_access.is_project_person(user, cast.project), (
            role
        )


def test_a_partner_that_leaves_loses_the_project_room_at_once(cast, django_capture_on_commit_callbacks):
    partner, room = cast.user("partner"), cast.rooms["project"]
    assert access.can_view_room(partner, room)
    with django_capture_on_commit_callbacks(execute=False):
        mark_partner_left(cast.user("member"), cast.partnership)
    assert not access.can_view_room(partner, room)
    assert room not in access.visible_rooms(partner)
    with pytest.raises(Http404):
        access.get_visible_room_or_404(partner, room.pk)
    Partnership.objects.filter(pk=cast.partnership.pk).update(status=Partnership.Status.ACTIVE)
    assert access.can_view_room(partner, room)


def test_an_invited_structure_enters_the_project_room_only_once_it_accepts(cast):
    """Consent first (issue #12): a pending invitation gives its members nothing; acceptance lets them in."""
    newcomer = UserFactory(email="newcomer-admin@example.org")
    invited = ActorFactory(name="Laboratoire invité", admins=[newcomer])
    room = cast.rooms["project"]
    invitation = invite_partner(
        cast.user("member"), cast.project, invited, nature="recherche", role="Évalue."
    )
    assert not access.can_view_room(newcomer, room)
    assert room not in access.visible_rooms(newcomer)
    accept_invitation(newcomer, invitation)
    assert access.can_view_room(newcomer, room)


def test_a_new_project_member_sees_the_room_without_being_added(cast):
    newcomer = UserFactory(email="newcomer@example.org")
    Membership.objects.create(user=newcomer, actor=cast.partner_actor)
    assert access.can_view_room(newcomer, cast.rooms["project"])


def test_a_guest_sees_only_the_room_they_were_let_into(cast):
    guest = cast.user("guest")
    other_private = actions.open_room(cast.user("manager"), cast.space, name="Comité", kind="private")
    assert not access.can_view_room(guest, other_private)
    assert not access.can_see_members(guest, cast.rooms["private"])
    assert access.can_see_members(cast.user("member"), cast.rooms["private"])
    # Nor the project's draft pages.
    assert not ecosystem_access.can_view_project(guest, cast.project)


def test_guests_in_a_direct_conversation_give_no_access(cast):
    RoomMember.objects.create(room=cast.rooms["direct"], user=cast.user("outsider"))
    assert not access.can_view_room(cast.user("outsider"), cast.rooms["direct"])


def test_direct_conversation_reaches_the_actor_admins_only(cast):
    plain_member = UserFactory(email="plain@example.org")
    Membership.objects.create(user=plain_member, actor=cast.contacted, role=Membership.Role.MEMBER)
    assert not access.can_view_room(plain_member, cast.rooms["direct"])
    Membership.objects.filter(user=plain_member).update(role=Membership.Role.ADMIN)
    assert access.can_view_room(plain_member, cast.rooms["direct"])


def test_archived_rooms_stay_readable_but_nobody_posts(cast):
    room = cast.rooms["private"]
    actions.set_room_archived(cast.user("manager"), room)
    stale_copy = Room.objects.get(pk=room.pk)
    Room.objects.filter(pk=room.pk).update(is_archived=True)
    assert access.can_view_room(cast.user("member"), stale_copy)
    assert not access.can_post(cast.user("member"), stale_copy)


@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        ("manager", "public", True),
        ("manager", "private", True),
        ("member", "private", False),
        ("guest", "private", False),
        ("staff", "private", False),
        ("member", "project", True),  # a member of the lead actor
        ("partner", "project", False),
        ("starter", "direct", False),
        ("actor_admin", "direct", False),
    ],
)
def test_who_manages_a_room(cast, role, kind, allowed):
    assert access.can_manage_room(cast.user(role), cast.rooms[kind]) is allowed


def test_only_managers_manage_the_space(cast):
    assert access.can_manage_space(cast.user("manager"), cast.space)
    for role in (None, "outsider", "guest", "member", "staff"):
        assert not access.can_manage_space(cast.user(role), cast.space)
        with pytest.raises(PermissionDenied):
            actions.open_room(cast.user(role) or cast.user("outsider"), cast.space, name="Pirate")


def test_space_pages_are_for_logged_in_people(cast):
    with pytest.raises(Http404):
        access.get_visible_space_or_404(None, slug=cast.space.slug)
    with pytest.raises(Http404):
        access.get_visible_space_or_404(cast.user("outsider"), slug="nowhere")
    assert access.get_visible_space_or_404(cast.user("outsider"), slug=cast.space.slug) == cast.space


def test_adding_and_removing_space_members_and_guests(cast, django_capture_on_commit_callbacks):
    outsider, manager = cast.user("outsider"), cast.user("manager")
    private = cast.rooms["private"]
    with pytest.raises(PermissionDenied):
        actions.add_space_member(cast.user("member"), cast.space, "outsider@example.org")
    actions.add_space_member(manager, cast.space, "OUTSIDER@example.org")
    actions.add_space_member(manager, cast.space, "outsider@example.org")  # idempotent
    assert access.can_view_room(outsider, private)
    actions.remove_space_member(manager, cast.space, outsider)
    assert not access.can_view_room(outsider, private)

    actions.invite_to_room(manager, private, "outsider@example.org", role="guest")
    assert access.is_guest(outsider, private)
    actions.remove_from_room(outsider, private, outsider)  # anyone may leave
    assert not access.can_view_room(outsider, private)
    with pytest.raises(PermissionDenied):
        actions.remove_from_room(cast.user("member"), private, cast.user("guest"))


def test_only_existing_accounts_can_be_added(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        actions.invite_to_room(cast.user("manager"), cast.rooms["private"], "nobody@example.org")
    assert error.value.code == "no_account"
    with pytest.raises(ValidationError):
        actions.invite_to_room(cast.user("manager"), cast.rooms["public"], "outsider@example.org")


def test_only_support_structures_host_spaces(cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.create_space(cast.user("member"), cast.lead, name="Pas un incubateur")
    with pytest.raises(PermissionDenied):
        actions.create_space(cast.user("outsider"), cast.incubator, name="Intrus")


@pytest.mark.parametrize("how", ["remove_member", "demote_admin", "remove_from_room", "remove_space_member"])
def test_losing_access_tells_the_person_connections(cast, how, django_capture_on_commit_callbacks):
    if how in ("remove_member", "demote_admin"):
        person = cast.user("actor_admin")
        Membership.objects.create(
            user=UserFactory(email="second@example.org"), actor=cast.contacted, role="admin"
        )
        membership = Membership.objects.get(user=person, actor=cast.contacted)
    else:
        person = cast.user("guest") if how == "remove_from_room" else cast.user("member")
    listener = GroupListener(user_group(person.pk))
    with django_capture_on_commit_callbacks(execute=True):
        if how == "remove_member":
            do_remove_member(membership)
        elif how == "demote_admin":
            do_change_role(membership, Membership.Role.MEMBER)
        elif how == "remove_from_room":
            actions.remove_from_room(cast.user("manager"), cast.rooms["private"], person)
        else:
            actions.remove_space_member(cast.user("manager"), cast.space, person)
    assert [event["type"] for event in listener.events()] == ["access.changed"]


@pytest.mark.parametrize("rooms", [3, 30])
def test_visible_rooms_and_unread_totals_take_constant_queries(
    cast, rooms, settings, django_assert_num_queries
):
    from spaces.unread import unread_counts, unread_total

    settings.SPACES_MESSAGE_RATE = "100/60"

    manager, member = cast.user("manager"), cast.user("member")
    for number in range(rooms):
        room = actions.open_room(manager, cast.space, name=f"Salon {number}", kind="private")
        actions.post_message(manager, room, text=f"Bienvenue {number}")
    with django_assert_num_queries(1):
        assert len(list(access.visible_rooms(member))) == rooms + 3
    with django_assert_num_queries(1):
        counts = unread_counts(member)
    assert sum(counts.values()) == rooms
    with django_assert_num_queries(1):
        assert unread_total(member) == rooms
