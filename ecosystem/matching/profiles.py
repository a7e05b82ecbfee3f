"""What matching knows of structures and slots, loaded in bulk: a constant number of queries whatever the
number of candidates, then plain set operations in Python (no per-structure query).

Offers and needs are compared as *keys*: a controlled ``Resource`` and a free tag meaning the same thing meet,
because both are reduced by the project's one folding rule (:func:`search.text.fold`) of their French name —
the reference language of the taxonomies (``ecosystem/translation.py``). The labels kept beside the keys are
what people see (a resource in the active language, a tag as typed).
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from django.db.models import Exists, OuterRef, QuerySet, TextField
from django.db.models.functions import Cast

from ecosystem.access import projects_of_actors_q
from ecosystem.models import Actor, ActorKind, Partnership, PartnerSlot, Project, Resource, Territory
from ecosystem.territories import commune_chain, containing
from search.text import fold

Level = Territory.Level

# The call's stakeholder families (« entreprise, association, recherche, collectivité, usagers »): the
# complementarity part counts a family the consortium lacks; other kinds (support structures, funders)
# belong to none.
FAMILIES = {
    str(kind): name  # plain strings: looked up for every candidate, an enum's hash is slower
    for kind, name in (
        (ActorKind.COMPANY, "company"),
        (ActorKind.ASSOCIATION, "association"),
        (ActorKind.COOPERATIVE, "association"),
        (ActorKind.RESEARCH, "research"),
        (ActorKind.LOCAL_AUTHORITY, "public"),
        (ActorKind.PUBLIC_BODY, "public"),
        (ActorKind.USERS_GROUP, "users"),
    )
}

# The territory a slot's scope restricts to, as the level containing its centre.
SCOPE_LEVELS = {
    "commune": Level.COMMUNE,
    "epci": Level.EPCI,
    "departement": Level.DEPARTEMENT,
    "region": Level.REGION,
}


def family(kind: str) -> str | None:
    return FAMILIES.get(kind)


@dataclass
class Profile:
    """A structure as matching sees it. ``offers``/``seeks`` map a key to its label."""

    pk: int
    name: str
    kind: str
    offers: dict[str, str] = field(default_factory=dict)
    seeks: dict[str, str] = field(default_factory=dict)
    point: tuple[float, float] | None = None
    chain: frozenset[int] = frozenset()  # its commune and the territories containing it
    # With the chain: (commune, its parent — its EPCI when it has one —, département, région) ids, or None.
    areas: tuple = ()
    connected: bool = False  # has an active partnership, as partner or as lead with partners
    family: str | None = None  # its stakeholder family (FAMILIES), set from ``kind``

    def __post_init__(self):
        self.family = family(self.kind)


@dataclass
class SlotContext:
    """A slot with what its ranking needs: what it seeks, where, and its project's consortium."""

    slot: PartnerSlot
    sought: dict[str, str]
    area: Territory | None  # the scope's territory; None for "anywhere" (or no centre known)
    center: tuple[float, float] | None
    center_name: str
    consortium: list[Profile] = field(default_factory=list)  # lead first, then active partners

    # Cached: read for every candidate, and fixed once the consortium is loaded.
    @cached_property
    def kinds(self) -> frozenset[str]:
        return frozenset(self.slot.kinds or ())

    @cached_property
    def kind_families(self) -> frozenset[str]:
        return frozenset(f for f in map(family, self.kinds) if f)

    @cached_property
    def consortium_ids(self) -> frozenset[int]:
        return frozenset(p.pk for p in self.consortium)

    @cached_property
    def families(self) -> frozenset[str]:
        return frozenset(p.family for p in self.consortium if p.family)

    @cached_property
    def consortium_offers(self) -> dict[str, str]:
        offers: dict[str, str] = {}
        for member in self.consortium:
            offers.update(member.offers)
        return offers


@lru_cache(maxsize=65_536)
def key(label: str) -> str:
    """The comparison key of an offer or a need (cached: the same tags recur across structures)."""
    return fold(label)


def resource_labels() -> dict[int, tuple[str, str]]:
    """``{resource id: (key, label)}``: the key from the French name, the label in the active language."""
    return {r.pk: (key(r.name_fr or r.name), r.name) for r in Resource.objects.all()}


