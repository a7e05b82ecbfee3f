"""``/territories/``: the reference territories (régions, départements, EPCIs, communes), read from the
database, and one territory by its level and code."""

from django.db.models import Q
from django.utils.translation import gettext
from ninja import Field, FilterSchema, Query, Router
from ninja.errors import HttpError
from ninja.pagination import paginate

from ecosystem.models import Territory
from ecosystem.territories import find_communes, name_words_q

from .pagination import ReferencePagination
from .schemas import Error, TerritoryOut, ValidationErrors, reasons

# A commune search (``q``) answers its best matches only: a name fragment is not a way to list everything.
MAX_COMMUNE_MATCHES = 200
TERRITORY_CODE = r"^[0-9AB]{2,9}$"

router = Router(tags=["territories"])


class TerritoryFilters(FilterSchema):
    level: Territory.Level | None = None
    code: str | None = Field(None, pattern=TERRITORY_CODE)
    q: str = Field(
        "", max_length=100, description="A name, INSEE or postal code (communes: best matches first)."
    )

    def filter_q(self, value: str) -> Q:
        """Names having a word starting with each word typed (as every territory field of the site reads)."""
        if not value.strip():
            return Q()
        named = name_words_q(value)
        return named if named is not None else Q(pk__in=[])


@router.get(
    "/territories/",
    response={200: list[TerritoryOut], 422: ValidationErrors},
    summary="Territories",
    openapi_extra=reasons(422),
)
@paginate(ReferencePagination)
def list_territories(request, filters: Query[TerritoryFilters]):
    """Régions, départements, EPCIs and communes. ``q`` finds communes the way people type them (name, INSEE
    or postal code, best matches first, at most 200) unless ``level`` names another level."""
    text = filters.q.strip()
    if text and filters.level in (None, Territory.Level.COMMUNE):
        matches = find_communes(text, limit=MAX_COMMUNE_MATCHES)
        return [commune for commune in matches if filters.code in (None, commune.code)]
    return filters.filter(Territory.objects.select_related("parent"))


@router.get(
    "/territories/{level}/{code}/",
    response={200: TerritoryOut, 404: Error, 422: ValidationErrors},
    summary="A territory",
    openapi_extra=reasons(404, 422),
)
def get_territory(request, level: Territory.Level, code: str):
    territory = Territory.objects.select_related("parent").filter(level=level, code=code).first()
    if territory is None:
        raise HttpError(404, gettext("No territory of this level has this code."))
    return territory
