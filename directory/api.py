"""The read-only public JSON API (``/api/v1/``), with its OpenAPI schema at ``/api/v1/openapi.json``.

Anonymous and read-only: it shows exactly what an anonymous visitor of the site sees — public actors,
published projects of public actors (``ecosystem.access`` with no user) and the reference territories.
Anything else answers 404 with the same reason whether it exists or not. Malformed parameters answer 422
with the parameter named (django-ninja's validation errors); an unreachable search service answers 503.

Actors are listed through the directory search (``search.search``): the same visibility rule
(``is_public``, as ``access.visible_actors(None)``), the same filters and the same order as the directory
pages — by name, or by relevance when ``q`` is given. Every endpoint runs a fixed number of queries
whatever the number of results.

The interactive docs (``/docs``) are off: django-ninja serves them from a CDN unless ``ninja`` is in
``INSTALLED_APPS``, and the site loads nothing from third-party hosts.
"""

from datetime import date, datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import HttpError

import search
from ecosystem import access
from ecosystem.models import Actor, ActorKind, Partnership, Phase, Project, Territory, Theme
from ecosystem.territories import find_communes, name_words_q

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# A commune search (``q``) answers its best matches only: a name fragment is not a way to list everything.
MAX_COMMUNE_MATCHES = 200

api = NinjaAPI(
    title="Essaim",
    version="1",
    description="Read-only public data of the Essaim directory: actors, projects and territories.",
    urls_namespace="api-v1",
    docs_url=None,
)


# --- schemas ---------------------------------------------------------------------------------------------


class Error(Schema):
    detail: str


class TerritoryRef(Schema):
    level: str
    code: str = Field(description="INSEE code; SIREN for an EPCI.")
    name: str


class TerritoryOut(TerritoryRef):
    parent: TerritoryRef | None
    population: int | None
    postal_codes: list[str]
    latitude: float | None
    longitude: float | None


class TermOut(Schema):
    slug: str
    name: str


class ActorRef(Schema):
    slug: str
    name: str
    url: str = Field(description="The public page.")


class ActorOut(ActorRef):
    kind: str
    kind_label: str
    description: str
    website: str
    logo: str | None
    siren: str
    siret: str
    rna: str
    address: str
    commune: TerritoryRef | None
    departement: TerritoryRef | None
    themes: list[TermOut]
    offers: list[TermOut]
    seeks: list[TermOut]
    offers_tags: list[str]
    seeks_tags: list[str]
    size: str
    open_to_partnerships: bool
    contact_name: str = Field(description="Empty unless the contact person agreed to be published.")
    contact_email: str = Field(description="Empty unless the contact person agreed to be published.")
    updated_at: datetime


class PartnerOut(Schema):
    actor: ActorRef
    nature: str
    role: str


class ProjectOut(Schema):
    slug: str
    title: str
    url: str = Field(description="The public page.")
    summary: str
    need: str
    beneficiaries: str
    phase: str
    phase_label: str
    action_type: str
    innovation_type: str
    lead_actor: ActorRef
    partners: list[PartnerOut] = Field(description="Active partners listed publicly.")
    themes: list[TermOut]
    territories_served: list[TerritoryRef]
    start_date: date | None
    jobs_created: int
    beneficiaries_reached: int
    updated_at: datetime


class Page(Schema):
    count: int = Field(description="Number of results matching the filters, over every page.")
    limit: int
    offset: int


class ActorPage(Page):
    items: list[ActorOut]


class ProjectPage(Page):
    items: list[ProjectOut]


class TerritoryPage(Page):
    items: list[TerritoryOut]


class Pagination(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0)


DEPARTEMENT_CODE = r"^(\d{2,3}|2[AB])$"
COMMUNE_CODE = r"^(\d{5}|2[AB]\d{3})$"
TERRITORY_CODE = r"^[0-9AB]{2,9}$"


class ActorFilters(Pagination):
    q: str = Field("", max_length=200, description="Words searched in names, descriptions, themes…")
    kind: ActorKind | None = None
    theme: str | None = Field(None, max_length=120, description="A theme slug.")
    departement: str | None = Field(None, pattern=DEPARTEMENT_CODE, description="Département code.")
    commune: str | None = Field(None, pattern=COMMUNE_CODE, description="Commune INSEE code.")
    open_to_partnerships: bool | None = None


class ProjectFilters(Pagination):
    phase: Phase | None = None
    action_type: Project.ActionType | None = None
    theme: str | None = Field(None, max_length=120, description="A theme slug.")
    territory: str | None = Field(
        None,
        pattern=TERRITORY_CODE,
        description="Code of a territory served; projects serving a territory inside it match too.",
    )


