"""``manage.py load_territories [--region NN]``: load a région's administrative geography (idempotent)."""

from django.core.management.base import BaseCommand, CommandError

from ecosystem.actions.territories import committed_region_path, load_region, read_region_file
from ecosystem.geography import DEFAULT_REGION


class Command(BaseCommand):
    help = (
        "Load the régions, départements, EPCIs and communes of a région (default: the committed "
        "Hauts-de-France file). Safe to run again: only what changed is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--region",
            default=DEFAULT_REGION,
            help="INSEE région code (default: %(default)s). Without a committed file for it, the data is "
            "built from the sources, which needs npm and access to the npm registry.",
        )

    def handle(self, *args, region, **options):
        path = committed_region_path(region)
        if path is not None:
            self.stdout.write(f"Loading région {region} from {path.name}")
            data = read_region_file(path)
        else:
            data = self._build(region)
        report = load_region(data)
        self.stdout.write(f"{report.region_code} {report.region_name}")
        for line in report.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(self.style.SUCCESS("Territories loaded."))

    def _build(self, region: str) -> dict:
        # Imported here: building pulls in the GeoNames data, which only this path needs.
        from ecosystem.geography.build import build_region

        self.stdout.write(
            f"No committed file for région {region}: building it from Etalab (npm) and GeoNames…"
        )
        try:
            return build_region(region)
        except KeyError as error:
            raise CommandError(error.args[0]) from error
        except Exception as error:
            raise CommandError(
                f"Could not build région {region} from the sources ({error}). Building needs npm on PATH and "
                "network access to the npm registry; or commit its file with "
                f"`python -m ecosystem.geography.build --region {region}`."
            ) from error
