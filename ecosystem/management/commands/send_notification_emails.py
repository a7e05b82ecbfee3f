"""``manage.py send_notification_emails``: send the notification emails the hourly limit held back."""

from django.core.management.base import BaseCommand

from ecosystem.actions.notification_emails import send_due_emails


class Command(BaseCommand):
    help = (
        "Send the notification emails that are due: one email per person and project with everything "
        "that waited, never more than one an hour. Run it every few minutes (cron or worker)."
    )

    def handle(self, *args, **options):
        count = send_due_emails()
        self.stdout.write(f"{count} email(s) sent")
