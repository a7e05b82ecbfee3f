"""Plans of demo actors and their members: plain data drawn from a seeded random generator.

``plan_actor(seed, index, …)`` depends only on its arguments, never on the database or on other actors, so
the actor number *index* is the same whatever the size of the demo set, and a run that finds some actors
already there can create the missing ones alone.
"""

from dataclasses import dataclass, field
from random import Random

from django.utils.text import slugify

from ecosystem.models import ActorKind, ActorSize

from . import phrases
from . import vocabulary as words
from .geography import Commune, Geography

DEMO_SLUG_PREFIX = "demo-"
DEMO_EMAIL_DOMAIN = "demo.essaim.localhost"
MEMBERS_PER_ACTOR = 3  # at most; user numbers are ``index * 3 + k`` so each actor owns its own range

# Relative frequencies: many associations, few innovation labs. The first len(KINDS) actors take each kind
# once, so every kind is present even in a tiny demo set.
KIND_WEIGHTS = {
    ActorKind.ASSOCIATION: 30,
    ActorKind.COMPANY: 12,
    ActorKind.COOPERATIVE: 10,
    ActorKind.RESEARCH: 5,
    ActorKind.LOCAL_AUTHORITY: 8,
    ActorKind.PUBLIC_BODY: 5,
    ActorKind.INCUBATOR: 3,
    ActorKind.COWORKING: 3,
    ActorKind.THIRD_PLACE: 5,
    ActorKind.INNOVATION_LAB: 2,
    ActorKind.USERS_GROUP: 6,
    ActorKind.FUNDER: 3,
}
KINDS = list(KIND_WEIGHTS)
SIZES = {
    ActorKind.ASSOCIATION: [ActorSize.NONE, ActorSize.MICRO, ActorSize.MICRO, ActorSize.SMALL],
    ActorKind.USERS_GROUP: [ActorSize.NONE],
    ActorKind.RESEARCH: [ActorSize.SMALL, ActorSize.MEDIUM],
    ActorKind.PUBLIC_BODY: [ActorSize.SMALL, ActorSize.MEDIUM, ActorSize.LARGE],
}
DEFAULT_SIZES = [ActorSize.MICRO, ActorSize.MICRO, ActorSize.SMALL, ActorSize.MEDIUM]


@dataclass
class MemberPlan:
    number: int
    first_name: str
    last_name: str
    role: str

    @property
    def email(self) -> str:
        return f"{slugify(self.first_name)}.{slugify(self.last_name)}.{self.number}@{DEMO_EMAIL_DOMAIN}"


@dataclass
class ActorPlan:
    index: int
    kind: str
    name: str
    commune: Commune
    description: str
    size: str
    themes: list[str]
    offers: list[str]
    seeks: list[str]
    offers_tags: list[str]
    seeks_tags: list[str]
    open_to_partnerships: bool
    is_public: bool
    show_contact: bool
    address: str
    website: str = ""
    siren: str = ""
    siret: str = ""
    rna: str = ""
    members: list[MemberPlan] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return actor_slug(self.index, self.name)


def actor_slug(index: int, name: str) -> str:
    return f"{DEMO_SLUG_PREFIX}{index}-{slugify(name)}"[:220].rstrip("-")


def slug_index(slug: str) -> int | None:
    """The demo number in a slug made by :func:`actor_slug` (projects use the same scheme), else None."""
    number = slug[len(DEMO_SLUG_PREFIX) :].split("-", 1)[0]
    return int(number) if slug.startswith(DEMO_SLUG_PREFIX) and number.isdigit() else None


# --- identifiers ---------------------------------------------------------------------------------------------


def luhn_complete(body: str) -> str:
    """``body`` followed by the digit that makes the whole number pass the Luhn check."""
    total = 0
    for position, char in enumerate(reversed(body)):
        number = int(char)
        if position % 2 == 0:  # doubled: the check digit will take position 0 from the right
            number = number * 2 - 9 if number > 4 else number * 2
        total += number
    return body + str((10 - total % 10) % 10)


