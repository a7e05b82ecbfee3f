"""Fixtures for the evaluation tests: a lead actor with one member, a draft and a published project, people.

Test modules star-import the fixtures (``__all__`` lists only them) and import helpers by name. Rows are
created directly: these tests are about evaluation, and the actor and project actions are another area's.
"""

import datetime

import pytest

from ecosystem.models import Actor, Marker, Membership, Project, User

PASSWORD = "une-phrase-de-passe-solide"

__all__ = [
    "draft_project",
    "lead_actor",
    "markers",
    "member",
    "outsider",
    "published_project",
    "staff",
]


def make_user(email, **extra):
    return User.objects.create_user(email=email, password=PASSWORD, **extra)


@pytest.fixture
def lead_actor(db):
    return Actor.objects.create(name="Atelier du Vélo Solidaire", slug="atelier-velo", kind="association")


@pytest.fixture
def member(lead_actor):
    user = make_user("membre@atelier.example", display_name="Nadia Membre")
    Membership.objects.create(user=user, actor=lead_actor, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def outsider(db):
    return make_user("curieux@ailleurs.example")


@pytest.fixture
def staff(db):
    return make_user("region@essaim.example", is_staff=True)


def make_project(actor, slug, status):
    return Project.objects.create(
        title=f"Projet {slug}",
        slug=slug,
        summary="Réparer des vélos avec les habitants.",
        lead_actor=actor,
        status=status,
        need="Mobilité des personnes éloignées de l'emploi.",
        beneficiaries="Demandeurs d'emploi du quartier.",
        innovation_type=Project.InnovationType.UNMET_NEED,
        action_type=Project.ActionType.RESEARCH,
        phase="experimentation",
    )


@pytest.fixture
def draft_project(lead_actor):
    return make_project(lead_actor, "velo-brouillon", Project.Status.DRAFT)


@pytest.fixture
def published_project(lead_actor):
    return make_project(lead_actor, "velo-publie", Project.Status.PUBLISHED)


@pytest.fixture
def markers(db):
    """The active markers of the seeded grid, in the grid's order."""
    return list(Marker.objects.filter(is_active=True).order_by("order", "code"))


def assessment_post(markers, *, date="2026-03-01", phase="experimentation", score=2, skip=()):
    """POST data for the self-assessment form scoring every marker except those in ``skip``."""
    data = {"date": date, "phase": phase, "summary": "Premier bilan."}
    for marker in markers:
        if marker.code in skip:
            continue
        data[f"score_{marker.pk}"] = str(score)
        data[f"evidence_{marker.pk}"] = f"Preuve pour {marker.name}"
    return data


def full_scores(markers, score=2):
    return {m.pk: (score, f"Preuve {m.code}") for m in markers}


DAY = datetime.date(2026, 3, 1)
