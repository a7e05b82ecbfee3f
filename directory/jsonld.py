"""schema.org JSON-LD for the public pages: an actor as an ``Organization``, a project as a ``Project``.

Only what the public page itself shows to an anonymous visitor is described, and only for objects the public
may see: a hidden actor or a draft project gets no JSON-LD at all (``None``), and a project's partners that
are not listed publicly are left out. Builders read only what the detail views already loaded (no query of
their own beyond those views' prefetches).

The result is a :class:`JsonLd` dict; templates print ``{{ jsonld.serialised }}`` inside
``<script type="application/ld+json">`` (``templates/directory/includes/jsonld.html``). Serialisation
(``ecosystem.jsonld``, shared with the event page) escapes ``<``, ``>`` and ``&`` as ``json_script`` does, so
text typed by users (``</script>`` in a description) cannot close the script element.
"""

import re
from collections.abc import Iterable

from django.urls import reverse

from ecosystem import access
from ecosystem.jsonld import SCHEMA_ORG, JsonLd
from ecosystem.models import Actor, Partnership, Project, Territory

_POSTAL_CODE = re.compile(r"\b(\d{5})\b")


def actor_url(request, actor: Actor) -> str:
    return request.build_absolute_uri(reverse("directory:actor_detail", args=[actor.slug]))


def project_url(request, project: Project) -> str:
    return request.build_absolute_uri(reverse("directory:project_detail", args=[project.slug]))


def _organization_ref(request, actor: Actor) -> dict:
    url = actor_url(request, actor)
    return {"@type": "Organization", "@id": f"{url}#organization", "name": actor.name, "url": url}


def _area(territory: Territory) -> dict:
    return {"@type": "AdministrativeArea", "name": territory.name, "identifier": territory.code}


def _postal_code(actor: Actor) -> str:
    """The postal code typed in the address when it is one of the commune's, else the commune's only one."""
    codes = list(actor.commune.postal_codes or [])
    for candidate in _POSTAL_CODE.findall(actor.address):
        if candidate in codes:
            return candidate
    return codes[0] if len(codes) == 1 else ""


def _address(actor: Actor) -> dict | None:
    if not actor.address and actor.commune is None:
        return None
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    if actor.address:
        address["streetAddress"] = actor.address
    if actor.commune is not None:
        address["addressLocality"] = actor.commune.name
        postal_code = _postal_code(actor)
        if postal_code:
            address["postalCode"] = postal_code
    return address


def _identifiers(actor: Actor) -> list[dict]:
    pairs = (("SIRET", actor.siret), ("SIREN", actor.siren), ("RNA", actor.rna))
    return [{"@type": "PropertyValue", "propertyID": name, "value": value} for name, value in pairs if value]


def actor(request, actor: Actor) -> JsonLd | None:
    """The ``Organization`` of a public actor (``None`` for a hidden one).

    Reads ``actor.commune`` and its ``departement``: prefetch them (the actor page does).
    """
    if not actor.is_public:
        return None
    url = actor_url(request, actor)
    data = JsonLd({"@context": SCHEMA_ORG, "@type": "Organization", "@id": f"{url}#organization"})
    data["name"] = actor.name
    data["url"] = url
    if actor.description:
        data["description"] = actor.description
    if actor.logo:
        data["logo"] = request.build_absolute_uri(actor.logo.url)
    identifiers = _identifiers(actor)
    if identifiers:
        data["identifier"] = identifiers
    address = _address(actor)
    if address:
        data["address"] = address
    if actor.commune is not None:
        areas = [actor.commune, actor.commune.departement]
        data["areaServed"] = [_area(area) for area in areas if area is not None]
    if actor.website:
        data["sameAs"] = [actor.website]
    return data


def project(
    request,
    project: Project,
    partnerships: Iterable[Partnership],
    territories: Iterable[Territory],
    labels: Iterable[str] = (),
) -> JsonLd | None:
    """The ``Project`` of a published project of a public actor (``None`` otherwise).

    ``partnerships`` are the project's partnerships with their actor loaded; only active partners listed
    publicly become ``member``. ``territories`` are the territories it serves. ``labels`` are the labels the
    call's jury awarded it (``Application.labels_of``), as schema.org ``award``.

    schema.org's ``Project`` is an ``Organization``: its start is ``foundingDate`` (``startDate`` belongs to
    events and is not a property of ``Project``).
    """
    if not access.is_public_project(project):
        return None
    url = project_url(request, project)
    data = JsonLd({"@context": SCHEMA_ORG, "@type": "Project", "@id": f"{url}#project"})
    data["name"] = project.title
    data["url"] = url
    if project.summary:
        data["description"] = project.summary
    data["founder"] = _organization_ref(request, project.lead_actor)
    members = [
        _organization_ref(request, partnership.actor)
        for partnership in partnerships
        if partnership.status == Partnership.Status.ACTIVE and partnership.actor.is_public
    ]
    if members:
        data["member"] = members
    areas = [_area(territory) for territory in territories]
    if areas:
        data["areaServed"] = areas
    if project.start_date:
        data["foundingDate"] = project.start_date.isoformat()
    labels = list(labels)
    if labels:
        data["award"] = labels
    return data
