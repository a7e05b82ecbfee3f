"""Permission matrix: every actor, member and « Mon espace » view × who asks × public or hidden actor.

Expected answers: 200 (or a redirect after a successful POST), 302 to the login page for anonymous
visitors, 404 for people who may not see or change the object (never 403: existence is not revealed).
Every POST by someone not allowed must leave the database exactly as it was; every allowed one changes it
(so the snapshot is known to catch changes).
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from ecosystem.models import Actor, JoinRequest, MemberInvitation, Membership
from tests.factories import ActorFactory, UserFactory
from tests.support.forms import actor_data

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "outsider", "member", "admin", "staff")
OK, LOGIN, NOT_FOUND, DONE = 200, "login", 404, "done"  # DONE: a redirect after a successful POST


@dataclass
class World:
    actor: Actor
    people: dict
    victim: Membership
    join_request: JoinRequest
    invitation: MemberInvitation


@pytest.fixture(params=["public", "hidden"])
def world(request, db) -> World:
    admin = UserFactory(email="admin@jardins.example")
    member = UserFactory(email="membre@jardins.example")
    victim_user = UserFactory(email="victime@jardins.example")
    actor = ActorFactory(
        name="Les Jardins Partagés",
        admins=[admin],
        members=[member, victim_user],
        is_public=request.param == "public",
    )
    requester = UserFactory(email="candidat@ailleurs.example")
    people = {
        "anonymous": None,
        "outsider": UserFactory(email="curieux@ailleurs.example"),
        "member": member,
        "admin": admin,
        "staff": UserFactory(email="region@essaim.example", is_staff=True),
    }
    return World(
        actor=actor,
        people=people,
        victim=Membership.objects.get(user=victim_user),
        join_request=JoinRequest.objects.create(actor=actor, user=requester, message="Bonjour"),
        invitation=MemberInvitation.objects.create(
            actor=actor, email="invite@ailleurs.example", invited_by=admin
        ),
    )


def snapshot():
    return (
        list(Actor.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values_list("user_id", "actor_id", "role")),
        list(JoinRequest.objects.order_by("pk").values_list("user_id", "status", "message")),
        list(MemberInvitation.objects.order_by("pk").values_list("email", "role", "accepted_at")),
    )


def everyone(status):
    return dict.fromkeys(ROLES, status) | {"anonymous": LOGIN}


ADMINS = {"anonymous": LOGIN, "outsider": NOT_FOUND, "member": NOT_FOUND, "admin": OK, "staff": OK}
ADMINS_DO = {**ADMINS, "admin": DONE, "staff": DONE}
MEMBERS = {**ADMINS, "member": OK}


@dataclass
class View:
    name: str
    method: str
    path: Callable[[World], str]
    public: dict
    hidden: dict | None = None  # the same as public when None
    data: Callable[[World], dict] | None = None

    def expected(self, visibility, role):
        table = self.hidden if (visibility == "hidden" and self.hidden) else self.public
        return table[role]


def slug_path(suffix):
    return lambda w: f"/structures/{w.actor.slug}/{suffix}"


VIEWS = [
    View("dashboard", "get", lambda w: "/mon-espace/", everyone(OK)),
    View("profile", "get", lambda w: "/mon-espace/profil/", everyone(OK)),
    View("personal-data", "get", lambda w: "/mon-espace/donnees/", everyone(OK)),
    View("export", "get", lambda w: "/mon-espace/donnees/export/", everyone(OK)),
    View("actor-create", "get", lambda w: "/structures/nouvelle/", everyone(OK)),
    View("actor-edit", "get", slug_path("modifier/"), ADMINS),
    View(
        "actor-edit-post",
        "post",
        slug_path("modifier/"),
        ADMINS_DO,
        data=lambda w: actor_data(name="Nom changé"),
    ),
    View("members", "get", slug_path("membres/"), MEMBERS),
    View(
        "member-invite",
        "post",
        slug_path("membres/inviter/"),
        ADMINS_DO,
        data=lambda w: {"email": "nouveau@ailleurs.example", "role": "member"},
    ),
    View(
        "member-role",
        "post",
        lambda w: f"/structures/{w.actor.slug}/membres/{w.victim.pk}/role/",
        ADMINS_DO,
        data=lambda w: {"role": "admin"},
    ),
    View(
        "member-remove",
        "post",
        lambda w: f"/structures/{w.actor.slug}/membres/{w.victim.pk}/retirer/",
        ADMINS_DO,
    ),
    View(
        "invitation-cancel",
        "post",
        lambda w: f"/structures/{w.actor.slug}/invitations/{w.invitation.pk}/annuler/",
        ADMINS_DO,
    ),
    View(
        "join-decide",
        "post",
        lambda w: f"/structures/{w.actor.slug}/demandes/{w.join_request.pk}/",
        ADMINS_DO,
        data=lambda w: {"decision": "approve"},
    ),
    View(
        "join-get",
        "get",
        slug_path("rejoindre/"),
        {"anonymous": LOGIN, "outsider": OK, "member": OK, "admin": OK, "staff": OK},
        hidden={"anonymous": LOGIN, "outsider": NOT_FOUND, "member": OK, "admin": OK, "staff": OK},
    ),
    View(
        "join-post",
        "post",
        slug_path("rejoindre/"),
        # Members are told they already are (200, nothing changes); staff may ask to join like anyone.
        {"anonymous": LOGIN, "outsider": DONE, "member": OK, "admin": OK, "staff": DONE},
        hidden={"anonymous": LOGIN, "outsider": NOT_FOUND, "member": OK, "admin": OK, "staff": DONE},
        data=lambda w: {"message": "Puis-je rejoindre ?"},
    ),
    View(
        "public-page",
        "get",
        lambda w: f"/annuaire/{w.actor.slug}/",
        dict.fromkeys(ROLES, OK),
        hidden={"anonymous": NOT_FOUND, "outsider": NOT_FOUND, "member": OK, "admin": OK, "staff": OK},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", VIEWS, ids=lambda v: v.name)
def test_permission_matrix(client, world, view, role, request):
    visibility = request.node.callspec.params["world"]
    person = world.people[role]
    if person is not None:
        client.force_login(person)
    expected = view.expected(visibility, role)
    before = snapshot()
    path = view.path(world)
    if view.method == "get":
        response = client.get(path)
    else:
        response = client.post(path, view.data(world) if view.data else {})

    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/comptes/login/?next=")
    elif expected == DONE:
        assert response.status_code == 302
        assert not response["Location"].startswith("/comptes/login/")
    else:
        assert response.status_code == expected

    if view.method == "post":
        if expected == DONE:
            assert snapshot() != before, "an allowed POST should have changed something"
        else:
            assert snapshot() == before


@pytest.mark.parametrize("role", ROLES)
def test_invitation_link_only_works_for_its_address(client, world, role):
    """The accept link of someone else's invitation changes nothing, whoever follows it."""
    person = world.people[role]
    if person is not None:
        client.force_login(person)
    before = snapshot()
    response = client.post(f"/invitations/{world.invitation.token}/")
    assert response.status_code == (302 if person is None else 200)
    assert snapshot() == before
