"""A project that meets every swarming-readiness criterion with the default thresholds."""

import datetime

from ecosystem.models import (
    ImpactIndicator,
    IndicatorValue,
    Marker,
    MarkerAssessment,
    MarkerScore,
    Project,
)
from ecosystem.models.swarming import DEFAULT_USERS_MARKER

STARTED = datetime.date(2019, 9, 1)


def score_users(project, score, date=datetime.date(2026, 3, 1)):
    """A self-assessment of ``project`` scoring the users' place marker ``score``."""
    assessment = MarkerAssessment.objects.create(project=project, date=date, phase="evaluation")
    MarkerScore.objects.create(
        assessment=assessment, marker=Marker.objects.get(code=DEFAULT_USERS_MARKER), score=score
    )
    return assessment


def make_ready(project, territory, *, jobs=4):
    """Fill ``project`` so it is ready: old enough, stabilised, jobs measured, a territory, users involved."""
    project.start_date = STARTED
    project.economic_model_stage = Project.EconomicModelStage.STABILISED
    project.jobs_created = jobs
    project.user_involvement = "Les usagers ont co-conçu le service en ateliers."
    project.save()
    project.territories_served.add(territory)
    indicator = ImpactIndicator.objects.create(project=project, kind=ImpactIndicator.Kind.BENEFICIARIES)
    IndicatorValue.objects.create(indicator=indicator, date=datetime.date(2025, 12, 31), value=120)
    score_users(project, 3)
    return project
