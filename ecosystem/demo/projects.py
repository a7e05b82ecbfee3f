"""Plans of demo projects with their consortium, slots, supports and dynamic evaluation.

``plan_project(seed, index, pool, …)`` depends only on its arguments: the project number *index* of a seed is
the same as long as the pool of demo actors is the same. Dates are relative to :data:`ANCHOR`, a fixed day,
so two generations on different days are identical.
"""

import datetime
from dataclasses import dataclass, field
from random import Random

from django.utils.text import slugify

from ecosystem.models import SUPPORT_KINDS, ActorKind, GeographicScope, ImpactIndicator, Phase, Project

from . import phrases
from . import vocabulary as words
from .actors import DEMO_SLUG_PREFIX, fill, topic_of
from .geography import Commune, Geography

ANCHOR = datetime.date(2026, 10, 1)
PHASES = list(Phase.values)
ACTION_TYPES = list(Project.ActionType.values)
LEAD_KINDS = frozenset(ActorKind.values) - {ActorKind.FUNDER, ActorKind.COWORKING}
# Years since the start, by phase: emergence is recent, generalisation comes after several years.
AGE_BY_PHASE = {Phase.EMERGENCE: (0.3, 1.5), Phase.EXPERIMENTATION: (1.0, 3.5), Phase.EVALUATION: (3.0, 7.0)}
STAGES_BY_PHASE = {
    Phase.EMERGENCE: ["to_define", "to_define", "testing"],
    Phase.EXPERIMENTATION: ["to_define", "testing", "testing", "stabilised"],
    Phase.EVALUATION: ["testing", "stabilised", "stabilised"],
}
SCALE_BY_PHASE = {Phase.EMERGENCE: 1, Phase.EXPERIMENTATION: 4, Phase.EVALUATION: 10}
UNITS = {
    ImpactIndicator.Kind.JOBS: "ETP",
    ImpactIndicator.Kind.BENEFICIARIES: "personnes",
    ImpactIndicator.Kind.PARTNERS: "structures",
    ImpactIndicator.Kind.TERRITORIES: "communes",
}


@dataclass(frozen=True)
class PoolActor:
    """A demo actor as projects see it: its demo number, kind and commune."""

    index: int
    id: int
    kind: str
    commune: Commune | None


# A partner plan with this status is not a partnership but an invitation still waiting for an answer: the
# generator sends it through the consent actions (ecosystem.actions.invitations).
PENDING = "pending"


@dataclass
class PartnerPlan:
    actor: PoolActor
    nature: str
    role: str
    status: str  # a Partnership status ("active", "left") or PENDING


@dataclass
class SlotPlan:
    title: str
    kinds: list[str]
    seeks: list[str]
    seeks_tags: list[str]
    scope: str
    around_lead: bool
    description: str
    is_open: bool


@dataclass
class SupportPlan:
    actor: PoolActor
    phase: str
    start_date: datetime.date
    end_date: datetime.date | None
    description: str


@dataclass
class AssessmentPlan:
    date: datetime.date
    phase: str
    summary: str
    scores: list[tuple[int, int, str]]  # (marker id, score, evidence)


@dataclass
class IndicatorPlan:
    kind: str
    label: str
    unit: str
    values: list[tuple[datetime.date, int]]


@dataclass
class ProjectPlan:
    index: int
    fields: dict
    lead: PoolActor
    themes: list[str]
    territories: list[int]
    partners: list[PartnerPlan] = field(default_factory=list)
    slots: list[SlotPlan] = field(default_factory=list)
    supports: list[SupportPlan] = field(default_factory=list)
    assessments: list[AssessmentPlan] = field(default_factory=list)
    indicators: list[IndicatorPlan] = field(default_factory=list)


def project_slug(index: int, title: str) -> str:
    return f"{DEMO_SLUG_PREFIX}{index}-{slugify(title)}"[:220].rstrip("-")


def _spread(rng: Random, start: datetime.date, count: int) -> list[datetime.date]:
    """``count`` distinct dates between ``start`` and :data:`ANCHOR`, in order."""
    span = max((ANCHOR - start).days, count * 7)
    step = span // count
    return [
        start + datetime.timedelta(days=step * (k + 1) - rng.randint(0, min(step - 1, 20)))
        for k in range(count)
    ]


class ActorPool:
    """The demo actors projects draw from, sorted by demo number, with the lead and support subsets."""

    def __init__(self, actors: list[PoolActor]):
        self.actors = sorted(actors, key=lambda a: a.index)
        self.leads = [a for a in self.actors if a.kind in LEAD_KINDS] or self.actors
        self.structures = [a for a in self.actors if a.kind in SUPPORT_KINDS]
        # Actor 0 is the demo account's association (see generator.generate_demo).
        self.first = self.actors[0] if self.actors and self.actors[0].index == 0 else None


