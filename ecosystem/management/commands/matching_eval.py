"""Measure the partner ranking on planted ground truth and a hold-one-partner-out (nothing is kept)."""

import json

from django.core.management.base import BaseCommand, CommandError

from ecosystem.matching.evaluation import evaluate, report_lines


class Command(BaseCommand):
    help = (
        "Rank the candidates of slots whose right answers are known and print recall@5, recall@10, MRR and "
        "an ablation of each score part. Everything it writes is rolled back. Needs load_reference_data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=20, help="planted slots (default: 20)")
        parser.add_argument(
            "--holdout", type=int, default=30, help="demo projects to hold a partner out of (default: 30)"
        )
        parser.add_argument(
            "--background", type=int, default=12, help="other structures per planted slot (default: 12)"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (default: 2026)")
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, size, holdout, background, seed, json: bool, **options):
        if min(size, holdout, background) < 0:
            raise CommandError("--size, --holdout and --background must not be negative.")
        try:
            result = evaluate(size=size, holdout=holdout, seed=seed, background=background)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if json:
            self.stdout.write(_dumps(result))
        else:
            for line in report_lines(result):
                self.stdout.write(line)


def _dumps(result: dict) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2)
