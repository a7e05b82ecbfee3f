"""The consortium builder: one proposed partner per open slot, best in total and as diverse as possible.

Method (:func:`build_consortium`):

1. **Candidates per slot.** Each open slot of the project is ranked by :func:`suggest_for_slot` (hard filters
   and every score part included: the engine's *complementarity* already weighs each candidate against the
   lead and the current partners), keeping the first :data:`CANDIDATES`.
2. **Beam search over the slots.** Slots are taken in order, the ones with the fewest candidates first (they
   have the least room to move); a partial proposal is extended by each candidate of the next slot, and only the
   :data:`BEAM` best partial proposals are kept. A proposal's value is the sum of its suggestions' scores minus a
   **diversity penalty** for each structure whose stakeholder family (:data:`profiles.FAMILIES`:
   company, social economy, research, public, users) is already in the proposal: :data:`DIVERSITY_PENALTY`
   times the best score found for any slot, so the penalty follows the scale of the weights. Support structures
   and funders belong to no family and are never penalised. **The same structure is never proposed twice.**
   A slot with no candidate left is proposed empty rather than blocking the others.
3. With :data:`CANDIDATES` = 8 and :data:`BEAM` = 64 the search is exact for up to two slots; beyond, it may
   in principle miss the optimum, so :func:`best_exhaustively` (every combination) is kept as the baseline the
   tests compare it with on random instances.

The builder only reads: inviting the proposed structures goes through ``ecosystem.actions.invitations``.
"""

from collections.abc import Sequence
from itertools import product

from ecosystem.models import PartnerSlot

from .profiles import family

CANDIDATES = 8
BEAM = 64
DIVERSITY_PENALTY = 0.25

Proposal = list[tuple[PartnerSlot, object | None]]  # (slot, Suggestion or None when no candidate is left)


def _value(suggestions: Sequence, penalty: float) -> float:
    """Total score of ``suggestions`` minus ``penalty`` per structure repeating a family already present."""
    seen, value = set(), 0.0
    for suggestion in suggestions:
        value += suggestion.score
        kind_family = family(suggestion.actor.kind)
        if kind_family is not None:
            if kind_family in seen:
                value -= penalty
            seen.add(kind_family)
    return value


def _penalty(candidates: Sequence[tuple[PartnerSlot, Sequence]]) -> float:
    best = max((abs(s.score) for _, ranked in candidates for s in ranked[:1]), default=0.0)
    return DIVERSITY_PENALTY * best


def choose(candidates: Sequence[tuple[PartnerSlot, Sequence]], *, beam: int = BEAM) -> Proposal:
    """The beam search of the module docstring over ``(slot, ranked suggestions)`` pairs; slots keep their order."""
    penalty = _penalty(candidates)
    order = sorted(range(len(candidates)), key=lambda i: (len(candidates[i][1]), i))
    # A partial proposal: (value, chosen suggestions by slot position, actor ids used).
    beams: list[tuple[float, dict[int, object], frozenset]] = [(0.0, {}, frozenset())]
    for position in order:
        extended = []
        for _, chosen, used in beams:
            options = [s for s in candidates[position][1] if s.actor.id not in used]
            for suggestion in options or [None]:
                picked = dict(chosen)
                picked[position] = suggestion
                present = [s for s in picked.values() if s is not None]
                extra = {suggestion.actor.id} if suggestion else set()
                extended.append((_value(present, penalty), picked, used | extra))
        extended.sort(key=lambda item: -item[0])
        beams = extended[:beam]
    best = beams[0][1]
    return [(slot, best.get(position)) for position, (slot, _) in enumerate(candidates)]


def best_exhaustively(candidates: Sequence[tuple[PartnerSlot, Sequence]]) -> Proposal:
    """Every combination of candidates tried (the benchmark's baseline; exponential in the number of slots)."""
    penalty = _penalty(candidates)
    best_value, best = float("-inf"), None
    for combination in product(*[list(ranked) or [None] for _, ranked in candidates]):
        present = [s for s in combination if s is not None]
        if len({s.actor.id for s in present}) < len(present):
            continue
        value = _value(present, penalty)
        if value > best_value:
            best_value, best = value, combination
    if best is None:  # every combination repeats a structure: fall back on the beam search's answer
        return choose(candidates)
    return [(slot, suggestion) for (slot, _), suggestion in zip(candidates, best, strict=True)]


def proposal_value(candidates: Sequence[tuple[PartnerSlot, Sequence]], proposal: Proposal) -> float:
    """The value :func:`choose` maximises, for comparing two proposals made from the same ``candidates``."""
    return _value([s for _, s in proposal if s is not None], _penalty(candidates))


def candidates_for(project, *, weights=None, limit: int = CANDIDATES) -> list[tuple[PartnerSlot, list]]:
    """Each open slot of ``project`` with its ranked suggestions (one ranking per slot)."""
    from . import current_weights, suggest_for_slot

    weights = weights if weights is not None else current_weights()  # read once, not once per slot
    slots = PartnerSlot.objects.filter(project=project, is_open=True).order_by("created_at", "pk")
    return [(slot, suggest_for_slot(slot, limit=limit, weights=weights)) for slot in slots]


def build_consortium(project, *, weights=None) -> Proposal:
    """One proposed partner per open slot of ``project`` (see the module docstring for the method).

    Returns ``[(slot, suggestion), …]`` in the slots' order; ``suggestion`` is None for a slot with no
    candidate. ``weights`` (a ``Weights``) replaces the current ones, as in :func:`suggest_for_slot`.
    """
    return choose(candidates_for(project, weights=weights))
