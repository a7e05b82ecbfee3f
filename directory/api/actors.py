"""``/actors/``: public actors, listed through the directory search, and one actor by its slug.

The list goes through ``search.search`` like the directory pages: the same visibility rule (``is_public``, as
``access.visible_actors(None)``), the same keyword fields and the same order — by name, or by relevance when
``q`` is given.
"""

from typing import Annotated

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils.translation import gettext
from ninja import Field, FilterLookup, Query, Router
from ninja.errors import HttpError

from ecosystem import access
from ecosystem.models import Actor, ActorKind

from .listing import SearchFilters, listing_of, search_list_endpoint
from .schemas import ActorOut, Error, actor_ref, reasons, terms, territory_ref

DEPARTEMENT_CODE = r"^(\d{2,3}|2[AB])$"
COMMUNE_CODE = r"^(\d{5}|2[AB]\d{3})$"

router = Router(tags=["actors"])


class ActorFilters(SearchFilters):
    q: str = Field("", max_length=200, description="Words searched in names, descriptions, themes…")
    kind: Annotated[ActorKind | None, FilterLookup("kind")] = None
    theme: Annotated[str | None, FilterLookup("themes")] = Field(
        None, max_length=120, description="A theme slug."
    )
    departement: Annotated[str | None, FilterLookup("departement")] = Field(
        None, pattern=DEPARTEMENT_CODE, description="Département code."
    )
    commune: Annotated[str | None, FilterLookup("commune")] = Field(
        None, pattern=COMMUNE_CODE, description="Commune INSEE code."
    )
    open_to_partnerships: Annotated[bool | None, FilterLookup("open_to_partnerships")] = None


def _actor(request, actor: Actor) -> dict:
    commune = actor.commune
    return {
        **actor_ref(request, actor),
        "kind": actor.kind,
        "kind_label": str(actor.get_kind_display()),
        "description": actor.description,
        "website": actor.website,
        "logo": request.build_absolute_uri(actor.logo.url) if actor.logo else None,
        "siren": actor.siren,
        "siret": actor.siret,
        "rna": actor.rna,
        "address": actor.address,
        "commune": territory_ref(commune),
        "departement": territory_ref(commune.departement if commune else None),
        "themes": terms(actor.themes.all()),
        "offers": terms(actor.offers.all()),
        "seeks": terms(actor.seeks.all()),
        "offers_tags": actor.offers_tags,
        "seeks_tags": actor.seeks_tags,
        "size": actor.size,
        "open_to_partnerships": actor.open_to_partnerships,
        "contact_name": actor.contact_name if actor.show_contact else "",
        "contact_email": actor.contact_email if actor.show_contact else "",
        "updated_at": actor.updated_at,
    }


def _actors(request, actors: list[Actor]) -> list[dict]:
    """``actors`` as the API shows them, in one query per relation whatever their number."""
    prefetch_related_objects(actors, "commune__departement", "themes", "offers", "seeks")
    return [_actor(request, actor) for actor in actors]


@search_list_endpoint(router, "/actors/", ActorOut, summary="Public actors")
def list_actors(request, filters: Query[ActorFilters]):
    """Public actors, by name (by relevance when ``q`` is given), ``limit`` at a time (at most 100)."""
    return listing_of(Actor, filters, sort="relevance", present=lambda actors: _actors(request, actors))


@router.get(
    "/actors/{slug}/",
    response={200: ActorOut, 404: Error},
    summary="A public actor",
    openapi_extra=reasons(404),
)
def get_actor(request, slug: str):
    try:
        actor = access.get_visible_actor_or_404(None, slug=slug)
    except Http404:
        raise HttpError(404, gettext("No public actor has this slug.")) from None
    return _actors(request, [actor])[0]