def _tags(tags) -> dict[str, str]:
    return {key(tag): tag for tag in tags or () if isinstance(tag, str) and key(tag)}


@lru_cache(maxsize=16_384)
def _raw_tags(raw: str | None) -> tuple[tuple[str, str], ...]:
    """Tags as stored (JSON text), decoded once per distinct value: most structures share a few lists."""
    if not raw or raw == "[]":
        return ()
    try:
        tags = json.loads(raw)
    except ValueError:
        return ()
    return tuple(_tags(tags if isinstance(tags, list) else ()).items())


def connected_q():
    """Annotation: the structure already works in a consortium (active partner, or lead with a partner)."""
    active = Partnership.objects.filter(status=Partnership.Status.ACTIVE)
    return Exists(active.filter(actor=OuterRef("pk"))) | Exists(
        active.filter(project__lead_actor=OuterRef("pk"))
    )


def load_profiles(
    actors: QuerySet[Actor], resources: dict[int, tuple[str, str]], *, with_chain: bool = False
) -> dict[int, Profile]:
    """Profiles of ``actors`` (any queryset of actors, used as a subquery): three queries.

    ``with_chain`` reads the territories containing each commune (for a scope checked in Python, the reverse
    side); ranking a slot's candidates does not need it, the scope being part of their query.
    """
    # Tags read as JSON text (not through JSONField's decoder, row by row): see _raw_tags.
    rows = actors.annotate(
        is_connected=connected_q(),
        raw_offers=Cast("offers_tags", TextField()),
        raw_seeks=Cast("seeks_tags", TextField()),
    ).values_list(
        "pk",
        "name",
        "kind",
        "raw_offers",
        "raw_seeks",
        "commune__latitude",
        "commune__longitude",
        "is_connected",
        *(("commune_id", "commune__parent_id", "commune__departement_id", "commune__departement__parent_id")
          if with_chain else ()),
    )  # fmt: skip
    profiles = {}
    for pk, name, kind, offers_tags, seeks_tags, lat, lon, connected, *chain in rows:
        profiles[pk] = Profile(
            pk=pk,
            name=name,
            kind=kind,
            offers=dict(_raw_tags(offers_tags)),
            seeks=dict(_raw_tags(seeks_tags)),
            point=(lat, lon) if lat is not None and lon is not None else None,
            chain=frozenset(i for i in chain if i is not None),
            areas=tuple(chain),
            connected=bool(connected),
        )
    ids = actors.values("pk")
    for through, attribute in ((Actor.offers.through, "offers"), (Actor.seeks.through, "seeks")):
        rows = through.objects.filter(actor_id__in=ids).values_list("actor_id", "resource_id")
        for actor_id, resource_id in rows:
            profile, resource = profiles.get(actor_id), resources.get(resource_id)
            if profile is not None and resource is not None:
                getattr(profile, attribute)[resource[0]] = resource[1]
    return profiles


def _point(territory):
    if territory is not None and territory.latitude is not None and territory.longitude is not None:
        return territory.latitude, territory.longitude
    return None


def _place(slot: PartnerSlot):
    """The scope's area and the point distances are measured from, with its name.

    The centre is ``scope_territory`` or, when empty, the lead's commune. A commune gives its coordinates;
    a wider territory has none, so the lead's commune stands for it when it lies inside (else no point: the
    territory part then only says "inside the scope").
    """
    lead_commune = slot.project.lead_actor.commune
    center = slot.scope_territory or lead_commune
    if center is None:
        return None, None, ""
    level = SCOPE_LEVELS.get(slot.scope)
    area = containing(center, level) if level else None
    point = _point(center)
    name = center.name
    if point is None and lead_commune is not None and center.pk in commune_chain(lead_commune):
        point, name = _point(lead_commune), lead_commune.name
    return area, point, name


