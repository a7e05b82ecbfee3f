"""Ranking: ``total = Σ weight × part`` over every candidate that passes the hard filters and asks for
something the slot seeks (fit, text or kind), best first; ties broken by name then id, so a ranking is stable.

Forward (:func:`suggest_for_slot`): one slot, every candidate structure, as light rows with an upper bound
each, then full profiles scored by decreasing bound until the last suggestion is settled (:mod:`.bounds`) —
the slot and its consortium, the ties, one search request per slot word, the light rows, a few batches of
profiles, the winners' rows, whatever the number of structures. Reverse (:func:`slots_for_actor`): one structure, every open slot of a public project —
the scope filtered in SQL, then scored by decreasing upper bound until the last place shown is settled
(:mod:`.bounds`), with the same results as scoring them all.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from ecosystem.models import Actor, PartnerSlot

from . import bounds, candidates, parts, profiles, reasons, relevance
from .weights import Weights, current_weights

# A structure is suggested only if it matches what the slot asks (fit, text or kind): closeness, ties or
# novelty alone never make a suggestion.
RELEVANT_PARTS = ("fit", "text", "kind")
# The reverse side scores slots this many at first, best bounds first, then twice as many each time
# (bounds.py); a bound may exceed the score it bounds by this much through the order of the additions.
SLOT_BATCH = 50
# The forward side likewise, over candidate structures (bounds.candidate_bounds).
CANDIDATE_BATCH = 200
EPSILON = 1e-9


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


def _score(context, profile, weights: Weights, words, matched_words, tied, consortium_offers, evidence=None):
    """The weighted parts, or ``None`` when the structure matches nothing the slot asks. With ``evidence``
    (a :class:`parts.Evidence`), also what the reasons name."""
    fit = weights.fit * parts.fit(context, profile, evidence)
    text = weights.text * parts.text(words, matched_words, evidence)
    kind = weights.kind * parts.kind(context, profile, evidence)
    if fit <= 0 and text <= 0 and kind <= 0:  # RELEVANT_PARTS
        return None
    return {
        "fit": fit,
        "text": text,
        "kind": kind,
        "complementarity": weights.complementarity
        * parts.complementarity(context, profile, consortium_offers, evidence),
        "reciprocity": weights.reciprocity * parts.reciprocity(profile, consortium_offers, evidence),
        "territory": weights.territory * parts.territory(context, profile, evidence),
        "ties": weights.ties * parts.ties(tied, evidence),
        "newcomer": weights.newcomer * parts.newcomer(profile),
    }


def suggest_for_slot(
    slot, *, limit: int = 10, weights: Weights | None = None, among: Iterable[int] | None = None
) -> list[Suggestion]:
    """The best ``limit`` structures for ``slot``, ranked and explained; none for a closed slot. ``among``
    (structure ids) narrows the candidates, e.g. to the structures of an event's registrants.

    No permission check: callers show it to the project's people only (``access.can_see_suggestions``).
    """
    weights = weights or current_weights()
    resources = profiles.resource_labels()
    contexts = profiles.slot_contexts(PartnerSlot.objects.filter(pk=slot.pk, is_open=True), resources)
    if not contexts or limit < 1:
        return []
    context = contexts[0]
    words = relevance.slot_words(context) if weights.text else []
    matched = relevance.indexed_matches(words) if words else {}
    ties = profiles.worked_with(context.consortium_ids, exclude_project=context.slot.project_id)
    offers = context.consortium_offers
    # Light rows and bounds for every candidate, then full profiles scored by decreasing bound until the
    # limit-th score beats every bound left (bounds.py): the same results as scoring them all.
    actors = candidates.for_slot(context)
    if among is not None:
        actors = actors.filter(pk__in=list(among))
    light = bounds.candidate_rows(actors)
    ranked = bounds.candidate_bounds(context, actors, light, resources, weights, words, matched, ties)
    found: dict[int, profiles.Profile] = {}
    scored = []
    start, size = 0, CANDIDATE_BATCH
    while start < len(ranked):
        if len(scored) >= limit and _nth_best(scored, limit) > ranked[start][0] + EPSILON:
            break
        batch = [pk for _bound, pk in ranked[start : start + size]]
        start, size = start + size, size * 2  # doubling: a handful of batches (of queries) at most
        loaded = profiles.load_profiles(Actor.objects.filter(pk__in=batch), resources)
        found.update(loaded)
        for profile in loaded.values():
            weighted = _score(
                context,
                profile,
                weights,
                words,
                matched.get(profile.pk, ()),
                ties.get(profile.pk, ()),
                offers,
            )
            if weighted is not None:
                scored.append((-sum(weighted.values()), profile.name.casefold(), profile.pk, weighted))
    scored.sort(key=lambda item: item[:3])
    best = [found[pk] for _total, _name, pk, _weighted in scored[:limit]]
    actors = Actor.objects.select_related("commune").in_bulk([profile.pk for profile in best])
    names = {member.pk: member.name for member in context.consortium}
    suggestions = []
    for profile in best:
        evidence = parts.Evidence()
        weighted = _score(
            context,
            profile,
            weights,
            words,
            matched.get(profile.pk, ()),
            ties.get(profile.pk, ()),
            offers,
            evidence,
        )
        if profile.pk in actors:
            suggestions.append(
                Suggestion(
                    actor=actors[profile.pk],
                    score=sum(weighted.values()),
                    parts=weighted,
                    reasons=reasons.sentences(context, profile, evidence, weighted, names),
                )
            )
    return suggestions


def slots_for_actor(actor, *, limit: int = 10, weights: Weights | None = None) -> list[SlotSuggestion]:
    """The open slots of public projects that fit ``actor`` best, with the same parts and reasons.

    No permission check: callers show it to the structure's admins (``access.can_edit_actor``).
    """
    weights = weights or current_weights()
    if limit < 1:
        return []
    resources = profiles.resource_labels()
    mine = profiles.load_profiles(Actor.objects.filter(pk=actor.pk), resources, with_chain=True).get(actor.pk)
    if mine is None:
        return []
    # The scope in SQL first (a superset): most open slots of a large set are too far to be loaded at all.
    rows = bounds.light_rows(candidates.slots_open_to(actor).filter(candidates.scope_q(mine.areas)))
    if not rows:
        return []
    # The structures ``actor`` already worked with (worked_with maps each of them to {actor.pk}).
    ties = set(profiles.worked_with([actor.pk]))
    ranked = bounds.slot_bounds(rows, mine, resources, weights, ties)
    stems = relevance.actor_stems(actor, mine)
    scored = []
    # Load and score by decreasing bound until the limit-th score beats every bound left (bounds.py).
    start, size = 0, SLOT_BATCH
    while start < len(ranked):
        if len(scored) >= limit and _nth_best(scored, limit) > ranked[start][0] + EPSILON:
            break
        batch = PartnerSlot.objects.filter(pk__in=[pk for _bound, pk in ranked[start : start + size]])
        start, size = start + size, size * 2  # doubling: a handful of batches (of queries) at most
        contexts = profiles.slot_contexts(batch, resources, keep=lambda c: candidates.in_scope(c, mine))
        scored.extend(_score_slots(contexts, mine, weights, stems, ties))
    scored.sort(key=lambda item: item[:3])
    out = []
    for _total, _title, _pk, weighted, evidence, context in scored[:limit]:
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


def _nth_best(scored, n: int) -> float:
    return sorted((-item[0] for item in scored), reverse=True)[n - 1]


def _score_slots(contexts, mine, weights: Weights, stems, ties) -> list[tuple]:
    """``(-total, title key, slot id, parts, evidence, context)`` for each of ``contexts`` that matches."""
    scored = []
    for context in contexts:
        words = relevance.slot_words(context) if weights.text else []
        evidence = parts.Evidence()  # one structure: the evidence costs nothing worth saving
        weighted = _score(
            context,
            mine,
            weights,
            words,
            relevance.local_matches(words, stems),
            ties & context.consortium_ids,
            context.consortium_offers,
            evidence,
        )
        if weighted is not None:
            total = sum(weighted.values())
            scored.append(
                (-total, context.slot.title.casefold(), context.slot.pk, weighted, evidence, context)
            )
    return scored


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
