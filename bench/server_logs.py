"""What the servers said about the live path during a real-time run: drops and gap-filling reads, per phase.

Each server process writes its log to a file (``bench.server.ServerProcess``); on the bench settings every
application line starts with its Unix time (``bench/settings.py``). After the run these files are read and
three kinds of line counted:

- ``live drop``: Essaim's room hub could not hand a live message to a connection (``spaces.live``, WARNING);
- ``gap fill``: a message missing from the live stream was read back from the database (``spaces.live``, INFO);
- ``over capacity``: channels_redis dropped a group message for a full channel ("N of M channels over capacity
  in group …", INFO); ``over_capacity_channels`` adds up the N of those lines, the channels that lost it.

Lines are split by the phases the load client timed (``{"name": [start, end]}`` in Unix time); a line outside
every window (or without a time) counts in the total only.
"""

import re
from collections.abc import Iterable
from pathlib import Path

KINDS = {"live_drops": "live drop", "gap_fills": "gap fill", "over_capacity": "over capacity"}
OVER_CAPACITY = re.compile(r"(\d+) of \d+ channels over capacity")
STAMP = re.compile(r"^(\d+\.\d+) ")


def empty_counts() -> dict[str, int]:
    return dict.fromkeys(KINDS, 0) | {"over_capacity_channels": 0}


def classify(line: str) -> dict[str, int]:
    """What one log line reports, as counts (all zero for an unrelated line)."""
    counts = {}
    lowered = line.lower()
    for kind, needle in KINDS.items():
        if needle in lowered:
            counts[kind] = 1
    if match := OVER_CAPACITY.search(line):
        counts["over_capacity_channels"] = int(match.group(1))
    return counts


def line_time(line: str) -> float | None:
    match = STAMP.match(line)
    return float(match.group(1)) if match else None


def count_lines(lines: Iterable[str], windows: dict[str, list[float]] | None = None) -> dict[str, dict]:
    """``{"total": counts, <phase>: counts, …}`` for ``lines``; a phase's window is [start, end] inclusive."""
    windows = windows or {}
    result = {"total": empty_counts()} | {phase: empty_counts() for phase in windows}
    for line in lines:
        counts = classify(line)
        if not counts:
            continue
        at = line_time(line)
        buckets = ["total"] + [
            phase for phase, (start, end) in windows.items() if at is not None and start <= at <= end
        ]
        for bucket in buckets:
            for kind, value in counts.items():
                result[bucket][kind] += value
    return result


def count_files(paths: Iterable[Path], windows: dict[str, list[float]] | None = None) -> dict[str, dict]:
    """:func:`count_lines` over the logs of several processes (one target's), added together."""
    lines = []
    for path in paths:
        try:
            lines += path.read_text(errors="replace").splitlines()
        except OSError:
            continue  # a server that never started wrote nothing: nothing to count
    return count_lines(lines, windows)
