"""The showcase's selection: public projects ready to be swarmed, with what the showcase filters them by.

Readiness is computed on the projects the database filter leaves (:func:`ecosystem.swarming.candidates_q`),
a small set, in a fixed number of queries whatever its size; the filters then run on those rows.
"""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils.translation import gettext as _

from ecosystem import access, swarming
from ecosystem.geojson import point_feature
from ecosystem.models import Application, Project, Replication, TerritorialNeed, Territory, Theme
from ecosystem.places import territory_points
from ecosystem.search_specs import served_departements


def ready_projects(*, thresholds: swarming.Thresholds | None = None, today=None) -> list[Project]:
    """Public projects meeting every criterion, latest updated first, each with ``readiness`` and
    ``departements`` (codes of the départements it serves) set, themes, territories and
    ``labelled_applications`` (with their call) prefetched."""
    thresholds = thresholds or swarming.current_thresholds()
    candidates = list(
        Project.objects.filter(access.public_projects_q(), swarming.candidates_q(thresholds, today))
        .select_related("lead_actor__commune")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
            Prefetch(
                "territories_served",
                queryset=Territory.objects.select_related("parent").order_by("level", "name"),
            ),
            # Its labels (« Projet labellisé … »), most recent decision first, as the project page shows them.
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
        "label": [application.call.slug for application in project.labelled_applications],
    }


def map_places(projects: list[Project], *, themes=(), with_needs=True) -> list[dict]:
    """What the showcase map shows, as a list (the map's text equivalent) in a fixed number of queries.

    The territories the ``projects`` serve, the places they were replicated to (confirmed replications) and
    the territorial needs (those sharing one of ``themes`` when the showcase is filtered by theme; none
    ``with_needs=False``, the project page's lineage map). Each place
    has ``kind`` (``project``, ``replication``, ``need``), ``kind_label``, ``name``, ``place``, ``url`` and
    ``point`` (``None`` when the territory cannot be placed: listed, not drawn).
    """
    replications = list(
        Replication.objects.filter(origin__in=[p.pk for p in projects], status=Replication.Status.CONFIRMED)
        .select_related("territory", "origin")
        .order_by("origin__title", "territory__name")
    )
    # A replicating project that is not public is not linked: its origin stands for it.
    public = set(
        Project.objects.filter(
            access.public_projects_q(), pk__in=[r.project_id for r in replications]
        ).values_list("pk", flat=True)
    )
    replicating = Project.objects.in_bulk(public)
    needs = TerritorialNeed.objects.select_related("territory").order_by("title", "pk")
    if themes:
        needs = needs.filter(themes__slug__in=themes).distinct()
    needs = list(needs) if with_needs else []
    served = [(project, territory) for project in projects for territory in project.territories_served.all()]
    points = territory_points(
        [t for _project, t in served] + [r.territory for r in replications] + [n.territory for n in needs]
    )
    places = [
        _place("project", _("Ready project"), project.title, territory, project.get_absolute_url(), points)
        for project, territory in served
    ]
    for replication in replications:
        target = replicating.get(replication.project_id, replication.origin)
        label = _("Replication of a ready project")
        places.append(_place("replication", label, replication.origin.title, replication.territory,
                             target.get_absolute_url(), points))  # fmt: skip
    for need in needs:
        url = reverse("ecosystem:need_detail", args=[need.pk])
        places.append(_place("need", _("Territorial need"), need.title, need.territory, url, points))
    return places


def _place(kind, kind_label, name, territory, url, points) -> dict:
    return {
        "kind": kind,
        "kind_label": str(kind_label),
        "name": name,
        "place": territory.name,
        "url": url,
        "point": points.get(territory.pk),
    }


def map_features(places: list[dict]) -> list[dict]:
    """The GeoJSON features of the places of :func:`map_places` that can be placed."""
    return [
        point_feature(
            f"{place['kind']}-{index}",
            place["point"],
            {key: place[key] for key in ("kind", "kind_label", "name", "place", "url")}
            | {
                "marker_label": _("%(kind)s: %(name)s") % {"kind": place["kind_label"], "name": place["name"]}
            },
        )
        for index, place in enumerate(places)
        if place["point"] is not None
    ]
