"""The permission matrix of issue #13 in one table: every page and document of the call's workflow (the
applicant's pages and document, the jury's pages, document and decision, the end report and a call's archive,
the admin screens) against every person who may ask — an applicant, a partner, an outsider, a jury member
assigned, one not assigned, one with a conflict of interest, staff, and nobody logged in. What a person may
not see answers 404 (the same as for what does not exist); nobody logged in is sent to the login page, except
by the end reports, which answer 404; the admin sends everyone without admin access away."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from ecosystem.access import JURY_GROUP
from ecosystem.actions import calls as call_actions
from ecosystem.actions import reviews as review_actions
from ecosystem.models import Application, Membership, Review, ReviewScore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEXT = {
    "phase": "experimentation",
    "partnership": "La coopérative anime, l'université évalue.",
    "research_collaboration": "Un laboratoire de sociologie.",
    "evaluation_plan": "Tous les six mois.",
    "impact_method": "Emplois et bénéficiaires.",
    "budget_summary": "80 000 €.",
}
ROLES = [
    "anonymous",
    "outsider",
    "lead_member",
    "lead_admin",
    "partner_member",
    "juror_assigned",
    "juror_unassigned",
    "juror_conflict",
    "staff",
]
APPLICANTS = {"lead_member", "lead_admin", "staff"}  # staff may act for a project's editors
JURY = {"juror_assigned", "staff"}
REPORT_READERS = {"lead_member", "lead_admin", "juror_assigned", "staff"}
JURY_HOME = {"juror_assigned", "juror_unassigned", "juror_conflict", "staff"}  # their own (empty) list


def _juror(email):
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get_or_create(name=JURY_GROUP)[0])
    return user


@pytest.fixture
def case(cast, open_call, published):
    """A submitted application with a document, assigned to a jury member and, before the conflict arose, to
    another who has since joined the partner structure."""
    application = call_actions.create_application(cast.lead_member, open_call, published, TEXT)
    document = call_actions.attach_document(
        cast.lead_member, application, SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), "Annexe budgétaire"
    )
    call_actions.submit_application(cast.lead_member, application)
    cast.juror_assigned = _juror("jure@region.example")
    cast.juror_unassigned = _juror("autre-jure@region.example")
    cast.juror_conflict = _juror("jure-partenaire@region.example")
    for juror in (cast.juror_assigned, cast.juror_conflict):
        review_actions.assign_juror(cast.staff, application, juror)
    Membership.objects.create(user=cast.juror_conflict, actor=cast.partner)
    return {"application": application, "document": document}


def _as(client, cast, role):
    client.logout()
    if role != "anonymous":
        client.force_login(getattr(cast, role))


def pages(case) -> dict[str, set[str]]:
    """Every page and document, with who gets it (the others get 404, or the login page when anonymous)."""
    application, document = case["application"], case["document"]
    project, call = application.project, application.call
    mine = f"/projets/{project.slug}/candidatures/"
    jury = f"/jury/candidatures/{application.pk}/"
    return {
        mine: APPLICANTS,
        f"{mine}nouvelle/{call.slug}/": APPLICANTS,
        f"{mine}{application.pk}/": APPLICANTS,
        f"{mine}{application.pk}/modifier/": APPLICANTS,
        f"{mine}{application.pk}/documents/{document.pk}/": APPLICANTS,
        "/jury/": JURY_HOME,
        jury: JURY,
        f"{jury}documents/{document.pk}/": JURY,
        f"/projets/{project.slug}/rapport-final/": REPORT_READERS,
        f"/projets/{project.slug}/rapport-final/pdf/": REPORT_READERS,
        f"/appels/{call.slug}/rapports-finaux/": {"staff"},
    }


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_document_of_the_workflow(client, cast, case, role):
    _as(client, cast, role)
    for url, allowed in pages(case).items():
        response = client.get(url)
        if role in allowed:
            assert response.status_code in {200, 302}, url
            if response.status_code == 302:  # an application already made: its own page, never the login
                assert "/comptes/login/" not in response["Location"], url
        elif role == "anonymous" and "rapport" in url:  # the reports answer 404 without asking to log in
            assert response.status_code == 404, url
        elif role == "anonymous":
            assert response.status_code == 302, url
            assert "/comptes/login/" in response["Location"], url
        else:
            assert response.status_code == 404, url


@pytest.mark.parametrize(
    "role", ["juror_assigned", "juror_conflict", "lead_admin", "partner_member", "outsider"]
)
def test_only_staff_decide(client, cast, case, role):
    application = case["application"]
    application.call.deadline = application.call.opens_at  # closed: a decision would be on time
    application.call.save()
    _as(client, cast, role)
    response = client.post(
        f"/jury/candidatures/{application.pk}/decision/", {"decision": "labelled", "reasons": "Moi."}
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert (application.status, application.decision) == (Application.Status.SUBMITTED, "")


@pytest.mark.parametrize(
    "role", ["juror_conflict", "juror_unassigned", "lead_admin", "partner_member", "staff"]
)
def test_only_the_assigned_jury_member_scores(client, cast, case, role):
    application = case["application"]
    criteria = application.call.criteria.all()
    _as(client, cast, role)
    response = client.post(
        f"/jury/candidatures/{application.pk}/",
        {**{f"score_{c.pk}": "5" for c in criteria}, "comment": "Parfait.", "submit": "1"},
    )
    assert response.status_code == 404
    assert not ReviewScore.objects.exists()
    assert not Review.objects.filter(submitted_at__isnull=False).exists()


ADMIN_SCREENS = [
    "/admin/calls/",
    "/admin/criteria/",
    "/admin/assignments/",
    "/admin/assignments/new/",
    "/admin/audit/",
]


@pytest.mark.parametrize("role", [r for r in ROLES if r not in {"anonymous", "staff"}])
def test_no_admin_screen_for_applicants_partners_or_the_jury(client, cast, case, role):
    _as(client, cast, role)
    for url in ADMIN_SCREENS:
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        if response.status_code == 302:
            assert not response["Location"].startswith("/admin/assignments"), url