def draw_siren(rng: Random) -> str:
    # The first digit is never 0 in practice, and 356000000 (La Poste) follows another rule.
    return luhn_complete(str(rng.randint(1, 8)) + f"{rng.randrange(10**7):07d}")


def draw_siret(rng: Random, siren: str) -> str:
    return luhn_complete(siren + f"{rng.randint(1, 99):04d}")


# --- names and texts -------------------------------------------------------------------------------------------


def _name(rng: Random, kind: str, commune: Commune, geography: Geography) -> tuple[str, Commune]:
    """A plausible name for an actor of ``kind``; research actors move to their university's campus."""
    place = commune.name
    if kind == ActorKind.ASSOCIATION:
        form = rng.choice(words.ASSOCIATION_FORMS)
        return f"{form} {rng.choice(words.ASSOCIATION_NAMES)} {words.de(place)}", commune
    if kind == ActorKind.USERS_GROUP:
        return f"{rng.choice(words.USERS_GROUP_NAMES)} {words.de(place)}", commune
    if kind == ActorKind.COMPANY:
        stem = f"{rng.choice(words.COMPANY_NAMES)} {rng.choice(words.COMPANY_ADJECTIVES)}"
        return f"{rng.choice(words.COMPANY_FORMS)} {stem}", commune
    if kind == ActorKind.COOPERATIVE:
        return f"{rng.choice(words.COOPERATIVE_FORMS)} {rng.choice(words.COOPERATIVE_NAMES)}", commune
    if kind == ActorKind.RESEARCH:
        university, campus = rng.choice(words.UNIVERSITIES)
        lab = f"{rng.choice(words.LAB_FORMS)} {rng.choice(words.LAB_NAMES)}"
        return f"{lab} — {university}", geography.by_code.get(campus, commune)
    if kind == ActorKind.LOCAL_AUTHORITY:
        epci = geography.epci_names.get(commune.parent_id)
        if epci and rng.random() < 0.4:
            for short, long in words.EPCI_PREFIXES.items():
                if epci.startswith(short):
                    epci = long + epci[len(short) :]
            return epci, commune
        return f"{rng.choice(words.LOCAL_AUTHORITY_FORMS)} {words.de(place)}", commune
    if kind == ActorKind.PUBLIC_BODY:
        return f"{rng.choice(words.PUBLIC_BODIES)} {words.de(place)}", commune
    if kind == ActorKind.INCUBATOR:
        stem = f"{rng.choice(words.INCUBATOR_NAMES)} {rng.choice(words.INCUBATOR_QUALIFIERS)}"
        return f"{stem} {words.de(place)}", commune
    if kind == ActorKind.COWORKING:
        return f"{rng.choice(words.COWORKING_NAMES)} — coworking {words.de(place)}", commune
    if kind == ActorKind.THIRD_PLACE:
        stem = f"{rng.choice(words.THIRD_PLACE_NAMES)} {rng.choice(words.THIRD_PLACE_SUBJECTS)}"
        return f"Tiers-lieu {stem} {words.de(place)}", commune
    if kind == ActorKind.INNOVATION_LAB:
        return f"{rng.choice(words.INNOVATION_LAB_NAMES)} {words.de(place)}", commune
    return f"{rng.choice(words.FUNDERS)} {rng.choice(words.FUNDER_QUALIFIERS)}", commune


def topic_of(rng: Random, theme_slug: str | None) -> str:
    topics = phrases.TOPICS.get(theme_slug or "") or [t for group in phrases.TOPICS.values() for t in group]
    return rng.choice(topics)


def fill(rng: Random, template: str, place: str, topic: str, **extra) -> str:
    """``template`` with its place, topic, public and share fields (and ``extra`` ones) filled in."""
    return template.format(
        **extra,
        de_place=words.de(place),
        a_place=words.a(place),
        place=place,
        topic=topic,
        public=rng.choice(phrases.PUBLICS),
        share=rng.choice([20, 30, 40, 50, 60]),
    )


