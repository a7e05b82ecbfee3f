"""Figures computed from raw measurements: percentiles, throughput, ratios to a baseline.

Pure functions on plain numbers, so they are tested on known data without starting any server; and
:func:`timed_ms`, the timing loop of the benchmarks that call a function in process (matching's).
"""

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from time import perf_counter


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) of ``values``, interpolating linearly between the closest ranks.

    The same definition as NumPy's default and ``statistics.quantiles(method="inclusive")``, so figures
    can be checked against either; raises ValueError on no data rather than inventing a number.
    """
    if not values:
        raise ValueError("percentile of no data")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} outside 0–100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def is_error(status: str) -> bool:
    """Whether a request (or message) that ended with ``status`` failed.

    Success is an HTTP 2xx, or "ok" for protocols without status codes. Redirects are errors: a benchmark
    that measures a redirect measures the wrong page. Transport failures are recorded under the exception's
    name, so they are errors too.
    """
    return not (status == "ok" or (status.isdigit() and 200 <= int(status) < 300))


@dataclass(frozen=True)
class Measurement:
    """One case under load: what the client saw, summarised."""

    name: str
    requests: int
    errors: int
    wall_s: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    target: str = ""  # what was measured, e.g. the URL path
    statuses: dict[str, int] = field(default_factory=dict)  # how the requests ended, for the error report

    def as_dict(self) -> dict:
        return asdict(self)


def failures(statuses: dict) -> str:
    """How the failed requests (or messages) of a measurement ended, e.g. ``lost×3, ConnectionClosed×1``."""
    return ", ".join(f"{status}×{count}" for status, count in sorted(statuses.items()) if is_error(status))


def summarise(
    name: str,
    latencies_ms: Sequence[float],
    errors: int,
    wall_s: float,
    *,
    target: str = "",
    statuses: dict[str, int] | None = None,
) -> Measurement:
    """Summarise one measured phase: every completed request counts towards throughput and latency.

    Errors are counted, not dropped: a fast failure would otherwise flatter the figures, and the runner
    refuses to call a run with errors a success anyway.
    """
    if wall_s <= 0:
        raise ValueError("wall time must be positive")
    return Measurement(
        name=name,
        requests=len(latencies_ms),
        errors=errors,
        wall_s=wall_s,
        rps=len(latencies_ms) / wall_s,
        p50_ms=percentile(latencies_ms, 50),
        p95_ms=percentile(latencies_ms, 95),
        p99_ms=percentile(latencies_ms, 99),
        target=target,
        statuses=dict(statuses or {}),
    )


def ratios(case: Measurement, baseline: Measurement) -> dict[str, float]:
    """The case's figures as multiples of the baseline's: rps 0.31 means 31 % of the baseline's throughput,
    p50 3.2 means a median latency 3.2 times the baseline's."""
    return {
        "rps": case.rps / baseline.rps,
        "p50": case.p50_ms / baseline.p50_ms,
        "p95": case.p95_ms / baseline.p95_ms,
    }


def timed_ms(function, repeat: int) -> tuple[list[float], object]:
    """``repeat`` timings of ``function()`` in ms, after one untimed call (cold caches), and its last result."""
    result = function()
    timings = []
    for _ in range(repeat):
        started = perf_counter()
        result = function()
        timings.append((perf_counter() - started) * 1000)
    return timings, result


def timing_figures(timings: Sequence[float]) -> dict:
    return {"runs": len(timings), "p50_ms": percentile(timings, 50), "p95_ms": percentile(timings, 95)}
