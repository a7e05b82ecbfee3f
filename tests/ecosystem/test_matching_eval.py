"""Measured ranking quality: the planted ground truth, the hold-one-partner-out and ``manage.py matching_eval``."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from ecosystem.demo import generate_demo
from ecosystem.matching import ground_truth
from ecosystem.matching.evaluation import evaluate
from ecosystem.models import Actor, Partnership, PartnerSlot, Project
from search.models import IndexEntry

pytestmark = pytest.mark.django_db


def test_each_planted_slot_has_fitting_structures_and_distractors(small_region):
    cases = ground_truth.plant(size=3, seed=5, background=2)
    assert len(cases) == 3
    for case in cases:
        slot = case.slot
        sought = set(slot.seeks.values_list("id", flat=True))
        assert slot.is_open
        assert len(sought) == 3
        fits = Actor.objects.filter(id__in=case.expected)
        assert len(fits) == 2
        for actor in fits:
            assert actor.kind in slot.kinds
            assert set(actor.offers.values_list("id", flat=True)) <= sought
            assert actor.commune.departement_id == slot.project.lead_actor.commune.departement_id
        (out,) = Actor.objects.filter(id__in=case.out_of_scope)
        assert out.kind in slot.kinds
        assert out.commune.departement_id != slot.project.lead_actor.commune.departement_id
        assert case.distractors["out_of_scope"] == out.id
        wrong_kind = Actor.objects.get(pk=case.distractors["wrong_kind"])
        assert wrong_kind.kind not in slot.kinds
        assert set(wrong_kind.offers.values_list("id", flat=True)) == sought
        connected = Actor.objects.get(pk=case.distractors["well_connected"])
        assert connected.kind in slot.kinds
        assert not set(connected.offers.values_list("id", flat=True)) & sought
        assert connected.partnerships.count() == 4


def test_same_seed_plants_the_same_slots(small_region):
    first = [(c.slot.title, c.slot.kinds) for c in ground_truth.plant(size=4, seed=9, background=1)]
    Partnership.objects.all().delete()
    PartnerSlot.objects.all().delete()
    Project.objects.all().delete()
    Actor.objects.all().delete()
    assert [(c.slot.title, c.slot.kinds) for c in ground_truth.plant(size=4, seed=9, background=1)] == first


def test_hold_out_removes_one_partner_and_opens_a_slot_asking_for_it(small_region):
    generate_demo(actors=40, projects=10, seed=3)
    cases = ground_truth.hold_out(limit=4, seed=3)
    assert 1 <= len(cases) <= 4
    for case in cases:
        (actor_id,) = case.expected
        actor = Actor.objects.get(pk=actor_id)
        assert not Partnership.objects.filter(project=case.slot.project, actor=actor).exists()
        assert case.slot.kinds == [actor.kind]
        assert set(case.slot.seeks.all()) <= set(actor.offers.all())


def test_the_planted_set_needs_two_departements(db):
    with pytest.raises(LookupError, match="load_reference_data"):
        ground_truth.plant(size=1)
    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("matching_eval", size=1, holdout=0, stdout=io.StringIO())


def test_the_command_prints_its_figures_and_keeps_nothing(small_region):
    before = (
        Actor.objects.count(),
        Project.objects.count(),
        PartnerSlot.objects.count(),
        IndexEntry.objects.count(),
    )
    out = io.StringIO()
    call_command("matching_eval", size=2, holdout=2, background=1, seed=4, json=True, stdout=out)
    result = json.loads(out.getvalue())
    assert result["planted"]["cases"] == 2
    assert result["holdout"]["cases"] >= 1
    for source in ("planted", "holdout"):
        figures = result[source]["full"]
        assert set(figures) == {"recall@5", "recall@10", "mrr", "leaks"}
        assert 0 <= figures["recall@5"] <= figures["recall@10"] <= 1
        assert result[source]["ablation"]  # one line per score part switched off
    after = (
        Actor.objects.count(),
        Project.objects.count(),
        PartnerSlot.objects.count(),
        IndexEntry.objects.count(),
    )
    assert after == before

    out = io.StringIO()
    call_command("matching_eval", size=1, holdout=0, background=0, stdout=out)
    text = out.getvalue()
    for heading in ("recall@5", "recall@10", "MRR", "full ranking", "without "):
        assert heading in text


def test_the_full_ranking_beats_the_worst_ablation_and_never_leaks_out_of_scope(small_region):
    planted = evaluate(size=6, holdout=0, seed=11, background=3)["planted"]
    full = planted["full"]
    assert planted["cases"] == 6
    worst = min(figures["mrr"] for figures in planted["ablation"].values())
    assert full["mrr"] > worst
    assert full["leaks"] == 0
