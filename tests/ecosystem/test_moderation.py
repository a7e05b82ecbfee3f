"""Moderation: reporting a structure or a project, the staff queue in the Wagtail admin, and decisions —
hide and restore (out of every public reader at once), warn, suspend — each logged with who and when."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecosystem import access, feed
from ecosystem.actions import moderation
from ecosystem.actions import projects as project_actions
from ecosystem.models import Decision, ModerationDecision, Notification, Project, Report
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(project):
    project_actions.do_set_published(project, True)
    project.refresh_from_db()
    return project


def report_url(project):
    return reverse("ecosystem:report", args=["projets", project.slug])


def test_anyone_logged_in_reports_what_they_see(client, cast, published):
    client.force_login(cast.outsider)
    page = BeautifulSoup(client.get(f"/projets/{published.slug}/").content, "html.parser")
    assert page.find("a", href=report_url(published))
    response = client.post(report_url(published), {"reason": "spam", "comment": " Publicité déguisée. "})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.content, report.reporter, report.reason, report.comment) == (
        published,
        cast.outsider,
        "spam",
        "Publicité déguisée.",
    )


@pytest.mark.parametrize("role", ["anonymous", "outsider", "lead_member", "staff"])
def test_reporting_a_draft_is_for_those_who_see_it(client, cast, project, role):
    user = cast.user(role)
    if user:
        client.force_login(user)
    response = client.post(report_url(project), {"reason": "abuse"})
    expected = {"anonymous": 302, "outsider": 404, "lead_member": 302, "staff": 302}[role]
    assert response.status_code == expected
    assert Report.objects.count() == (1 if role in {"lead_member", "staff"} else 0)


def test_a_report_needs_a_reason_and_respects_the_limit(client, cast, published, settings):
    client.force_login(cast.outsider)
    response = client.post(report_url(published), {"reason": "", "comment": "?"})
    assert response.status_code == 200
    assert not Report.objects.exists()
    settings.CREATION_LIMITS = {**settings.CREATION_LIMITS, "report": "1/86400"}
    client.post(report_url(published), {"reason": "spam"})
    response = client.post(report_url(published), {"reason": "spam"})
    summary = BeautifulSoup(response.content, "html.parser").find(class_="error-summary")
    assert "au plus 1 signalements" in summary.get_text(" ", strip=True)
    assert Report.objects.count() == 1


def test_hiding_a_project_takes_it_out_of_every_public_reader_and_tells_its_admins(cast, published):
    report = moderation.report_content(cast.outsider, published, reason="false")
    moderation.report_content(cast.partner_member, published, reason="spam")
    assert moderation.reports_about(report).count() == 2
    assert feed.public_feed().exists()
    moderation.decide(cast.staff, report, Decision.HIDE, "Informations trompeuses")
    assert not access.visible_projects(None).filter(pk=published.pk).exists()
    assert not feed.public_feed().exists()
    assert set(Report.objects.values_list("status", flat=True)) == {Report.Status.CLOSED}
    (log,) = ModerationDecision.objects.all()
    assert (log.decision, log.note, log.decided_by, log.subject) == (
        "hide",
        "Informations trompeuses",
        cast.staff,
        None,
    )
    (told,) = Notification.objects.filter(kind="moderation")
    assert told.user == cast.lead_admin
    assert "Informations trompeuses" in told.title
    assert (
        "signal" not in told.title.lower() or cast.outsider.email not in told.title
    )  # the reporter stays unnamed
    moderation.decide(cast.staff, report, Decision.RESTORE, "Corrigé")
    assert Project.objects.get(pk=published.pk).is_published
    assert ModerationDecision.objects.count() == 2


def test_hiding_a_structure(cast):
    report = moderation.report_content(cast.outsider, cast.other, reason="illegal")
    moderation.decide(cast.staff, report, Decision.HIDE, "")
    cast.other.refresh_from_db()
    assert not cast.other.is_public
    assert not access.can_view_actor(cast.outsider, cast.other)


def test_suspending_ends_the_authors_sessions(client, cast, published):
    client.force_login(cast.lead_admin)
    assert client.get(reverse("ecosystem:dashboard")).status_code == 200
    report = moderation.report_content(cast.outsider, published, reason="abuse")
    moderation.decide(cast.staff, report, Decision.SUSPEND, "Harcèlement")
    cast.lead_admin.refresh_from_db()
    assert not cast.lead_admin.is_active
    assert client.get(reverse("ecosystem:dashboard")).status_code == 302  # logged out
    log = ModerationDecision.objects.get()
    assert (log.decision, log.subject) == ("suspend", cast.lead_admin)


def test_only_staff_decide(cast, published):
    report = moderation.report_content(cast.outsider, published, reason="spam")
    with pytest.raises(PermissionDenied):
        moderation.decide(cast.lead_admin, report, Decision.DISMISS)
    with pytest.raises(ValidationError):
        moderation.decide(cast.staff, report, "")
    assert not ModerationDecision.objects.exists()


def test_the_queue_in_the_wagtail_admin(client, cast, published):
    moderation.report_content(cast.outsider, published, reason="spam", comment="Pub")
    report = moderation.report_content(cast.partner_member, published, reason="abuse")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    listing = client.get("/admin/reports/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Café des aidants" in html
    assert "spam ou publicité" in html
    response = client.post(f"/admin/reports/edit/{report.pk}/", {"decision": "hide", "decision_note": "Pub"})
    assert response.status_code == 302
    assert not Project.objects.get(pk=published.pk).is_published
    assert client.get("/admin/moderation-log/").status_code == 200
    client.force_login(cast.lead_admin)
    assert client.get("/admin/reports/").status_code in {302, 403}
