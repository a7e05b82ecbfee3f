"""Writing the demo set: users, actors, memberships, projects and their evaluation, in bulk.

Like :mod:`ecosystem.actions.territories`, this is a data loader, not a user-facing action: it writes
straight to the models with ``bulk_create`` (through-model rows included) inside one transaction, because
10 000 actors through the per-object actions would take minutes. It indexes nothing; the database search
backend reads the models directly. The few partnership proposals still waiting for an answer are the
exception: they go through the consent actions (:mod:`ecosystem.actions.invitations`), which keep their rules,
so the people concerned find them in their bell and get the emails (to demo addresses).

Idempotence: demo actors and projects have slugs starting ``demo-<number>-`` and demo users emails at
``@demo.essaim.localhost``. A run reads which numbers exist and creates only the missing ones; existing rows are
never updated, so a second run with the same parameters changes nothing, and a run with larger sizes completes
the set. A different seed does not rewrite an existing set: call :func:`delete_demo` first.
"""

import secrets
import time
from collections import Counter
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.core.exceptions import ValidationError
from django.db import transaction

from ecosystem.actions.invitations import do_express_interest, do_invite_partner
from ecosystem.models import (
    Actor,
    ImpactIndicator,
    IndicatorValue,
    Marker,
    MarkerAssessment,
    MarkerScore,
    Membership,
    Partnership,
    PartnerSlot,
    Project,
    Resource,
    Support,
    Theme,
    User,
)

from .actors import DEMO_EMAIL_DOMAIN, DEMO_SLUG_PREFIX, ActorPlan, plan_actor, slug_index
from .geography import Geography
from .projects import PENDING, ActorPool, PoolActor, ProjectPlan, plan_project

BATCH_SIZE = 1000
DEMO_ACCOUNT_EMAIL = "camille@essaim.localhost"


@dataclass
class DemoReport:
    """What a run did: rows ``created`` per model, demo actors and projects that were already ``existing``."""

    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def lines(self) -> list[str]:
        made = ", ".join(f"{count} {name}" for name, count in self.created.items() if count) or "nothing"
        return [
            f"demo content: {made} created in {self.seconds:.1f} s",
            f"already there: {self.existing['actors']} actors, {self.existing['projects']} projects",
        ]


def _bulk(model, objects: list, report: DemoReport, name: str) -> list:
    """Insert ``objects`` in batches and count them; the primary keys come back on SQLite and PostgreSQL."""
    created = model.objects.bulk_create(objects, batch_size=BATCH_SIZE)
    report.created[name] += len(created)
    return created


@transaction.atomic
def generate_demo(actors: int = 120, projects: int = 30, seed: int = 2026) -> DemoReport:
    """Create the demo actors ``0 … actors-1`` and projects ``0 … projects-1`` of ``seed`` that are missing.

    Needs the territories (``load_reference_data``) and the seeded taxonomies. If the demo account
    camille@essaim.localhost exists, it becomes admin of actor 0 (an association), which is an active partner
    of project 0 and leads project 1, a draft. Runs in one transaction: a failure leaves nothing behind.
    """
    started = time.perf_counter()
    report = DemoReport()
    geography = Geography.load()
    themes = dict(Theme.objects.order_by("slug").values_list("slug", "id"))
    resources = dict(Resource.objects.order_by("slug").values_list("slug", "id"))
    markers = list(Marker.objects.filter(is_active=True).order_by("order", "code").values_list("id", "code"))

    existing = _demo_numbers(Actor.objects.values_list("slug", flat=True))
    report.existing["actors"] = len(existing & set(range(actors)))
    plans = [
        plan_actor(seed, index, geography, list(themes), list(resources))
        for index in range(actors)
        if index not in existing
    ]
    _create_actors(plans, themes, resources, report)
    _ensure_demo_account(report)

    pool = ActorPool(
        [
            PoolActor(index, id_, kind, geography.by_id.get(commune_id))
            for index, id_, kind, commune_id in _demo_actor_rows()
        ]
    )
    existing = _demo_numbers(Project.objects.values_list("slug", flat=True))
    report.existing["projects"] = len(existing & set(range(projects)))
    if pool.actors:
        project_plans = [
            plan_project(seed, index, pool, geography, list(themes), list(resources), markers)
            for index in range(projects)
            if index not in existing
        ]
        _create_projects(project_plans, themes, resources, report)
    report.seconds = time.perf_counter() - started
    return report


