"""The periodic work: ``ecosystem.schedule`` says when each task is due, ``manage.py run_schedule`` queues it,
and the worker (here the immediate tasks backend) does it."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from ecosystem import schedule
from ecosystem.actions import invitations
from ecosystem.models import Notification, PartnerInvitation
from tests.factories import UserFactory

MINUTE, HOUR, DAY = 60, 3600, 86400


def names(jobs):
    return sorted(job.name for job in jobs)


def test_every_job_is_due_at_start_then_each_at_its_own_interval():
    everything = names(schedule.JOBS)
    assert names(schedule.due({}, now=1000.0)) == everything
    queued = dict.fromkeys(everything, 1000.0)
    assert schedule.due(queued, now=1000.0 + 5 * MINUTE - 1) == []
    assert names(schedule.due(queued, now=1000.0 + 5 * MINUTE)) == ["send_notification_emails"]
    assert names(schedule.due(queued, now=1000.0 + HOUR)) == [
        "send_digests",
        "send_event_reminders",
        "send_notification_emails",
    ]
    assert names(schedule.due(queued, now=1000.0 + DAY)) == everything


def test_every_periodic_management_command_has_its_job():
    """Each command written for cron (``send_*``, ``expire_*``) is in the scheduler's table, and nothing else."""
    commands = Path(schedule.__file__).parent / "management" / "commands"
    periodic = sorted(p.stem for p in commands.glob("*.py") if p.stem.startswith(("send_", "expire_")))
    assert periodic == names(schedule.JOBS)


@pytest.mark.django_db
def test_run_schedule_once_does_the_held_back_work(consent, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    invitation = invitations.invite_partner(consent.cast.lead_admin, consent.project, consent.invitee)
    PartnerInvitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    person = UserFactory()
    Notification.objects.create(user=person, kind="k", title="En attente", url="/x/", email_topic="project:1")

    out = io.StringIO()
    call_command("run_schedule", "--once", stdout=out)

    assert out.getvalue().splitlines() == [f"queued {job.name}" for job in schedule.JOBS]
    invitation.refresh_from_db()
    assert invitation.status == PartnerInvitation.Status.EXPIRED
    assert [e.to for e in mail.outbox if e.subject == "[Essaim] En attente"] == [[person.email]]
