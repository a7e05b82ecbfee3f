"""The HTTP load client: N concurrent keep-alive connections, run in a process of its own.

The client runs in a separate process from the server so the two do not share an interpreter lock or an
event loop: a client in the server's process would slow the server down and make the baseline lie. The
parent calls ``run_load``; the child (``python -m bench.load``) drives the load with an asyncio httpx client
and prints the raw measurements as JSON on stdout, which the parent summarises with ``bench.stats``.

The targets (baseline first) are measured in interleaved rounds — baseline, page A, page B, baseline, … —
rather than one after the other: anything else running on the machine then weighs on every target alike
instead of on whichever happened to be measured at the time, and the ratios stay comparable between runs.
"""

import argparse
import asyncio
import json
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from time import perf_counter

from bench.stats import Measurement, is_error, summarise

PROJECT_DIR = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class LoadSpec:
    """How hard to push: the same spec is used for the baseline and every case, or ratios mean nothing."""

    requests: int  # measured requests per target, over all rounds
    concurrency: int
    warmup: int  # unmeasured requests per target, before the first round
    rounds: int = 5
    timeout_s: float = 30.0


def add_load_arguments(parser: argparse.ArgumentParser, *, requests: int, concurrency: int, warmup: int):
    """The load options every HTTP benchmark accepts, with that benchmark's defaults."""
    parser.add_argument("--requests", type=int, default=requests, help="measured requests per case")
    parser.add_argument("--concurrency", type=int, default=concurrency, help="concurrent connections")
    parser.add_argument("--warmup", type=int, default=warmup, help="unmeasured requests before each case")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds the requests are split in")


def spec_from_options(options: argparse.Namespace) -> LoadSpec:
    if min(options.requests, options.concurrency, options.rounds) < 1 or options.warmup < 0:
        raise SystemExit("--requests, --concurrency and --rounds must be at least 1, --warmup at least 0")
    return LoadSpec(
        options.requests, options.concurrency, options.warmup, min(options.rounds, options.requests)
    )


def run_load(
    base_url: str, targets: list[tuple[str, str]], spec: LoadSpec, *, slowest_rps: float = 10
) -> list[Measurement]:
    """Load each ``(name, path)`` of ``targets`` from one child process; one Measurement per target.

    ``slowest_rps`` bounds the wait: the run is abandoned if it goes slower than that on average (pages
    over a large data set, e.g. the directory benchmark's, pass a lower figure).
    """
    argv = [sys.executable, "-m", "bench.load", base_url, *(path for _, path in targets)]
    argv += ["--requests", str(spec.requests), "--concurrency", str(spec.concurrency)]
    argv += ["--warmup", str(spec.warmup), "--rounds", str(spec.rounds), "--timeout", str(spec.timeout_s)]
    # A generous bound: even at ``slowest_rps`` requests/s every target finishes well within it.
    deadline = 60 + len(targets) * (spec.requests + spec.warmup) / slowest_rps
    completed = subprocess.run(
        argv, cwd=PROJECT_DIR, capture_output=True, text=True, timeout=deadline, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"load client failed:\n{completed.stderr.strip()}")
    measurements = []
    for (name, path), raw in zip(targets, json.loads(completed.stdout), strict=True):
        statuses = raw["statuses"]
        errors = sum(count for status, count in statuses.items() if is_error(status))
        measurements.append(
            summarise(name, raw["latencies_ms"], errors, raw["wall_s"], target=path, statuses=statuses)
        )
    return measurements


def split(total: int, parts: int) -> list[int]:
    """``total`` requests over ``parts`` rounds, as evenly as possible (the first rounds take the rest)."""
    share, rest = divmod(total, parts)
    return [share + (1 if index < rest else 0) for index in range(parts)]


# --- The child process --------------------------------------------------------------------------------


async def _phase(client, path: str, total: int, concurrency: int) -> dict:
    """Send ``total`` GETs over ``concurrency`` connections, each worker waiting for its previous answer.

    A closed loop (each connection sends its next request when the previous answer is read) measures the
    server's capacity at that concurrency without piling up an unbounded queue of requests.
    """
    import httpx

    latencies_ms: list[float] = []
    statuses: Counter[str] = Counter()
    remaining = total

    async def worker():
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            start = perf_counter()
            try:
                response = await client.get(path)  # not streamed: the body is read before it returns
                status = str(response.status_code)
            except httpx.HTTPError as exc:
                status = type(exc).__name__
            latencies_ms.append((perf_counter() - start) * 1000)
            statuses[status] += 1

    started = perf_counter()
    await asyncio.gather(*(worker() for _ in range(min(concurrency, total))))
    return {"latencies_ms": latencies_ms, "statuses": statuses, "wall_s": perf_counter() - started}


async def _drive(base_url: str, paths: list[str], spec: LoadSpec) -> list[dict]:
    import httpx

    limits = httpx.Limits(max_connections=spec.concurrency, max_keepalive_connections=spec.concurrency)
    totals = [{"latencies_ms": [], "statuses": Counter(), "wall_s": 0.0} for _ in paths]
    # trust_env=False: a proxy from the environment must never sit between the client and the server.
    async with httpx.AsyncClient(
        base_url=base_url, limits=limits, timeout=spec.timeout_s, trust_env=False, follow_redirects=False
    ) as client:
        for path in paths:
            if spec.warmup:
                # Same connections, same concurrency: measuring starts with warm connections, caches,
                # thread pools and compiled templates.
                await _phase(client, path, spec.warmup, spec.concurrency)
        for share in split(spec.requests, spec.rounds):
            for path, total in zip(paths, totals, strict=True):
                phase = await _phase(client, path, share, spec.concurrency)
                total["latencies_ms"] += phase["latencies_ms"]
                total["statuses"] += phase["statuses"]
                total["wall_s"] += phase["wall_s"]
    return totals


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description="HTTP load client (child)")
    parser.add_argument("base_url")
    parser.add_argument("paths", nargs="+", help="measured in this order in every round")
    add_load_arguments(parser, requests=100, concurrency=10, warmup=0)
    parser.add_argument("--timeout", type=float, default=30.0)
    options = parser.parse_args(argv)
    spec = replace(spec_from_options(options), timeout_s=options.timeout)
    json.dump(asyncio.run(_drive(options.base_url, options.paths, spec)), sys.stdout)


if __name__ == "__main__":
    main()
