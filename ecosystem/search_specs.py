"""What the directory search indexes for actors, projects and events (see the ``search`` package).

Registered from ``EcosystemConfig.ready()``. Visibility follows ``ecosystem.access`` for anonymous visitors:
search lists only public actors and published projects of public lead actors, for everyone (members find
their hidden structures from their own pages, not from the directory search), and published events of public
hosts, past ones included (the agenda and the site search narrow to upcoming ones against the live table).
"""

from django.conf import settings
from django.db.models import Prefetch, Q
from django.db.models.signals import post_delete, post_save
from django.utils import translation

import search
from search import KeywordField, Query, SearchSpec, TextField

from . import access
from .models import Actor, Application, Event, Project, Resource, Territory, Theme


def _point(commune):
    if commune is None or commune.latitude is None or commune.longitude is None:
        return None
    return commune.latitude, commune.longitude


def _commune_name(commune) -> str:
    return commune.name if commune else ""


def _names(related) -> str:
    # Theme and resource names are translated (ecosystem/translation.py) and ``item.name`` follows the active
    # language: index the French names whatever language the indexing request runs in. The site is French
    # first, so the index (and its French stemming) is too; English names are shown, not searched.
    with translation.override(settings.LANGUAGE_CODE):
        return " ".join(item.name for item in related.all())


def served_departements(project) -> list[str]:
    """Codes of the départements a project serves, in whole or in part.

    A served commune counts for its département, a served EPCI for its main département (its ``parent``, the
    one holding most of its communes), a served département for itself — the API's ``territory`` filter
    reads "serves" the same way (a territory or a place inside it). Reads ``territories_served`` with their
    parents, prefetched by the spec's queryset.
    """
    Level = Territory.Level
    codes = []
    for territory in project.territories_served.all():
        parent = territory.parent
        if territory.level == Level.COMMUNE:
            codes.append(territory.departement_code)
        elif territory.level == Level.DEPARTEMENT:
            codes.append(territory.code)
        elif territory.level == Level.EPCI and parent is not None and parent.level == Level.DEPARTEMENT:
            codes.append(parent.code)
    return codes


def _served_places(project) -> list[str]:
    """Codes of the territories a project serves and of every territory containing one of them (its EPCI,
    département and région): the API's ``territory`` filter, "serves this place or a place inside it"."""
    codes = set()
    for territory in project.territories_served.all():
        parent, departement = territory.parent, territory.departement
        for place in (
            territory,
            parent,
            parent.parent if parent else None,
            departement,
            departement.parent if departement else None,
        ):
            if place is not None:
                codes.add(place.code)
    return sorted(codes)


def _labels(project) -> list[str]:
    """The calls that labelled ``project`` (their slugs), from the prefetch of the spec's queryset."""
    return [application.call.slug for application in project.labelled_applications]


def _served_epcis(project) -> list[str]:
    """SIREN of the EPCIs a project serves, in whole (the EPCI) or in part (one of its communes)."""
    Level = Territory.Level
    codes = []
    for territory in project.territories_served.all():
        parent = territory.parent
        if territory.level == Level.EPCI:
            codes.append(territory.code)
        elif territory.level == Level.COMMUNE and parent is not None and parent.level == Level.EPCI:
            codes.append(parent.code)
    return codes


ACTOR = SearchSpec(
    model=Actor,
    title=lambda actor: actor.name,
    visible=lambda: Q(is_public=True),
    updated=lambda actor: actor.updated_at,
    text=(
        TextField("commune", lambda actor: _commune_name(actor.commune), weight="B"),
        TextField("themes", lambda actor: _names(actor.themes), weight="B"),
        TextField("description", lambda actor: actor.description, weight="C"),
        TextField("kind", lambda actor: str(actor.get_kind_display()), weight="C"),
        TextField("offers", lambda actor: " ".join([_names(actor.offers), *actor.offers_tags]), weight="C"),
        TextField("seeks", lambda actor: " ".join([_names(actor.seeks), *actor.seeks_tags]), weight="C"),
    ),
    keywords=(
        KeywordField("kind", lambda actor: [actor.kind]),
        KeywordField("themes", lambda actor: [theme.slug for theme in actor.themes.all()]),
        KeywordField("offers", lambda actor: [resource.slug for resource in actor.offers.all()]),
        KeywordField("seeks", lambda actor: [resource.slug for resource in actor.seeks.all()]),
        KeywordField("size", lambda actor: [actor.size]),
        KeywordField("open_to_partnerships", lambda actor: ["yes" if actor.open_to_partnerships else "no"]),
        KeywordField("departement", lambda actor: [actor.commune.departement_code] if actor.commune else []),
        KeywordField("commune", lambda actor: [actor.commune.code] if actor.commune else [], facet=False),
    ),
    point=lambda actor: _point(actor.commune),
    queryset=lambda: Actor.objects.select_related("commune").prefetch_related("themes", "offers", "seeks"),
)

