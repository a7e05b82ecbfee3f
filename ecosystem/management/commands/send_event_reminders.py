"""``manage.py send_event_reminders``: remind confirmed registrants the day before their event."""

from django.core.management.base import BaseCommand

from ecosystem.actions.events import do_send_reminders


class Command(BaseCommand):
    help = (
        "Notify (bell and email) every confirmed registrant of a published event starting within 24 hours, "
        "once per person. Run it hourly."
    )

    def handle(self, *args, **options):
        count = do_send_reminders()
        self.stdout.write(f"{count} event reminder(s) sent")
