"""The reverse side's shortcut: an upper bound of each slot's score for one structure, from light rows.

Ranking every open slot for one structure loads each slot with its places, words and consortium; on a large
set most of that work is for slots that cannot reach the top. What the slot asks (its kinds, the keys it
seeks) is cheap to read for all of them and gives the fit and kind parts exactly; the other parts are only
bounded: territory by the distance from the slot's centre when it has coordinates (else from the lead's
commune, or « inside » without a point), complementarity by what the structure has, text, ties and reciprocity
by their range; ties and newcomer are known. The
ranking loads and scores the slots by decreasing bound, in batches, and stops once its ``limit``-th score
beats every bound left: the same results as scoring them all.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from ecosystem.models import Partnership, PartnerSlot, Project
from search.query import great_circle_km

from . import parts
from .profiles import Profile, _tags, family
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
