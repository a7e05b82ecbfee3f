"""Test fixtures for projects: people in every role around one project, built with the models and actions.

Import the fixtures into a test module with ``from tests.ecosystem.project_fixtures import *``.

The cast, around ``project`` (led by ``lead``, with ``partner`` as an active partner):
``outsider`` (no membership), ``lead_member``, ``lead_admin``, ``partner_member`` and ``staff``.
"""

import datetime

import pytest

from ecosystem.actions.accounts import ensure_account
from ecosystem.models import Actor, ActorKind, Membership, Partnership, Project, Theme

PASSWORD = "une-phrase-de-passe-solide"

__all__ = ["PASSWORD", "cast", "make_actor", "make_project", "make_user", "project", "territories"]


def make_user(email: str, *, is_staff: bool = False):
    user, _ = ensure_account(email, PASSWORD, display_name=email.split("@")[0], is_staff=is_staff)
    return user


def make_actor(
    name: str, *, kind: str = ActorKind.ASSOCIATION, is_public: bool = True, members=(), admins=()
):
    from django.utils.text import slugify

    actor = Actor.objects.create(name=name, slug=slugify(name), kind=kind, is_public=is_public)
    for user in members:
        Membership.objects.create(user=user, actor=actor, role=Membership.Role.MEMBER)
    for user in admins:
        Membership.objects.create(user=user, actor=actor, role=Membership.Role.ADMIN)
    return actor


def make_project(lead_actor, title: str, *, published: bool = False, **fields) -> Project:
    from django.utils.text import slugify

    values = {
        "summary": "Un café où les aidants se retrouvent.",
        "need": "Les aidants familiaux sont isolés.",
        "beneficiaries": "Aidants familiaux du territoire.",
        "innovation_type": Project.InnovationType.UNMET_NEED,
        "action_type": Project.ActionType.RESEARCH,
        "start_date": datetime.date(2024, 3, 1),
    } | fields
    return Project.objects.create(
        title=title,
        slug=slugify(title),
        lead_actor=lead_actor,
        status=Project.Status.PUBLISHED if published else Project.Status.DRAFT,
        **values,
    )


class Cast:
    """Everyone around one project; ``user(role)`` returns the person playing ``role`` (None: anonymous)."""

    ROLES = ("anonymous", "outsider", "lead_member", "lead_admin", "partner_member", "staff")

    def __init__(self):
        self.outsider = make_user("dehors@example.org")
        self.lead_member = make_user("membre@porteur.example")
        self.lead_admin = make_user("admin@porteur.example")
        self.partner_member = make_user("membre@partenaire.example")
        self.staff = make_user("equipe@region.example", is_staff=True)
        self.lead = make_actor("Association Porteuse", members=[self.lead_member], admins=[self.lead_admin])
        self.partner = make_actor(
            "Coopérative Partenaire", kind=ActorKind.COOPERATIVE, admins=[self.partner_member]
        )
        self.other = make_actor("Université Voisine", kind=ActorKind.RESEARCH)
        self.incubator = make_actor("Incubateur Social", kind=ActorKind.INCUBATOR)
        make_actor("Structure Cachée", is_public=False)
        self.theme = Theme.objects.order_by("order").first()

    def user(self, role: str):
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture
def cast(db):
    return Cast()


@pytest.fixture
def project(cast):
    """A draft project of ``cast.lead`` with ``cast.partner`` as an active partner."""
    project = make_project(cast.lead, "Café des aidants")
    Partnership.objects.create(
        project=project, actor=cast.partner, nature="co-conception", role="Anime les ateliers."
    )
    return project


# A small région loaded through the real loader: two homonymous communes, an EPCI, two départements.
SMALL_REGION = {
    "region": {"code": "32", "name": "Hauts-de-France"},
    "departements": [{"code": "80", "name": "Somme"}, {"code": "60", "name": "Oise"}],
    "epcis": [{"code": "248000531", "name": "CA Amiens Métropole", "departements": ["80"]}],
    "communes": [
        {"insee": "80021", "name": "Amiens", "departement": "80", "epci": "248000531", "population": 133000},
        {"insee": "80001", "name": "Abbeville", "departement": "80", "population": 23000},
        {"insee": "80700", "name": "Saint-Just", "departement": "80", "population": 300},
        {"insee": "60581", "name": "Saint-Just", "departement": "60", "population": 6000},
    ],
}


@pytest.fixture
def territories(db):
    """``{code: Territory}`` of :data:`SMALL_REGION`, loaded with ``ecosystem.actions.territories``."""
    import copy

    from ecosystem.actions.territories import load_region
    from ecosystem.models import Territory

    load_region(copy.deepcopy(SMALL_REGION))
    return {t.code: t for t in Territory.objects.all()}
