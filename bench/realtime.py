"""Benchmark ``realtime``: room broadcast latency and throughput, as multiples of a bare websockets server.

For each room size (10, 50 and 200 connected clients by default) the same client process connects that many
clients to each target — the bare broadcast server (``bench.ws_baseline``), Essaim's room consumer on the
in-memory channel layer (one daphne process) and on the Redis layer (one daphne process, ``REDIS_URL``) —
then measures them in interleaved rounds: a few clients post in a closed loop and every other client records
the delay from the send to its receipt. Essaim's clients are logged-in users of a public room; each message
is checked, rate-limited, stored and broadcast on commit, which is the point: the ratio is what all that
costs over moving the same bytes.

Figures per room size and target: delivered messages per second (receipts at the other clients over wall
time), latency p50/p95/p99, and errors (lost, duplicated or out-of-order deliveries, error frames). The Redis
target is skipped, with the reason printed, when ``REDIS_URL`` is unset or Redis does not answer.

``--open-loop`` measures instead a room (200 clients by default) at a set offered rate on two Essaim processes
over Redis, with connect time, saturation, and the servers' live drops and gap fills: see
``bench.realtime_open``.
"""

from contextlib import ExitStack

from bench import realtime_open, report, server
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
from bench.stats import failures, is_error, summarise

NAME = "realtime"
DESCRIPTION = (
    "room broadcast latency and messages/s, 10/50/200 clients, vs a bare websockets server "
    "(--open-loop: a room of 200 at 20 msg/s on 2 processes over Redis, drops, connect time)"
)
TARGET_CHOICES = ("bare", "memory", "redis")


def add_arguments(parser) -> None:
    parser.add_argument(
        "--sizes",
        default=None,
        help="room sizes (connected clients), comma-separated; default 10,50,200, or 200 with --open-loop",
    )
    parser.add_argument("--senders", type=int, default=10, help="clients posting at once in each room")
    parser.add_argument("--messages", type=int, default=200, help="measured messages per room and target")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured messages before measuring")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds the messages are split in")
    parser.add_argument("--payload", type=int, default=100, help="characters per message")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds to wait for a delivery")
    parser.add_argument(
        "--targets",
        default=",".join(TARGET_CHOICES),
        help="which of bare,memory,redis to measure (closed loop; --open-loop measures bare and redis)",
    )
    parser.add_argument(
        "--small",
        action="store_true",
        help="a quick run: rooms of 3 and 5, 20 messages (--open-loop: a room of 5, 2 s at 20/s)",
    )
    open_loop = parser.add_argument_group("open loop (see bench.realtime_open)")
    open_loop.add_argument(
        "--open-loop",
        action="store_true",
        help="a room at a set offered rate on several Essaim processes over Redis, with connect time, "
        "saturation (--messages, --rounds: closed loop), live drops and gap fills",
    )
    open_loop.add_argument("--rate", type=float, default=20.0, help="messages per second offered, in total")
    open_loop.add_argument("--duration", type=float, default=10.0, help="seconds of offered load")
    open_loop.add_argument("--processes", type=int, default=2, help="Essaim server processes (uvicorn)")
    open_loop.add_argument("--settle", type=float, default=2.0, help="seconds between connecting and sending")
    open_loop.add_argument(
        "--connect-rounds", type=int, default=5, help="timed connections of the room per target (median)"
    )


def parse_options(options) -> dict:
    if options.small:
        sizes, messages, warmup, rounds = [3, 5], 20, 4, 2
    else:
        sizes = [int(size) for size in (options.sizes or "10,50,200").split(",") if size.strip()]
        messages, warmup, rounds = options.messages, options.warmup, options.rounds
    targets = [name.strip() for name in options.targets.split(",") if name.strip()]
    if not sizes or min(sizes) < 2 or options.senders < 1 or messages < 1 or rounds < 1:
        raise SystemExit("rooms need at least 2 clients, and senders, messages and rounds must be positive")
    if "bare" not in targets or not set(targets) <= set(TARGET_CHOICES):
        raise SystemExit(f"--targets: the baseline 'bare' and any of {', '.join(TARGET_CHOICES[1:])}")
    return {
        "sizes": sizes,
        "senders": options.senders,
        "messages": messages,
        "warmup": warmup,
        "rounds": rounds,
        "payload": options.payload,
        "timeout": options.timeout,
        "targets": targets,
    }