def _demo_numbers(slugs) -> set[int]:
    return {
        n for slug in slugs.filter(slug__startswith=DEMO_SLUG_PREFIX) if (n := slug_index(slug)) is not None
    }


def _demo_actor_rows() -> list[tuple[int, int, str, int | None]]:
    rows = Actor.objects.filter(slug__startswith=DEMO_SLUG_PREFIX).values_list(
        "slug", "id", "kind", "commune_id"
    )
    return [
        (n, id_, kind, commune) for slug, id_, kind, commune in rows if (n := slug_index(slug)) is not None
    ]


def _create_actors(plans: list[ActorPlan], themes: dict, resources: dict, report: DemoReport) -> None:
    members = [member for plan in plans for member in plan.members]
    known = dict(User.objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN).values_list("email", "id"))
    new_users = [
        User(
            email=m.email,
            first_name=m.first_name,
            last_name=m.last_name,
            display_name=f"{m.first_name} {m.last_name}",
            # Demo people never log in: an unusable password, so only the two demo accounts open a session.
            # (what make_password(None) stores, at a fraction of its cost for 20 000 people).
            password=UNUSABLE_PASSWORD_PREFIX + secrets.token_urlsafe(30),
        )
        for m in members
        if m.email not in known
    ]
    for user in _bulk(User, new_users, report, "users"):
        known[user.email] = user.id
    emails = [
        EmailAddress(user_id=known[u.email], email=u.email, verified=True, primary=True) for u in new_users
    ]
    _bulk(EmailAddress, emails, report, "email addresses")

    rows = []
    for plan in plans:
        first = plan.members[0]
        rows.append(
            Actor(
                name=plan.name,
                slug=plan.slug,
                kind=plan.kind,
                siren=plan.siren,
                siret=plan.siret,
                rna=plan.rna,
                description=plan.description,
                website=plan.website,
                address=plan.address,
                commune_id=plan.commune.id,
                offers_tags=plan.offers_tags,
                seeks_tags=plan.seeks_tags,
                size=plan.size,
                open_to_partnerships=plan.open_to_partnerships,
                is_public=plan.is_public,
                contact_name=f"{first.first_name} {first.last_name}",
                contact_email=first.email,
                show_contact=plan.show_contact,
            )
        )
    created = _bulk(Actor, rows, report, "actors")

    theme_rows, offer_rows, seek_rows, membership_rows = [], [], [], []
    for plan, actor in zip(plans, created, strict=True):
        theme_rows += [Actor.themes.through(actor_id=actor.id, theme_id=themes[s]) for s in plan.themes]
        offer_rows += [Actor.offers.through(actor_id=actor.id, resource_id=resources[s]) for s in plan.offers]
        seek_rows += [Actor.seeks.through(actor_id=actor.id, resource_id=resources[s]) for s in plan.seeks]
        membership_rows += [
            Membership(actor_id=actor.id, user_id=known[m.email], role=m.role) for m in plan.members
        ]
    _bulk(Actor.themes.through, theme_rows, report, "actor themes")
    _bulk(Actor.offers.through, offer_rows, report, "offers")
    _bulk(Actor.seeks.through, seek_rows, report, "seeks")
    _bulk(Membership, membership_rows, report, "memberships")


def _ensure_demo_account(report: DemoReport) -> None:
    """Make the demo account admin of actor 0 (an association), if both exist and it is not yet a member."""
    user = User.objects.filter(email=DEMO_ACCOUNT_EMAIL).first()
    actor = Actor.objects.filter(slug__startswith=f"{DEMO_SLUG_PREFIX}0-").first()
    if user is None or actor is None or Membership.objects.filter(user=user, actor=actor).exists():
        return
    # Written directly like the generated memberships: no action adds a member without an invitation or a
    # join request (whose emails and notifications the demo account must not get), and nothing is indexed.
    Membership.objects.create(user=user, actor=actor, role=Membership.Role.ADMIN)
    report.created["memberships"] += 1


