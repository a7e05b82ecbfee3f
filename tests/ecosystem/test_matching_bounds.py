"""The reverse side's shortcuts (« Places qui vous correspondent » at scale): the scope filtered in SQL first,
then slots scored by decreasing upper bound until the last place is settled. Both must leave the results
exactly as scoring every open slot would.
"""

import itertools

import pytest

from ecosystem.matching import candidates, profiles, ranking, slots_for_actor
from ecosystem.models import ActorKind, Project
from tests.factories import ActorFactory, PartnershipFactory, ProjectFactory, ResourceFactory
from tests.support.matching import mobility_project, sociology, sociology_slot

pytestmark = pytest.mark.django_db

SCOPES = ["commune", "epci", "departement", "region", "anywhere"]


@pytest.fixture
def many_slots(matching_place):
    """A sociology lab of Amiens and 40 open slots: every scope, centred on each commune (or on the lead's),
    asking for the lab's kind, its offer, both or neither, some in projects it worked with."""
    resource, other = sociology(), ResourceFactory(name="Menuiserie", slug="menuiserie")
    lab = ActorFactory(
        name="Laboratoire d'Amiens",
        kind=ActorKind.RESEARCH,
        commune=matching_place["80021"],
        description="mobilités",
    )
    lab.offers.set([resource])
    codes = ["80021", "80131", "80001", "60057", "59350"]
    asks = [
        ([ActorKind.RESEARCH], resource),
        ([ActorKind.RESEARCH], other),
        ([ActorKind.ASSOCIATION], resource),
    ]
    worked_with = ActorFactory(name="Ancien partenaire")
    PartnershipFactory(project=ProjectFactory(lead_actor=worked_with), actor=lab)
    slots = []
    for n, (scope, code, (kinds, seeks)) in enumerate(itertools.product(SCOPES, codes, asks)):
        if n % 2:  # a sample of the combinations, each scope, centre and ask kept
            continue
        lead = ActorFactory(name=f"Porteur {n}", commune=matching_place[code])
        project = ProjectFactory(lead_actor=lead, status=Project.Status.PUBLISHED)
        if n % 3 == 0:
            PartnershipFactory(project=project, actor=worked_with)
        centre = matching_place[code] if n % 4 == 0 else None
        slots.append(
            sociology_slot(
                project, seeks, title=f"Place {n:02d}", kinds=kinds, scope=scope, scope_territory=centre
            )
        )
    # A centre of a wider level than the scope is its own area.
    project = mobility_project(matching_place, name="Porteur du Nord")
    slots.append(
        sociology_slot(
            project, resource, title="Place Nord", scope="commune", scope_territory=matching_place["Nord"]
        )
    )
    return lab, slots


def test_the_scope_filter_in_sql_keeps_every_slot_whose_scope_holds_the_structure(many_slots):
    lab, _slots = many_slots
    resources = profiles.resource_labels()
    mine = profiles.load_profiles(type(lab).objects.filter(pk=lab.pk), resources, with_chain=True)[lab.pk]
    every = profiles.slot_contexts(candidates.slots_open_to(lab), resources)
    inside = {c.slot.pk for c in every if candidates.in_scope(c, mine)}

    kept = set(
        candidates.slots_open_to(lab).filter(candidates.scope_q(mine.areas)).values_list("pk", flat=True)
    )

    assert inside <= kept  # never loses a slot
    assert kept - inside == set()  # and, on these territories, keeps no other
    assert len(every) > len(inside) > 0  # some slots are too far, some are not


@pytest.mark.parametrize("limit", [1, 3, 10, 100])
def test_scoring_by_decreasing_bound_gives_the_same_slots_as_scoring_them_all(many_slots, monkeypatch, limit):
    lab, _slots = many_slots
    monkeypatch.setattr(ranking, "SLOT_BATCH", 10**6)
    everything = [(s.slot.pk, s.score, s.parts, s.reasons) for s in slots_for_actor(lab, limit=limit)]
    monkeypatch.setattr(ranking, "SLOT_BATCH", 1)  # the most eager stop: one slot at a time
    loaded, load = [], profiles.slot_contexts

    def counted(*args, **kwargs):
        contexts = load(*args, **kwargs)
        loaded.extend(contexts)
        return contexts

    monkeypatch.setattr(profiles, "slot_contexts", counted)

    shortcut = [(s.slot.pk, s.score, s.parts, s.reasons) for s in slots_for_actor(lab, limit=limit)]

    assert shortcut == everything
    assert everything  # the world has fitting slots
    if limit == 1:
        assert len(loaded) < len(many_slots[1]) / 2  # it stopped early: most slots were never loaded


def test_a_structure_without_a_commune_sees_only_slots_open_everywhere(matching_place):
    lab = ActorFactory(name="Laboratoire sans commune", kind=ActorKind.RESEARCH, commune=None)
    lab.offers.set([resource := sociology()])
    project = mobility_project(matching_place)
    sociology_slot(project, resource, title="Partout", scope="anywhere")
    sociology_slot(project, resource, title="En Somme", scope="departement")

    assert [s.slot.title for s in slots_for_actor(lab)] == ["Partout"]
