"""The demo generator: deterministic, idempotent, realistic, valid identifiers, and the demo account's place."""

import io
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db.models import Count

from ecosystem import access
from ecosystem.actions.territories import load_committed_region
from ecosystem.demo import delete_demo, generate_demo
from ecosystem.identifiers import RNA, luhn_valid, validate_rna, validate_siren, validate_siret
from ecosystem.models import (
    Actor,
    ActorKind,
    ImpactIndicator,
    IndicatorValue,
    Marker,
    MarkerAssessment,
    MarkerScore,
    Membership,
    Notification,
    PartnerInvitation,
    Partnership,
    PartnerSlot,
    Phase,
    Project,
    Support,
    User,
)

pytestmark = pytest.mark.django_db

DEMO_DOMAIN = "@demo.essaim.localhost"


@pytest.fixture
def territories():
    load_committed_region("32")


def digest() -> list:
    """Everything the demo set says, without database ids or timestamps, in a stable order."""
    actors = [
        (
            a.slug,
            a.name,
            a.kind,
            a.siren,
            a.siret,
            a.rna,
            a.description,
            a.address,
            a.website,
            a.commune.code,
            a.size,
            a.open_to_partnerships,
            a.is_public,
            a.contact_name,
            a.contact_email,
            a.show_contact,
            a.offers_tags,
            a.seeks_tags,
            sorted(t.slug for t in a.themes.all()),
            sorted(r.slug for r in a.offers.all()),
            sorted(r.slug for r in a.seeks.all()),
            sorted((m.user.email, m.user.display_name, m.role) for m in a.memberships.all()),
        )
        for a in Actor.objects.filter(slug__startswith="demo-")
        .select_related("commune")
        .prefetch_related("themes", "offers", "seeks", "memberships__user")
        .order_by("slug")
    ]
    projects = []
    for p in (
        Project.objects.filter(slug__startswith="demo-")
        .select_related("lead_actor", "created_by")
        .prefetch_related(
            "themes",
            "territories_served",
            "partnerships__actor",
            "slots__seeks",
            "supports__support_actor",
            "assessments__scores__marker",
            "indicators__values",
        )
        .order_by("slug")
    ):
        fields = {
            f.name: getattr(p, f.attname)
            for f in Project._meta.concrete_fields
            if f.name not in {"id", "lead_actor", "created_by", "created_at", "updated_at"}
        }
        projects.append(
            (
                fields,
                p.lead_actor.slug,
                p.created_by.email,
                sorted(t.slug for t in p.themes.all()),
                sorted(t.code for t in p.territories_served.all()),
                sorted((x.actor.slug, x.nature, x.role, x.status) for x in p.partnerships.all()),
                sorted(
                    (
                        s.title,
                        s.kinds,
                        s.scope,
                        s.description,
                        s.is_open,
                        sorted(r.slug for r in s.seeks.all()),
                    )
                    for s in p.slots.all()
                ),
                sorted((s.support_actor.slug, s.phase, s.start_date, s.end_date) for s in p.supports.all()),
                sorted(
                    (
                        a.date,
                        a.phase,
                        a.summary,
                        sorted((s.marker.code, s.score, s.evidence) for s in a.scores.all()),
                    )
                    for a in p.assessments.all()
                ),
                sorted(
                    (i.kind, i.label, i.unit, [(v.date, v.value) for v in i.values.all()])
                    for i in p.indicators.all()
                ),
            )
        )
    return [actors, projects]


def test_same_seed_gives_the_same_content_and_another_seed_does_not(territories):
    generate_demo(actors=40, projects=12, seed=7)
    first = digest()
    assert len(first[0]) == 40
    assert len(first[1]) == 12

    delete_demo()
    assert not Actor.objects.exists()
    assert not Project.objects.exists()
    assert not User.objects.filter(email__endswith=DEMO_DOMAIN).exists()

    generate_demo(actors=40, projects=12, seed=7)
    assert digest() == first

    delete_demo()
    generate_demo(actors=40, projects=12, seed=8)
    assert digest() != first