def _choose_lead(rng: Random, index: int, pool: ActorPool) -> PoolActor:
    if index == 1 and pool.first:
        return pool.first  # the demo account's association leads a draft it can edit
    lead = rng.choice(pool.leads)
    if index == 0 and lead is pool.first and len(pool.leads) > 1:
        lead = pool.leads[1]  # ... and is a partner, not the lead, of the first project
    return lead


def _partners(rng: Random, index: int, lead: PoolActor, pool: ActorPool) -> list[PartnerPlan]:
    # Draw positions rather than filtering the pool: constant time per project at 10 000 actors.
    wanted = min(len(pool.actors) - 1, rng.randint(1, 5))
    positions = rng.sample(range(len(pool.actors)), min(len(pool.actors), wanted + 1))
    chosen = [pool.actors[p] for p in positions if pool.actors[p] is not lead][:wanted]
    if index == 0 and pool.first and pool.first is not lead:
        # The demo account's association sits in the first project's consortium.
        chosen = [pool.first, *[a for a in chosen if a is not pool.first]][:5]
    partners = []
    for position, actor in enumerate(chosen):
        draw = rng.random()
        status = (
            "active"
            if draw < 0.85 or (index == 0 and position == 0)
            else (PENDING if draw < 0.95 else "left")
        )
        nature = phrases.PARTNER_NATURES.get(actor.kind, phrases.DEFAULT_PARTNER_NATURE)
        partners.append(PartnerPlan(actor, nature, rng.choice(phrases.PARTNER_ROLES), status))
    return partners


def _slots(rng: Random, resources: set[str]) -> list[SlotPlan]:
    slots = []
    for title, kinds, seeks in rng.sample(phrases.SLOT_TITLES, rng.choice([0, 1, 1, 2, 3])):
        slots.append(
            SlotPlan(
                title=title,
                kinds=kinds,
                seeks=[slug for slug in seeks if slug in resources],
                seeks_tags=rng.sample(phrases.FREE_TAGS, rng.choice([0, 0, 1])),
                scope=rng.choice(
                    [
                        GeographicScope.EPCI,
                        GeographicScope.DEPARTEMENT,
                        GeographicScope.REGION,
                        GeographicScope.REGION,
                    ]
                ),
                around_lead=rng.random() < 0.3,
                description=rng.choice(phrases.SLOT_DESCRIPTIONS),
                is_open=rng.random() < 0.9,
            )
        )
    return slots


def _supports(rng: Random, phase: str, start: datetime.date, pool: ActorPool) -> list[SupportPlan]:
    structures = pool.structures
    if not structures or rng.random() >= 0.4:
        return []
    reached = PHASES[: PHASES.index(phase) + 1]
    supports = []
    for position, support_phase in enumerate(rng.sample(reached, rng.randint(1, len(reached)))):
        begin = start + datetime.timedelta(days=180 * PHASES.index(support_phase) + position)
        end = begin + datetime.timedelta(days=rng.choice([180, 365])) if support_phase != phase else None
        supports.append(
            SupportPlan(
                rng.choice(structures), support_phase, begin, end, rng.choice(phrases.SUPPORT_DESCRIPTIONS)
            )
        )
    return sorted(supports, key=lambda s: PHASES.index(s.phase))


def _assessments(rng: Random, phase: str, start: datetime.date, markers: list[tuple[int, str]]) -> list:
    current = PHASES.index(phase)
    count = rng.randint(1, 4)
    base = {marker_id: rng.randint(0, 2) for marker_id, _ in markers}
    plans = []
    for step, date in enumerate(_spread(rng, start, count)):
        phase_at = PHASES[round(current * (step + 1) / count)]
        scores = []
        for marker_id, code in markers:
            # Scores climb as the project matures, with the odd step back.
            score = max(0, min(4, base[marker_id] + step + current - rng.randint(0, 2)))
            scores.append(
                (marker_id, score, rng.choice(phrases.EVIDENCE.get(code, phrases.DEFAULT_EVIDENCE)))
            )
        plans.append(AssessmentPlan(date, phase_at, rng.choice(phrases.ASSESSMENT_SUMMARIES), scores))
    return plans