class TerritoryFilters(Pagination):
    level: Territory.Level | None = None
    code: str | None = Field(None, pattern=TERRITORY_CODE)
    q: str = Field(
        "", max_length=100, description="A name, INSEE or postal code (communes: best matches first)."
    )


# --- serialisation -----------------------------------------------------------------------------------------


def _page_url(request, name: str, slug: str) -> str:
    # Canonical URLs in the default language, whatever the client's Accept-Language.
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse(name, args=[slug]))


def _territory_ref(territory: Territory | None) -> dict | None:
    if territory is None:
        return None
    return {"level": territory.level, "code": territory.code, "name": territory.name}


def _territory(territory: Territory) -> dict:
    return {
        **_territory_ref(territory),
        "parent": _territory_ref(territory.parent),
        "population": territory.population,
        "postal_codes": territory.postal_codes or [],
        "latitude": territory.latitude,
        "longitude": territory.longitude,
    }


def _terms(items) -> list[dict]:
    return [{"slug": item.slug, "name": item.name} for item in items]


def _actor_ref(request, actor: Actor) -> dict:
    return {
        "slug": actor.slug,
        "name": actor.name,
        "url": _page_url(request, "directory:actor_detail", actor.slug),
    }


def _actor(request, actor: Actor) -> dict:
    commune = actor.commune
    return {
        **_actor_ref(request, actor),
        "kind": actor.kind,
        "kind_label": str(actor.get_kind_display()),
        "description": actor.description,
        "website": actor.website,
        "logo": request.build_absolute_uri(actor.logo.url) if actor.logo else None,
        "siren": actor.siren,
        "siret": actor.siret,
        "rna": actor.rna,
        "address": actor.address,
        "commune": _territory_ref(commune),
        "departement": _territory_ref(commune.departement if commune else None),
        "themes": _terms(actor.themes.all()),
        "offers": _terms(actor.offers.all()),
        "seeks": _terms(actor.seeks.all()),
        "offers_tags": actor.offers_tags,
        "seeks_tags": actor.seeks_tags,
        "size": actor.size,
        "open_to_partnerships": actor.open_to_partnerships,
        "contact_name": actor.contact_name if actor.show_contact else "",
        "contact_email": actor.contact_email if actor.show_contact else "",
        "updated_at": actor.updated_at,
    }


def _actors(request, actors: list[Actor]) -> list[dict]:
    prefetch_related_objects(actors, "commune__departement", "themes", "offers", "seeks")
    return [_actor(request, actor) for actor in actors]


def _project(request, project: Project) -> dict:
    return {
        "slug": project.slug,
        "title": project.title,
        "url": _page_url(request, "directory:project_detail", project.slug),
        "summary": project.summary,
        "need": project.need,
        "beneficiaries": project.beneficiaries,
        "phase": project.phase,
        "phase_label": str(project.get_phase_display()),
        "action_type": project.action_type,
        "innovation_type": project.innovation_type,
        "lead_actor": _actor_ref(request, project.lead_actor),
        "partners": [
            {"actor": _actor_ref(request, p.actor), "nature": p.nature, "role": p.role}
            for p in project.public_partnerships
        ],
        "themes": _terms(project.themes.all()),
        "territories_served": [_territory_ref(t) for t in project.territories_served.all()],
        "start_date": project.start_date,
        "jobs_created": project.jobs_created,
        "beneficiaries_reached": project.beneficiaries_reached,
        "updated_at": project.updated_at,
    }


def _public_projects():
    """Published projects of public actors, with everything ``_project`` reads in a fixed number of queries."""
    partners = Partnership.objects.filter(status=Partnership.Status.ACTIVE, actor__is_public=True)
    return (
        access.visible_projects(None)
        .select_related("lead_actor")
        .prefetch_related(
            Prefetch(
                "partnerships",
                queryset=partners.select_related("actor").order_by("created_at", "pk"),
                to_attr="public_partnerships",
            ),
            Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
            Prefetch("territories_served", queryset=Territory.objects.order_by("level", "name")),
        )
    )


def _not_found(message: str):
    raise HttpError(404, message)


# --- actors ------------------------------------------------------------------------------------------------