def counts() -> dict:
    models = [
        Actor,
        User,
        EmailAddress,
        Membership,
        Actor.themes.through,
        Actor.offers.through,
        Project,
        Partnership,
        PartnerSlot,
        Support,
        MarkerAssessment,
        MarkerScore,
        ImpactIndicator,
        IndicatorValue,
    ]
    return {model._meta.label: model.objects.count() for model in models}


def test_a_second_run_changes_nothing_and_a_bigger_run_completes_the_set(territories):
    generate_demo(actors=30, projects=8)
    before = counts()
    stamps = sorted(Actor.objects.values_list("slug", "updated_at")) + sorted(
        Project.objects.values_list("slug", "updated_at")
    )

    report = generate_demo(actors=30, projects=8)

    assert sum(report.created.values()) == 0
    assert report.existing["actors"] == 30
    assert report.existing["projects"] == 8
    assert counts() == before
    assert (
        sorted(Actor.objects.values_list("slug", "updated_at"))
        + sorted(Project.objects.values_list("slug", "updated_at"))
        == stamps
    )

    report = generate_demo(actors=45, projects=10)
    assert report.created["actors"] == 15
    assert report.created["projects"] == 2
    assert Actor.objects.count() == 45
    # The first 30 are untouched: an actor depends on its number and the seed, not on the size of the set.
    assert (
        sorted(Actor.objects.filter(slug__in=[s for s, _ in stamps]).values_list("slug", "updated_at"))
        == stamps[:30]
    )


def test_every_kind_phase_action_type_and_status_is_present(territories):
    generate_demo(actors=120, projects=30)

    assert set(Actor.objects.values_list("kind", flat=True)) == set(ActorKind.values)
    assert set(Project.objects.values_list("phase", flat=True)) == set(Phase.values)
    assert set(Project.objects.values_list("action_type", flat=True)) == set(Project.ActionType.values)
    assert set(Project.objects.values_list("status", flat=True)) == set(Project.Status.values)
    drafts = Project.objects.filter(status=Project.Status.DRAFT).count()
    assert 1 <= drafts <= 15  # about one in five
    hidden = Actor.objects.filter(is_public=False).count()
    assert hidden < 20  # about one in twenty
    assert Actor.objects.filter(open_to_partnerships=True).count() > 80
    assert 20 < Actor.objects.filter(show_contact=True).count() < 100
    assert Actor.objects.filter(kind=ActorKind.RESEARCH, name__contains=" — Université").exists()
    assert Actor.objects.filter(name__startswith="Tiers-lieu ").exists()


def test_actors_have_members_texts_themes_and_resources(territories):
    generate_demo(actors=60, projects=0)

    for actor in Actor.objects.annotate(
        n_members=Count("memberships", distinct=True),
        n_themes=Count("themes", distinct=True),
        n_offers=Count("offers", distinct=True),
    ):
        assert 1 <= actor.n_members <= 3
        assert actor.n_themes >= 1
        assert actor.n_offers >= 1
        assert actor.commune is not None
        assert 2 <= actor.description.count(". ") + 1 <= 4, actor.description
    assert set(Membership.objects.values_list("role", flat=True)) == {"admin", "member"}
    for user in User.objects.filter(email__endswith=DEMO_DOMAIN):
        assert not user.has_usable_password()
        assert user.display_name
    addresses = EmailAddress.objects.filter(email__endswith=DEMO_DOMAIN)
    assert addresses.count() == User.objects.filter(email__endswith=DEMO_DOMAIN).count()
    assert not addresses.filter(verified=False).exists()


def test_identifiers_are_valid(territories):
    generate_demo(actors=150, projects=0)

    companies = Actor.objects.filter(kind__in=[ActorKind.COMPANY, ActorKind.COOPERATIVE])
    assert companies.exists()
    assert not companies.filter(siret="").exists()
    with_siret = Actor.objects.exclude(siret="")
    for actor in with_siret:
        validate_siren(actor.siren)
        validate_siret(actor.siret)
        assert luhn_valid(actor.siren)
        assert luhn_valid(actor.siret)
        assert actor.siret.startswith(actor.siren)
    associations = Actor.objects.filter(kind=ActorKind.ASSOCIATION)
    assert associations.exists()
    for actor in associations:
        validate_rna(actor.rna)
        assert RNA.match(actor.rna)
    for actor in Actor.objects.all():
        actor.full_clean()  # every field passes the model's own validators


