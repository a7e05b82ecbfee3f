"""The showcase's selection: public projects ready to be swarmed, with what the showcase filters them by.

Readiness is computed on the projects the database filter leaves (:func:`ecosystem.swarming.candidates_q`),
a small set, in a fixed number of queries whatever its size; the filters then run on those rows.
"""

from django.db.models import Prefetch

from ecosystem import access, swarming
from ecosystem.models import Project, Territory, Theme
from ecosystem.search_specs import served_departements


def ready_projects(*, thresholds: swarming.Thresholds | None = None, today=None) -> list[Project]:
    """Public projects meeting every criterion, latest updated first, each with ``readiness`` and
    ``departements`` (codes of the départements it serves) set, themes and territories prefetched."""
    thresholds = thresholds or swarming.current_thresholds()
    candidates = list(
        Project.objects.filter(access.public_projects_q(), swarming.candidates_q(thresholds, today))
        .select_related("lead_actor")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
            Prefetch(
                "territories_served",
                queryset=Territory.objects.select_related("parent").order_by("level", "name"),
            ),
        )
        .order_by("-updated_at", "-pk")
    )
    readiness = swarming.readiness_of(candidates, thresholds=thresholds, today=today)
    ready = []
    for project in candidates:
        if readiness[project.pk].is_ready:
            project.readiness = readiness[project.pk]
            project.departements = served_departements(project)
            ready.append(project)
    return ready


def facet_values(project: Project) -> dict[str, list[str]]:
    """The values the showcase filters ``project`` by (a project of :func:`ready_projects`)."""
    return {
        "theme": [theme.slug for theme in project.themes.all()],
        "departement": list(project.departements),
        "phase": [project.phase],
        "action_type": [project.action_type],
    }
