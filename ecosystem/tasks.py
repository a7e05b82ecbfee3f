"""Background tasks of the domain (django-tasks: immediate on the embedded default, the database worker in the
scaled mode; see search/tasks.py for the pattern). Arguments are JSON; each task reads the database again when
it runs, and every one is safe to run again or after an interruption: ``ecosystem.schedule`` queues them
periodically."""

from django_tasks import task

from ecosystem.actions import digests
from ecosystem.actions.events import do_send_reminders as do_send_event_reminders
from ecosystem.actions.invitations import do_expire_invitations
from ecosystem.actions.notification_emails import send_due_emails
from ecosystem.actions.reminders import do_send_reminders


@task()
def send_digests() -> int:
    """Send the due digests; safe to run again or after an interruption (see ``ecosystem.actions.digests``)."""
    return digests.send_digests()


@task()
def send_reminders() -> int:
    """The day's reminders to labelled projects (self-assessment due, end report due)."""
    return do_send_reminders()


@task()
def send_notification_emails() -> int:
    """The notification emails the one-an-hour rule held back and that are now due."""
    return send_due_emails()


@task()
def expire_partner_invitations() -> int:
    """Record as expired the partnership proposals left unanswered past their expiry."""
    return do_expire_invitations()


@task()
def send_event_reminders() -> int:
    """Remind confirmed registrants the day before their event (once per person)."""
    return do_send_event_reminders()