def _search_actors(filters: ActorFilters) -> tuple[int, list[Actor]]:
    """One page of ``limit`` actors from ``offset``, as search pages them (two search pages when unaligned)."""
    keywords = {
        "kind": filters.kind,
        "themes": filters.theme,
        "departement": filters.departement,
        "commune": filters.commune,
        "open_to_partnerships": None
        if filters.open_to_partnerships is None
        else ("yes" if filters.open_to_partnerships else "no"),
    }
    chosen = {name: [str(value)] for name, value in keywords.items() if value is not None}
    page, skip = divmod(filters.offset, filters.limit)
    found, total = [], 0
    for number in (page + 1, page + 2) if skip else (page + 1,):
        results = search.search(
            Actor,
            search.Query(text=filters.q, filters=chosen, page=number, per_page=filters.limit, facets=()),
        )
        found.extend(results.objects)
        total = results.total
    return total, found[skip : skip + filters.limit]


@api.get("/actors/", response=ActorPage, summary="Public actors", tags=["actors"])
def list_actors(request, filters: Query[ActorFilters]):
    """Public actors, by name (by relevance when ``q`` is given), ``limit`` at a time (at most 100)."""
    total, actors = _search_actors(filters)
    return {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": _actors(request, actors),
    }


@api.get("/actors/{slug}/", response={200: ActorOut, 404: Error}, summary="A public actor", tags=["actors"])
def get_actor(request, slug: str):
    try:
        actor = access.get_visible_actor_or_404(None, slug=slug)
    except Http404:
        _not_found(gettext("No public actor has this slug."))
    return _actors(request, [actor])[0]


# --- projects ----------------------------------------------------------------------------------------------


def _served_in(code: str) -> Exists:
    """Projects serving the territory ``code`` or a territory inside it (commune in an EPCI, a département…)."""
    inside = (
        Q(code=code)
        | Q(parent__code=code)
        | Q(parent__parent__code=code)
        | Q(departement__code=code)
        | Q(departement__parent__code=code)
    )
    return Exists(Territory.objects.filter(inside, projects_served=OuterRef("pk")))


@api.get("/projects/", response=ProjectPage, summary="Published projects", tags=["projects"])
def list_projects(request, filters: Query[ProjectFilters]):
    """Published projects of public actors, most recently updated first, ``limit`` at a time (at most 100)."""
    projects = access.visible_projects(None)
    if filters.phase:
        projects = projects.filter(phase=filters.phase)
    if filters.action_type:
        projects = projects.filter(action_type=filters.action_type)
    if filters.theme:
        projects = projects.filter(Exists(Theme.objects.filter(slug=filters.theme, projects=OuterRef("pk"))))
    if filters.territory:
        projects = projects.filter(_served_in(filters.territory))
    total = projects.count()
    window = _public_projects().filter(pk__in=projects.values("pk")).order_by("-updated_at", "-pk")
    items = list(window[filters.offset : filters.offset + filters.limit])
    return {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_project(request, project) for project in items],
    }


@api.get(
    "/projects/{slug}/",
    response={200: ProjectOut, 404: Error},
    summary="A published project",
    tags=["projects"],
)
def get_project(request, slug: str):
    project = _public_projects().filter(slug=slug).first()
    if project is None:
        _not_found(gettext("No published project has this slug."))
    return _project(request, project)


# --- territories -------------------------------------------------------------------------------------------


@api.get("/territories/", response=TerritoryPage, summary="Territories", tags=["territories"])
def list_territories(request, filters: Query[TerritoryFilters]):
    """Régions, départements, EPCIs and communes. ``q`` finds communes the way people type them (name, INSEE
    or postal code, best matches first, at most 200) unless ``level`` names another level."""
    window = slice(filters.offset, filters.offset + filters.limit)
    text = filters.q.strip()
    if text and filters.level in (None, Territory.Level.COMMUNE):
        matches = find_communes(text, limit=MAX_COMMUNE_MATCHES)
        if filters.code:
            matches = [commune for commune in matches if commune.code == filters.code]
        total, items = len(matches), matches[window]
    else:
        territories = Territory.objects.select_related("parent")
        if filters.level:
            territories = territories.filter(level=filters.level)
        if filters.code:
            territories = territories.filter(code=filters.code)
        if text:
            named = name_words_q(text)
            territories = territories.filter(named) if named is not None else territories.none()
        total, items = territories.count(), list(territories[window])
    return {
        "count": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_territory(territory) for territory in items],
    }


@api.get(
    "/territories/{level}/{code}/",
    response={200: TerritoryOut, 404: Error},
    summary="A territory",
    tags=["territories"],
)
def get_territory(request, level: Territory.Level, code: str):
    territory = Territory.objects.select_related("parent").filter(level=level, code=code).first()
    if territory is None:
        _not_found(gettext("No territory of this level has this code."))
    return _territory(territory)


@api.exception_handler(search.SearchBackendUnavailable)
def search_unavailable(request, exc):
    return api.create_response(
        request, {"detail": gettext("The search service is unavailable; try again later.")}, status=503
    )