def _create_projects(plans: list[ProjectPlan], themes: dict, resources: dict, report: DemoReport) -> None:
    admins = dict(
        Membership.objects.filter(
            actor__slug__startswith=DEMO_SLUG_PREFIX,
            role=Membership.Role.ADMIN,
            user__email__endswith="@" + DEMO_EMAIL_DOMAIN,
        )
        .order_by("-user_id")  # the dict keeps the lowest id: the actor's first generated admin
        .values_list("actor_id", "user_id")
    )
    rows = [Project(lead_actor_id=p.lead.id, created_by_id=admins.get(p.lead.id), **p.fields) for p in plans]
    created = _bulk(Project, rows, report, "projects")

    through = {"themes": [], "territories": [], "slot seeks": []}
    partnerships, slots, slot_plans, supports, assessments, indicators = [], [], [], [], [], []
    for plan, project in zip(plans, created, strict=True):
        through["themes"] += [
            Project.themes.through(project_id=project.id, theme_id=themes[s]) for s in plan.themes
        ]
        through["territories"] += [
            Project.territories_served.through(project_id=project.id, territory_id=t)
            for t in plan.territories
        ]
        partnerships += [
            Partnership(
                project_id=project.id, actor_id=p.actor.id, nature=p.nature, role=p.role, status=p.status
            )
            for p in plan.partners
            if p.status != PENDING
        ]
        for slot in plan.slots:
            slot_plans.append(slot)
            slots.append(
                PartnerSlot(
                    project_id=project.id,
                    title=slot.title,
                    kinds=slot.kinds,
                    seeks_tags=slot.seeks_tags,
                    scope=slot.scope,
                    scope_territory_id=plan.lead.commune.id
                    if slot.around_lead and plan.lead.commune
                    else None,
                    description=slot.description,
                    is_open=slot.is_open,
                )
            )
        supports += [
            Support(
                support_actor_id=s.actor.id,
                project_id=project.id,
                phase=s.phase,
                start_date=s.start_date,
                end_date=s.end_date,
                description=s.description,
            )
            for s in plan.supports
        ]
        assessments += [(project, a) for a in plan.assessments]
        indicators += [(project, i) for i in plan.indicators]

    _bulk(Project.themes.through, through["themes"], report, "project themes")
    _bulk(Project.territories_served.through, through["territories"], report, "territories served")
    _bulk(Partnership, partnerships, report, "partnerships")
    for slot, row in zip(slot_plans, _bulk(PartnerSlot, slots, report, "partner slots"), strict=True):
        through["slot seeks"] += [
            PartnerSlot.seeks.through(partnerslot_id=row.id, resource_id=resources[s]) for s in slot.seeks
        ]
    _bulk(PartnerSlot.seeks.through, through["slot seeks"], report, "slot seeks")
    _bulk(Support, supports, report, "supports")
    _create_evaluation(assessments, indicators, admins, report)
    _create_proposals(plans, created, admins, report)