def test_projects_have_a_consortium_and_an_evaluation_over_time(territories):
    generate_demo(actors=80, projects=20)
    markers = Marker.objects.filter(is_active=True).count()

    for project in Project.objects.prefetch_related(
        "partnerships", "partner_invitations", "slots", "assessments__scores"
    ):
        # Partners, and structures invited that have not answered yet (the demo adds one for its account).
        assert 1 <= len(project.partnerships.all()) + len(project.partner_invitations.all()) <= 6
        assert all(p.actor_id != project.lead_actor_id for p in project.partnerships.all())
        assert len(project.slots.all()) <= 3
        assert 1 <= len(project.assessments.all()) <= 4
        for assessment in project.assessments.all():
            assert len(assessment.scores.all()) == markers
            assert all(0 <= s.score <= 4 and s.evidence for s in assessment.scores.all())
        assert project.need
        assert project.beneficiaries
        assert project.territories_served.exists()
        project.full_clean()
    for indicator in ImpactIndicator.objects.prefetch_related("values"):
        values = [v.value for v in indicator.values.all()]  # ordered by date
        assert 2 <= len(values) <= 6
        assert values == sorted(values)
        assert values[-1] > Decimal(0)
    assert Support.objects.exists()


def test_demo_accounts_find_their_place(full_demo):
    camille = User.objects.get(email="camille@essaim.localhost")
    admin = User.objects.get(email="admin@essaim.localhost")

    association = Actor.objects.get(memberships__user=camille)
    assert association.kind == ActorKind.ASSOCIATION
    assert access.can_edit_actor(camille, association)
    partner_in = Project.objects.filter(
        partnerships__actor=association, partnerships__status=Partnership.Status.ACTIVE, status="published"
    ).exclude(lead_actor=association)
    assert partner_in.exists()
    assert access.is_project_person(camille, partner_in.first())
    draft = Project.objects.get(lead_actor=association, status=Project.Status.DRAFT)
    assert draft in access.visible_projects(camille)
    assert draft not in access.visible_projects(None)

    assert admin.is_staff
    assert not admin.memberships.exists()

    call_command("load_demo", stdout=io.StringIO())  # again: nothing doubles
    assert camille.memberships.count() == 1
    assert Actor.objects.count() == 120
    assert Project.objects.count() == 30


def test_a_larger_set_spreads_actors_by_population(territories):
    report = generate_demo(actors=500, projects=100)

    assert report.created["actors"] == 500
    assert report.created["projects"] == 100
    busiest = (
        Actor.objects.values("commune__name", "commune__population")
        .annotate(n=Count("id"))
        .order_by("-n", "commune__name")
        .first()
    )
    # Drawn uniformly over ~3,800 communes the busiest one would be a village; by population it is a city.
    assert busiest["commune__population"] > 50_000, busiest
    assert busiest["n"] >= 10
    assert Project.objects.filter(status=Project.Status.PUBLISHED).count() > 60


def test_the_demo_holds_pending_proposals_and_one_for_the_demo_account(full_demo):
    """Consent first: the demo writes no « invited » partnership; proposals wait as invitations, made through
    the consent actions, and the demo account's association has one to answer on « Mon espace »."""
    camille = User.objects.get(email="camille@essaim.localhost")
    assert set(Partnership.objects.values_list("status", flat=True)) <= set(Partnership.Status.values)
    (invitation,) = access.invitations_to_answer(camille)
    assert invitation.direction == PartnerInvitation.Direction.INVITATION
    assert invitation.actor == Actor.objects.get(memberships__user=camille)
    pending = PartnerInvitation.objects.filter(status=PartnerInvitation.Status.PENDING)
    assert pending.filter(direction=PartnerInvitation.Direction.INTEREST).exists()
    assert pending.filter(direction=PartnerInvitation.Direction.INVITATION).count() >= 2
    assert Notification.objects.filter(user=camille, kind="partner_invitation").exists()
