"""Builders for the partner-matching tests: a project with an open slot, and proposals between them."""

import datetime

from django.utils import timezone

from ecosystem.models import ActorKind, PartnerInvitation, Project
from tests.factories import (
    ActorFactory,
    PartnershipFactory,
    PartnerSlotFactory,
    ProjectFactory,
    ResourceFactory,
)


def sociology():
    return ResourceFactory(name="Sociologie des mobilités", slug="sociologie-des-mobilites")


def mobility_project(place, **lead):
    """A published mobility project led by an association of Amiens (``place["80021"]``)."""
    lead_actor = ActorFactory(
        name=lead.pop("name", "Mobilités Solidaires Amiénoises"), commune=place["80021"], **lead
    )
    return ProjectFactory(
        lead_actor=lead_actor, title="Covoiturage solidaire", status=Project.Status.PUBLISHED
    )


def sociology_slot(project, resource, **fields):
    slot = PartnerSlotFactory(
        project=project,
        title=fields.pop("title", "Laboratoire de sociologie"),
        kinds=fields.pop("kinds", [ActorKind.RESEARCH]),
        description=fields.pop("description", "Une enquête de sociologie sur les usages du covoiturage."),
        **fields,
    )
    slot.seeks.set([resource])
    return slot


def proposal(project, actor, *, slot=None, status="pending", days_left=10, direction="invitation"):
    """A partner invitation (or expression of interest) in any state, as the consent actions leave them."""
    return PartnerInvitation.objects.create(
        project=project,
        actor=actor,
        slot=slot,
        direction=direction,
        status=status,
        expires_at=timezone.now() + datetime.timedelta(days=days_left),
    )


def partner_elsewhere(actor):
    """Make ``actor`` an active partner of another project (it is then no newcomer)."""
    PartnershipFactory(project=ProjectFactory(), actor=actor)