def _create_proposals(
    plans: list[ProjectPlan], created: list[Project], admins: dict, report: DemoReport
) -> None:
    """Pending invitations and expressions of interest, through the consent actions (they keep the rules: a
    structure closed to partnerships is skipped). The demo account's association (actor 0) is invited by
    project 2, so « Mon espace » shows it an invitation to answer."""
    people = User.objects.in_bulk(set(admins.values()))
    by_index = {plan.index: (plan, project) for plan, project in zip(plans, created, strict=True)}
    wanted = [
        (project, p.actor.id, p.nature, p.role)
        for plan, project in by_index.values()
        for p in plan.partners
        if p.status == PENDING
    ]
    first = Actor.objects.filter(slug__startswith=f"{DEMO_SLUG_PREFIX}0-").first()
    if 2 in by_index and first is not None:
        plan, project = by_index[2]
        if first.id != plan.lead.id and all(p.actor.id != first.id for p in plan.partners):
            wanted.append((project, first.id, "co-conception", "Anime les ateliers avec les habitants."))
    actors = Actor.objects.in_bulk({actor_id for _project, actor_id, _n, _r in wanted})
    for project, actor_id, nature, role in wanted:
        try:
            do_invite_partner(
                project,
                actors[actor_id],
                nature=nature,
                role=role,
                message="Votre structure nous semble la bonne pour ce rôle : en parlons-nous ?",
                sent_by=people.get(admins.get(project.lead_actor_id)),
            )
        except ValidationError:
            continue
        report.created["partner invitations"] += 1
    # A few structures say they are interested in an open slot of a published project.
    open_slots = PartnerSlot.objects.filter(
        project__in=created, is_open=True, project__status=Project.Status.PUBLISHED
    ).select_related("project")
    interested: set[int] = set()
    for slot in open_slots.order_by("project__slug", "pk")[:3]:
        candidates = (
            Actor.objects.filter(
                pk__in=[a for a in admins if a != slot.project.lead_actor_id],
                is_public=True,
                open_to_partnerships=True,
            )
            .exclude(partnerships__project=slot.project)
            .exclude(pk__in=interested)
        )
        actor = candidates.order_by("slug").first()
        if actor is None:
            continue
        try:
            do_express_interest(
                slot,
                actor,
                message="Nous aimerions prendre cette place : notre équipe a l'habitude de ce type de projet.",
                sent_by=people.get(admins[actor.id]),
            )
        except ValidationError:
            continue
        interested.add(actor.id)
        report.created["expressions of interest"] += 1


def _create_evaluation(assessments: list, indicators: list, admins: dict, report: DemoReport) -> None:
    rows = [
        MarkerAssessment(
            project_id=project.id,
            date=plan.date,
            phase=plan.phase,
            summary=plan.summary,
            created_by_id=admins.get(project.lead_actor_id),
        )
        for project, plan in assessments
    ]
    created = _bulk(MarkerAssessment, rows, report, "assessments")
    scores = [
        MarkerScore(assessment_id=row.id, marker_id=marker_id, score=score, evidence=evidence)
        for (_, plan), row in zip(assessments, created, strict=True)
        for marker_id, score, evidence in plan.scores
    ]
    _bulk(MarkerScore, scores, report, "marker scores")

    rows = [
        ImpactIndicator(project_id=project.id, kind=plan.kind, label=plan.label, unit=plan.unit)
        for project, plan in indicators
    ]
    created = _bulk(ImpactIndicator, rows, report, "indicators")
    values = [
        IndicatorValue(indicator_id=row.id, date=date, value=value)
        for (_, plan), row in zip(indicators, created, strict=True)
        for date, value in plan.values
    ]
    _bulk(IndicatorValue, values, report, "indicator values")


@transaction.atomic
def delete_demo() -> Counter:
    """Remove the demo set: every project led by a demo actor, demo actors, demo users. Never in production.

    The demo accounts (camille@…, admin@…) stay; their memberships in demo actors go with the actors.
    Returns the number of deleted rows per model label.
    """
    deleted = Counter()
    # Both marks, so a real actor whose name happens to slugify to "demo-3-…" is never deleted.
    demo_actors = Actor.objects.filter(
        slug__startswith=DEMO_SLUG_PREFIX, contact_email__endswith="@" + DEMO_EMAIL_DOMAIN
    )
    for queryset in (
        Project.objects.filter(lead_actor__in=demo_actors),
        # Other projects keep existing; only their ties to demo actors go (both are PROTECTed).
        Partnership.objects.filter(actor__in=demo_actors),
        Support.objects.filter(support_actor__in=demo_actors),
        demo_actors,
        User.objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN),
    ):
        deleted.update(queryset.delete()[1])
    return deleted