def _territories(ids) -> dict[int, Territory]:
    """The territories of ``ids`` and every territory containing them, linked to each other (``parent``,
    ``departement``) so that :func:`~ecosystem.territories.containing` climbs without a query: two queries,
    however many slots share them (a select_related chain per slot would build thousands of rows)."""
    found = {t.pk: t for t in Territory.objects.filter(pk__in={i for i in ids if i is not None})}
    above = {t.parent_id for t in found.values()} | {t.departement_id for t in found.values()}
    above = {i for i in above if i is not None and i not in found}
    for territory in Territory.objects.filter(pk__in=above).select_related("parent__parent"):
        for level in (territory, territory.parent, territory.parent.parent if territory.parent else None):
            if level is not None:
                found.setdefault(level.pk, level)
    for territory in found.values():
        if territory.parent_id in found:
            territory.parent = found[territory.parent_id]
        if territory.departement_id in found:
            territory.departement = found[territory.departement_id]
    return found


SLOT_FIELDS = (
    "title",
    "kinds",
    "seeks_tags",
    "scope",
    "scope_territory_id",
    "description",
    "is_open",
    "created_at",
    "project__slug",
    "project__title",
    "project__status",
    "project__lead_actor__slug",
    "project__lead_actor__name",
    "project__lead_actor__is_public",
    "project__lead_actor__commune_id",
)


def slot_contexts(slots: QuerySet[PartnerSlot], resources, *, keep=None) -> list[SlotContext]:
    """Contexts of ``slots`` in a constant number of queries (slots, their places, their seeks, the consortia).

    ``keep(context)`` filters the contexts before their consortia are loaded (the reverse side keeps only
    the slots whose scope holds the structure).
    """
    # Only what ranking and the lists show: a project's and a lead's long texts would be most of the bytes.
    rows = list(slots.select_related("project__lead_actor").only(*SLOT_FIELDS))
    places = _territories(
        [slot.scope_territory_id for slot in rows] + [slot.project.lead_actor.commune_id for slot in rows]
    )
    for slot in rows:
        slot.scope_territory = places.get(slot.scope_territory_id)
        slot.project.lead_actor.commune = places.get(slot.project.lead_actor.commune_id)
    sought: dict[int, dict[str, str]] = defaultdict(dict)
    through = PartnerSlot.seeks.through
    for slot_id, resource_id in through.objects.filter(partnerslot__in=[s.pk for s in rows]).values_list(
        "partnerslot_id", "resource_id"
    ):
        if resource_id in resources:
            resource_key, label = resources[resource_id]
            sought[slot_id][resource_key] = label
    contexts = []
    for slot in rows:
        area, center, center_name = _place(slot)
        context = SlotContext(slot, {**sought[slot.pk], **_tags(slot.seeks_tags)}, area, center, center_name)
        if keep is None or keep(context):
            contexts.append(context)
    project_ids = {c.slot.project_id for c in contexts}
    members: dict[int, list[int]] = defaultdict(list)
    for project_id, actor_id in Partnership.objects.filter(
        project_id__in=project_ids, status=Partnership.Status.ACTIVE
    ).values_list("project_id", "actor_id"):
        members[project_id].append(actor_id)
    leads = {c.slot.project_id: c.slot.project.lead_actor_id for c in contexts}
    wanted = set(leads.values()) | {a for ids in members.values() for a in ids}
    profiles = load_profiles(Actor.objects.filter(pk__in=wanted), resources) if wanted else {}
    for context in contexts:
        project_id = context.slot.project_id
        ids = [leads[project_id], *members[project_id]]
        context.consortium = [profiles[i] for i in ids if i in profiles]
    return contexts


def worked_with(actor_ids, *, exclude_project=None) -> dict[int, set[int]]:
    """``{structure: which of actor_ids it shared a project with}``, through leads and active partnerships
    (two hops: ``actor_ids`` → their projects → the other members). Two queries."""
    projects = Project.objects.filter(projects_of_actors_q(list(actor_ids)))
    if exclude_project is not None:
        projects = projects.exclude(pk=exclude_project)
    teams: dict[int, set[int]] = defaultdict(set)
    for project_id, lead_id in projects.values_list("pk", "lead_actor_id"):
        teams[project_id].add(lead_id)
    for project_id, actor_id in Partnership.objects.filter(
        project__in=projects, status=Partnership.Status.ACTIVE
    ).values_list("project_id", "actor_id"):
        teams[project_id].add(actor_id)
    ids = set(actor_ids)
    ties: dict[int, set[int]] = defaultdict(set)
    for team in teams.values():
        inside = team & ids
        for member in team:
            if others := inside - {member}:
                ties[member] |= others
    return ties
