"""Background tasks of the ecosystem, run by the django-tasks worker (see search/tasks.py for the pattern)."""

from django_tasks import task

from ecosystem.actions.reminders import do_send_reminders


@task()
def send_reminders() -> int:
    """The day's reminders to labelled projects (self-assessment due, end report due)."""
    return do_send_reminders()
