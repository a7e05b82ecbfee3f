"""Public project pages: the project search (list) and a project's page.

The list is a faceted search through the configured search backend (``search.search``), like the actor
directory: it lists published projects of public structures, for everyone. People also see, above it and
only on the unfiltered list, the projects the public list leaves out that ``ecosystem.access`` lets them see
(their drafts; everything for staff). What a viewer may open is decided by ``ecosystem.access`` (404 for a
private project). Both pages run a fixed number of queries whatever the number of projects, partners or
slots: vocabularies are read once by the form, the page of projects is hydrated with one query per
relation, open slots are counted in one grouped query.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from directory import jsonld
from directory.forms import ProjectSearchForm
from directory.views import faceted
from ecosystem import access, swarming
from ecosystem.actions import swarming as swarming_actions
from ecosystem.models import Application, Partnership, PartnerSlot, Project, Territory, Theme
from search import generation

# Facets whose values have a natural order (the phases follow each other); the others go by frequency.
NATURAL_ORDER = {"phase", "action_type"}
# How many of the projects outside the public list a person sees above it (staff may see many).
PRIVATE_SHOWN = 10


def _facet_groups(form: ProjectSearchForm, facets: dict[str, dict[str, int]]) -> list[dict]:
    """The shared checkbox groups, with the phases in their order.

    Intercommunalities are many: they are offered once a département is chosen (those of the chosen
    départements, plus any EPCI already chosen), and the département group says so meanwhile.
    """
    departements = set(form.value("served_departement", []))
    groups = faceted.facet_groups(
        form,
        facets,
        natural_order=NATURAL_ORDER,
        offered=lambda name, value: name != "served_epci" or form.epci_departement.get(value) in departements,
    )
    epcis_offered = any(group["name"] == "served_epci" for group in groups)
    if not epcis_offered and facets.get("served_epci"):
        for group in groups:
            if group["name"] == "served_departement":
                group["hint"] = gettext("Choose a département to filter by intercommunality.")
    return groups


def _count_open_slots(projects: list[Project]) -> None:
    """The number of open slots of each project, in one grouped query."""
    open_slots = dict(
        PartnerSlot.objects.filter(project__in=projects, is_open=True)
        .order_by()
        .values("project")
        .annotate(n=Count("pk"))
        .values_list("project", "n")
    )
    for project in projects:
        project.open_slot_count = open_slots.get(project.pk, 0)


def _cards_html(results, projects: list[Project]) -> str:
    """The page's cards, cached under the search's generation and keyed by the projects read live with their
    open slots (slots open and close without writing to the index). What else a card shows — the project,
    its lead and commune, themes, territories — changes through actions that reindex the project. Themes
    and territories are read (one query per relation) only when the cards are rendered."""

    def context():
        prefetch_related_objects(
            projects,
            Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
            Prefetch("territories_served", queryset=Territory.objects.order_by("level", "name")),
        )
        return {"projects": projects}

    parts = (tuple((project.pk, project.open_slot_count) for project in projects),)
    return faceted.cached_html(
        results, "project-cards", parts, "directory/includes/project_cards.html", context
    )


def _private_projects(user) -> tuple[list[Project], int]:
    """Projects ``user`` may see that the public list leaves out (drafts, hidden lead), latest first, and
    how many there are: at most ``PRIVATE_SHOWN`` of them, always in two queries (none when anonymous)."""
    if not user.is_authenticated:
        return [], 0
    rows = (
        access.visible_projects(user)
        .exclude(access.public_projects_q())
        .select_related("lead_actor")
        .order_by("-updated_at", "-pk")
    )
    return list(rows[:PRIVATE_SHOWN]), rows.count()


def project_list(request):
    form = ProjectSearchForm(request.GET)
    form.is_valid()
    base_url = reverse("directory:project_list")
    # The index generation read once for the search and the header's chrome (cms.chrome).
    results, status = faceted.run_search(Project, form, generation.for_request(request))

    projects = results.objects if results else []
    _count_open_slots(projects)
    params = form.params()
    unfiltered = not params and form.page_number == 1
    private, private_total = _private_projects(request.user) if unfiltered else ([], 0)
    context = {
        "form": form,
        "results": results,
        "projects": projects,
        "cards_html": _cards_html(results, projects) if projects else "",
        "unavailable": results is None,
        "facets_html": faceted.facets_html(results, form, lambda: _facet_groups(form, results.facets))
        if results
        else "",
        "active_filters": faceted.active_filters(form, base_url),
        "query_string": urlencode(params),
        "clear_url": faceted.url(base_url, [("q", form.text)] if form.text else []),
        "base_url": base_url,
        "private_projects": private,
        "private_more": private_total - len(private),
    }
    return render(request, "directory/project_list.html", context, status=status)


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
        # Its people follow its dynamic evaluation from here (everyone else reads it from the section below).
        "is_project_person": can_edit or access.is_project_person(request.user, project),
        "partners": [p for p in partnerships if p.status == Partnership.Status.ACTIVE],
        "former_partners": [p for p in partnerships if p.status == Partnership.Status.LEFT],
        "slots": list(slots),
        "supports": list(project.supports.select_related("support_actor")),
        "territories": list(project.territories_served.order_by("level", "name")),
        "themes": list(project.themes.all()),
        "indicators": [i for i in indicators if i.latest is not None],
        "labels": Application.labels_of(project),
        "readiness": swarming.readiness(project),
        "lineage": swarming_actions.lineage(project),
        "can_swarm": request.user.is_authenticated
        and not can_edit
        and access.swarming_actors(request.user, project).exists(),
    }
    if context["lineage"]["replications"]:
        # The lineage map (static/js/directory-map.js) draws the places of its GeoJSON on these tiles.
        context["map_tile_url"] = settings.MAP_TILE_URL
        context["map_tile_attribution"] = settings.MAP_TILE_ATTRIBUTION
    context["jsonld"] = jsonld.project(
        request, project, partnerships, context["territories"], context["labels"]
    )
    return render(request, "directory/project_detail.html", context)