def run(options) -> dict:
    if options.open_loop:
        return realtime_open.run(options)
    parameters = parse_options(options)
    started_at = report.utc_now()
    skipped = {}
    layers = [layer for layer in ("memory", "redis") if layer in parameters["targets"]]
    if "redis" in layers and (problem := redis_problem()):
        skipped[LAYERS["redis"]] = problem
        layers.remove("redis")
        print(f"skipping {LAYERS['redis']}: {problem}", flush=True)

    fixtures = {}
    if layers:
        prepare_database()
        # One room per (layer, size): two servers writing one room would each see the other's messages
        # arrive as gaps they fill from the database, which is not the work being measured.
        rooms = {f"{layer}-{size}": size for layer in layers for size in parameters["sizes"]}
        fixtures = essaim_fixtures(max(parameters["sizes"]), rooms)

    with ExitStack() as stack:
        targets = [Target(BARE, "raw", stack.enter_context(bare_server()))]
        for layer in layers:
            process = stack.enter_context(essaim_server(layer))
            targets.append(
                Target(
                    LAYERS[layer],
                    "essaim",
                    process,
                    origin=process.base_url,
                    cookies=fixtures["cookies"],
                    room_ids={
                        str(size): fixtures["rooms"][f"{layer}-{size}"] for size in parameters["sizes"]
                    },
                )
            )
        spec = {
            **{key: parameters[key] for key in ("sizes", "senders", "messages", "warmup", "rounds")},
            "payload": parameters["payload"],
            "timeout": parameters["timeout"],
            "targets": [
                {
                    "name": target.name,
                    "format": target.frame_format,
                    "origin": target.origin,
                    "cookies": target.cookies or None,
                    "rooms": {str(size): target.url(str(size)) for size in parameters["sizes"]},
                }
                for target in targets
            ],
        }
        budget = 120 + len(targets) * len(parameters["sizes"]) * 4 * parameters["timeout"]
        raw = run_client(spec, timeout_s=budget)

    sections = []
    for size in parameters["sizes"]:
        entries = [entry for entry in raw["results"] if entry["size"] == size]
        measured = [measurement(entry, targets) for entry in entries]
        baseline = next(m for m in measured if m.name == BARE)
        sections.append(
            {
                "name": f"room of {size}",
                "size": size,
                "senders": entries[0]["senders"],
                "baseline": baseline.as_dict(),
                "cases": [{**m.as_dict(), "ratio": ratios(m, baseline)} for m in measured if m.name != BARE],
            }
        )
    environment = report.environment(
        server.SETTINGS_MODULE,
        server=f"daphne {report.package_version('daphne')}, websockets {report.package_version('websockets')}",
    )
    environment["settings"]["channel_layer"] = "per case"
    return {
        "benchmark": NAME,
        "started_at": started_at.isoformat(),
        "environment": environment,
        "parameters": {key: value for key, value in parameters.items() if key != "targets"},
        "skipped": skipped,
        "connect_retries": raw.get(
            "connect_retries", 0
        ),  # handshakes a server dropped, retried (see ws_load)
        "sections": sections,
    }


def measurement(entry: dict, targets: list[Target]):
    statuses = entry["statuses"]
    errors = sum(count for status, count in statuses.items() if is_error(status))
    target = next(t for t in targets if t.name == entry["target"])
    path = target.url(str(entry["size"])).split("/", 3)[-1]
    if not entry["latencies_ms"]:
        raise RuntimeError(f"{entry['target']}, room of {entry['size']}: nothing delivered ({statuses})")
    return summarise(
        entry["target"], entry["latencies_ms"], errors, entry["wall_s"], target=f"/{path}", statuses=statuses
    )


def ratios(case, baseline) -> dict[str, float]:
    """The case as multiples of the bare server: msg/s 0.2 = a fifth of its throughput, p50 3 = 3× slower."""
    return {
        "rps": case.rps / baseline.rps,
        "p50": case.p50_ms / baseline.p50_ms,
        "p95": case.p95_ms / baseline.p95_ms,
        "p99": case.p99_ms / baseline.p99_ms,
    }


def format_table(document: dict) -> str:
    if document.get("mode") == "open_loop":
        return realtime_open.format_table(document)
    header = (
        f"{'room':>5} {'case':<17} {'msg/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}"
        f"  {'msg/s ×':>8} {'p50 ×':>7} {'p95 ×':>7} {'p99 ×':>7}"
    )

    def row(size: int, entry: dict, ratio: dict | None) -> str:
        figures = (
            f"{size:>5} {entry['name']:<17.17} {entry['rps']:>9.1f} {entry['p50_ms']:>8.2f}"
            f" {entry['p95_ms']:>8.2f} {entry['p99_ms']:>8.2f} {entry['errors']:>7}"
        )
        if ratio is None:
            return f"{figures}  {'baseline':>8}"
        return f"{figures}  {ratio['rps']:>7.3f}× {ratio['p50']:>6.2f}× {ratio['p95']:>6.2f}× {ratio['p99']:>6.2f}×"

    environment = document["environment"]
    parameters = ", ".join(f"{key} {value}" for key, value in document["parameters"].items())
    lines = [
        f"{document['benchmark']} — {document['started_at']} — {environment['server']}, "
        f"{environment['settings']['database']}, Python {environment['python']}, "
        f"{environment['cpu_count']} CPUs",
        parameters,
        header,
        "-" * len(header),
    ]
    for section in document["sections"]:
        lines.append(row(section["size"], section["baseline"], None))
        lines += [row(section["size"], case, case["ratio"]) for case in section["cases"]]
    if document.get("connect_retries"):
        lines.append(f"handshakes dropped by a server and retried: {document['connect_retries']}")
    lines += [f"skipped {name}: {reason}" for name, reason in document["skipped"].items()]
    return "\n".join(lines)


def error_lines(document: dict) -> list[str]:
    if document.get("mode") == "open_loop":
        return realtime_open.error_lines(document)
    lines = []
    for section in document["sections"]:
        for entry in [section["baseline"], *section["cases"]]:
            if entry["errors"]:
                failed = failures(entry["statuses"])
                lines.append(
                    f"{NAME}: {entry['name']}, {section['name']}: {entry['errors']} errors of "
                    f"{entry['requests']} deliveries ({failed})"
                )
    return lines
