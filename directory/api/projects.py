"""``/projects/``: published projects of public actors, listed through the project search, and one by slug.

The list goes through ``search.search`` like the project list page (``/projets/``): the same visibility rule
(``access.public_projects_q``), the same keyword fields and the same order — most recently updated first, by
relevance when ``q`` is given. "Serves a territory" is the search's ``served`` field: the territories a
project serves and every territory containing one of them.
"""

from typing import Annotated

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.translation import gettext
from ninja import Field, FilterLookup, Query, Router
from ninja.errors import HttpError

from ecosystem import access
from ecosystem.models import Application, Partnership, Phase, Project, Territory, Theme

from .listing import SearchFilters, listing_of, search_list_endpoint
from .schemas import Error, ProjectOut, actor_ref, page_url, reasons, terms, territory_ref

TERRITORY_CODE = r"^[0-9AB]{2,9}$"

router = Router(tags=["projects"])


class ProjectFilters(SearchFilters):
    q: str = Field("", max_length=200, description="Words searched in titles, summaries, needs, themes…")
    phase: Annotated[Phase | None, FilterLookup("phase")] = None
    action_type: Annotated[Project.ActionType | None, FilterLookup("action_type")] = None
    theme: Annotated[str | None, FilterLookup("themes")] = Field(
        None, max_length=120, description="A theme slug."
    )
    territory: Annotated[str | None, FilterLookup("served")] = Field(
        None,
        pattern=TERRITORY_CODE,
        description="Code of a territory served; projects serving a territory inside it match too.",
    )


def _hydrate(projects: list[Project]) -> None:
    """What ``_project`` reads, in one query per relation whatever the number of projects."""
    partners = Partnership.objects.filter(status=Partnership.Status.ACTIVE, actor__is_public=True)
    prefetch_related_objects(
        projects,
        Prefetch(
            "partnerships",
            queryset=partners.select_related("actor").order_by("created_at", "pk"),
            to_attr="public_partnerships",
        ),
        Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
        Prefetch("territories_served", queryset=Territory.objects.order_by("level", "name")),
        Prefetch(
            "applications",
            queryset=Application.objects.filter(
                status=Application.Status.DECIDED, decision=Application.Decision.LABELLED
            )
            .select_related("call")
            .order_by("-decided_at"),
            to_attr="labelled_applications",
        ),
    )


def _project(request, project: Project) -> dict:
    return {
        "slug": project.slug,
        "title": project.title,
        "url": page_url(request, "directory:project_detail", project.slug),
        "summary": project.summary,
        "need": project.need,
        "beneficiaries": project.beneficiaries,
        "phase": project.phase,
        "phase_label": str(project.get_phase_display()),
        "action_type": project.action_type,
        "innovation_type": project.innovation_type,
        "lead_actor": actor_ref(request, project.lead_actor),
        "partners": [
            {"actor": actor_ref(request, p.actor), "nature": p.nature, "role": p.role}
            for p in project.public_partnerships
        ],
        "themes": terms(project.themes.all()),
        "territories_served": [territory_ref(t) for t in project.territories_served.all()],
        "start_date": project.start_date,
        "jobs_created": project.jobs_created,
        "beneficiaries_reached": project.beneficiaries_reached,
        "labels": [application.call.label for application in project.labelled_applications],
        "updated_at": project.updated_at,
    }


def _projects(request, projects: list[Project]) -> list[dict]:
    _hydrate(projects)
    return [_project(request, project) for project in projects]


@search_list_endpoint(router, "/projects/", ProjectOut, summary="Published projects")
def list_projects(request, filters: Query[ProjectFilters]):
    """Published projects of public actors, most recently updated first (by relevance when ``q`` is given),
    ``limit`` at a time (at most 100)."""
    sort = "relevance" if filters.q.strip() else "updated"
    return listing_of(Project, filters, sort=sort, present=lambda projects: _projects(request, projects))


@router.get(
    "/projects/{slug}/",
    response={200: ProjectOut, 404: Error},
    summary="A published project",
    openapi_extra=reasons(404),
)
def get_project(request, slug: str):
    project = access.visible_projects(None).select_related("lead_actor").filter(slug=slug).first()
    if project is None:
        raise HttpError(404, gettext("No published project has this slug."))
    return _projects(request, [project])[0]
