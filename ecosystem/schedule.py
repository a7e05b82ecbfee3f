"""The periodic work of Essaim, in one table, and the loop that queues it.

Several rules wait for time to pass: notification emails held back by the one-an-hour rule, digests, the
reminders of labelled projects and of events, partnership proposals that expire. Each is a django-tasks task
(``ecosystem.tasks``) that is idempotent — running it early, twice or after a crash sends nobody anything
twice — so the schedule needs no memory of its own: ``manage.py run_schedule`` queues every job when it
starts and then each one again once its interval has passed. In the scaled mode it runs as the
``scheduler`` service and the ``worker`` runs the tasks; with cron instead, ``run_schedule --once`` queues
every job once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from ecosystem import tasks


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task: Callable  # a django-tasks Task: .enqueue()


JOBS: tuple[Job, ...] = (
    # Held-back notification emails leave within minutes of their hour.
    Job("send_notification_emails", timedelta(minutes=5), tasks.send_notification_emails),
    # Digests are daily or weekly per person; an hourly run sends each one near the hour it is due.
    Job("send_digests", timedelta(hours=1), tasks.send_digests),
    # « The day before »: hourly so a reminder leaves 23 to 24 hours ahead.
    Job("send_event_reminders", timedelta(hours=1), tasks.send_event_reminders),
    Job("expire_partner_invitations", timedelta(days=1), tasks.expire_partner_invitations),
    Job("send_reminders", timedelta(days=1), tasks.send_reminders),
)


def due(last_queued: dict[str, float], now: float) -> list[Job]:
    """The jobs to queue at ``now`` (seconds, monotonic), given when each was last queued (absent: never)."""
    return [
        job
        for job in JOBS
        if job.name not in last_queued or now - last_queued[job.name] >= job.every.total_seconds()
    ]
