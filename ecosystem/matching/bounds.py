"""The ranking's shortcut, both ways: an upper bound of each score from light rows, so that only the rows
that may reach the top are loaded in full and scored.

The reverse side: an upper bound of each slot's score for one structure.

Ranking every open slot for one structure loads each slot with its places, words and consortium; on a large
set most of that work is for slots that cannot reach the top. What the slot asks (its kinds, the keys it
seeks) is cheap to read for all of them and gives the fit and kind parts exactly; the other parts are only
bounded: territory by the distance from the slot's centre when it has coordinates (else from the lead's
commune, or « inside » without a point), complementarity by what the structure has, text, ties and reciprocity
by their range; ties and newcomer are known. The
ranking loads and scores the slots by decreasing bound, in batches, and stops once its ``limit``-th score
beats every bound left: the same results as scoring them all.

The forward side (:func:`candidate_rows`, :func:`candidate_bounds`): for one slot, each candidate's name, kind,
place, newcomer flag and offered tags, plus which of the sought resources it offers, give every part exactly
but complementarity and reciprocity (which read all its offers and needs), bounded by their range.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import TextField
from django.db.models.functions import Cast

from ecosystem.models import Actor, Partnership, PartnerSlot, Project
from search.query import great_circle_km

from . import parts
from .profiles import Profile, _raw_tags, _tags, connected_q, family
from .weights import Weights


@dataclass
class _Asks:
    """What a slot asks, as parts.fit and parts.kind read it from a context."""

    sought: dict[str, str]
    raw_kinds: list

    @cached_property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.raw_kinds or ())

    @cached_property
    def kind_families(self) -> frozenset[str]:
        return frozenset(f for f in map(family, self.kinds) if f)


def _best(weight: float, low: float, high: float) -> float:
    return max(weight * low, weight * high)


def _territory(scope: str, centre, lead, mine) -> float:
    """The most parts.territory can give: measured from the centre when it has coordinates; else from the
    lead's commune (when it lies inside the centre) or « inside » without a point (see profiles._place)."""
    scale = parts.SCOPE_KM.get(scope, parts.SCOPE_KM["anywhere"])
    if mine is None:
        return parts.INSIDE_WITHOUT_POINT
    if None not in centre:
        return math.exp(-great_circle_km(*centre, *mine) / scale)
    if None not in lead:
        return max(math.exp(-great_circle_km(*lead, *mine) / scale), parts.INSIDE_WITHOUT_POINT)
    return parts.INSIDE_WITHOUT_POINT


def _tied_per_project(ties: set[int]) -> dict[int, int]:
    """``{project: how many of ``ties`` are in its consortium}`` (lead and active partners): the ties part
    exactly, in two queries."""
    count: dict[int, int] = defaultdict(int)
    if not ties:
        return count
    for project_id in Project.objects.filter(lead_actor__in=ties).values_list("pk", flat=True):
        count[project_id] += 1
    active = Partnership.objects.filter(actor__in=ties, status=Partnership.Status.ACTIVE)
    for project_id in active.values_list("project_id", flat=True):
        count[project_id] += 1
    return count


def light_rows(slots) -> list[tuple]:
    """What the bounds read of each of ``slots`` (a queryset), in one query without building models."""
    return list(
        slots.order_by().values_list(
            "pk",
            "project_id",
            "kinds",
            "seeks_tags",
            "scope",
            "scope_territory__latitude",
            "scope_territory__longitude",
            "project__lead_actor__commune__latitude",
            "project__lead_actor__commune__longitude",
        )
    )


