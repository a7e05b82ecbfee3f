"""The consortium builder for a project with five open slots, timed in a child process next to brute force.

``python -m bench.matching_consortium`` (bench settings, the search backend of its environment) takes the
project of the slot the ranking benchmark measures (``bench.matching_ranking.pick_slot``) and, inside a
transaction it rolls back, opens slots on it until it has ``--slots`` open ones, copying the open slots of
other demo projects (kinds, resources sought, scope). Then, in one process:

* **builder** — :func:`ecosystem.matching.consortium.build_consortium`: the engine's candidates per slot, then
  the beam search;
* **brute force** — the baseline: the same candidate lists, then every combination tried
  (:func:`ecosystem.matching.consortium.best_exhaustively`).

Each is run once untimed first, then ``--repeat`` / ``--baseline-repeat`` times; prints one JSON object with
both timings' p50/p95, the queries of one build, and how the two proposals' values compare.
"""

import argparse
import json
import sys


def open_slots(project, wanted: int) -> int:
    """Open copies of other demo projects' open slots on ``project`` until it has ``wanted`` open slots."""
    from ecosystem.models import PartnerSlot

    present = PartnerSlot.objects.filter(project=project, is_open=True).count()
    models = (
        PartnerSlot.objects.filter(is_open=True)
        .exclude(project=project)
        .prefetch_related("seeks")
        .order_by("pk")[: max(wanted - present, 0)]
    )
    for model in models:
        copy = PartnerSlot.objects.create(
            project=project,
            title=model.title,
            kinds=model.kinds,
            seeks_tags=model.seeks_tags,
            scope=model.scope,
            description=model.description,
        )
        copy.seeks.set(model.seeks.all())
    return PartnerSlot.objects.filter(project=project, is_open=True).count()


def measure(repeat: int, baseline_repeat: int, slots: int) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from bench.matching_ranking import pick_slot
    from bench.stats import timed_ms, timing_figures
    from ecosystem.matching import current_weights
    from ecosystem.matching.consortium import (
        best_exhaustively,
        build_consortium,
        candidates_for,
        proposal_value,
    )

    slot = pick_slot()
    if slot is None:
        raise SystemExit("no open slot of a published project in the demo set")
    project = slot.project
    weights = current_weights()

    with transaction.atomic():
        opened = open_slots(project, slots)
        builder_ms, proposal = timed_ms(lambda: build_consortium(project, weights=weights), repeat)
        brute_ms, _ = timed_ms(
            lambda: best_exhaustively(candidates_for(project, weights=weights)), baseline_repeat
        )
        with CaptureQueriesContext(connection) as queries:
            build_consortium(project, weights=weights)
        candidates = candidates_for(project, weights=weights)
        exhaustive = best_exhaustively(candidates)
        result = {
            "project": project.slug,
            "slots": opened,
            "proposed": sum(1 for _, suggestion in proposal if suggestion is not None),
            "candidates_per_slot": [len(ranked) for _, ranked in candidates],
            "queries": len(queries.captured_queries),
            "builder": timing_figures(builder_ms),
            "brute_force": timing_figures(brute_ms),
            "value_ratio": proposal_value(candidates, proposal)
            / (proposal_value(candidates, exhaustive) or 1.0),
        }
        transaction.set_rollback(True)  # the bench's demo set stays as generated
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python -m bench.matching_consortium")
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--baseline-repeat", type=int, default=5)
    parser.add_argument("--slots", type=int, default=5)
    arguments = parser.parse_args()
    json.dump(measure(arguments.repeat, arguments.baseline_repeat, arguments.slots), sys.stdout)
