"""``manage.py send_reminders``: the day's reminders to labelled projects (assessment due, end report due)."""

from django.core.management.base import BaseCommand

from ecosystem.tasks import send_reminders


class Command(BaseCommand):
    help = (
        "Remind the editors of labelled projects that a self-assessment is due (every period set on the "
        "call) or that the end report is due (from one month before the end of the call's agreements). "
        "Run it daily; each reminder goes once. --enqueue hands the work to the tasks worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true", help="Run it in the tasks worker.")

    def handle(self, *args, enqueue=False, **options):
        if enqueue:
            send_reminders.enqueue()
            self.stdout.write("reminders enqueued")
            return
        count = send_reminders.call()
        self.stdout.write(f"{count} reminder(s) sent")
