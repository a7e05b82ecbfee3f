"""Hard filters: who may be suggested for a slot (and, the other way, which slots a structure may be shown).

A structure is a candidate for a slot when it is listed publicly and open to partnerships, is neither the
project's lead nor an active partner, has no pending proposal with the project (invitation or interest,
either side), never declined the slot nor let an invitation for it expire, has not refused the project's
invitations (``InvitationOptOut``), and — unless the slot's scope is « anywhere » — has its commune inside
the scope's territory (a structure without a commune cannot be shown to be inside, so it is left out).
"""

from django.db.models import Q, QuerySet
from django.utils import timezone

from ecosystem.access import public_projects_q
from ecosystem.models import Actor, InvitationOptOut, PartnerInvitation, Partnership, PartnerSlot, Project
from ecosystem.territories import within_q

Status = PartnerInvitation.Status


def _pending(now) -> Q:
    return Q(status=Status.PENDING, expires_at__gt=now)


def _closed_for_slot(now) -> Q:
    """Answered no, or left unanswered past its expiry (the sweep may not have marked it yet)."""
    return Q(status__in=[Status.DECLINED, Status.EXPIRED]) | Q(status=Status.PENDING, expires_at__lte=now)


def open_actors() -> QuerySet[Actor]:
    return Actor.objects.filter(is_public=True, open_to_partnerships=True)


def for_slot(context) -> QuerySet[Actor]:
    """The candidates of ``context.slot`` (a :class:`~ecosystem.matching.profiles.SlotContext`), unevaluated."""
    slot, now = context.slot, timezone.now()
    project = slot.project
    invitations = PartnerInvitation.objects.filter(project=project)
    candidates = (
        open_actors()
        .exclude(pk=project.lead_actor_id)
        .exclude(
            pk__in=Partnership.objects.filter(project=project, status=Partnership.Status.ACTIVE).values(
                "actor"
            )
        )
        .exclude(pk__in=invitations.filter(_pending(now)).values("actor"))
        .exclude(pk__in=invitations.filter(_closed_for_slot(now), slot=slot).values("actor"))
        .exclude(pk__in=InvitationOptOut.objects.filter(project=project).values("actor"))
    )
    if context.area is not None:
        candidates = candidates.filter(within_q("commune", [context.area.pk]))
    return candidates


def slots_open_to(actor: Actor) -> QuerySet[PartnerSlot]:
    """Open slots of public projects that ``actor`` passes the hard filters for, scope aside (checked on the
    loaded contexts: :func:`in_scope`). None for a structure hidden or closed to partnerships."""
    if not (actor.is_public and actor.open_to_partnerships):
        return PartnerSlot.objects.none()
    now = timezone.now()
    mine = PartnerInvitation.objects.filter(actor=actor)
    return (
        PartnerSlot.objects.filter(is_open=True, project__in=Project.objects.filter(public_projects_q()))
        .exclude(project__lead_actor=actor)
        .exclude(
            project__in=Partnership.objects.filter(actor=actor, status=Partnership.Status.ACTIVE).values(
                "project"
            )
        )
        .exclude(project__in=mine.filter(_pending(now)).values("project"))
        .exclude(pk__in=mine.filter(_closed_for_slot(now), slot__isnull=False).values("slot"))
        .exclude(project__in=InvitationOptOut.objects.filter(actor=actor).values("project"))
        .order_by("pk")
    )


def in_scope(context, profile) -> bool:
    """The Python twin of the scope filter of :func:`for_slot`, for one loaded profile."""
    return context.area is None or context.area.pk in profile.chain
