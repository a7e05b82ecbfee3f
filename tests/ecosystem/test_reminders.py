"""Reminders to labelled projects' editors, with time frozen by passing ``now``: a self-assessment due every
period set on the call (from the latest one, or from the decision), the end report due from one month before
the end of the call's agreements; at their boundaries, once each, by bell and email, never to others."""

import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ecosystem.actions.evaluation import record_assessment
from ecosystem.actions.reminders import ASSESSMENT_DUE, END_REPORT_DUE, do_send_reminders
from ecosystem.models import Application, Notification
from tests.factories import ApplicationFactory, CallFactory
from tests.support.evaluation import full_scores

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=ZoneInfo(timezone.get_current_timezone_name()))


@pytest.fixture
def labelled(cast, published):
    call = CallFactory(closed=True, assessment_period_months=6, agreements_end_on=datetime.date(2027, 3, 31))
    return ApplicationFactory(
        call=call,
        project=published,
        status=Application.Status.DECIDED,
        decision=Application.Decision.LABELLED,
        decided_at=at(2026, 2, 1),
    )


def sent_to(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__email", flat=True))


EDITORS = ["admin@porteur.example", "membre@porteur.example"]


def test_assessment_due_one_period_after_the_latest_one(
    cast, labelled, markers, django_capture_on_commit_callbacks
):
    day = datetime.date(2026, 3, 15)
    record_assessment(cast.lead_member, labelled.project, day, "experimentation", "", full_scores(markers))
    assert do_send_reminders(at(2026, 9, 14)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert do_send_reminders(at(2026, 9, 15)) == 2
    assert sent_to(ASSESSMENT_DUE) == EDITORS  # the lead's members; not the partner, not staff
    notification = Notification.objects.filter(kind=ASSESSMENT_DUE).first()
    assert notification.url == f"/projets/{labelled.project.slug}/evaluation/auto-evaluations/nouvelle/"
    assert "auto-évaluation" in notification.title
    assert notification.email_topic == f"project:{labelled.project.pk}"
    assert {address for message in mail.outbox for address in message.to} == set(EDITORS)
    assert do_send_reminders(at(2026, 9, 16)) == 0  # once per due date


def test_without_an_assessment_the_period_runs_from_the_decision(labelled):
    assert do_send_reminders(at(2026, 7, 31)) == 0
    assert do_send_reminders(at(2026, 8, 1)) == 2


def test_end_report_due_from_one_month_before_the_end_of_the_agreements(labelled):
    labelled.call.assessment_period_months = 24  # keep the other reminder out of the way
    labelled.call.save()
    assert do_send_reminders(at(2027, 2, 27)) == 0
    assert do_send_reminders(at(2027, 2, 28)) == 2
    assert sent_to(END_REPORT_DUE) == EDITORS
    assert Notification.objects.filter(kind=END_REPORT_DUE).first().url == (
        f"/projets/{labelled.project.slug}/rapport-final/"
    )
    assert do_send_reminders(at(2027, 3, 31)) == 0  # already told


def test_no_end_report_reminder_after_the_end_nor_without_a_date(labelled):
    labelled.call.assessment_period_months = 24
    labelled.call.save()
    assert do_send_reminders(at(2027, 4, 1)) == 0
    labelled.call.agreements_end_on = None
    labelled.call.save()
    assert do_send_reminders(at(2027, 3, 15)) == 0


@pytest.mark.parametrize("decision", [Application.Decision.NOT_LABELLED, Application.Decision.RESUBMIT])
def test_projects_not_labelled_get_no_reminder(labelled, decision):
    Application.objects.filter(pk=labelled.pk).update(decision=decision)
    assert do_send_reminders(at(2027, 3, 15)) == 0


def test_the_command_sends_the_days_reminders(labelled):
    # Today, whatever the day: decided seven months ago, no end of agreement set.
    labelled.call.agreements_end_on = None
    labelled.call.save()
    Application.objects.filter(pk=labelled.pk).update(
        decided_at=timezone.now() - datetime.timedelta(days=213)
    )
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "2 reminder(s) sent" in out.getvalue()
    assert Notification.objects.filter(kind=ASSESSMENT_DUE).count() == 2
