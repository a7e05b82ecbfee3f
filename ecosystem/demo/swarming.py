"""The swarming part of the demo: a published demo project made ready to swarm, with its conditions, and one
left short of the criteria so the project page shows what is missing. Called by ``manage.py load_demo`` after
the ecosystem demo set.

Like the bulk generator it writes rows directly (the demo's own data, not a person's edit). Idempotent: the
project chosen is the first public demo project by slug, and its facts are written only once.
"""

import datetime

from django.db import transaction

from ecosystem.access import public_projects_q
from ecosystem.models import (
    ActorKind,
    ImpactIndicator,
    IndicatorValue,
    Marker,
    MarkerAssessment,
    MarkerScore,
    Project,
    SwarmingSettings,
)

from .actors import DEMO_SLUG_PREFIX

READY = {
    "start_date": datetime.date(2019, 9, 1),
    "phase": "evaluation",
    "economic_model_stage": Project.EconomicModelStage.STABILISED,
    "jobs_created": 6,
    "beneficiaries_reached": 850,
    "user_involvement": "Les usagers ont co-conçu le service en ateliers et siègent au comité de pilotage.",
    "swarming_partner_kinds": [ActorKind.ASSOCIATION, ActorKind.LOCAL_AUTHORITY],
    "swarming_budget_min": 40000,
    "swarming_budget_max": 90000,
    "swarming_skills": ["animation de collectifs", "gestion associative"],
    "swarming_duration_months": 18,
    "swarming_conditions": (
        "Un lieu d'accueil accessible, une collectivité partenaire et un comité d'usagers dès le démarrage ; "
        "l'équipe d'origine accompagne la première année."
    ),
}


def _demo_projects():
    return Project.objects.filter(public_projects_q(), slug__startswith=DEMO_SLUG_PREFIX).order_by("slug")


@transaction.atomic
def load_swarming_demo() -> list[str]:
    projects = list(_demo_projects()[:2])
    if not projects:
        return ["swarming: no published demo project, nothing made ready"]
    ready = projects[0]
    if ready.swarming_conditions:
        return [f"swarming: {ready.title} already ready"]
    thresholds = SwarmingSettings.load()
    Project.objects.filter(pk=ready.pk).update(**READY)
    if not ready.territories_served.exists() and ready.lead_actor.commune_id:
        ready.territories_served.add(ready.lead_actor.commune_id)
    indicator, _created = ImpactIndicator.objects.get_or_create(project=ready, kind=ImpactIndicator.Kind.JOBS)
    IndicatorValue.objects.update_or_create(
        indicator=indicator, date=datetime.date(2025, 12, 31), defaults={"value": READY["jobs_created"]}
    )
    marker = Marker.objects.filter(code=thresholds.users_marker).first()
    if marker is not None:
        assessment = MarkerAssessment.objects.create(
            project=ready,
            date=datetime.date(2026, 6, 30),
            phase="evaluation",
            summary="Bilan avant essaimage.",
        )
        MarkerScore.objects.create(
            assessment=assessment, marker=marker, score=4, evidence="Comité d'usagers décisionnaire."
        )
    lines = [f"swarming: {ready.title} made ready to swarm"]
    if len(projects) > 1:
        # Young and still testing its model: its page lists what it lacks.
        Project.objects.filter(pk=projects[1].pk).update(
            start_date=datetime.date(2025, 1, 15), economic_model_stage=Project.EconomicModelStage.TESTING
        )
        lines.append(f"swarming: {projects[1].title} left not ready")
    return lines
