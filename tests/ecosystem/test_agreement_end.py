"""Each labelled project's own agreement end (issue #13): set with the decision by the chair (defaulting to the
call's date), shown to the applicants, and the date the end-report reminder counts from — one month before
it, not the day before that."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ecosystem.actions import audit
from ecosystem.actions import reviews as actions
from ecosystem.actions.reminders import END_REPORT_DUE, do_send_reminders
from ecosystem.models import Application, Notification
from tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

CALL_END = datetime.date(2027, 3, 31)
OWN_END = datetime.date(2027, 9, 30)


def at(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=ZoneInfo(timezone.get_current_timezone_name()))


@pytest.fixture
def submitted(cast, published):
    # Assessments every 24 months, so only the end-report reminder can fire in these tests.
    call = CallFactory(closed=True, assessment_period_months=24, agreements_end_on=CALL_END)
    return ApplicationFactory(call=call, project=published, submitted=True)


def decide(application, decision="labelled", end=None, now=None):
    return actions.do_decide(application, decision, "Motifs.", agreement_ends_on=end, now=now)


def reminded():
    return Notification.objects.filter(kind=END_REPORT_DUE).count()


def test_the_reminder_counts_from_the_projects_own_end_at_its_boundaries(submitted):
    decide(submitted, end=OWN_END)
    assert do_send_reminders(at(2027, 3, 1)) == 0  # a month before the call's date: not this project's
    assert do_send_reminders(at(2027, 8, 29)) == 0  # the day before one month before
    assert do_send_reminders(at(2027, 8, 30)) == 2  # one month before: both editors
    notification = Notification.objects.filter(kind=END_REPORT_DUE).first()
    assert notification.payload["due"] == OWN_END.isoformat()
    assert "30/09/2027" in notification.title
    assert do_send_reminders(at(2027, 9, 30)) == 0  # once per due date
    assert do_send_reminders(at(2027, 10, 1)) == 0


def test_without_its_own_date_the_project_follows_the_calls(submitted):
    decide(submitted)
    submitted.refresh_from_db()
    assert submitted.agreement_ends_on is None
    assert submitted.agreement_end == CALL_END
    assert do_send_reminders(at(2027, 2, 27)) == 0
    assert do_send_reminders(at(2027, 2, 28)) == 2
    assert reminded() == 2


def test_two_projects_of_one_call_are_reminded_each_on_their_own_date(cast, submitted):
    other = ApplicationFactory(call=submitted.call, submitted=True)
    decide(submitted, end=OWN_END)
    decide(other)
    assert do_send_reminders(at(2027, 2, 28)) == 0  # the other project has no editors: nobody to tell
    assert do_send_reminders(at(2027, 8, 30)) == 2
    reminders = Notification.objects.filter(kind=END_REPORT_DUE)
    assert set(reminders.values_list("payload__project", "payload__due")) == {
        (submitted.project.pk, OWN_END.isoformat())
    }


def test_only_a_labelled_project_keeps_an_agreement_end(submitted):
    decide(submitted, end=OWN_END)
    submitted.refresh_from_db()
    assert submitted.agreement_ends_on == OWN_END
    decide(submitted, decision="resubmit", end=OWN_END)
    submitted.refresh_from_db()
    assert submitted.agreement_ends_on is None
    assert do_send_reminders(at(2027, 9, 1)) == 0


def test_the_agreement_cannot_end_before_the_decision(submitted):
    today = timezone.localdate()
    with pytest.raises(ValidationError, match="avant la décision"):
        decide(submitted, end=today - datetime.timedelta(days=1))
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.SUBMITTED
    decided = decide(submitted, end=today)  # the same day is fine
    assert decided.agreement_ends_on == today
    entry = next(e for e in audit.trail(submitted) if e.what == "application.decided")
    assert entry.details["agreement_ends_on"] == today.isoformat()


def test_the_chair_sets_it_on_the_jury_page_and_the_applicants_read_it(client, cast, submitted):
    client.force_login(cast.staff)
    page = client.get(f"/jury/candidatures/{submitted.pk}/").content.decode()
    assert "Fin de la convention (projets labellisés)" in page
    assert "Laissez vide pour la date de l’appel (31/03/2027)" in page
    response = client.post(
        f"/jury/candidatures/{submitted.pk}/decision/",
        {"decision": "labelled", "reasons": "Exemplaire.", "agreement_ends_on": "2027-09-30"},
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.agreement_ends_on == OWN_END
    client.force_login(cast.lead_member)
    page = client.get(f"/projets/{submitted.project.slug}/candidatures/{submitted.pk}/").content.decode()
    assert (
        "Votre convention prend fin le 30 septembre 2027 : le rapport final est attendu à cette date." in page
    )


def test_a_date_before_today_is_refused_on_the_page_and_nothing_is_decided(client, cast, submitted):
    client.force_login(cast.staff)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = client.post(
        f"/jury/candidatures/{submitted.pk}/decision/",
        {"decision": "labelled", "reasons": "Exemplaire.", "agreement_ends_on": yesterday.isoformat()},
    )
    assert response.status_code == 200
    assert "La convention ne peut pas prendre fin avant la décision." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Application.Status.SUBMITTED
