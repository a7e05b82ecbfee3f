"""``manage.py send_digests``: queue the digest task (run it hourly; each person gets theirs daily or weekly)."""

from django.core.management.base import BaseCommand

from ecosystem.tasks import send_digests


class Command(BaseCommand):
    help = (
        "Queue the email digests task: each person whose daily or weekly digest is due and who has something "
        "new gets one email. Safe to run often; an interrupted run resumes without sending anyone twice."
    )

    def handle(self, *args, **options):
        result = send_digests.enqueue()
        self.stdout.write(f"digest task queued ({result.id})")
