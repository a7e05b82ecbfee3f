"""Public project pages: the list of projects and a project's page.

What a viewer sees is decided by ``ecosystem.access``: published projects of public structures for
everyone, drafts for the project's people and staff (404 for anyone else). Both pages run a fixed number of
queries whatever the number of projects, partners or slots (related rows are prefetched, counts annotated).
"""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.shortcuts import render

from directory import jsonld
from ecosystem import access
from ecosystem.forms.projects import ProjectFilterForm
from ecosystem.models import Partnership, Theme

PROJECTS_PER_PAGE = 20


def project_list(request):
    filters = ProjectFilterForm(request.GET or None)
    projects = (
        filters.filter(access.visible_projects(request.user))
        .select_related("lead_actor")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.order_by("order", "name")))
        .annotate(open_slot_count=Count("slots", filter=Q(slots__is_open=True)))
        .order_by("-updated_at", "pk")
    )
    page = Paginator(projects, PROJECTS_PER_PAGE).get_page(request.GET.get("page"))
    phase = filters.cleaned_data.get("phase", "") if filters.is_bound and filters.is_valid() else ""
    return render(
        request,
        "directory/project_list.html",
        {"filters": filters, "page_obj": page, "projects": page.object_list, "phase": phase},
    )


def project_detail(request, slug):
    project = access.get_visible_project_or_404(request.user, slug=slug)
    can_edit = access.can_edit_project(request.user, project)
    partnerships = list(project.partnerships.select_related("actor"))
    slots = project.slots.filter(is_open=True).select_related("scope_territory").prefetch_related("seeks")
    indicators = list(project.indicators.prefetch_related("values"))
    for indicator in indicators:
        # Values are ordered by date: the last one is the latest measure.
        values = list(indicator.values.all())
        indicator.latest = values[-1] if values else None
    context = {
        "project": project,
        "can_edit": can_edit,
        "partners": [p for p in partnerships if p.status != Partnership.Status.LEFT],
        "former_partners": [p for p in partnerships if p.status == Partnership.Status.LEFT],
        "slots": list(slots),
        "supports": list(project.supports.select_related("support_actor")),
        "territories": list(project.territories_served.order_by("level", "name")),
        "themes": list(project.themes.all()),
        "indicators": [i for i in indicators if i.latest is not None],
    }
    context["jsonld"] = jsonld.project(request, project, partnerships, context["territories"])
    return render(request, "directory/project_detail.html", context)
