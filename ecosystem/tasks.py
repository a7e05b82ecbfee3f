"""Background tasks of the domain (django-tasks: immediate on the embedded default, the database worker in the
scaled mode; see search/tasks.py for the pattern). Arguments are JSON; each task reads the database again when
it runs."""

from django_tasks import task

from ecosystem.actions import digests
from ecosystem.actions.reminders import do_send_reminders


@task()
def send_digests() -> int:
    """Send the due digests; safe to run again or after an interruption (see ``ecosystem.actions.digests``)."""
    return digests.send_digests()


@task()
def send_reminders() -> int:
    """The day's reminders to labelled projects (self-assessment due, end report due)."""
    return do_send_reminders()
