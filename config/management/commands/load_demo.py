"""Load the site skeleton and the demo content; safe to run again at any time."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from ecosystem.actions.accounts import ensure_account

DEMO_PASSWORD = "essaim-demo-2026"  # noqa: S105 - printed to the console on purpose: local demo only
DEMO_ACCOUNTS = [
    {
        "email": "admin@essaim.localhost",
        "display_name": "Équipe Région",
        "is_staff": True,
        "is_superuser": True,
    },
    {"email": "camille@essaim.localhost", "display_name": "Camille Lefebvre"},
]


class Command(BaseCommand):
    help = "Load the reference data, then the demo accounts and content (idempotent; never in production)."

    def handle(self, *args, **options):
        call_command("load_reference_data", stdout=self.stdout)
        for spec in DEMO_ACCOUNTS:
            _, created = ensure_account(password=DEMO_PASSWORD, **spec)
            state = "created" if created else "already there"
            self.stdout.write(f"  {spec['email']} ({state})")
        self.stdout.write(
            self.style.SUCCESS(
                "\nEssaim is ready: http://127.0.0.1:8000/\n"
                "  log in at http://127.0.0.1:8000/comptes/login/ (admin: http://127.0.0.1:8000/admin/)\n"
                f"  demo accounts, password « {DEMO_PASSWORD} »:\n"
                "    admin@essaim.localhost   — Région staff, Wagtail administrator\n"
                "    camille@essaim.localhost — a member of the ecosystem\n"
                "  emails (sign-up verification, password reset) are printed in this console."
            )
        )
