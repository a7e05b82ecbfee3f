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
from ecosystem.models import (
    Actor,
    GeographicScope,
    InvitationOptOut,
    PartnerInvitation,
    Partnership,
    PartnerSlot,
    Project,
    Territory,
)
from ecosystem.territories import within_q

from .profiles import SCOPE_LEVELS

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


def _no_area(field: str, level: str) -> Q:
    """``field`` cannot be raised to ``level`` (a missing link): :func:`containing` gives no area, and the
    slot then holds every structure, like « anywhere »."""
    Level = Territory.Level

    def missing(path: str) -> Q:
        return Q(**{f"{field}__{path}__isnull": True})

    is_commune, is_epci = Q(**{f"{field}__level": Level.COMMUNE}), Q(**{f"{field}__level": Level.EPCI})
    if level == Level.EPCI:
        not_an_epci = ~Q(**{f"{field}__parent__level": Level.EPCI})
        return is_commune & (missing("parent") | not_an_epci)
    if level == Level.DEPARTEMENT:
        return (is_commune & missing("departement")) | (is_epci & missing("parent"))
    if level == Level.REGION:
        return (
            (is_commune & (missing("departement") | missing("departement__parent")))
            | (is_epci & (missing("parent") | missing("parent__parent")))
            | (Q(**{f"{field}__level": Level.DEPARTEMENT}) & missing("parent"))
        )
    return Q(pk__in=[])


def scope_q(areas: tuple) -> Q:
    """In SQL, a superset of the slots whose scope holds a structure whose ``areas`` are (commune, its parent,
    département, région) ids (``Profile.areas``): :func:`in_scope` stays the exact test, on far fewer slots.

    A slot's area is its centre (``scope_territory``, else the lead's commune) raised to the scope's level, or
    the centre itself when it is coarser; it holds the structure when it is one of the territories holding
    its commune, and every structure when it is unknown. So: slots « anywhere », without a centre, or whose
    centre cannot be raised; slots whose centre is one of those territories; and for each level the slots of
    that scope whose centre lies in the structure's territory of that level (for an EPCI, the commune's
    parent whatever its level: a wider parent only keeps more).
    """
    own, lead = Q(scope_territory__isnull=False), Q(scope_territory__isnull=True)
    keep = Q(scope=GeographicScope.ANYWHERE) | (lead & Q(project__lead_actor__commune__isnull=True))
    for scope, level in SCOPE_LEVELS.items():
        keep |= Q(scope=scope) & (
            (own & _no_area("scope_territory", level))
            | (lead & _no_area("project__lead_actor__commune", level))
        )
    if not areas or areas[0] is None:
        return keep
    chain = [pk for pk in areas if pk is not None]
    keep |= (own & Q(scope_territory__in=chain)) | (lead & Q(project__lead_actor__commune__in=chain))
    for (scope, _level), area in zip(SCOPE_LEVELS.items(), areas, strict=True):
        if area is not None:
            keep |= Q(scope=scope) & (
                (own & within_q("scope_territory", [area]))
                | (lead & within_q("project__lead_actor__commune", [area]))
            )
    return keep


def in_scope(context, profile) -> bool:
    """The Python twin of the scope filter of :func:`for_slot`, for one loaded profile."""
    return context.area is None or context.area.pk in profile.chain
