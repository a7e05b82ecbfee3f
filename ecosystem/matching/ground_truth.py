"""Evaluation cases for the matching: slots whose right answers are known.

Two sources of ground truth, both written by :mod:`ecosystem.matching.evaluation` inside a transaction it rolls
back, so the database is left as it was:

* :func:`plant` builds a small ecosystem around ``size`` planted slots. For each slot, two structures are made
  to fit it (the kind asked, offering what the slot seeks, described with its words, in its territory) among
  plausible distractors — *similar words but wrong kind* (same offers and words, another family of
  stakeholder), *right kind but out of scope* (everything right, in another département than the slot's scope
  allows), *well connected but poor fit* (the kind asked, many partnerships including one with the slot
  project's own partner, offering nothing sought) — and background structures, half of which partly fit
  (one of the three things sought, sometimes one of the slot's words).
* :func:`hold_out` takes the demo consortia (``ecosystem.demo``; generated when the database has none): for a
  project, one active partner is removed and a slot is opened asking for what it is (its kind) and what it
  offers; the removed partner is the one right answer.

Like the demo generator, this is a data loader and not a user-facing action: it writes the models directly,
sends nothing and indexes nothing (the database search backend reads the models; on Elasticsearch the text
signal sees none of these rows, which the figures then show).
"""

from dataclasses import dataclass, field
from random import Random

from ecosystem.demo import generate_demo
from ecosystem.demo.actors import DEMO_SLUG_PREFIX
from ecosystem.models import (
    Actor,
    ActorKind,
    GeographicScope,
    Partnership,
    PartnerSlot,
    Project,
    Resource,
    Territory,
)

from .profiles import family

SLUG_PREFIX = "eval-"
# Kinds a planted slot asks for, and for each one a kind of another stakeholder family (the "wrong kind").
SLOT_KINDS = {
    ActorKind.RESEARCH: ActorKind.COMPANY,
    ActorKind.COMPANY: ActorKind.ASSOCIATION,
    ActorKind.ASSOCIATION: ActorKind.RESEARCH,
    ActorKind.LOCAL_AUTHORITY: ActorKind.COOPERATIVE,
    ActorKind.USERS_GROUP: ActorKind.COMPANY,
    ActorKind.COOPERATIVE: ActorKind.PUBLIC_BODY,
}
# What a planted slot is about: its words go into the slot and into the descriptions of the structures that fit.
TOPICS = [
    ("sociologie des mobilités", ["sociologie", "mobilité", "enquête", "usages"]),
    ("covoiturage rural", ["covoiturage", "rural", "trajets", "solidaire"]),
    ("réemploi des matériaux", ["réemploi", "matériaux", "chantier", "recyclerie"]),
    ("inclusion numérique des seniors", ["numérique", "seniors", "ateliers", "autonomie"]),
    ("épicerie solidaire", ["épicerie", "alimentation", "circuit court", "solidaire"]),
    ("insertion par l'activité économique", ["insertion", "emploi", "parcours", "chantier"]),
    ("habitat partagé intergénérationnel", ["habitat", "intergénérationnel", "colocation", "seniors"]),
    ("garage solidaire", ["garage", "réparation", "véhicules", "mobilité"]),
    ("évaluation d'impact social", ["évaluation", "impact", "indicateurs", "recherche"]),
    ("tiers-lieu nourricier", ["maraîchage", "alimentation", "jardin", "tiers-lieu"]),
]
BACKGROUND_WORDS = ["culture", "sport", "patrimoine", "musique", "théâtre", "lecture", "randonnée", "danse"]


@dataclass
class Case:
    """One slot and the structures that are right answers for it; ``out_of_scope`` must never be suggested.

    ``distractors`` names the planted traps (``wrong_kind``, ``out_of_scope``, ``well_connected`` → actor id).
    """

    slot: PartnerSlot
    expected: set[int]
    out_of_scope: set[int] = field(default_factory=set)
    distractors: dict[str, int] = field(default_factory=dict)


