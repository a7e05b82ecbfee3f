"""Who may open a room's live feed: anonymous, outsider, guest, member, manager, staff (and the partner, the
contacted actor's admin and the person who started a conversation) × public room, private room, project
room, direct conversation. Refusals are close codes: 4401 to log in, 4404 for no such room *and* for a room
one may not see (outsiders learn nothing), 4403 when access is lost during the session — at once."""

import pytest
from channels.db import database_sync_to_async as in_thread
from channels.layers import channel_layers

from ecosystem.actions.members import do_change_role, do_remove_member
from ecosystem.actions.partnerships import mark_partner_left
from ecosystem.models import Membership
from spaces import actions
from spaces.consumers import CLOSE_ACCESS_LOST, CLOSE_NOT_FOUND, CLOSE_UNAUTHENTICATED
from tests.spaces.ws_clients import open_room, refused
from tests.support.casts import ROOM_KINDS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]

# Which rooms each role may open (the same rule as spaces.access, which tests/spaces/test_access.py checks).
ALLOWED = {
    None: set(),
    "outsider": {"public"},
    "guest": {"public", "private", "project"},
    "member": {"public", "private", "project"},
    "manager": {"public", "private"},
    "staff": {"public"},  # no implicit access to private conversations
    "partner": {"public", "project"},
    "actor_admin": {"public", "direct"},
    "starter": {"public", "direct"},
}


@pytest.fixture(autouse=True)
def fresh_layers():
    channel_layers.backends.clear()
    yield
    channel_layers.backends.clear()


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("kind", ROOM_KINDS)
async def test_permission_matrix(cast, role, kind):
    user, room = cast.user(role), cast.rooms[kind]
    if kind in ALLOWED[role]:
        client = await open_room(user, room)
        assert client.ready["room"] == room.pk
        await client.close()
    elif role is None:
        assert await refused(user, f"/ws/rooms/{room.pk}/") == CLOSE_UNAUTHENTICATED
    else:
        assert await refused(user, f"/ws/rooms/{room.pk}/") == CLOSE_NOT_FOUND


@pytest.mark.parametrize("role", [None, "outsider", "staff"])
async def test_an_unknown_room_and_a_forbidden_room_look_the_same(cast, role):
    user = cast.user(role)
    forbidden = await refused(user, f"/ws/rooms/{cast.rooms['private'].pk}/")
    unknown = await refused(user, "/ws/rooms/987654/")
    assert forbidden == unknown == (CLOSE_UNAUTHENTICATED if role is None else CLOSE_NOT_FOUND)


async def test_a_foreign_origin_is_refused_at_the_handshake(cast):
    path = f"/ws/rooms/{cast.rooms['public'].pk}/"
    assert await refused(cast.user("member"), path, origin=b"https://evil.example") == "handshake"


# --- Losing access during the session ----------------------------------------------------------------------


async def assert_cut(client, room, poster) -> None:
    """The connection is closed with 4403, and what is posted afterwards never reaches it."""
    assert await client.closed_with() == CLOSE_ACCESS_LOST
    await in_thread(actions.post_message)(poster, room, text="Après le départ")
    assert await client.ws.receive_nothing(timeout=0.3)


async def test_a_partner_that_leaves_the_project_is_cut_at_once(cast):
    room = cast.rooms["project"]
    partner = await open_room(cast.user("partner"), room)
    await in_thread(mark_partner_left)(cast.user("member"), cast.partnership)
    await assert_cut(partner, room, cast.user("member"))


async def test_a_person_who_leaves_the_partner_structure_is_cut_at_once(cast):
    room = cast.rooms["project"]
    partner = await open_room(cast.user("partner"), room)
    membership = await in_thread(Membership.objects.get)(user=cast.user("partner"))
    # The partner structure keeps an admin, so its member may be removed.
    await in_thread(Membership.objects.create)(
        user=cast.user("outsider"), actor=cast.partner_actor, role=Membership.Role.ADMIN
    )
    await in_thread(do_remove_member)(membership)
    await assert_cut(partner, room, cast.user("member"))


async def test_a_guest_taken_out_of_the_room_is_cut_at_once(cast):
    room = cast.rooms["private"]
    guest = await open_room(cast.user("guest"), room)
    await in_thread(actions.remove_from_room)(cast.user("manager"), room, cast.user("guest"))
    await assert_cut(guest, room, cast.user("manager"))


async def test_a_space_member_removed_from_the_space_is_cut_at_once(cast):
    room = cast.rooms["private"]
    member = await open_room(cast.user("member"), room)
    await in_thread(actions.remove_space_member)(cast.user("manager"), cast.space, cast.user("member"))
    await assert_cut(member, room, cast.user("manager"))


async def test_an_admin_demoted_no_longer_receives_the_conversations_of_the_actor(cast):
    room = cast.rooms["direct"]
    admin = await open_room(cast.user("actor_admin"), room)
    await in_thread(Membership.objects.create)(
        user=cast.user("outsider"), actor=cast.contacted, role=Membership.Role.ADMIN
    )
    membership = await in_thread(Membership.objects.get)(user=cast.user("actor_admin"), actor=cast.contacted)
    await in_thread(do_change_role)(membership, Membership.Role.MEMBER)
    await assert_cut(admin, room, cast.user("starter"))


async def test_losing_access_elsewhere_leaves_this_room_open(cast):
    """access.changed only closes the connections whose room is no longer readable."""
    public = await open_room(cast.user("guest"), cast.rooms["public"])
    await in_thread(actions.remove_from_room)(cast.user("manager"), cast.rooms["private"], cast.user("guest"))
    assert await public.closed_with(timeout=0.5) is None
    await public.send(action="ping")
    assert (await public.next("pong"))["type"] == "pong"
    await public.close()


async def test_an_action_after_losing_access_without_notice_closes_the_connection(cast, monkeypatch):
    """Even without an access.changed event (e.g. a write that bypassed the actions), the next action once
    the connection's access is no longer known fresh (``ACCESS_FRESH_S`` after its last check) re-checks
    access and finds it gone."""
    monkeypatch.setattr("spaces.consumers.rooms.ACCESS_FRESH_S", 0.0)
    room = cast.rooms["private"]
    guest = await open_room(cast.user("guest"), room)
    await in_thread(lambda: room.members.filter(user=cast.user("guest")).delete())()
    await guest.send(action="send", text="Toujours là ?", client_id="g")
    assert await guest.closed_with() == CLOSE_ACCESS_LOST
    assert await in_thread(lambda: room.messages.count())() == 0
