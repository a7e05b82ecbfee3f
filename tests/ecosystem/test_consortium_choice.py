"""The consortium builder's choice: one structure per slot, best in total, diverse, never twice the same."""

from random import Random
from types import SimpleNamespace

import pytest

from ecosystem.matching.consortium import best_exhaustively, choose, proposal_value
from ecosystem.models import ActorKind


def option(actor_id: int, kind: str, score: float):
    """A ranked suggestion as the builder reads it: a structure (id, kind) and its total score."""
    return SimpleNamespace(actor=SimpleNamespace(id=actor_id, kind=kind), score=score)


def chosen_ids(proposal) -> list[int | None]:
    return [suggestion.actor.id if suggestion else None for _, suggestion in proposal]


def test_the_same_structure_is_never_proposed_twice():
    star = option(1, ActorKind.RESEARCH, 1.0)
    proposal = choose(
        [
            ("A", [star, option(2, ActorKind.COMPANY, 0.4)]),
            ("B", [star, option(3, ActorKind.ASSOCIATION, 0.9)]),
        ]
    )
    assert chosen_ids(proposal) == [1, 3]
    assert [slot for slot, _ in proposal] == ["A", "B"]


def test_a_more_diverse_consortium_wins_over_a_slightly_higher_sum():
    # Two labs would sum 2.0; a company and a lab sum 1.95 but bring two kinds of stakeholder.
    proposal = choose(
        [
            ("A", [option(1, ActorKind.RESEARCH, 1.0), option(2, ActorKind.COMPANY, 0.95)]),
            ("B", [option(3, ActorKind.RESEARCH, 1.0), option(4, ActorKind.ASSOCIATION, 0.5)]),
        ]
    )
    assert chosen_ids(proposal) == [2, 3]


def test_diversity_does_not_force_a_poor_fit():
    proposal = choose(
        [
            ("A", [option(1, ActorKind.RESEARCH, 1.0), option(2, ActorKind.COMPANY, 0.5)]),
            ("B", [option(3, ActorKind.RESEARCH, 1.0), option(4, ActorKind.ASSOCIATION, 0.3)]),
        ]
    )
    assert chosen_ids(proposal) == [1, 3]


def test_support_structures_and_funders_are_never_penalised_for_repeating():
    proposal = choose(
        [
            ("A", [option(1, ActorKind.INCUBATOR, 1.0), option(2, ActorKind.COMPANY, 0.9)]),
            ("B", [option(3, ActorKind.FUNDER, 1.0), option(4, ActorKind.ASSOCIATION, 0.9)]),
            ("C", [option(5, ActorKind.INCUBATOR, 1.0), option(6, ActorKind.RESEARCH, 0.9)]),
        ]
    )
    assert chosen_ids(proposal) == [1, 3, 5]


def test_a_slot_without_candidate_is_left_empty_without_blocking_the_others():
    only = option(1, ActorKind.RESEARCH, 1.0)
    proposal = choose([("A", []), ("B", [only]), ("C", [only]), ("D", [option(2, ActorKind.COMPANY, 0.2)])])
    assert chosen_ids(proposal) in ([None, 1, None, 2], [None, None, 1, 2])
    assert choose([]) == []


@pytest.mark.parametrize("seed", range(40))
def test_the_beam_search_finds_the_exhaustive_optimum_on_random_consortia(seed):
    rng = Random(seed)
    kinds = [
        ActorKind.RESEARCH,
        ActorKind.COMPANY,
        ActorKind.ASSOCIATION,
        ActorKind.USERS_GROUP,
        ActorKind.INCUBATOR,
    ]
    pool = [
        (n, rng.choice(kinds)) for n in range(12)
    ]  # a small pool, so slots compete for the same structures
    candidates = []
    for slot in range(rng.randint(2, 5)):
        ranked = [
            option(n, kind, round(rng.uniform(0, 1), 3)) for n, kind in rng.sample(pool, rng.randint(0, 6))
        ]
        candidates.append((slot, sorted(ranked, key=lambda s: -s.score)))
    beam, exhaustive = choose(candidates), best_exhaustively(candidates)
    used = [i for i in chosen_ids(beam) if i is not None]
    assert len(used) == len(set(used))
    assert proposal_value(candidates, beam) == pytest.approx(proposal_value(candidates, exhaustive))
