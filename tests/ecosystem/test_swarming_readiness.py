"""Swarming readiness, criterion by criterion at its boundaries, with the thresholds staff adjust."""

import datetime

import pytest
from django.utils import translation

from ecosystem import swarming
from ecosystem.models import ImpactIndicator, IndicatorValue, Project, SwarmingSettings
from ecosystem.swarming import Facts, Thresholds
from tests.factories import ProjectFactory
from tests.support.swarming import make_ready, score_users

TODAY = datetime.date(2026, 12, 6)
DEFAULTS = Thresholds(users_marker_name="Place des bénéficiaires et des usagers")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _project(**fields):
    values = {
        "start_date": datetime.date(2023, 12, 6),
        "economic_model_stage": Project.EconomicModelStage.STABILISED,
        "need": "Les aidants sont isolés.",
        "innovation_type": Project.InnovationType.UNMET_NEED,
        "jobs_created": 1,
        "user_involvement": "Ateliers de co-conception.",
    }
    return Project(**{**values, **fields})


def _facts(**fields):
    return Facts(**{"territories": 1, "measured_indicators": 1, "users_score": 3, **fields})


# --- maturity ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "met"),
    [
        (datetime.date(2023, 12, 6), True),  # exactly three years ago
        (datetime.date(2023, 12, 7), False),  # a day short
        (datetime.date(2010, 1, 1), True),
    ],
)
def test_maturity_counts_three_years_to_the_day(start, met):
    criterion = swarming.maturity(_project(start_date=start), _facts(), DEFAULTS, TODAY)
    assert criterion.met is met
    if not met:
        assert "less than 3 years ago" in criterion.why[0]
        assert "Dec. 7, 2026" in criterion.todo[0]  # the day it becomes old enough


def test_a_29_february_start_is_old_enough_on_1_march():
    project = _project(start_date=datetime.date(2020, 2, 29))
    assert not swarming.maturity(project, _facts(), DEFAULTS, datetime.date(2023, 2, 28)).met
    assert swarming.maturity(project, _facts(), DEFAULTS, datetime.date(2023, 3, 1)).met


def test_maturity_without_a_start_date_asks_for_it():
    criterion = swarming.maturity(_project(start_date=None), _facts(), DEFAULTS, TODAY)
    assert not criterion.met
    assert criterion.todo == ["Give the project's start date in its form."]


@pytest.mark.parametrize("stage", ["to_define", "testing"])
def test_maturity_needs_a_stabilised_economic_model(stage):
    criterion = swarming.maturity(_project(economic_model_stage=stage), _facts(), DEFAULTS, TODAY)
    assert not criterion.met
    assert "not stabilised" in criterion.why[0]


def test_the_minimum_age_follows_the_setting():
    project = _project(start_date=datetime.date(2025, 12, 6))
    assert not swarming.maturity(project, _facts(), DEFAULTS, TODAY).met
    assert swarming.maturity(project, _facts(), Thresholds(min_years=1), TODAY).met


# --- positive effects ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("jobs", "indicator", "met"),
    [(1, None, True), (0, None, False), (0, 1, True), (0, 0, False)],
)
def test_one_job_is_enough_from_the_form_or_the_jobs_indicator(jobs, indicator, met):
    facts = _facts(jobs_indicator=indicator)
    criterion = swarming.positive_effects(_project(jobs_created=jobs), facts, DEFAULTS, TODAY)
    assert criterion.met is met
    if not met:
        assert criterion.why == ["0 jobs created, at least 1 needed."]


@pytest.mark.parametrize(("measured", "met"), [(0, False), (1, True)])
def test_effects_need_an_indicator_measured_above_zero(measured, met):
    criterion = swarming.positive_effects(_project(), _facts(measured_indicators=measured), DEFAULTS, TODAY)
    assert criterion.met is met
    assert bool(criterion.todo) is not met


def test_the_minimum_jobs_follows_the_setting():
    project = _project(jobs_created=2)
    assert swarming.positive_effects(project, _facts(), DEFAULTS, TODAY).met
    assert not swarming.positive_effects(project, _facts(), Thresholds(min_jobs=3), TODAY).met


