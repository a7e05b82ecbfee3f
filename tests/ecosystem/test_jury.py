"""Jury review: staff assign submitted applications to members of the Jury group (conflicts of interest
refused at their boundary), a jury member sees only what is assigned to them, scores each criterion, sees the
other reviews only once theirs is submitted; applicants never see scores. The chair decides after the
deadline, with reasons; the applicants are notified and read the decision."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ecosystem import access
from ecosystem.access import JURY_GROUP
from ecosystem.actions import audit
from ecosystem.actions import calls as call_actions
from ecosystem.actions import reviews as actions
from ecosystem.models import Application, Membership, Notification, Partnership, Review
from tests.factories import ActorFactory, PartnershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TEXT = {
    "phase": "experimentation",
    "partnership": "La coopérative anime, l'université évalue.",
    "research_collaboration": "Un laboratoire de sociologie.",
    "evaluation_plan": "Tous les six mois.",
    "impact_method": "Emplois et bénéficiaires.",
    "budget_summary": "80 000 €.",
}


def juror(email):
    user = UserFactory(email=email)
    user.groups.add(Group.objects.get_or_create(name=JURY_GROUP)[0])
    return user


@pytest.fixture
def jury(db):
    return {"one": juror("jure1@region.example"), "two": juror("jure2@region.example")}


@pytest.fixture
def submitted(cast, open_call, published):
    application = call_actions.create_application(cast.lead_member, open_call, published, TEXT)
    return call_actions.submit_application(cast.lead_member, application)


def close(call):
    call.deadline = timezone.now() - datetime.timedelta(seconds=1)
    call.save()


def scores_for(application, value=4):
    return {criterion.pk: (value, "Solide.") for criterion in application.call.criteria.all()}


# --- assignment and conflicts of interest ------------------------------------------------------------------


def test_staff_assign_two_jury_members_audited_and_notified(cast, submitted, jury):
    for member in jury.values():
        actions.assign_juror(cast.staff, submitted, member)
    assert Review.objects.filter(application=submitted).count() == 2
    assert [e.what for e in audit.trail(submitted)].count("review.assigned") == 2
    assert Notification.objects.filter(user=jury["one"], kind="jury_assignment").exists()


def test_only_staff_assign(cast, submitted, jury):
    with pytest.raises(PermissionDenied):
        actions.assign_juror(cast.lead_admin, submitted, jury["one"])


def test_a_person_outside_the_jury_group_cannot_be_assigned(cast, submitted):
    with pytest.raises(ValidationError, match="Jury"):
        actions.assign_juror(cast.staff, submitted, cast.outsider)


def test_a_draft_is_not_assigned(cast, open_call, published, jury):
    draft = call_actions.create_application(cast.lead_member, open_call, published, TEXT)
    with pytest.raises(ValidationError):
        actions.assign_juror(cast.staff, draft, jury["one"])


def test_conflict_member_of_the_lead_structure(cast, submitted):
    member = juror("jure-porteur@region.example")
    Membership.objects.create(user=member, actor=cast.lead)
    with pytest.raises(ValidationError, match="Conflit d’intérêts"):
        actions.assign_juror(cast.staff, submitted, member)


def test_conflict_member_of_an_active_partner_but_not_of_a_partner_that_left(cast, submitted):
    member = juror("jure-partenaire@region.example")
    Membership.objects.create(user=member, actor=cast.partner)  # cast.partner is an active partner
    with pytest.raises(ValidationError):
        actions.assign_juror(cast.staff, submitted, member)
    Partnership.objects.filter(project=submitted.project, actor=cast.partner).update(
        status=Partnership.Status.LEFT
    )
    assert actions.assign_juror(cast.staff, submitted, member).juror == member


def test_a_jury_member_who_joins_the_consortium_after_assignment_loses_access(cast, submitted, jury):
    review = actions.assign_juror(cast.staff, submitted, jury["one"])
    assert access.review_of(jury["one"], submitted) == review
    newcomer = ActorFactory(name="Nouveau partenaire")
    Membership.objects.create(user=jury["one"], actor=newcomer)
    PartnershipFactory(project=submitted.project, actor=newcomer)
    assert access.review_of(jury["one"], submitted) is None
    assert not access.can_view_application(jury["one"], submitted)


def test_the_admin_refuses_a_conflicted_assignment_on_the_form(client, cast, submitted, jury):
    admin = UserFactory(email="chef@region.example", is_staff=True, is_superuser=True)
    conflicted = juror("jure-conflit@region.example")
    Membership.objects.create(user=conflicted, actor=cast.lead)
    client.force_login(admin)
    response = client.post("/admin/assignments/new/", {"application": submitted.pk, "juror": conflicted.pk})
    assert response.status_code == 200
    assert not Review.objects.exists()
    response = client.post("/admin/assignments/new/", {"application": submitted.pk, "juror": jury["one"].pk})
    assert response.status_code == 302
    assert Review.objects.get().assigned_by == admin


# --- reviewing ------------------------------------------------------------------------------------------------


def test_scores_out_of_range_are_refused_and_submitting_needs_every_criterion(cast, submitted, jury):
    review = actions.assign_juror(cast.staff, submitted, jury["one"])
    criteria = list(submitted.call.criteria.all())
    with pytest.raises(ValidationError):
        actions.save_review(jury["one"], review, {criteria[0].pk: (criteria[0].scale_max + 1, "")}, "")
    actions.save_review(
        jury["one"], review, {criteria[0].pk: (criteria[0].scale_max, "")}, ""
    )  # the boundary
    with pytest.raises(ValidationError):
        actions.save_review(jury["one"], review, {criteria[0].pk: (0, "")}, "", submit=True)
    review = actions.save_review(jury["one"], review, scores_for(submitted), "Bon dossier.", submit=True)
    assert review.is_submitted
    with pytest.raises(ValidationError):
        actions.save_review(jury["one"], review, scores_for(submitted, 1), "")


def test_only_the_assigned_jury_member_writes_their_review(cast, submitted, jury):
    review = actions.assign_juror(cast.staff, submitted, jury["one"])
    for user in (jury["two"], cast.staff, cast.lead_member):
        with pytest.raises(PermissionDenied):
            actions.save_review(user, review, scores_for(submitted), "")


def test_weighted_total(cast, submitted, jury):
    review = actions.assign_juror(cast.staff, submitted, jury["one"])
    criteria = list(submitted.call.criteria.all())  # weights 1, 2, 3; scale 5
    actions.save_review(
        jury["one"], review, {criteria[0].pk: (5, ""), criteria[1].pk: (0, ""), criteria[2].pk: (5, "")}, ""
    )
    assert actions.weighted_percent(Review.objects.get(pk=review.pk)) == round(100 * (5 + 15) / 30, 1)


# --- who sees what --------------------------------------------------------------------------------------------


def test_the_jury_pages_permission_matrix(client, cast, submitted, jury):
    actions.assign_juror(cast.staff, submitted, jury["one"])
    unassigned = jury["two"]
    conflicted = juror("jure-conflit@region.example")
    Membership.objects.create(user=conflicted, actor=cast.partner)
    url = f"/jury/candidatures/{submitted.pk}/"
    expected = {
        None: 302,
        cast.outsider: 404,
        cast.lead_member: 404,
        cast.lead_admin: 404,
        cast.partner_member: 404,
        unassigned: 404,
        conflicted: 404,
        jury["one"]: 200,
        cast.staff: 200,
    }
    for user, status in expected.items():
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(url).status_code == status, user
        assert client.get("/jury/").status_code == (
            302 if user is None else 200 if user in {jury["one"], unassigned, conflicted, cast.staff} else 404
        ), user


def test_documents_reach_the_assigned_jury_and_nobody_else_through_the_jury_pages(
    client, cast, open_call, published, jury
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = call_actions.create_application(cast.lead_member, open_call, published, TEXT)
    document = call_actions.attach_document(
        cast.lead_member, application, SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"), "Annexe"
    )
    call_actions.submit_application(cast.lead_member, application)
    actions.assign_juror(cast.staff, application, jury["one"])
    url = f"/jury/candidatures/{application.pk}/documents/{document.pk}/"
    client.force_login(jury["two"])
    assert client.get(url).status_code == 404
    client.force_login(jury["one"])
    assert client.get(url).status_code == 200


def test_a_jury_member_sees_the_other_reviews_only_after_submitting_theirs(client, cast, submitted, jury):
    first = actions.assign_juror(cast.staff, submitted, jury["one"])
    second = actions.assign_juror(cast.staff, submitted, jury["two"])
    actions.save_review(
        jury["one"], first, scores_for(submitted, 2), "Commentaire du premier juré.", submit=True
    )
    client.force_login(jury["two"])
    page = client.get(f"/jury/candidatures/{submitted.pk}/").content.decode()
    assert "Commentaire du premier juré." not in page
    assert not access.can_see_reviews(jury["two"], submitted)
    response = client.post(
        f"/jury/candidatures/{submitted.pk}/",
        {
            **{f"score_{c}": s for c, (s, _t) in scores_for(submitted, 3).items()},
            "comment": "Le second.",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.is_submitted
    page = client.get(f"/jury/candidatures/{submitted.pk}/").content.decode()
    assert "Commentaire du premier juré." in page


def test_applicants_never_see_scores_and_read_the_decision_and_reasons(client, cast, submitted, jury):
    review = actions.assign_juror(cast.staff, submitted, jury["one"])
    actions.save_review(jury["one"], review, scores_for(submitted), "Note secrète du jury.", submit=True)
    close(submitted.call)
    actions.decide(
        cast.staff, submitted, Application.Decision.LABELLED, "Partenariat exemplaire avec la recherche."
    )
    assert not access.can_see_reviews(cast.lead_member, submitted)
    client.force_login(cast.lead_member)
    page = client.get(f"/projets/{submitted.project.slug}/candidatures/{submitted.pk}/").content.decode()
    assert "Partenariat exemplaire avec la recherche." in page
    assert submitted.call.label in page
    assert "Note secrète du jury." not in page
    assert "Solide." not in page


# --- decision -----------------------------------------------------------------------------------------------


def test_the_chair_decides_after_the_deadline_only_with_reasons_and_applicants_are_notified(
    cast, submitted, mailoutbox, django_capture_on_commit_callbacks
):
    after = submitted.call.deadline + datetime.timedelta(seconds=1)
    with pytest.raises(ValidationError, match="après la date limite"):
        actions.do_decide(submitted, "labelled", "Motifs.", now=submitted.call.deadline)
    with pytest.raises(PermissionDenied):
        actions.decide(cast.lead_admin, submitted, "labelled", "Motifs.")
    with pytest.raises(ValidationError):
        actions.do_decide(submitted, "labelled", "  ", now=after)
    with django_capture_on_commit_callbacks(execute=True):
        decided = actions.do_decide(submitted, "resubmit", "Précisez le budget.", now=after)
    assert (decided.status, decided.decision) == (Application.Status.DECIDED, "resubmit")
    notified = set(Notification.objects.filter(kind="call_decision").values_list("user", flat=True))
    assert notified == {cast.lead_member.pk, cast.lead_admin.pk}
    assert "application.decided" in [e.what for e in audit.trail(submitted)]
    assert sorted(m.to[0] for m in mailoutbox) == sorted([cast.lead_member.email, cast.lead_admin.email])
    message = mailoutbox[0]
    assert message.subject == "[Essaim] Décision du jury sur « Café des aidants »"
    assert "Précisez le budget." in message.body
    assert "Invité à représenter sa candidature" in message.body
    assert "http://testserver/projets/cafe-des-aidants/candidatures/" in message.body
    assert message.alternatives[0][1] == "text/html"


def test_the_chair_records_the_decision_through_the_page(client, cast, submitted):
    close(submitted.call)
    client.force_login(cast.staff)
    response = client.post(
        f"/jury/candidatures/{submitted.pk}/decision/", {"decision": "labelled", "reasons": "Exemplaire."}
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.is_labelled
    client.force_login(cast.lead_admin)
    assert (
        client.post(
            f"/jury/candidatures/{submitted.pk}/decision/", {"decision": "not_labelled", "reasons": "x"}
        ).status_code
        == 404
    )
    submitted.refresh_from_db()
    assert submitted.is_labelled


# --- the label in public --------------------------------------------------------------------------------------


def test_a_labelled_project_shows_its_label_on_its_page_and_in_json_ld(client, cast, submitted):
    import json
    import re

    page = client.get(submitted.project.get_absolute_url()).content.decode()
    assert submitted.call.label not in page
    close(submitted.call)
    actions.decide(cast.staff, submitted, Application.Decision.LABELLED, "Exemplaire.")
    page = client.get(submitted.project.get_absolute_url()).content.decode()
    assert submitted.call.label in page
    (block,) = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    assert json.loads(block)["award"] == [submitted.call.label]


@pytest.mark.parametrize("decision", ["not_labelled", "resubmit"])
def test_other_decisions_show_no_label(client, cast, submitted, decision):
    close(submitted.call)
    actions.decide(cast.staff, submitted, decision, "Motifs.")
    assert submitted.call.label not in client.get(submitted.project.get_absolute_url()).content.decode()


def test_my_space_links_the_jury_page_for_jury_members_only(client, cast, jury):
    client.force_login(jury["one"])
    assert "/jury/" in client.get("/mon-espace/").content.decode()
    client.force_login(cast.lead_member)
    assert "/jury/" not in client.get("/mon-espace/").content.decode()
