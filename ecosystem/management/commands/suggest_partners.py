"""``manage.py suggest_partners --slot ID [--limit N] [--json]``: a slot's ranked partner suggestions.

``--json`` prints exactly what ``/projets/<slug>/places/<id>/suggestions.json`` answers (one serialiser,
``ecosystem.matching.as_json``); without it, one line per suggestion with its reasons. An operator's tool:
no permission check, any slot (a closed slot has no suggestion).
"""

import json

from django.core.management.base import BaseCommand, CommandError

from ecosystem import matching
from ecosystem.models import PartnerSlot


class Command(BaseCommand):
    help = "Print the ranked partner suggestions of a partner slot (as JSON with --json)."

    def add_arguments(self, parser):
        parser.add_argument("--slot", type=int, required=True, help="id of the partner slot")
        parser.add_argument("--limit", type=int, default=10, help="how many suggestions (default: 10)")
        parser.add_argument("--json", action="store_true", help="the JSON list of the suggestions endpoint")

    def handle(self, *args, slot, limit, json: bool, **options):
        found = PartnerSlot.objects.select_related("project").filter(pk=slot).first()
        if found is None:
            raise CommandError(f"No partner slot with id {slot}.")
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        suggestions = matching.suggest_for_slot(found, limit=limit)
        if json:
            self.stdout.write(_dumps(matching.as_json(suggestions)))
            return
        if not found.is_open:
            self.stdout.write(f"The slot “{found}” is closed: no suggestion.")
        for rank, suggestion in enumerate(suggestions, 1):
            self.stdout.write(
                f"{rank:>2}. {suggestion.actor.name} ({suggestion.actor.slug}) {suggestion.score:.2f}"
            )
            for reason in suggestion.reasons:
                self.stdout.write(f"      - {reason}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