def _indicators(rng: Random, start: datetime.date, finals: dict[str, int]) -> list[IndicatorPlan]:
    kinds = [ImpactIndicator.Kind.JOBS, ImpactIndicator.Kind.BENEFICIARIES, ImpactIndicator.Kind.PARTNERS]
    # A project that created no job yet shows no jobs curve rather than a flat line at zero.
    kinds = [kind for kind in rng.sample(kinds, rng.randint(2, 3)) if finals.get(kind, 1) > 0]
    if rng.random() < 0.4:
        kinds.append(rng.choice([ImpactIndicator.Kind.TERRITORIES, ImpactIndicator.Kind.CUSTOM]))
    plans = []
    for kind in kinds:
        label, unit = ("", UNITS.get(kind, ""))
        final = finals.get(kind, 0)
        if kind == ImpactIndicator.Kind.CUSTOM:
            label, unit = rng.choice(phrases.CUSTOM_INDICATORS)
            final = rng.randint(20, 2000)
        dates = _spread(rng, start, rng.randint(2, 6))
        values = [round(final * (k + 1) / len(dates) * rng.uniform(0.8, 1.0)) for k in range(len(dates) - 1)]
        values = [*sorted(values), final]
        plans.append(IndicatorPlan(kind, label, unit, list(zip(dates, values, strict=True))))
    return plans


def _served(rng: Random, commune: Commune | None, geography: Geography) -> list[int]:
    if commune is None:
        return []
    served = [commune.id]
    if commune.parent_id in geography.epci_names:
        served.append(commune.parent_id)
    neighbours = geography.neighbours(commune)
    served += [c.id for c in rng.sample(neighbours, min(len(neighbours), rng.randint(0, 3)))]
    return served


def plan_project(
    seed: int,
    index: int,
    pool: ActorPool,
    geography: Geography,
    themes: list[str],
    resources: list[str],
    markers: list[tuple[int, str]],
) -> ProjectPlan:
    """Project number ``index`` of the demo set of ``seed``, led and joined by actors of ``pool``."""
    rng = Random(f"{seed}:project:{index}")
    lead = _choose_lead(rng, index, pool)
    phase = PHASES[index % 3] if index < 9 else rng.choice(PHASES)
    action_type = ACTION_TYPES[(index // 3) % 3] if index < 9 else rng.choice(ACTION_TYPES)
    theme = rng.choice([slug for slug in themes if slug in phrases.PROJECT_CONCEPTS] or [None])
    stem, need, beneficiaries = rng.choice(
        phrases.PROJECT_CONCEPTS.get(theme)
        or [c for group in phrases.PROJECT_CONCEPTS.values() for c in group]
    )
    place = lead.commune.name if lead.commune else "Hauts-de-France"
    title = f"{stem} {words.de(place)}"
    topic = topic_of(rng, theme)
    low, high = AGE_BY_PHASE[phase]
    start = ANCHOR - datetime.timedelta(days=round(365 * rng.uniform(low, high)))
    scale = SCALE_BY_PHASE[phase]
    partners = _partners(rng, index, lead, pool)
    jobs = rng.randint(0, 3 * scale)
    reached = rng.randint(10, 60) * scale

    def text(sentences: list[str], count: int) -> str:
        return " ".join(fill(rng, s, place, topic) for s in rng.sample(sentences, count))

    summary = fill(
        rng, rng.choice(phrases.SUMMARY_TEMPLATES), place, topic, stem=stem, count=len(partners) + 1
    )
    status = Project.Status.PUBLISHED if rng.random() < 0.8 else Project.Status.DRAFT
    if index in (0, 1):
        status = Project.Status.PUBLISHED if index == 0 else Project.Status.DRAFT
    plan = ProjectPlan(
        index=index,
        lead=lead,
        fields={
            "title": title,
            "slug": project_slug(index, title),
            "summary": summary[:300],
            "status": status,
            "need": f"{need} {fill(rng, rng.choice(phrases.ANCHORING_SENTENCES), place, topic)}",
            "beneficiaries": beneficiaries,
            "collective_dimension": text(phrases.COLLECTIVE_SENTENCES, 2),
            "organisational_innovation": text(phrases.ORGANISATION_SENTENCES, rng.randint(1, 2)),
            "territorial_anchoring": text(phrases.ANCHORING_SENTENCES, 2),
            "innovation_type": rng.choice(Project.InnovationType.values),
            "phase": phase,
            "action_type": action_type,
            "start_date": start,
            "economic_model": text(phrases.ECONOMIC_SENTENCES, rng.randint(1, 3)),
            "economic_model_stage": rng.choice(STAGES_BY_PHASE[phase]),
            "jobs_created": jobs,
            "beneficiaries_reached": reached,
            "user_involvement": text(phrases.USER_INVOLVEMENT_SENTENCES, rng.randint(1, 2)),
        },
        themes=sorted({theme, *rng.sample(themes, rng.randint(0, 2))} - {None}),
        territories=_served(rng, lead.commune, geography),
        partners=partners,
    )
    plan.slots = _slots(rng, set(resources))
    plan.supports = _supports(rng, phase, start, pool)
    plan.assessments = _assessments(rng, phase, start, markers)
    finals = {"jobs": jobs, "beneficiaries": reached, "partners": len(partners) + 1}
    finals["territories"] = len(plan.territories)
    plan.indicators = _indicators(rng, start, finals)
    return plan