# --- a need identified on the territory ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "facts", "missing"),
    [
        ({"need": "  "}, {}, "The need answered is not described."),
        ({}, {"territories": 0}, "No territory served is given."),
        ({"innovation_type": ""}, {}, "The innovation type is not chosen."),
    ],
)
def test_the_need_criterion_says_what_is_missing(fields, facts, missing):
    criterion = swarming.territorial_need(_project(**fields), _facts(**facts), DEFAULTS, TODAY)
    assert not criterion.met
    assert criterion.why == [missing]


def test_a_described_need_on_a_territory_is_met():
    criterion = swarming.territorial_need(_project(), _facts(), DEFAULTS, TODAY)
    assert criterion.met
    assert criterion.todo == []


# --- users involved ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("score", "met"), [(2, False), (3, True), (4, True)])
def test_users_marker_must_reach_the_threshold(score, met):
    criterion = swarming.users_involved(_project(), _facts(users_score=score), DEFAULTS, TODAY)
    assert criterion.met is met
    if not met:
        assert "scores 2/4 in the latest self-assessment, below 3" in criterion.why[0]


def test_text_alone_does_not_make_users_involved():
    criterion = swarming.users_involved(_project(), _facts(users_score=None), DEFAULTS, TODAY)
    assert not criterion.met
    assert criterion.todo == ["Score it in a self-assessment of the project's dynamic evaluation."]


def test_a_high_score_without_the_description_is_not_enough():
    criterion = swarming.users_involved(
        _project(user_involvement=" "), _facts(users_score=4), DEFAULTS, TODAY
    )
    assert not criterion.met
    assert criterion.why == ["How users took part is not described."]


# --- facts from the database, thresholds from the admin -------------------------------------------------------


@pytest.mark.django_db
def test_facts_read_the_latest_values_and_the_latest_users_score(territories):
    project = make_ready(ProjectFactory(), territories["80021"], jobs=0)
    jobs = ImpactIndicator.objects.create(project=project, kind=ImpactIndicator.Kind.JOBS)
    IndicatorValue.objects.create(indicator=jobs, date=datetime.date(2024, 1, 1), value=5)
    IndicatorValue.objects.create(indicator=jobs, date=datetime.date(2025, 1, 1), value=2)
    score_users(project, 1, date=datetime.date(2026, 6, 1))  # newer than make_ready's 3
    facts = swarming.facts_for([project], Thresholds())[project.pk]
    assert facts == Facts(territories=1, jobs_indicator=2, measured_indicators=2, users_score=1)


@pytest.mark.django_db
def test_readiness_of_many_projects_takes_a_fixed_number_of_queries(territories, django_assert_num_queries):
    projects = [make_ready(ProjectFactory(), territories["80021"]) for _ in range(3)]
    projects.append(ProjectFactory())
    SwarmingSettings.load()  # the row exists once staff or a first reader made it
    # The setting, the marker's name, then territories, indicator values and users' scores.
    with django_assert_num_queries(5):
        result = swarming.readiness_of(projects, today=TODAY)
    assert [result[p.pk].is_ready for p in projects] == [True, True, True, False]
    assert {c.code for c in result[projects[3].pk].missing} == {"maturity", "effects", "need", "users"}


@pytest.mark.django_db
def test_staff_thresholds_are_read_from_the_admin_setting(territories):
    project = make_ready(ProjectFactory(), territories["80021"])
    assert swarming.readiness(project, today=TODAY).is_ready
    setting = SwarmingSettings.load()
    setting.users_min_score = 4
    setting.save()
    assert [c.code for c in swarming.readiness(project, today=TODAY).missing] == ["users"]


@pytest.mark.django_db
def test_the_database_filter_keeps_ready_projects_only_as_candidates(territories):
    ready = make_ready(ProjectFactory(), territories["80021"])
    ProjectFactory(start_date=datetime.date(2025, 1, 1))
    candidates = Project.objects.filter(swarming.candidates_q(Thresholds(), TODAY))
    assert list(candidates) == [ready]
