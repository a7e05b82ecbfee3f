"""The call's part of the demo: one open call, and one closed call whose applications were reviewed by two jury
members and decided (one labelled, one not, one asked to resubmit). Called by ``manage.py load_demo`` after the
ecosystem demo set.

Unlike the bulk generator, it goes through the ``do_*`` actions (with the moments they happened passed in), so
the demo holds what the workflow really writes: audit trail, reviews, notifications. Idempotent: calls are
found by slug, and the closed call's applications are written only while it has none. Without published demo
projects (``load_demo --actors 0``) it creates the calls only.
"""

from datetime import timedelta

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from ecosystem.access import JURY_GROUP, public_projects_q
from ecosystem.actions import calls as call_actions
from ecosystem.actions import reviews as review_actions
from ecosystem.actions.accounts import ensure_account
from ecosystem.models import Application, Call, Project, ReviewCriterion, User

from .actors import DEMO_EMAIL_DOMAIN, DEMO_SLUG_PREFIX

OPEN_CALL = "demo-appel-ouvert"
CLOSED_CALL = "demo-appel-2026"
CRITERIA = [
    ("Caractère innovant", "Produit, procédé ou service nouveau.", 2),
    ("Faisabilité économique, financière et juridique", "", 1),
    ("Cohérence et pertinence du partenariat", "Attention portée à la collaboration avec la recherche.", 2),
]
JURORS = [("jure.martin", "Hélène Martin"), ("jure.benali", "Karim Benali")]
DECISIONS = [
    (
        Application.Decision.LABELLED,
        "Un partenariat solide avec un laboratoire et un modèle économique éprouvé.",
        4,
    ),
    (Application.Decision.NOT_LABELLED, "Le projet ne démontre pas encore son ancrage territorial.", 2),
    (
        Application.Decision.RESUBMIT,
        "Projet prometteur : précisez le budget et le rôle de chaque partenaire.",
        3,
    ),
]
TEXT = {
    "partnership": "La structure porteuse coordonne ; chaque partenaire apporte son expertise et ses usagers.",
    "research_collaboration": "Une équipe de recherche en sciences sociales suit l'expérimentation.",
    "evaluation_plan": "Auto-évaluation tous les six mois sur les onze marqueurs d'innovation sociale.",
    "impact_method": "Emplois créés, bénéficiaires touchés et territoires atteints, mesurés chaque trimestre.",
    "budget_summary": "150 000 € sur deux ans, dont 40 % de ressources propres.",
}


def _call(slug, title, opens_at, deadline, label) -> tuple[Call, bool]:
    call = Call.objects.filter(slug=slug).first()
    if call is not None:
        return call, False
    call = call_actions.do_save_call(
        Call(
            slug=slug,
            title=title,
            summary="Un appel de démonstration.",
            eligibility="Projets collectifs d'innovation sociale ancrés dans la région.",
            phases=["emergence", "experimentation", "evaluation"],
            opens_at=opens_at,
            deadline=deadline,
            decision_at=deadline + timedelta(days=21),
            label=label,
        )
    )
    for order, (name, description, weight) in enumerate(CRITERIA):
        call_actions.do_save_criterion(
            ReviewCriterion(
                call=call, name=name, description=description, weight=weight, scale_max=5, order=order
            )
        )
    return call, True


def _jurors(password: str | None) -> list[User]:
    """The two demo jury members; with ``password`` they can log in (with a verified address), so the demo
    shows the jury's pages. Like staff, they must pass a second factor where the setting asks for it
    (``ESSAIM_REQUIRE_MFA_FOR_STAFF``, on in production): they would enrol a TOTP device at their first login."""
    group, _ = Group.objects.get_or_create(name=JURY_GROUP)
    jurors = []
    for local, name in JURORS:
        user, _ = ensure_account(f"{local}@{DEMO_EMAIL_DOMAIN}", password, display_name=name)
        user.groups.add(group)
        jurors.append(user)
    return jurors


@transaction.atomic
def load_calls_demo(jury_password: str | None = None) -> list[str]:
    """``jury_password``: the demo jury members' (None: they cannot log in)."""
    now = timezone.now()
    lines = []
    jurors = _jurors(jury_password)  # before the calls, so a run that finds them in place still creates them
    _, created = _call(
        OPEN_CALL,
        "SIEG Innovation sociale — appel de démonstration",
        now - timedelta(days=30),
        now + timedelta(days=60),
        "Projet labellisé SIEG Innovation sociale 2027",
    )
    lines.append(f"open call: {'created' if created else 'already there'}")
    closed, _ = _call(
        CLOSED_CALL,
        "SIEG Innovation sociale 2026 (clos)",
        now - timedelta(days=150),
        now - timedelta(days=60),
        "Projet labellisé SIEG Innovation sociale 2026",
    )
    if closed.applications.exists():
        return [*lines, "closed call: already decided"]
    projects = list(
        Project.objects.filter(public_projects_q(), lead_actor__slug__startswith=DEMO_SLUG_PREFIX).order_by(
            "pk"
        )[: len(DECISIONS)]
    )
    if not projects:
        return [*lines, "closed call: no published demo project to apply"]
    chair = User.objects.filter(is_staff=True).order_by("pk").first()
    deadline = closed.deadline
    for project, (decision, reasons, score) in zip(projects, DECISIONS, strict=False):
        application = call_actions.do_create_application(
            closed, project, {**TEXT, "phase": project.phase}, now=deadline - timedelta(days=20)
        )
        call_actions.do_submit_application(application, now=deadline - timedelta(days=2))
        for juror in jurors:
            review = review_actions.do_assign_juror(application, juror, by=chair)
            scores = {criterion.pk: (score, "Avis argumenté du jury.") for criterion in closed.criteria.all()}
            review_actions.do_save_review(review, scores, "Dossier lu attentivement.", submit=True, by=juror)
        review_actions.do_decide(application, decision, reasons, by=chair, now=deadline + timedelta(days=20))
    return [*lines, f"closed call: {len(projects)} applications reviewed and decided"]
