"""The meeting scheduler timed in a child process (``python -m bench.meetings_scheduler``, bench settings).

An event of ``--registrants`` people and ``--requests`` random requests (a fixed seed), each accepted in turn
and scheduled by :func:`ecosystem.actions.meetings.first_free_slot` against the meetings accepted before it,
as ``answer_meeting`` does under the event's lock (the database reads and writes left out: they are the
HTTP benchmarks' business). Timed in the same process next to its baseline, **reading the same requests**:
for each request, one pass over the meetings accepted before it, the least any scheduler that looks at
the current state must do. Prints one JSON object: both timings' p50/p95, how many meetings were
scheduled, and how many people or tables ended up double-booked (must be 0).
"""

import argparse
import json
import random
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from time import perf_counter


def requests(registrants: int, count: int, seed: int) -> list[tuple[int, int]]:
    """``count`` random (requester, invitee) pairs, each pair once (the actions refuse a second request)."""
    chance, pairs, asked = random.Random(seed), [], set()
    while len(pairs) < count:
        requester, invitee = chance.sample(range(1, registrants + 1), 2)
        if frozenset((requester, invitee)) not in asked:
            asked.add(frozenset((requester, invitee)))
            pairs.append((requester, invitee))
    return pairs


def schedule(event, pairs, first_free_slot, seen=None) -> list[tuple[int, int, datetime, int]]:
    """Accept every request in turn; ``seen`` (if given) receives how many meetings each request found."""
    accepted = []
    for requester, invitee in pairs:
        if seen is not None:
            seen.append(len(accepted))
        slot = first_free_slot(event, (requester, invitee), accepted)
        if slot is not None:
            accepted.append((requester, invitee, *slot))
    return accepted


def read_only(pairs, seen: list[int], accepted) -> int:
    """The baseline: the same requests, each reading the meetings accepted before it once."""
    touched = 0
    for (requester, invitee), before in zip(pairs, seen, strict=True):
        for row in accepted[:before]:
            touched += row[0] == requester or row[1] == invitee
    return touched


def double_booked(accepted) -> int:
    people = Counter((person, start) for a, b, start, _t in accepted for person in (a, b))
    tables = Counter((start, table) for _a, _b, start, table in accepted)
    return sum(n - 1 for n in people.values() if n > 1) + sum(n - 1 for n in tables.values() if n > 1)


def _timed(function, repeat: int) -> list[float]:
    function()  # once untimed: imports and caches
    timings = []
    for _ in range(repeat):
        started = perf_counter()
        function()
        timings.append((perf_counter() - started) * 1000)
    return timings


def measure(
    registrants: int, count: int, repeat: int, seed: int, hours: int, minutes: int, tables: int
) -> dict:
    import django

    django.setup()
    from bench.stats import percentile
    from ecosystem.actions.meetings import first_free_slot, slots
    from ecosystem.models import Event

    start = datetime(2030, 3, 14, 8, 0, tzinfo=UTC)
    event = Event(
        starts_at=start,
        ends_at=start + timedelta(hours=hours),
        meeting_minutes=minutes,
        meeting_tables=tables,
    )
    pairs = requests(registrants, count, seed)
    seen = []  # how many meetings each request found accepted before it: what the baseline reads
    accepted = schedule(event, pairs, first_free_slot, seen)
    scheduler_ms = _timed(lambda: schedule(event, pairs, first_free_slot), repeat)
    baseline_ms = _timed(lambda: read_only(pairs, seen, accepted), repeat)

    def figures(timings):
        return {"runs": len(timings), "p50_ms": percentile(timings, 50), "p95_ms": percentile(timings, 95)}

    return {
        "scheduler": figures(scheduler_ms),
        "baseline": figures(baseline_ms),
        "scheduled": len(accepted),
        "slots": len(slots(event)),
        "double_booked": double_booked(accepted),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.meetings_scheduler")
    parser.add_argument("--registrants", type=int, default=200)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--hours", type=int, default=8)
    parser.add_argument("--minutes", type=int, default=20)
    parser.add_argument("--tables", type=int, default=30)
    options = parser.parse_args(argv)
    result = measure(
        options.registrants,
        options.requests,
        options.repeat,
        options.seed,
        options.hours,
        options.minutes,
        options.tables,
    )
    json.dump(result, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