class _Places:
    """Communes grouped by département (those with coordinates first), read in one query."""

    def __init__(self):
        rows = (
            Territory.objects.filter(level=Territory.Level.COMMUNE, departement__isnull=False)
            .order_by("code")
            .values_list("id", "departement_id")
        )
        self.by_departement: dict[int, list[int]] = {}
        for id_, departement_id in rows:
            self.by_departement.setdefault(departement_id, []).append(id_)
        if len(self.by_departement) < 2:
            raise LookupError(
                "The planted set needs communes in two départements: run `manage.py load_reference_data`."
            )
        self.departements = sorted(self.by_departement)

    def home_and_away(self, rng: Random) -> tuple[int, int, int]:
        """A commune, another in the same département (maybe itself), and one in another département."""
        home_dep, away_dep = rng.sample(self.departements, 2)
        home, near = rng.choice(self.by_departement[home_dep]), rng.choice(self.by_departement[home_dep])
        return home, near, rng.choice(self.by_departement[away_dep])

    def anywhere(self, rng: Random) -> int:
        return rng.choice(self.by_departement[rng.choice(self.departements)])


class _Builder:
    def __init__(self, seed: int):
        self.rng = Random(f"{seed}:matching-eval")
        self.count = 0

    def actor(self, name: str, kind: str, commune: int, description: str, offers=(), tags=()) -> Actor:
        self.count += 1
        actor = Actor.objects.create(
            name=f"{name} {self.count}",
            slug=f"{SLUG_PREFIX}{self.count}",
            kind=kind,
            commune_id=commune,
            description=description,
            offers_tags=list(tags),
            is_public=True,
            open_to_partnerships=True,
        )
        if offers:
            actor.offers.set(offers)
        return actor

    def project(self, lead: Actor, title: str) -> Project:
        self.count += 1
        return Project.objects.create(
            title=f"{title} {self.count}",
            slug=f"{SLUG_PREFIX}projet-{self.count}",
            summary=title,
            lead_actor=lead,
            status=Project.Status.PUBLISHED,
            need=title,
            beneficiaries="Habitants du territoire.",
            innovation_type=Project.InnovationType.UNMET_NEED,
            action_type=Project.ActionType.RESEARCH,
        )


def _partner(project: Project, actor: Actor) -> None:
    Partnership.objects.create(
        project=project, actor=actor, nature="co-conception", role="Anime les ateliers."
    )


