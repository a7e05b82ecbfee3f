"""What the API answers: the response schemas, and the references shared by actors and projects.

Every answer an operation can give is documented in its OpenAPI entry: the success, 404 for an object that is
not public, 422 for a malformed or out-of-range parameter (``ValidationErrors``) and, for lists read through
the search, 503 when the search service is unreachable.
"""

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from ninja import Field, Schema

from ecosystem.models import Actor, Territory


class Error(Schema):
    detail: str = Field(description="Why, in the site's language.")


class ValidationIssue(Schema):
    type: str = Field(description="The kind of problem, e.g. less_than_equal, enum, string_pattern_mismatch.")
    loc: list[str | int] = Field(description='Where: ["query", "offset"], ["path", "level"]…')
    msg: str = Field(description="What is wrong with the value, and what is accepted.")
    ctx: dict[str, Any] | None = Field(None, description="The bound or choices that were not met.")


class ValidationErrors(Schema):
    detail: list[ValidationIssue] = Field(description="One entry per malformed or out-of-range parameter.")


# Why each answer other than the success is given, in the schema's entry for it.
REASONS = {
    404: "Nothing public has this identifier (the same answer whether it exists or not).",
    422: "A parameter is malformed or out of range (a limit over 100, an offset past the last page served, "
    "an unknown level…): each problem names its parameter.",
    503: "The search service is unreachable; try again later.",
}


def reasons(*codes: int) -> dict:
    """``openapi_extra`` for an operation: the description of each of its non-success answers."""
    return {"responses": {code: {"description": REASONS[code]} for code in codes}}


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

    @staticmethod
    def resolve_postal_codes(territory: Territory) -> list[str]:
        return territory.postal_codes or []


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
    labels: list[str] = Field(description="Labels awarded by a call's jury, most recent first.")
    updated_at: datetime


# --- filling them ----------------------------------------------------------------------------------------


def page_url(request, name: str, slug: str) -> str:
    # Canonical URLs in the default language, whatever the client's Accept-Language.
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse(name, args=[slug]))


def territory_ref(territory: Territory | None) -> dict | None:
    if territory is None:
        return None
    return {"level": territory.level, "code": territory.code, "name": territory.name}


def terms(items) -> list[dict]:
    return [{"slug": item.slug, "name": item.name} for item in items]


def actor_ref(request, actor: Actor) -> dict:
    return {
        "slug": actor.slug,
        "name": actor.name,
        "url": page_url(request, "directory:actor_detail", actor.slug),
    }
