"""Ranking: ``total = Σ weight × part`` over every candidate that passes the hard filters and asks for
something the slot seeks (fit, text or kind), best first; ties broken by name then id, so a ranking is stable.

Forward (:func:`suggest_for_slot`): one slot, every candidate structure, in a constant number of queries
(the slot and its consortium, the candidates' profiles, the ties, one search request per slot word, the
winners' rows). Reverse (:func:`slots_for_actor`): one structure, every open slot of a public project.
"""

from dataclasses import dataclass

from ecosystem.models import Actor, PartnerSlot

from . import candidates, parts, profiles, reasons, relevance
from .weights import PARTS, Weights, current_weights

# A structure is suggested only if it matches what the slot asks (fit, text or kind): closeness, ties or
# novelty alone never make a suggestion.
RELEVANT_PARTS = ("fit", "text", "kind")


@dataclass(frozen=True)
class Suggestion:
    actor: Actor
    score: float  # weighted total, higher is better; == sum(parts.values())
    parts: dict[str, float]  # part name → weighted contribution
    reasons: list[str]


@dataclass(frozen=True)
class SlotSuggestion:
    slot: PartnerSlot
    score: float
    parts: dict[str, float]
    reasons: list[str]


def _score(context, profile, weights: Weights, words, matched_words, tied, consortium_offers):
    """``(weighted parts, evidence)``, or ``None`` when the structure matches nothing the slot asks."""
    evidence = parts.Evidence()
    values = {
        "fit": parts.fit(context, profile, evidence),
        "text": parts.text(words, matched_words, evidence),
        "kind": parts.kind(context, profile, evidence),
    }
    weighted = {name: getattr(weights, name) * value for name, value in values.items()}
    if not any(weighted[name] > 0 for name in RELEVANT_PARTS):
        return None
    values |= {
        "complementarity": parts.complementarity(context, profile, consortium_offers, evidence),
        "reciprocity": parts.reciprocity(profile, consortium_offers, evidence),
        "territory": parts.territory(context, profile, evidence),
        "ties": parts.ties(tied, evidence),
        "newcomer": parts.newcomer(profile),
    }
    return {name: getattr(weights, name) * values[name] for name in PARTS}, evidence


def _order(item):
    weighted, _evidence, profile = item[:3]
    return (-sum(weighted.values()), profile.name.casefold(), profile.pk)


def suggest_for_slot(slot, *, limit: int = 10, weights: Weights | None = None) -> list[Suggestion]:
    """The best ``limit`` structures for ``slot``, ranked and explained; none for a closed slot.

    No permission check: callers show it to the project's people only (``access.can_see_suggestions``).
    """
    weights = weights or current_weights()
    resources = profiles.resource_labels()
    contexts = profiles.slot_contexts(PartnerSlot.objects.filter(pk=slot.pk, is_open=True), resources)
    if not contexts or limit < 1:
        return []
    context = contexts[0]
    found = profiles.load_profiles(candidates.for_slot(context), resources)
    words = relevance.slot_words(context) if weights.text else []
    matched = relevance.indexed_matches(words) if words else {}
    ties = profiles.worked_with(context.consortium_ids, exclude_project=context.slot.project_id)
    offers = context.consortium_offers
    scored = []
    for profile in found.values():
        result = _score(
            context,
            profile,
            weights,
            words,
            matched.get(profile.pk, set()),
            ties.get(profile.pk, set()),
            offers,
        )
        if result is not None:
            scored.append((*result, profile))
    best = sorted(scored, key=_order)[:limit]
    actors = Actor.objects.select_related("commune").in_bulk([profile.pk for *_rest, profile in best])
    names = {member.pk: member.name for member in context.consortium}
    return [
        Suggestion(
            actor=actors[profile.pk],
            score=sum(weighted.values()),
            parts=weighted,
            reasons=reasons.sentences(context, profile, evidence, weighted, names),
        )
        for weighted, evidence, profile in best
        if profile.pk in actors
    ]


def slots_for_actor(actor, *, limit: int = 10, weights: Weights | None = None) -> list[SlotSuggestion]:
    """The open slots of public projects that fit ``actor`` best, with the same parts and reasons.

    No permission check: callers show it to the structure's admins (``access.can_edit_actor``).
    """
    weights = weights or current_weights()
    if limit < 1:
        return []
    resources = profiles.resource_labels()
    mine = profiles.load_profiles(Actor.objects.filter(pk=actor.pk), resources).get(actor.pk)
    if mine is None:
        return []
    contexts = profiles.slot_contexts(
        candidates.slots_open_to(actor), resources, keep=lambda c: candidates.in_scope(c, mine)
    )
    if not contexts:
        return []
    stems = relevance.actor_stems(actor, mine)
    # The structures ``actor`` already worked with (worked_with maps each of them to {actor.pk}).
    ties = set(profiles.worked_with([actor.pk]))
    scored = []
    for context in contexts:
        words = relevance.slot_words(context) if weights.text else []
        tied = ties & context.consortium_ids
        result = _score(
            context,
            mine,
            weights,
            words,
            relevance.local_matches(words, stems),
            tied,
            context.consortium_offers,
        )
        if result is not None:
            scored.append((*result, context))
    scored.sort(key=lambda item: (-sum(item[0].values()), item[2].slot.title.casefold(), item[2].slot.pk))
    out = []
    for weighted, evidence, context in scored[:limit]:
        names = {member.pk: member.name for member in context.consortium}
        out.append(
            SlotSuggestion(
                slot=context.slot,
                score=sum(weighted.values()),
                parts=weighted,
                reasons=reasons.sentences(context, mine, evidence, weighted, names),
            )
        )
    return out


def as_json(suggestions: list[Suggestion]) -> list[dict]:
    """``[{"slug", "name", "score", "parts": {…}}]`` in rank order: the JSON endpoint's and
    ``suggest_partners --json``'s one serialiser (figures rounded to 4 decimals)."""
    return [
        {
            "slug": suggestion.actor.slug,
            "name": suggestion.actor.name,
            "score": round(suggestion.score, 4),
            "parts": {name: round(value, 4) for name, value in suggestion.parts.items()},
        }
        for suggestion in suggestions
    ]
