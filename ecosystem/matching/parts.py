"""Each part of a suggestion's score, a pure function of what :mod:`.profiles` loaded: a value in [0, 1]
(complementarity in [-1, 1]) and, when asked (``evidence``), what its reason sentence names. Ranking every
candidate asks for the values only (set sizes); the evidence is gathered for the suggestions shown.

The ranking multiplies each value by its weight (:mod:`.weights`); these functions never see the weights.
"""

import math
from dataclasses import dataclass, field

from search.query import great_circle_km

# Distance (km) at which the territory part has fallen to 1/e, by the slot's scope: a commune-wide slot
# cares about a few kilometres, a région-wide one about the région's scale.
SCOPE_KM = {"commune": 5.0, "epci": 15.0, "departement": 30.0, "region": 60.0, "anywhere": 100.0}
# Territory part for a structure inside the scope when no distance can be measured (no coordinates).
INSIDE_WITHOUT_POINT = 0.5
# Ties count at most this many consortium members worked with: a bounded nudge, not a popularity prize.
TIES_CAP = 3
# Reciprocity: a structure's needs met by the consortium, out of at most this many of its needs.
RECIPROCITY_NEEDS = 3


@dataclass
class Evidence:
    """What a part found, for its reason sentence."""

    offered: list[str] = field(default_factory=list)  # fit: sought labels the structure offers
    words: list[str] = field(default_factory=list)  # text
    kind_exact: bool = False
    new_family: str | None = None
    same_family: str | None = None
    new_skills: list[str] = field(default_factory=list)
    met_needs: list[str] = field(default_factory=list)
    km: float | None = None
    tied: list[int] = field(default_factory=list)


def fit(context, profile, evidence: Evidence | None = None) -> float:
    if not context.sought:
        return 0.0
    if evidence is None:  # ranking every candidate: count only
        return len(context.sought.keys() & profile.offers.keys()) / len(context.sought)
    evidence.offered = [label for k, label in context.sought.items() if k in profile.offers]
    return len(evidence.offered) / len(context.sought)


def text(words: list[str], matched: set[str], evidence: Evidence | None = None) -> float:
    if not words or not matched:
        return 0.0
    if evidence is not None:
        evidence.words = [w for w in words if w in matched]
    return len(matched) / len(words)


def kind(context, profile, evidence: Evidence | None = None) -> float:
    kinds = context.kinds
    if not kinds:
        return 0.0
    if profile.kind in kinds:
        if evidence is not None:
            evidence.kind_exact = True
        return 1.0
    if profile.family and profile.family in context.kind_families:
        return 0.5
    return 0.0


def complementarity(
    context, profile, consortium_offers: dict[str, str], evidence: Evidence | None = None
) -> float:
    """Half the stakeholder family (+1 missing from the consortium, −1 already there, 0 for none), half the
    share of its offers that are new to the consortium minus the share it duplicates."""
    if profile.family is None:
        kind_term = 0.0
    elif profile.family in context.families:
        kind_term = -1.0
    else:
        kind_term = 1.0
    skill_term = 0.0
    if profile.offers:
        duplicated = len(profile.offers.keys() & consortium_offers.keys())
        skill_term = (len(profile.offers) - 2 * duplicated) / len(profile.offers)
    if evidence is not None:
        if kind_term < 0:
            evidence.same_family = profile.family
        elif kind_term > 0:
            evidence.new_family = profile.family
        evidence.new_skills = [label for k, label in profile.offers.items() if k not in consortium_offers]
    return (kind_term + skill_term) / 2


def reciprocity(profile, consortium_offers: dict[str, str], evidence: Evidence | None = None) -> float:
    if not profile.seeks:
        return 0.0
    met = len(profile.seeks.keys() & consortium_offers.keys())
    if evidence is not None:
        evidence.met_needs = [label for k, label in profile.seeks.items() if k in consortium_offers]
    return min(1.0, met / min(len(profile.seeks), RECIPROCITY_NEEDS))


def territory(context, profile, evidence: Evidence | None = None) -> float:
    scale = SCOPE_KM.get(context.slot.scope, SCOPE_KM["anywhere"])
    if context.center is not None and profile.point is not None:
        km = great_circle_km(*context.center, *profile.point)
        if evidence is not None:
            evidence.km = km
        return math.exp(-km / scale)
    return INSIDE_WITHOUT_POINT if context.area is not None else 0.0


def ties(tied: set[int], evidence: Evidence | None = None) -> float:
    if evidence is not None:
        evidence.tied = sorted(tied)
    return min(len(tied), TIES_CAP) / TIES_CAP


def newcomer(profile) -> float:
    return 0.0 if profile.connected else 1.0
