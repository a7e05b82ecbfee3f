"""The home page's key figures, computed live from what everyone may see (public structures, public projects)."""

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from ecosystem.access import public_projects_q
from ecosystem.models import Actor, Project


def key_figures() -> dict[str, int]:
    """Structures listed, projects published, territories those projects serve, jobs they created; 3 queries."""
    projects = Project.objects.filter(public_projects_q())
    totals = projects.aggregate(projects=Count("pk"), jobs=Coalesce(Sum("jobs_created"), 0))
    territories = (
        Project.territories_served.through.objects.filter(project__in=projects)
        .values("territory")
        .distinct()
        .count()
    )
    return {
        "structures": Actor.objects.filter(is_public=True).count(),
        "projects": totals["projects"],
        "territories": territories,
        "jobs": totals["jobs"],
    }
