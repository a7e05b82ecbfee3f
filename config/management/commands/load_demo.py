"""Load the site skeleton and the demo content; safe to run again at any time."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

import search
from cms.demo_home import ensure_home_features
from ecosystem.actions.accounts import ensure_account
from ecosystem.demo import generate_demo
from ecosystem.demo.calls import load_calls_demo
from ecosystem.demo.events import load_events_demo
from ecosystem.demo.swarming import load_swarming_demo
from spaces.demo import load_spaces_demo

DEMO_PASSWORD = "essaim-demo-2026"  # noqa: S105 - printed to the console on purpose: local demo only
DEMO_ACCOUNTS = [
    {
        "email": "admin@essaim.localhost",
        "display_name": "Équipe Région",
        "is_staff": True,
        "is_superuser": True,
    },
    {"email": "camille@essaim.localhost", "display_name": "Camille Lefebvre"},
    # The tiers-lieu's space (spaces.demo): its manager, and a member who registers to its events.
    {"email": "lea@essaim.localhost", "display_name": "Léa Garnier"},
    {"email": "sacha@essaim.localhost", "display_name": "Sacha Roux"},
]


class Command(BaseCommand):
    help = "Load the reference data, then the demo accounts and content (idempotent; never in production)."

    def add_arguments(self, parser):
        parser.add_argument("--actors", type=int, default=120, help="demo actors (default: 120; 0 for none)")
        parser.add_argument("--projects", type=int, default=30, help="demo projects (default: 30)")

    def handle(self, *args, actors, projects, **options):
        call_command("load_reference_data", stdout=self.stdout)
        for spec in DEMO_ACCOUNTS:
            _, created = ensure_account(password=DEMO_PASSWORD, **spec)
            state = "created" if created else "already there"
            self.stdout.write(f"  {spec['email']} ({state})")
        # After the accounts, so the demo account joins its association (see ecosystem.demo.generate_demo).
        for line in generate_demo(actors=actors, projects=projects).lines():
            self.stdout.write(f"  {line}")
        # Calls after the projects: the closed call's applications come from published demo projects.
        for line in load_calls_demo(jury_password=DEMO_PASSWORD):
            self.stdout.write(f"  {line}")
        for line in load_events_demo():  # hosted by demo structures, so after them
            self.stdout.write(f"  {line}")
        # After the projects too: a published demo project is made ready for the showcase.
        for line in load_swarming_demo():
            self.stdout.write(f"  {line}")
        for line in ensure_home_features():  # the home page features demo projects: after them
            self.stdout.write(f"  {line}")
        # Spaces after the ecosystem set: the space is hosted by a demo incubator, rooms follow demo projects.
        for line in load_spaces_demo():
            self.stdout.write(f"  {line}")
        # The generator writes in bulk, past the actions that keep the index in step: rebuild it once.
        self.stdout.write(f"  search index: {search.rebuild()} entries")
        self.stdout.write(
            self.style.SUCCESS(
                "\nEssaim is ready: http://127.0.0.1:8000/\n"
                "  log in at http://127.0.0.1:8000/comptes/login/ (admin: http://127.0.0.1:8000/admin/)\n"
                f"  demo accounts, password « {DEMO_PASSWORD} »:\n"
                "    admin@essaim.localhost   — Région staff, Wagtail administrator\n"
                "    camille@essaim.localhost — admin of an association, partner in a project, "
                "lead of a draft project\n"
                "    jure.martin@demo.essaim.localhost, jure.benali@demo.essaim.localhost — jury members\n"
                "    lea@essaim.localhost     — manager of a tiers-lieu and of its space (events)\n"
                "    sacha@essaim.localhost   — member of the tiers-lieu's space\n"
                "  other demo people (…@demo.essaim.localhost) cannot log in.\n"
                "  emails (sign-up verification, password reset) are printed in this console."
            )
        )