def slot_bounds(
    rows, profile: Profile, resources, weights: Weights, ties: set[int]
) -> list[tuple[float, int]]:
    """``[(bound, slot id)]`` for the :func:`light_rows` ``rows``, highest bound first, in three queries at
    most; ``ties`` are the structures the one structure already worked with."""
    sought: dict[int, dict[str, str]] = defaultdict(dict)
    through = PartnerSlot.seeks.through
    pairs = through.objects.filter(partnerslot__in=[row[0] for row in rows]).values_list(
        "partnerslot_id", "resource_id"
    )
    for slot_id, resource_id in pairs:
        if resource_id in resources:
            resource_key, label = resources[resource_id]
            sought[slot_id][resource_key] = label
    has = (1.0 if profile.family else 0.0) + (1.0 if profile.offers else 0.0)  # complementarity's terms
    rest = _best(weights.text, 0.0, 1.0) + _best(weights.complementarity, -has / 2, has / 2)
    rest += _best(weights.reciprocity, 0.0, 1.0 if profile.seeks else 0.0)
    rest += weights.newcomer * parts.newcomer(profile)
    bounds = []
    tied = _tied_per_project(ties)
    for pk, project_id, kinds, tags, scope, *points in rows:
        asks = _Asks({**sought[pk], **_tags(tags)}, kinds)
        fit, kind = weights.fit * parts.fit(asks, profile), weights.kind * parts.kind(asks, profile)
        if fit <= 0 and kind <= 0 and weights.text <= 0:
            continue  # matches nothing the slot asks, whatever the rest (ranking.RELEVANT_PARTS)
        near = _territory(scope, points[:2], points[2:], profile.point)
        together = weights.ties * parts.ties(range(tied[project_id]))  # the part reads only the set's size
        bounds.append((fit + kind + rest + _best(weights.territory, 0.0, near) + together, pk))
    bounds.sort(key=lambda item: (-item[0], item[1]))
    return bounds


# --- the forward side: one slot, every candidate structure ---------------------------------------------------


def candidate_rows(actors) -> list[Profile]:
    """Light profiles of ``actors`` (a queryset), in one query: no resources yet, only the tags they offer
    (the fit's other half comes from :func:`candidate_bounds`), and no needs."""
    rows = actors.annotate(
        is_connected=connected_q(), raw_offers=Cast("offers_tags", TextField())
    ).values_list(
        "pk", "name", "kind", "raw_offers", "commune__latitude", "commune__longitude", "is_connected"
    )
    return [
        Profile(
            pk=pk,
            name=name,
            kind=kind,
            offers=dict(_raw_tags(offers)),
            point=(lat, lon) if lat is not None and lon is not None else None,
            connected=bool(connected),
        )
        for pk, name, kind, offers, lat, lon, connected in rows
    ]


def candidate_bounds(
    context, actors, light: list[Profile], resources, weights: Weights, words, matched, ties
):
    """``[(bound, profile id)]`` for the :func:`candidate_rows` ``light`` of ``actors``, ``context``'s slot's, highest first,
    candidates, in one query (the sought resources they offer). Fit, text, kind, territory, ties and newcomer are exact;
    complementarity and reciprocity, which read all the offers and needs, are bounded by their range. A
    structure that matches nothing the slot asks (ranking.RELEVANT_PARTS) gets no bound: it is never scored."""
    wanted = [pk for pk, (resource_key, _label) in resources.items() if resource_key in context.sought]
    offered: dict[int, set[str]] = defaultdict(set)
    if wanted and light:
        through = Actor.offers.through
        pairs = through.objects.filter(resource_id__in=wanted, actor_id__in=actors.values("pk")).values_list(
            "actor_id", "resource_id"
        )
        for actor_id, resource_id in pairs:
            offered[actor_id].add(resources[resource_id][0])
    reciprocity = _best(weights.reciprocity, 0.0, 1.0)
    bounds = []
    for profile in light:
        keys = context.sought.keys() & (profile.offers.keys() | offered[profile.pk])
        fit = weights.fit * (len(keys) / len(context.sought) if context.sought else 0.0)
        text = weights.text * parts.text(words, matched.get(profile.pk, ()))
        kind = weights.kind * parts.kind(context, profile)
        if fit <= 0 and text <= 0 and kind <= 0:
            continue
        exact = fit + text + kind + weights.territory * parts.territory(context, profile)
        exact += weights.ties * parts.ties(ties.get(profile.pk, ())) + weights.newcomer * parts.newcomer(
            profile
        )
        family_term = 0.0 if profile.family is None else (-1.0 if profile.family in context.families else 1.0)
        rest = _best(weights.complementarity, (family_term - 1) / 2, (family_term + 1) / 2) + reciprocity
        bounds.append((exact + rest, profile.pk))
    bounds.sort(key=lambda item: (-item[0], item[1]))
    return bounds
