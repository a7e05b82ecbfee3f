"""Reference data every deployment needs: territories and the editorial skeleton (no demo accounts).

Idempotent: the scaled deployment's release step runs it on every deployment (platform/release.sh).
"""

from django.core.management.base import BaseCommand

from cms.demo import ensure_site
from ecosystem.actions.territories import load_committed_region


class Command(BaseCommand):
    help = "Load the région's territories and create the home and legal pages if missing (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--region", default="32", help="INSEE code of the région (default: 32)")

    def handle(self, *args, region, **options):
        report = load_committed_region(region)
        self.stdout.write(
            f"  territories of {report.region_name}: {report.total('created')} created, "
            f"{report.total('updated')} updated, {report.total('unchanged')} unchanged"
        )
        ensure_site()
        self.stdout.write("  home page, legal pages and site settings in place")