def _description(rng: Random, kind: str, place: str, theme: str | None) -> str:
    topic = topic_of(rng, theme)
    sentences = [fill(rng, rng.choice(phrases.DESCRIPTION_OPENINGS[kind]), place, topic)]
    middles = rng.sample(phrases.DESCRIPTION_MIDDLES, rng.randint(1, 2))
    sentences += [fill(rng, sentence, place, topic) for sentence in middles]
    if rng.random() < 0.6:
        sentences.append(rng.choice(phrases.DESCRIPTION_CLOSINGS))
    return " ".join(sentences)


def _size(rng: Random, kind: str, commune: Commune) -> str:
    if kind == ActorKind.LOCAL_AUTHORITY:
        # A town hall's staff follows its population (an EPCI's name is drawn for a bigger commune alike).
        thresholds = [(2_000, ActorSize.MICRO), (20_000, ActorSize.SMALL), (100_000, ActorSize.MEDIUM)]
        return next((size for limit, size in thresholds if commune.population < limit), ActorSize.LARGE)
    return rng.choice(SIZES.get(kind, DEFAULT_SIZES))


# --- the plan --------------------------------------------------------------------------------------------------


def plan_actor(
    seed: int, index: int, geography: Geography, themes: list[str], resources: list[str]
) -> ActorPlan:
    """Actor number ``index`` of the demo set of ``seed``: same arguments, same actor."""
    rng = Random(f"{seed}:actor:{index}")
    kind = KINDS[index] if index < len(KINDS) else rng.choices(KINDS, weights=list(KIND_WEIGHTS.values()))[0]
    name, commune = _name(rng, kind, geography.draw(rng), geography)
    actor_themes = rng.sample(themes, min(len(themes), rng.randint(1, 3)))
    shuffled = rng.sample(resources, len(resources))
    offers_count = rng.randint(1, 4)
    plan = ActorPlan(
        index=index,
        kind=kind,
        name=name,
        commune=commune,
        description=_description(rng, kind, commune.name, actor_themes[0] if actor_themes else None),
        size=_size(rng, kind, commune),
        themes=actor_themes,
        offers=shuffled[:offers_count],
        seeks=shuffled[offers_count : offers_count + rng.randint(1, 3)],
        offers_tags=rng.sample(phrases.FREE_TAGS, rng.choice([0, 0, 1, 2])),
        seeks_tags=rng.sample(phrases.FREE_TAGS, rng.choice([0, 0, 0, 1])),
        # Actor 0 (the demo account's association) is open: the demo invites it (the draw is kept, so the
        # other fields of every actor stay what the seed always gave).
        open_to_partnerships=rng.random() < 0.85 or index == 0,
        # Actor 0 is the demo account's association: always listed, so the tour starts from a real page.
        is_public=index == 0 or rng.random() >= 0.05,
        show_contact=rng.random() < 0.5,
        address=f"{rng.randint(1, 120)} {rng.choice(words.STREETS)}, {commune.postal_code} {commune.name}",
    )
    if rng.random() < 0.4:
        plan.website = f"https://{slugify(name)[:50].rstrip('-')}.example.org"
    # Every association is registered; half of the informal users' groups are.
    if kind == ActorKind.ASSOCIATION or (kind == ActorKind.USERS_GROUP and rng.random() < 0.5):
        plan.rna = f"W{commune.code[:2]}{rng.randrange(10**7):07d}"
    needs_siret = kind in (ActorKind.COMPANY, ActorKind.COOPERATIVE)
    may_have_siret = kind not in (ActorKind.USERS_GROUP,) and rng.random() < 0.5
    if needs_siret or may_have_siret:
        plan.siren = draw_siren(rng)
        plan.siret = draw_siret(rng, plan.siren)
    roles = ["admin"] + ["member"] * (rng.randint(1, MEMBERS_PER_ACTOR) - 1)
    plan.members = [
        MemberPlan(
            index * MEMBERS_PER_ACTOR + k, rng.choice(words.FIRST_NAMES), rng.choice(words.LAST_NAMES), role
        )
        for k, role in enumerate(roles)
    ]
    return plan
