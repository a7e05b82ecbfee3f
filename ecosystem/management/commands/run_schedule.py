"""``manage.py run_schedule``: queue Essaim's periodic tasks at their intervals (``ecosystem.schedule``)."""

import logging
import time

from django.core.management.base import BaseCommand

from ecosystem import schedule

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Queue the periodic tasks (held-back notification emails, digests, event and project reminders, "
        "expiry of partnership proposals) at their intervals, for the tasks worker to run. Runs until "
        "stopped; --once queues every task once and exits (for cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Queue every task once, then exit.")
        parser.add_argument(
            "--tick", type=float, default=30.0, help="Seconds between two looks at the schedule (default 30)."
        )

    def handle(self, *args, once=False, tick=30.0, **options):
        last_queued: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for job in schedule.due(last_queued, now):
                try:
                    job.task.enqueue()
                except Exception:
                    # The database may be restarting: try again at the next tick, never stop the loop.
                    logger.exception("could not queue %s", job.name)
                    continue
                last_queued[job.name] = now
                self.stdout.write(f"queued {job.name}")
            if once:
                return
            time.sleep(tick)
