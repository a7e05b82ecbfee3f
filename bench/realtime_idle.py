"""Benchmark ``connections``: how many idle WebSocket connections one process holds, and what each costs.

Each target runs in a fresh process: the bare ``websockets`` broadcast server (the baseline), then Essaim's
room consumer under daphne on the in-memory layer and on the Redis layer (skipped, with the reason printed,
without a reachable ``REDIS_URL``). The client warms the server up, reads its resident memory, opens the
connections (Essaim's are logged-in users spread over rooms of at most ``--per-room`` clients, each one
joined: it received its ``ready`` frame), waits, reads the memory again, then pings every connection. The
figures: connections held (answering the ping at the end) of those attempted, and the resident memory they
added per connection, also as a multiple of the bare server's, judged against issue #15's target (an idle
connection ≤ 2.5× the bare server's, ``bench.realtime_goals``).
"""

from bench import realtime_goals as goals
from bench import report, server
from bench.realtime_targets import (
    BARE,
    LAYERS,
    Target,
    bare_server,
    essaim_fixtures,
    essaim_server,
    prepare_database,
    redis_problem,
    run_client,
)

NAME = "connections"
DESCRIPTION = "idle WebSocket connections one process holds and its memory per connection, vs bare websockets"


def add_arguments(parser) -> None:
    parser.add_argument("--connections", type=int, default=1000, help="idle connections to open per target")
    parser.add_argument("--per-room", type=int, default=50, help="Essaim clients per room")
    parser.add_argument("--settle", type=float, default=2.0, help="seconds to wait before reading memory")
    parser.add_argument("--targets", default="bare,memory,redis", help="which of bare,memory,redis")
    parser.add_argument("--small", action="store_true", help="a quick run: 60 connections")


def run(options) -> dict:
    connections = 60 if options.small else options.connections
    per_room = max(1, options.per_room)
    targets = [name.strip() for name in options.targets.split(",") if name.strip()]
    if connections < 1 or "bare" not in targets:
        raise SystemExit("--connections must be positive and --targets must include the baseline 'bare'")
    started_at = report.utc_now()
    skipped = {}
    layers = [layer for layer in ("memory", "redis") if layer in targets]
    if "redis" in layers and (problem := redis_problem()):
        skipped[LAYERS["redis"]] = problem
        layers.remove("redis")
        print(f"skipping {LAYERS['redis']}: {problem}", flush=True)

    room_count = -(-connections // per_room)
    fixtures = {}
    if layers:
        prepare_database()
        fixtures = essaim_fixtures(
            min(connections, 200), {f"idle-{index}": per_room for index in range(room_count)}
        )

    results = [measure(Target(BARE, "raw", bare_server()), connections, per_room, options.settle)]
    for layer in layers:
        process = essaim_server(layer)
        target = Target(
            LAYERS[layer],
            "essaim",
            process,
            origin=process.base_url,
            cookies=fixtures["cookies"],
            room_ids={f"idle-{index}": fixtures["rooms"][f"idle-{index}"] for index in range(room_count)},
        )
        results.append(measure(target, connections, per_room, options.settle))

    baseline = results[0]
    for result in results[1:]:
        result["ratio"] = {"kb_per_connection": result["kb_per_connection"] / baseline["kb_per_connection"]}
        result["check"] = goals.check(goals.IDLE_MEMORY, result["ratio"]["kb_per_connection"])
    environment = report.environment(
        server.SETTINGS_MODULE,
        server=f"daphne {report.package_version('daphne')}, websockets {report.package_version('websockets')}",
    )
    environment["settings"]["channel_layer"] = "per case"
    return {
        "benchmark": NAME,
        "started_at": started_at.isoformat(),
        "environment": environment,
        "parameters": {"connections": connections, "per_room": per_room, "settle_s": options.settle},
        "skipped": skipped,
        "baseline": baseline,
        "cases": results[1:],
    }


def measure(target: Target, connections: int, per_room: int, settle_s: float) -> dict:
    rooms = [f"idle-{index // per_room}" for index in range(connections)]
    cookies = target.cookies or []
    with target.process as process:
        raw = run_client(
            {
                "format": target.frame_format,
                "origin": target.origin,
                "urls": [target.url(room) for room in rooms],
                "cookies": [cookies[index % len(cookies)] for index in range(connections)]
                if cookies
                else None,
                "server_pid": process.process.pid,
                "warmup": min(20, connections),
                "settle_s": settle_s,
            },
            timeout_s=120 + connections / 10,
            module="bench.ws_idle",
        )
    added_kb = raw["rss_after_kb"] - raw["rss_before_kb"]
    return {
        "name": target.name,
        **raw,
        "kb_per_connection": added_kb / max(raw["held"], 1),
        "errors": raw["attempted"] - raw["held"],
    }


def format_table(document: dict) -> str:
    header = (
        f"{'case':<17} {'held':>6} {'of':>6} {'connect s':>9} {'RSS before':>11} {'RSS after':>10}"
        f" {'KB/conn':>8} {'retried':>7}  {'KB/conn ×':>9}"
    )

    def row(entry: dict) -> str:
        ratio = entry.get("ratio")
        figures = (
            f"{entry['name']:<17.17} {entry['held']:>6} {entry['attempted']:>6} {entry['connect_s']:>9.2f}"
            f" {entry['rss_before_kb'] / 1024:>8.1f} MB {entry['rss_after_kb'] / 1024:>7.1f} MB"
            f" {entry['kb_per_connection']:>8.1f} {entry.get('connect_retries', 0):>7}"
        )
        return f"{figures}  {ratio['kb_per_connection']:>8.2f}×" if ratio else f"{figures}  {'baseline':>9}"

    environment = document["environment"]
    parameters = ", ".join(f"{key} {value}" for key, value in document["parameters"].items())
    lines = [
        f"{document['benchmark']} — {document['started_at']} — {environment['server']}, "
        f"{environment['settings']['database']}, Python {environment['python']}, "
        f"{environment['cpu_count']} CPUs",
        parameters,
        header,
        "-" * len(header),
        row(document["baseline"]),
        *(row(case) for case in document["cases"]),
    ]
    for case in document["cases"]:
        lines += goals.check_lines([case["check"]], indent=f"{case['name']}: ") if "check" in case else []
    lines += [f"skipped {name}: {reason}" for name, reason in document["skipped"].items()]
    return "\n".join(lines)


def error_lines(document: dict) -> list[str]:
    return [
        f"{NAME}: {entry['name']}: held {entry['held']} of {entry['attempted']} connections ({entry['failures']})"
        for entry in [document["baseline"], *document["cases"]]
        if entry["errors"]
    ]