def plant(size: int = 20, seed: int = 2026, background: int = 12) -> list[Case]:
    """Write ``size`` planted slots with their fitting structures, distractors and ``background`` others each."""
    if size <= 0:
        return []
    build = _Builder(seed)
    rng = build.rng
    places = _Places()
    resources = list(Resource.objects.order_by("slug"))
    if len(resources) < 6:
        raise LookupError("The planted set needs the seeded skills and resources (migration 0004).")
    cases = []
    for index in range(size):
        kind = list(SLOT_KINDS)[index % len(SLOT_KINDS)]
        wrong_kind = SLOT_KINDS[kind]
        topic, words = TOPICS[rng.randrange(len(TOPICS))]
        sought = rng.sample(resources, 3)
        others = [r for r in resources if r not in sought]
        home, near, away = places.home_and_away(rng)
        fitting_text = f"Nous travaillons sur {topic} : {', '.join(words)}. " + " ".join(
            r.name for r in sought
        )

        lead_kind = ActorKind.ASSOCIATION if family(kind) != "association" else ActorKind.LOCAL_AUTHORITY
        lead = build.actor("Porteur", lead_kind, home, f"Nous portons un projet de {topic}.")
        partner_kind = ActorKind.PUBLIC_BODY if kind != ActorKind.COOPERATIVE else ActorKind.COMPANY
        partner = build.actor("Partenaire en place", partner_kind, near, "Nous accompagnons le projet.")
        project = build.project(lead, f"Projet de {topic}")
        _partner(project, partner)
        slot = PartnerSlot.objects.create(
            project=project,
            title=f"Partenaire pour {topic}",
            kinds=[kind],
            seeks_tags=[words[0]],
            scope=GeographicScope.DEPARTEMENT,
            description=f"Nous cherchons un partenaire pour {topic} ({', '.join(words)}).",
        )
        slot.seeks.set(sought)

        fits = [
            build.actor("Structure qui convient", kind, home, fitting_text, sought, [words[0], words[1]]),
            build.actor("Autre structure qui convient", kind, near, fitting_text, sought[:2], [words[0]]),
        ]
        wrong = build.actor("Mêmes mots, autre type", wrong_kind, home, fitting_text * 2, sought, words)
        out = build.actor("Hors du périmètre", kind, away, fitting_text, sought, [words[0], words[1]])
        connected = build.actor(
            "Très reliée, hors sujet", kind, home, f"Nous animons {rng.choice(BACKGROUND_WORDS)}.", others[:3]
        )
        for round_ in range(4):
            filler = build.project(
                build.actor("Porteur voisin", ActorKind.ASSOCIATION, places.anywhere(rng), "Projet local."),
                "Projet voisin",
            )
            _partner(filler, connected)
            if round_ == 0:
                _partner(filler, partner)  # two hops from the slot's project: the ties part sees it
            if round_ == 3:
                _partner(filler, fits[1])  # one fitting structure has a history, the other is a newcomer
        for _ in range(background):
            # Half of the others partly fit (one thing sought, maybe one of the slot's words): the fitting
            # structures must come first among plausible candidates, not only among unrelated ones.
            partly = rng.random() < 0.5
            word = rng.choice(words) if partly and rng.random() < 0.5 else rng.choice(BACKGROUND_WORDS)
            build.actor(
                "Structure du territoire",
                rng.choice(list(ActorKind.values)),
                places.anywhere(rng),
                f"Nous agissons pour {word}.",
                rng.sample(others, 2) + ([rng.choice(sought)] if partly else []),
            )
        traps = {"wrong_kind": wrong.id, "out_of_scope": out.id, "well_connected": connected.id}
        cases.append(Case(slot, {actor.id for actor in fits}, {out.id}, traps))
    return cases


def hold_out(limit: int = 30, seed: int = 2026) -> list[Case]:
    """Up to ``limit`` demo projects, each with one active partner removed and asked for by a new slot."""
    if limit <= 0:
        return []
    demo_projects = Project.objects.filter(slug__startswith=DEMO_SLUG_PREFIX)
    if not demo_projects.exists():
        generate_demo(actors=max(120, limit * 6), projects=limit * 2, seed=seed)
    rng = Random(f"{seed}:hold-out")
    partnerships = (
        Partnership.objects.filter(
            project__in=demo_projects,
            status=Partnership.Status.ACTIVE,
            actor__is_public=True,
            actor__open_to_partnerships=True,
        )
        .select_related("actor")
        .order_by("project_id", "actor_id")
    )
    by_project: dict[int, list[Partnership]] = {}
    for partnership in partnerships:
        by_project.setdefault(partnership.project_id, []).append(partnership)
    chosen = [rng.choice(group) for _, group in sorted(by_project.items())][:limit]
    offers: dict[int, list[int]] = {}
    for actor_id, resource_id in Actor.offers.through.objects.filter(
        actor_id__in=[p.actor_id for p in chosen]
    ).values_list("actor_id", "resource_id"):
        offers.setdefault(actor_id, []).append(resource_id)
    cases = []
    for partnership in chosen:
        actor = partnership.actor
        partnership.delete()
        slot = PartnerSlot.objects.create(
            project_id=partnership.project_id,
            title=f"Partenaire recherché ({actor.get_kind_display()})",
            kinds=[actor.kind],
            seeks_tags=actor.offers_tags[:1],
            scope=GeographicScope.REGION,
        )
        slot.seeks.set(sorted(offers.get(actor.id, []))[:3])
        cases.append(Case(slot, {actor.id}))
    return cases
