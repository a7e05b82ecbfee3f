"""The swarming part of the demo: a published demo project made ready to swarm, with its conditions and two
confirmed replications, and one left short of the criteria so the project page shows what is missing. Called by ``manage.py load_demo`` after
the ecosystem demo set.

Projects, needs and replications go through the ``do_*`` halves of the actions (they validate, re-index and
record what a real edit would). The evaluation rows are written directly: nothing indexes them, and the demo
scores one marker where the action wants them all. Idempotent: the project chosen is the first public demo
project by slug, and its facts are written only once.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from ecosystem.access import public_projects_q
from ecosystem.actions.needs import do_post_need
from ecosystem.actions.projects import do_update_project
from ecosystem.actions.swarming import do_confirm_replication, do_request_replication, home_departements
from ecosystem.models import (
    Actor,
    ActorKind,
    ImpactIndicator,
    IndicatorValue,
    Marker,
    MarkerAssessment,
    MarkerScore,
    Project,
    SwarmingSettings,
    TerritorialNeed,
    Theme,
)

from .actors import DEMO_SLUG_PREFIX

DEMO_ACCOUNT = "camille@essaim.localhost"

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


# The browser test swarms the ready project to this département: the ready project must live elsewhere.
ELSEWHERE = "02"


def _demo_projects():
    return (
        Project.objects.filter(public_projects_q(), slug__startswith=DEMO_SLUG_PREFIX)
        .exclude(lead_actor__commune=None)
        .exclude(lead_actor__commune__code__startswith=ELSEWHERE)
        .exclude(lead_actor__memberships__user__email=DEMO_ACCOUNT)  # the demo account asks to swarm it
        .select_related("lead_actor__commune")
        .order_by("slug")
    )


def _needs(ready: Project, lines: list[str]) -> None:
    """Two needs posted by a demo local authority: one on the ready project's themes (it is suggested), one on
    another theme."""
    authority = (
        Actor.objects.filter(slug__startswith=DEMO_SLUG_PREFIX, kind=ActorKind.LOCAL_AUTHORITY)
        .exclude(commune=None)
        .order_by("slug")
        .first()
    )
    if authority is None or TerritorialNeed.objects.filter(actor=authority).exists():
        return
    themes = list(ready.themes.all())
    others = list(Theme.objects.exclude(pk__in=[t.pk for t in themes]).order_by("order")[:1])
    for title, description, need_themes, kind in (
        (
            "Un lieu de répit près de chez nous",
            "Les habitants manquent d'un lieu proche pour souffler et s'entraider.",
            themes,
            TerritorialNeed.AnswerKind.PLACE,
        ),
        (
            "Accompagner les jeunes vers l'emploi",
            "Les jeunes de nos villages sont loin des dispositifs d'insertion.",
            others,
            TerritorialNeed.AnswerKind.SUPPORT,
        ),
    ):
        data = {"title": title, "description": description, "territory": authority.commune}
        do_post_need(authority, data | {"themes": need_themes, "answer_kind": kind})
        lines.append(f"swarming: need « {title} » posted by {authority.name}")


def _replicate(ready: Project, lines: list[str]) -> None:
    """Two confirmed replications: published demo projects led from other départements carry them."""
    home = home_departements(ready)
    carriers = [
        project
        for project in _demo_projects().exclude(pk=ready.pk)[:20]
        if project.lead_actor.commune.departement_code not in home
    ]
    for project in carriers[:2]:
        replication = do_request_replication(
            ready,
            project.lead_actor,
            project.lead_actor.commune,
            "Le même besoin chez nous.",
            project=project,
        )
        do_confirm_replication(replication)
        do_update_project(project, {"jobs_created": 2, "beneficiaries_reached": 120})
        lines.append(f"swarming: {ready.title} replicated by {project.title}")


@transaction.atomic
def load_swarming_demo() -> list[str]:
    projects = list(_demo_projects()[:2])  # lead not in ELSEWHERE, not the demo account's structure
    if not projects:
        return ["swarming: no published demo project, nothing made ready"]
    ready = projects[0]
    if ready.swarming_conditions:
        return [f"swarming: {ready.title} already ready"]
    thresholds = SwarmingSettings.load()
    # One place served, so « elsewhere » is clear.
    ready = do_update_project(ready, READY | {"territories_served": [ready.lead_actor.commune]})
    indicator, _created = ImpactIndicator.objects.get_or_create(project=ready, kind=ImpactIndicator.Kind.JOBS)
    IndicatorValue.objects.update_or_create(
        indicator=indicator, date=datetime.date(2025, 12, 31), defaults={"value": READY["jobs_created"]}
    )
    marker = Marker.objects.filter(code=thresholds.users_marker).first()
    if marker is not None:
        assessment = MarkerAssessment.objects.create(
            project=ready,
            date=timezone.localdate(),  # the latest assessment, after the generated ones
            phase="evaluation",
            summary="Bilan avant essaimage.",
        )
        MarkerScore.objects.create(
            assessment=assessment, marker=marker, score=4, evidence="Comité d'usagers décisionnaire."
        )
    lines = [f"swarming: {ready.title} made ready to swarm"]
    _replicate(ready, lines)
    _needs(ready, lines)
    if len(projects) > 1:
        # Young and still testing its model: its page lists what it lacks.
        do_update_project(
            projects[1],
            {
                "start_date": datetime.date(2025, 1, 15),
                "economic_model_stage": Project.EconomicModelStage.TESTING,
            },
        )
        lines.append(f"swarming: {projects[1].title} left not ready")
    return lines
