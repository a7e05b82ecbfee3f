"""Reminders to labelled projects (issue #13), through the notification mechanism (bell and email).

- A self-assessment is due every ``Call.assessment_period_months`` after the latest one (or after the
  decision, when the project has none yet).
- The end report is due when the project's agreement ends (``Application.agreement_end``: the date set with
  the decision, or else the call's); it is announced from one month before that date until the date itself.

Run daily by ``manage.py send_reminders`` or the ``ecosystem.tasks.send_reminders`` task. Each reminder is sent
once per person and due date: the notification itself records it (``kind`` and ``payload``), so running twice
a day, or again after a failure, sends nothing twice. ``now`` lets tests freeze time.
"""

import datetime

from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ecosystem.access import project_editors
from ecosystem.actions.notifications import notify
from ecosystem.models import Application, Notification

ASSESSMENT_DUE = "assessment_due"
END_REPORT_DUE = "end_report_due"
END_REPORT_NOTICE = relativedelta(months=1)


def assessment_due_on(application: Application) -> datetime.date:
    latest = application.project.assessments.newest_first().first()
    start = latest.date if latest else timezone.localdate(application.decided_at)
    return start + relativedelta(months=application.call.assessment_period_months)


def _remind(application: Application, kind: str, due: datetime.date, title: str, url: str) -> int:
    project = application.project
    payload = {"project": project.pk, "due": due.isoformat()}
    sent = 0
    for editor in project_editors(project):
        if Notification.objects.filter(user=editor, kind=kind, payload=payload).exists():
            continue
        notify(editor, kind, title, url=url, payload=payload, email_topic=f"project:{project.pk}")
        sent += 1
    return sent


def do_send_reminders(now: datetime.datetime | None = None) -> int:
    """Send the reminders due on ``now``'s day (server time zone); the number of notifications sent."""
    today = timezone.localdate(now or timezone.now())
    labelled = Application.objects.filter(
        status=Application.Status.DECIDED, decision=Application.Decision.LABELLED
    ).select_related("call", "project")
    sent = 0
    with translation.override("fr"):
        for application in labelled:
            project = application.project
            due = assessment_due_on(application)
            if due <= today:
                title = _("A self-assessment of “%(project)s” is due (since %(date)s).") % {
                    "project": project,
                    "date": date_format(due, "SHORT_DATE_FORMAT"),
                }
                url = reverse("ecosystem:assessment_create", args=[project.slug])
                sent += _remind(application, ASSESSMENT_DUE, due, title, url)
            end = application.agreement_end
            if end and end - END_REPORT_NOTICE <= today <= end:
                title = _("The end report of “%(project)s” is due on %(date)s.") % {
                    "project": project,
                    "date": date_format(end, "SHORT_DATE_FORMAT"),
                }
                url = reverse("ecosystem:end_report", args=[project.slug])
                sent += _remind(application, END_REPORT_DUE, end, title, url)
    return sent
