"""Background tasks of the domain (django-tasks: immediate on the embedded default, the database worker in the
scaled mode). Arguments are JSON; each task reads the database again when it runs."""

from django_tasks import task

from ecosystem.actions import digests


@task()
def send_digests() -> int:
    """Send the due digests; safe to run again or after an interruption (see ``ecosystem.actions.digests``)."""
    return digests.send_digests()
