"""Benchmark ``meetings``: the partner-meeting scheduler for an event of 200 registrants and 1,000 requests.

Runs ``bench.meetings_scheduler`` in a child process (bench settings; no server, no database rows) and prints
the scheduler's p50/p95 as a ratio to its baseline measured in the same run, reading the same requests (each
one reading the meetings accepted before it). A run that double-books a person or a table is an error.
"""

import json
import subprocess
import sys

from bench import report, server

NAME = "meetings"
DESCRIPTION = "the meeting scheduler at 200 registrants and 1,000 requests vs reading the same requests"


def add_arguments(parser) -> None:
    parser.add_argument("--registrants", type=int, default=200, help="registrants (default: 200)")
    parser.add_argument("--requests", type=int, default=1000, help="random requests (default: 1000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each (default: 20)")
    parser.add_argument("--seed", type=int, default=17, help="seed of the random requests (default: 17)")
    parser.add_argument("--tables", type=int, default=30, help="tables (default: 30; 8 h of 20-minute slots)")


def run(options) -> dict:
    if min(options.registrants - 1, options.requests, options.repeat, options.tables) < 1:
        raise SystemExit("--registrants must be at least 2; --requests, --repeat and --tables at least 1")
    started_at = report.utc_now()
    parameters = {
        "registrants": options.registrants,
        "requests": options.requests,
        "repeat": options.repeat,
        "seed": options.seed,
        "tables": options.tables,
    }
    argv = [sys.executable, "-m", "bench.meetings_scheduler"]
    for key, value in parameters.items():
        argv += [f"--{key}", str(value)]
    completed = subprocess.run(
        argv, cwd=server.PROJECT_DIR, env=server.bench_env(), capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise RuntimeError(f"scheduler failed:\n{(completed.stdout + completed.stderr).strip()[-3000:]}")
    result = json.loads(completed.stdout)
    environment = report.environment(server.SETTINGS_MODULE, server="none (in process)")
    return {
        "benchmark": NAME,
        "started_at": started_at.isoformat(),
        "environment": environment,
        "parameters": parameters,
        **result,
        "ratio": {
            "p50": result["scheduler"]["p50_ms"] / result["baseline"]["p50_ms"],
            "p95": result["scheduler"]["p95_ms"] / result["baseline"]["p95_ms"],
        },
    }


def format_table(document: dict) -> str:
    environment = document["environment"]
    parameters = ", ".join(f"{key} {value}" for key, value in document["parameters"].items())
    header = f"{'case':<28} {'p50 ms':>9} {'p95 ms':>9}  {'p50 ×':>7} {'p95 ×':>7}"
    scheduler, baseline, ratio = document["scheduler"], document["baseline"], document["ratio"]
    return "\n".join(
        [
            f"{NAME} — {document['started_at']} — Python {environment['python']}, Django {environment['django']}, "
            f"{environment['cpu_count']} CPUs",
            parameters,
            f"{document['scheduled']} meetings scheduled in {document['slots']} slots; "
            f"double-booked: {document['double_booked']}",
            header,
            "-" * len(header),
            f"{'reading the requests':<28} {baseline['p50_ms']:>9.2f} {baseline['p95_ms']:>9.2f}  {'baseline':>15}",
            f"{'scheduling them':<28} {scheduler['p50_ms']:>9.2f} {scheduler['p95_ms']:>9.2f}  "
            f"{ratio['p50']:>6.2f}× {ratio['p95']:>6.2f}×",
        ]
    )


def error_lines(document: dict) -> list[str]:
    if document["double_booked"]:
        return [f"{NAME}: {document['double_booked']} double bookings (a person or a table booked twice)"]
    return []