PROJECT = SearchSpec(
    model=Project,
    title=lambda project: project.title,
    visible=access.public_projects_q,
    updated=lambda project: project.updated_at,
    text=(
        TextField("summary", lambda project: project.summary, weight="A"),
        TextField("lead_actor", lambda project: project.lead_actor.name, weight="B"),
        TextField("commune", lambda project: _commune_name(project.lead_actor.commune), weight="B"),
        TextField("themes", lambda project: _names(project.themes), weight="B"),
        TextField("need", lambda project: project.need, weight="C"),
        TextField("beneficiaries", lambda project: project.beneficiaries, weight="C"),
        TextField("anchoring", lambda project: project.territorial_anchoring, weight="C"),
        TextField("organisation", lambda project: project.organisational_innovation, weight="C"),
        TextField("territories", lambda project: _names(project.territories_served), weight="C"),
    ),
    keywords=(
        KeywordField("phase", lambda project: [project.phase]),
        KeywordField("action_type", lambda project: [project.action_type]),
        KeywordField("innovation_type", lambda project: [project.innovation_type]),
        KeywordField("themes", lambda project: [theme.slug for theme in project.themes.all()]),
        KeywordField(
            "departement",
            lambda project: (
                [project.lead_actor.commune.departement_code] if project.lead_actor.commune else []
            ),
        ),
        KeywordField("served_departement", served_departements),
        KeywordField("served_epci", _served_epcis),
        KeywordField("label", _labels),
        KeywordField("served", _served_places, facet=False),
        KeywordField("lead_actor", lambda project: [project.lead_actor_id], facet=False),
    ),
    point=lambda project: _point(project.lead_actor.commune),
    queryset=lambda: Project.objects.select_related("lead_actor__commune").prefetch_related(
        "themes",
        Prefetch(
            "territories_served",
            queryset=Territory.objects.select_related("parent__parent", "departement__parent"),
        ),
        Prefetch(
            "applications",
            queryset=Application.objects.filter(
                status=Application.Status.DECIDED, decision=Application.Decision.LABELLED
            ).select_related("call"),
            to_attr="labelled_applications",
        ),
    ),
    # Result lists show the lead structure and its commune.
    hydrate=lambda: Project.objects.select_related("lead_actor__commune"),
)


EVENT = SearchSpec(
    model=Event,
    title=lambda event: event.title,
    visible=access.public_events_q,
    updated=lambda event: event.updated_at,
    text=(
        TextField("host", lambda event: event.host.name, weight="B"),
        TextField("commune", lambda event: _commune_name(event.commune), weight="B"),
        TextField("themes", lambda event: _names(event.themes), weight="B"),
        TextField("kind", lambda event: str(event.get_kind_display()), weight="B"),
        TextField("description", lambda event: event.description, weight="C"),
        TextField("address", lambda event: event.address, weight="C"),
    ),
    keywords=(
        KeywordField("kind", lambda event: [event.kind]),
        KeywordField("themes", lambda event: [theme.slug for theme in event.themes.all()]),
        KeywordField("departement", lambda event: [event.commune.departement_code] if event.commune else []),
        KeywordField("host", lambda event: [event.host_id], facet=False),
    ),
    point=lambda event: _point(event.commune),
    queryset=lambda: Event.objects.select_related("host", "commune").prefetch_related("themes"),
    hydrate=lambda: Event.objects.select_related("host", "commune"),
)


MAX_EVENT_MATCHES = 1000  # far more than the agenda ever holds


def matching_event_ids(text: str, limit: int = MAX_EVENT_MATCHES) -> list[int]:
    """Ids of the public events matching ``text``, best first, for the agenda and the site search (read them
    back against the live table: the index may be stale)."""
    return search.search_ids(Event, Query(text=text, facets=()), limit=limit).object_ids


def _vocabulary_changed(sender, **kwargs) -> None:
    # In the writer's transaction: the new generation commits with the change.
    search.changed()


def register() -> None:
    search.register(ACTOR)
    search.register(PROJECT)
    search.register(EVENT)
    # The search pages keep their vocabularies (labels and valid filter values) under the index generation
    # (directory.forms): a theme, resource or territory written anywhere gives a new one. Territories are
    # loaded in bulk, without signals: load_region replaces it itself.
    for model in (Theme, Resource, Territory):
        for signal in (post_save, post_delete):
            signal.connect(_vocabulary_changed, sender=model, dispatch_uid=f"vocabulary-{model.__name__}")
