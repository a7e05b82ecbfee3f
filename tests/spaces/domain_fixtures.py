"""Test fixtures for the spaces: people in every role around one hosted space, one project and one actor.

Import them into a test module with ``from tests.spaces.domain_fixtures import *``.

The cast (``cast.user(role)``; role None is anonymous):
- ``outsider`` — logged in, no link to anything;
- ``guest`` — let into the private room and the project room as a guest (RoomMember role guest);
- ``member`` — member of the space (SpaceMember), member of the project's lead actor;
- ``manager`` — member of the incubator hosting the space;
- ``staff`` — Région staff (is_staff), no membership;
- ``partner`` — member of the project's active partner;
- ``actor_admin`` — admin of the contacted actor (the other side of the direct conversation);
- ``starter`` — started the direct conversation.
Rooms: ``cast.rooms[kind]`` for kind in public, private, project, direct.
"""

import pytest

from ecosystem.models import ActorKind, Membership, Partnership
from spaces.actions import create_space, open_room, project_room
from spaces.models import Room, RoomMember, SpaceMember
from tests.ecosystem.project_fixtures import make_actor, make_project, make_user

__all__ = ["ROLES", "ROOM_KINDS", "cast", "make_actor", "make_project", "make_user"]

ROLES = (None, "outsider", "guest", "member", "manager", "staff")
ROOM_KINDS = ("public", "private", "project", "direct")


class SpacesCast:
    def __init__(self):
        self.people = {
            "outsider": make_user("outsider@example.org"),
            "guest": make_user("guest@example.org"),
            "member": make_user("member@example.org"),
            "manager": make_user("manager@example.org"),
            "staff": make_user("staff@example.org", is_staff=True),
            "partner": make_user("partner@example.org"),
            "actor_admin": make_user("actor-admin@example.org"),
            "starter": make_user("starter@example.org"),
        }
        p = self.people
        self.incubator = make_actor("Incubateur du Nord", kind=ActorKind.INCUBATOR, admins=[p["manager"]])
        self.space = create_space(p["manager"], self.incubator, name="Pépinière du Nord")
        SpaceMember.objects.create(space=self.space, user=p["member"])
        self.lead = make_actor("Café des aidants", members=[p["member"]])
        self.partner_actor = make_actor("Mutuelle solidaire", members=[p["partner"]])
        self.project = make_project(self.lead, "Café des aidants itinérant")
        self.partnership = Partnership.objects.create(
            project=self.project, actor=self.partner_actor, nature="financière", role="finance"
        )
        self.contacted = make_actor("Recyclerie de la Lys")
        Membership.objects.create(user=p["actor_admin"], actor=self.contacted, role=Membership.Role.ADMIN)
        self.rooms = {
            "public": open_room(p["manager"], self.space, name="Accueil", kind="public"),
            "private": open_room(p["manager"], self.space, name="Promotion 2026", kind="private"),
            "project": project_room(self.project),
            "direct": Room.objects.create(
                kind=Room.Kind.DIRECT,
                contact_actor=self.contacted,
                started_by=p["starter"],
                name="Recyclerie",
            ),
        }
        for kind in ("private", "project"):
            RoomMember.objects.create(room=self.rooms[kind], user=p["guest"], role=RoomMember.Role.GUEST)

    def user(self, role):
        return None if role is None else self.people[role]


@pytest.fixture
def cast(db):
    return SpacesCast()
