"""The casts: everyone around one project (``Cast``), both sides of a partnership proposal (``Consent``) or one
hosted space (``SpacesCast``), built with factories.

The fixtures that build them are ``cast`` (tests/fixtures/projects.py), ``consent``
(tests/fixtures/invitations.py) and, in tests/spaces, the spaces' ``cast`` (tests/spaces/conftest.py).
"""

from ecosystem.models import ActorKind, Membership, Partnership, Project, Theme
from tests.factories import ActorFactory, PartnershipFactory, PartnerSlotFactory, ProjectFactory, UserFactory


class Cast:
    """Everyone around one project; ``user(role)`` returns the person playing ``role`` (None: anonymous).

    ``outsider`` (no membership), ``lead_member`` and ``lead_admin`` of ``lead``, ``partner_member`` (admin
    of ``partner``) and ``staff``; ``other`` and ``incubator`` are public actors with nobody, and one actor
    is not public.
    """

    ROLES = ("anonymous", "outsider", "lead_member", "lead_admin", "partner_member", "staff")

    def __init__(self):
        self.outsider = UserFactory(email="dehors@example.org")
        self.lead_member = UserFactory(email="membre@porteur.example")
        self.lead_admin = UserFactory(email="admin@porteur.example")
        self.partner_member = UserFactory(email="membre@partenaire.example")
        self.staff = UserFactory(email="equipe@region.example", is_staff=True)
        self.lead = ActorFactory(
            name="Association Porteuse", members=[self.lead_member], admins=[self.lead_admin]
        )
        self.partner = ActorFactory(
            name="Coopérative Partenaire", kind=ActorKind.COOPERATIVE, admins=[self.partner_member]
        )
        self.other = ActorFactory(name="Université Voisine", kind=ActorKind.RESEARCH)
        self.incubator = ActorFactory(name="Incubateur Social", kind=ActorKind.INCUBATOR)
        ActorFactory(name="Structure Cachée", is_public=False)
        self.theme = Theme.objects.order_by("order").first()

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self, role)

    def draft_project(self):
        """A draft project of ``lead`` with ``partner`` as an active partner."""
        project = ProjectFactory(lead_actor=self.lead, title="Café des aidants")
        PartnershipFactory(project=project, actor=self.partner)
        return project


class Consent:
    """Around ``cast``'s project, now published with an open slot: ``invitee`` is the structure invited
    (``cast.other``), with ``invitee_admin`` and ``invitee_member``.

    Roles (``user(role)``): those of ``Cast`` plus ``invitee_admin`` and ``invitee_member``.
    """

    ROLES = ("anonymous", "outsider", "invitee_member", "invitee_admin", "lead_member", "lead_admin", "staff")

    def __init__(self, cast, project):
        self.cast = cast
        Project.objects.filter(pk=project.pk).update(status=Project.Status.PUBLISHED)
        project.refresh_from_db()
        self.project = project
        self.slot = PartnerSlotFactory(project=project, title="Laboratoire de sociologie")
        self.invitee = cast.other
        self.invitee_admin = UserFactory(email="admin@universite.example", display_name="Alex Admin")
        self.invitee_member = UserFactory(email="membre@universite.example")
        self.invitee.memberships.create(user=self.invitee_admin, role="admin")
        self.invitee.memberships.create(user=self.invitee_member, role="member")

    def user(self, role: str):
        if role in ("invitee_admin", "invitee_member"):
            return getattr(self, role)
        return self.cast.user(role)


SPACES_ROLES = (None, "outsider", "guest", "member", "manager", "staff")
ROOM_KINDS = ("public", "private", "project", "direct")


class SpacesCast:
    """People in every role around one hosted space, one project and one actor.

    ``user(role)`` (role None is anonymous):
    - ``outsider`` — logged in, no link to anything;
    - ``guest`` — let into the private room and the project room as a guest (RoomMember role guest);
    - ``member`` — member of the space (SpaceMember), member of the project's lead actor;
    - ``manager`` — member of the incubator hosting the space;
    - ``staff`` — Région staff (is_staff), no membership;
    - ``partner`` — member of the project's active partner;
    - ``actor_admin`` — admin of the contacted actor (the other side of the direct conversation);
    - ``starter`` — started the direct conversation.
    Rooms: ``rooms[kind]`` for kind in public, private, project, direct.
    """

    def __init__(self):
        from spaces.actions import create_space, open_room, project_room
        from spaces.models import Room, RoomMember, SpaceMember

        self.people = {
            "outsider": UserFactory(email="outsider@example.org"),
            "guest": UserFactory(email="guest@example.org"),
            "member": UserFactory(email="member@example.org"),
            "manager": UserFactory(email="manager@example.org"),
            "staff": UserFactory(email="staff@example.org", is_staff=True),
            "partner": UserFactory(email="partner@example.org"),
            "actor_admin": UserFactory(email="actor-admin@example.org"),
            "starter": UserFactory(email="starter@example.org"),
        }
        p = self.people
        self.incubator = ActorFactory(
            name="Incubateur du Nord", kind=ActorKind.INCUBATOR, admins=[p["manager"]]
        )
        self.space = create_space(p["manager"], self.incubator, name="Pépinière du Nord")
        SpaceMember.objects.create(space=self.space, user=p["member"])
        self.lead = ActorFactory(name="Café des aidants", members=[p["member"]])
        self.partner_actor = ActorFactory(name="Mutuelle solidaire", members=[p["partner"]])
        self.project = ProjectFactory(lead_actor=self.lead, title="Café des aidants itinérant")
        self.partnership = Partnership.objects.create(
            project=self.project, actor=self.partner_actor, nature="financière", role="finance"
        )
        self.contacted = ActorFactory(name="Recyclerie de la Lys")
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
