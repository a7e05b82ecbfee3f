"""The forward side's shortcut (a slot's suggestions among many structures): light rows and bounds for every
candidate, then full profiles scored by decreasing bound until the last suggestion is settled. It must leave
the suggestions exactly as scoring every candidate would, whatever the slot and the weights.
"""

import itertools

import pytest

import search
from ecosystem.matching import profiles, ranking, suggest_for_slot
from ecosystem.matching.weights import Weights
from ecosystem.models import ActorKind, Project
from tests.factories import ActorFactory, PartnershipFactory, ProjectFactory, ResourceFactory
from tests.support.matching import sociology, sociology_slot

pytestmark = pytest.mark.django_db

KINDS = [ActorKind.RESEARCH, ActorKind.ASSOCIATION, ActorKind.COMPANY, ActorKind.LOCAL_AUTHORITY]
CODES = ["80021", "80131", "80001", "60057", "59350"]


@pytest.fixture
def world(matching_place):
    """60 structures of every kind around the Somme, offering and seeking resources or tags (some the same
    thing under both), some already partners; and slots of every scope asking for kinds, resources, tags or
    words, in a project whose consortium already offers or lacks some of them."""
    resource, other, third = (
        sociology(),
        ResourceFactory(name="Menuiserie", slug="menuiserie"),
        ResourceFactory(name="Cartographie", slug="cartographie"),
    )
    offers = [[resource], [other], [resource, other], [third], []]
    tags = [[], ["menuiserie"], ["Covoiturage", "enquêtes"], ["sociologie des mobilités"]]
    lead = ActorFactory(name="Porteur", kind=ActorKind.ASSOCIATION, commune=matching_place["80021"])
    lead.offers.set([other])
    project = ProjectFactory(lead_actor=lead, status=Project.Status.PUBLISHED)
    for n in range(60):
        actor = ActorFactory(
            slug=f"structure-{n}",
            name=f"Structure {n % 7}",  # equal names: the tie-break by name, then id, is exercised
            kind=KINDS[n % len(KINDS)],
            commune=matching_place[CODES[n % len(CODES)]] if n % 11 else None,
            offers_tags=tags[n % len(tags)],
            seeks_tags=["menuiserie"] if n % 3 == 0 else [],
            description="enquête covoiturage" if n % 5 == 0 else "atelier",
        )
        actor.offers.set(offers[n % len(offers)])
        if n % 4 == 1:
            actor.seeks.set([other])
        if n % 6 == 0:
            PartnershipFactory(project=ProjectFactory(lead_actor=lead), actor=actor)  # worked with the lead
        if n == 7:
            PartnershipFactory(project=project, actor=actor)  # in the consortium: no longer a candidate
    slots = []
    asks = [
        ([ActorKind.RESEARCH], [resource], []),
        ([], [third], ["menuiserie"]),
        ([ActorKind.COMPANY], [], []),
    ]
    for n, (scope, (kinds, seeks, seeks_tags)) in enumerate(
        itertools.product(["commune", "departement", "anywhere"], asks)
    ):
        slot = sociology_slot(
            project,
            resource,
            title=f"Place {n}",
            kinds=kinds,
            scope=scope,
            seeks_tags=seeks_tags,
            scope_territory=matching_place["80131"] if n % 2 else None,
        )
        slot.seeks.set(seeks)
        slots.append(slot)
    search.rebuild()
    return slots


def _suggestions(slot, limit, weights):
    return [
        (s.actor.pk, s.score, s.parts, s.reasons)
        for s in suggest_for_slot(slot, limit=limit, weights=weights)
    ]


@pytest.mark.parametrize(
    "weights", [Weights(), Weights(fit=0.0, kind=0.5, complementarity=4.0, reciprocity=3.0)]
)
@pytest.mark.parametrize("limit", [1, 3, 10, 100])
def test_scoring_by_decreasing_bound_gives_the_same_suggestions_as_scoring_them_all(
    world, monkeypatch, limit, weights
):
    monkeypatch.setattr(ranking, "CANDIDATE_BATCH", 10**6)
    everything = {slot.pk: _suggestions(slot, limit, weights) for slot in world}
    monkeypatch.setattr(ranking, "CANDIDATE_BATCH", 1)  # the most eager stop: one structure at a time

    shortcut = {slot.pk: _suggestions(slot, limit, weights) for slot in world}

    assert shortcut == everything
    assert all(everything.values())  # every slot has fitting structures
    assert any(len(found) >= min(limit, 5) for found in everything.values())


def test_a_single_suggestion_loads_few_full_profiles(world, monkeypatch):
    monkeypatch.setattr(ranking, "CANDIDATE_BATCH", 1)
    loaded, load = [], profiles.load_profiles

    def counted(*args, **kwargs):
        found = load(*args, **kwargs)
        loaded.extend(found)
        return found

    monkeypatch.setattr(profiles, "load_profiles", counted)
    slot = world[0]  # a commune-wide slot asking for a research lab offering sociology

    assert suggest_for_slot(slot, limit=1)
    consortium = 2  # the lead and its partner, loaded with the slot
    assert len(loaded) - consortium < 20  # most of the candidates were never loaded in full
