"""Partner matching in plain words (issue #12): who is suggested for a slot, in which order, and why.

Each scenario builds a small world around a mobility project in Amiens that seeks a sociology lab, then reads
the ranking the project's people would see. Run on every search backend (text relevance goes through it).
"""

import pytest

from ecosystem.matching import DEFAULTS, PARTS, Weights, as_json, slots_for_actor, suggest_for_slot
from ecosystem.models import ActorKind, InvitationOptOut, MatchingSettings
from tests.factories import ActorFactory, PartnershipFactory
from tests.support.matching import (
    mobility_project,
    partner_elsewhere,
    proposal,
    sociology,
    sociology_slot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(matching_place, matching_backend):
    resource = sociology()
    project = mobility_project(matching_place)
    slot = sociology_slot(project, resource)
    return {
        "place": matching_place,
        "resource": resource,
        "project": project,
        "slot": slot,
        "reindex": matching_backend,
    }


def lab(world, name="Laboratoire de sociologie de l'Université de Picardie", commune="80021", **fields):
    actor = ActorFactory(
        name=name,
        kind=fields.pop("kind", ActorKind.RESEARCH),
        commune=world["place"][commune] if commune else None,
        description=fields.pop("description", "Sociologie des usages et des mobilités."),
        **fields,
    )
    actor.offers.set([world["resource"]])
    return actor


def names(suggestions):
    return [s.actor.name for s in suggestions]


def test_the_regional_university_lab_comes_before_a_distant_company_using_the_same_words(world):
    university = lab(world)
    company = ActorFactory(
        name="Cabinet Lillois",
        kind=ActorKind.COMPANY,
        commune=world["place"]["59350"],
        description="Laboratoire d'idées : sociologie, enquêtes sur le covoiturage et les usages.",
    )
    world["reindex"]()

    ranked = suggest_for_slot(world["slot"])

    assert names(ranked) == [university.name, company.name]
    first, second = ranked
    assert first.parts["fit"] == DEFAULTS.fit
    assert second.parts["fit"] == 0
    assert second.parts["text"] > 0  # the words do count, as a second signal only
    assert "Propose « Sociologie des mobilités », que la place recherche" in first.reasons
    assert "À Amiens" in first.reasons
    assert "À 98 km d'Amiens" in second.reasons


def test_every_suggestion_says_why_and_its_parts_add_up_to_its_score(world):
    lab(world)
    world["reindex"]()

    (suggestion,) = suggest_for_slot(world["slot"])

    assert set(suggestion.parts) == set(PARTS)
    assert suggestion.score == pytest.approx(sum(suggestion.parts.values()))
    assert "Apporte un acteur de la recherche, absent du consortium" in suggestion.reasons
    assert as_json([suggestion]) == [
        {
            "slug": suggestion.actor.slug,
            "name": suggestion.actor.name,
            "score": round(suggestion.score, 4),
            "parts": {name: round(value, 4) for name, value in suggestion.parts.items()},
        }
    ]


def test_a_slot_restricted_to_its_departement_never_proposes_a_structure_outside_it(world):
    slot = world["slot"]
    slot.scope = "departement"
    slot.save()
    inside = lab(world, name="Laboratoire d'Abbeville", commune="80001")
    lab(world, name="Laboratoire de Beauvais", commune="60057")  # a perfect fit, in the Oise
    lab(world, name="Laboratoire sans commune", commune=None)
    world["reindex"]()

    assert names(suggest_for_slot(slot, limit=50)) == [inside.name]
    slot.scope = "anywhere"
    slot.save()
    assert len(suggest_for_slot(slot, limit=50)) == 3


def test_a_slot_around_another_territory_measures_from_there(world):
    slot = world["slot"]
    slot.scope, slot.scope_territory = "commune", world["place"]["60057"]
    slot.save()
    beauvais = lab(world, name="Laboratoire de Beauvais", commune="60057")
    lab(world, name="Laboratoire d'Amiens")
    world["reindex"]()

    (suggestion,) = suggest_for_slot(slot)

    assert suggestion.actor == beauvais
    assert "À Beauvais" in suggestion.reasons


def test_the_newcomer_boost_lifts_an_unconnected_structure_above_an_equally_fitting_connected_one(world):
    connected = lab(world, name="A — Laboratoire déjà partenaire")
    partner_elsewhere(connected)
    newcomer = lab(world, name="B — Laboratoire nouveau venu")
    world["reindex"]()

    first, second = suggest_for_slot(world["slot"])

    assert (first.actor, second.actor) == (newcomer, connected)
    assert first.parts["newcomer"] == DEFAULTS.newcomer
    assert second.parts["newcomer"] == 0
    assert first.score - second.score == pytest.approx(DEFAULTS.newcomer)


def test_the_newcomer_boost_stays_within_its_bound(world):
    other = sociology_resource = world["resource"]
    survey = type(other).objects.create(name="Enquêtes de terrain", slug="enquetes-de-terrain")
    world["slot"].seeks.add(survey)
    connected = lab(world, name="Laboratoire connecté")
    connected.offers.add(survey)  # covers both needs
    partner_elsewhere(connected)
    newcomer = lab(world, name="Laboratoire nouveau venu")  # covers one of two
    world["reindex"]()

    first, second = suggest_for_slot(world["slot"])

    assert (first.actor, second.actor) == (connected, newcomer)
    assert second.parts["newcomer"] == DEFAULTS.newcomer
    assert sociology_resource in newcomer.offers.all()


def test_having_worked_with_a_partner_counts_but_is_bounded(world):
    project = world["project"]
    partners = [ActorFactory(name=f"Partenaire {n}", commune=world["place"]["80021"]) for n in range(4)]
    for partner in partners:
        PartnershipFactory(project=project, actor=partner)
    tied = lab(world, name="Laboratoire lié")
    for partner in partners:  # worked with all four partners, elsewhere
        other = PartnershipFactory(actor=partner).project
        PartnershipFactory(project=other, actor=tied)
    world["reindex"]()

    (suggestion,) = suggest_for_slot(world["slot"])

    assert suggestion.parts["ties"] == DEFAULTS.ties  # four ties count as the cap (three)
    assert any(reason.startswith("A déjà travaillé avec Partenaire 0") for reason in suggestion.reasons)


def test_what_a_structure_seeks_from_the_consortium_makes_the_interest_mutual(world):
    project = world["project"]
    premises = type(world["resource"]).objects.create(name="Locaux partagés", slug="locaux-partages-m")
    project.lead_actor.offers.add(premises)
    seeker = lab(world, name="Laboratoire sans locaux")
    seeker.seeks.add(premises)
    lab(world, name="Laboratoire logé")
    world["reindex"]()

    ranked = suggest_for_slot(world["slot"])

    assert ranked[0].actor == seeker
    assert ranked[0].parts["reciprocity"] == DEFAULTS.reciprocity
    assert "Recherche « Locaux partagés », que le consortium propose" in ranked[0].reasons


def test_duplicating_the_consortium_lowers_the_score(world):
    project = world["project"]
    partner = ActorFactory(kind=ActorKind.RESEARCH, name="Labo partenaire")
    partner.offers.set([world["resource"]])  # the same kind, offering the same
    PartnershipFactory(project=project, actor=partner)
    duplicate = lab(world)
    world["reindex"]()

    (suggestion,) = suggest_for_slot(world["slot"])

    assert suggestion.actor == duplicate
    assert suggestion.parts["complementarity"] < 0
    assert "Le consortium compte déjà un acteur de la recherche" in suggestion.reasons


def test_a_structure_that_matches_nothing_the_slot_asks_is_not_suggested(world):
    ActorFactory(name="Association voisine", commune=world["place"]["80021"], description="Jardins partagés.")
    world["reindex"]()

    assert suggest_for_slot(world["slot"]) == []


HARD_FILTERS = {
    "hidden": lambda world, actor: type(actor).objects.filter(pk=actor.pk).update(is_public=False),
    "closed to partnerships": lambda world, actor: (
        type(actor).objects.filter(pk=actor.pk).update(open_to_partnerships=False)
    ),
    "the lead": None,  # built below
    "an active partner": lambda world, actor: PartnershipFactory(project=world["project"], actor=actor),
    "invited, pending": lambda world, actor: proposal(world["project"], actor),
    "interested in another slot, pending": lambda world, actor: proposal(
        world["project"], actor, direction="interest"
    ),
    "declined this slot": lambda world, actor: proposal(
        world["project"], actor, slot=world["slot"], status="declined"
    ),
    "let this slot's invitation expire": lambda world, actor: proposal(
        world["project"], actor, slot=world["slot"], status="expired"
    ),
    "pending for this slot past its expiry": lambda world, actor: proposal(
        world["project"], actor, slot=world["slot"], days_left=-1
    ),
    "refused the project's invitations": lambda world, actor: InvitationOptOut.objects.create(
        project=world["project"], actor=actor
    ),
}


@pytest.mark.parametrize("rule", HARD_FILTERS)
def test_each_hard_filter_keeps_a_fitting_structure_out(world, rule):
    candidate = lab(world)
    if rule == "the lead":
        world["project"].lead_actor = candidate
        world["project"].save()
    else:
        HARD_FILTERS[rule](world, candidate)
    world["reindex"]()

    assert candidate not in [s.actor for s in suggest_for_slot(world["slot"], limit=50)]


@pytest.mark.parametrize("status", ["declined", "expired", "withdrawn", "accepted"])
def test_an_answer_about_another_slot_or_a_withdrawal_does_not_hide_a_structure(world, status):
    candidate = lab(world)
    other_slot = sociology_slot(world["project"], world["resource"], title="Autre place")
    proposal(world["project"], candidate, slot=other_slot, status=status)
    world["reindex"]()

    assert [s.actor for s in suggest_for_slot(world["slot"])] == [candidate]


def test_a_closed_slot_has_no_suggestion(world):
    lab(world)
    world["slot"].is_open = False
    world["slot"].save()

    assert suggest_for_slot(world["slot"]) == []


def test_weights_changed_in_the_setting_change_the_ranking(world):
    near = lab(world, name="Laboratoire d'Amiens")
    near.offers.clear()  # the right kind, here, but offering nothing sought
    far = lab(world, name="Cabinet de Lille", kind=ActorKind.COMPANY, commune="59350")
    world["reindex"]()
    assert names(suggest_for_slot(world["slot"])) == [far.name, near.name]  # offering what is sought wins

    MatchingSettings.objects.create(territory=10)  # staff decide closeness matters most

    assert names(suggest_for_slot(world["slot"])) == [near.name, far.name]


def test_a_weight_at_zero_switches_its_part_off(world):
    lab(world)
    world["reindex"]()

    (suggestion,) = suggest_for_slot(world["slot"], weights=Weights(territory=0, text=0))

    assert suggestion.parts["territory"] == 0
    assert suggestion.parts["text"] == 0
    assert not any(reason.startswith("À ") for reason in suggestion.reasons)


def test_the_other_side_a_structure_sees_the_slots_that_fit_it_with_the_same_reasons(world):
    university = lab(world)
    world["reindex"]()

    (found,) = slots_for_actor(university)
    (forward,) = suggest_for_slot(world["slot"])

    assert found.slot == world["slot"]
    assert found.parts["fit"] == forward.parts["fit"]
    assert found.parts["territory"] == forward.parts["territory"]
    assert "Propose « Sociologie des mobilités », que la place recherche" in found.reasons


def test_the_other_side_applies_the_same_hard_filters(world):
    university = lab(world)
    proposal(world["project"], university, slot=world["slot"], status="declined")
    closed = lab(world, name="Laboratoire fermé", open_to_partnerships=False)
    outside = lab(world, name="Laboratoire de Beauvais", commune="60057")
    world["slot"].scope = "departement"
    world["slot"].save()

    assert slots_for_actor(university) == []
    assert slots_for_actor(closed) == []
    assert slots_for_actor(outside) == []


def test_the_other_side_shows_only_slots_of_public_projects(world):
    university = lab(world)
    world["project"].status = "draft"
    world["project"].save()

    assert slots_for_actor(university) == []
