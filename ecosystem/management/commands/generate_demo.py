"""Generate (or complete) the deterministic demo set at any size: ``--actors 10000 --projects 2000``."""

from django.core.management.base import BaseCommand

from ecosystem.demo import delete_demo, generate_demo


class Command(BaseCommand):
    help = (
        "Create the demo actors and projects that are missing (idempotent; needs load_reference_data). "
        "Never in production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--actors", type=int, default=120, help="number of demo actors (default: 120)")
        parser.add_argument("--projects", type=int, default=30, help="number of demo projects (default: 30)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
        parser.add_argument(
            "--reset", action="store_true", help="delete the existing demo set first (to change seed)"
        )

    def handle(self, *args, actors, projects, seed, reset, **options):
        if reset:
            deleted = delete_demo()
            self.stdout.write(f"  demo content deleted: {sum(deleted.values())} rows")
        report = generate_demo(actors=actors, projects=projects, seed=seed)
        for line in report.lines():
            self.stdout.write(f"  {line}")
