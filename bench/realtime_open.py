"""``bench realtime --open-loop``: a room at a set offered rate, on two Essaim processes over Redis, vs bare.

Per room size (200 by default) one client process (``bench.ws_open_loop``) connects that many clients to the
bare broadcast server and to Essaim — ``--processes`` uvicorn processes (2 by default) on the Redis layer and
the bench database, clients spread over them, so most messages cross from one process to the other as in
production — and measures, against the bare server in the same run:

- the **connect time** of the whole room (each Essaim client is a logged-in person who waits for ``ready``):
  after one unmeasured round, the median of ``--connect-rounds`` rounds alternating between targets, each
  opened as a browser opens it: the client loads its room page first (not timed) and opens the socket with
  the page's ticket (spaces.tickets); and the **reconnect time**, the same clients again at the end of the run
  without a ticket, as after a network drop (the socket checks the session and the access itself);
- the **open loop**: ``--rate`` messages per second in total (spread over ``--senders``) for ``--duration``
  seconds, sent on schedule whatever comes back; send → receipt latency p50/p95/p99 at every other client;
- the **saturation** figure: closed-loop rounds as ``bench realtime`` runs them, deliveries/s as a ratio;
- what each target's server logs said: ``live drop`` and ``gap fill`` lines of ``spaces.live`` and
  channels_redis's "over capacity" lines, per phase (``bench.server_logs``).

Each figure is printed next to issue #15's target (``bench.realtime_goals``). Without a reachable Redis the
Essaim case is skipped with the reason printed (two processes share rooms only over Redis).
"""

from contextlib import ExitStack

from bench import realtime_goals as goals
from bench import report, server, server_logs
from bench.realtime_targets import (
    BARE,
    Target,
    bare_server,
    essaim_cluster,
    essaim_fixtures,
    plant_sentinel,
    prepare_database,
    redis_problem,
    run_client,
    sentinel_survived,
)
from bench.stats import failures, is_error, summarise
from bench.ws_open_loop import message_count

NAME = "realtime"
PHASES = ("connect", "open_loop", "saturation")


def parse_options(options) -> dict:
    if options.small:
        sizes, rate, duration, messages, warmup, rounds, settle = [5], 20.0, 2.0, 20, 4, 2, 0.2
        connect_rounds = 2
    else:
        sizes = [int(size) for size in (options.sizes or "200").split(",") if size.strip()]
        rate, duration, messages = options.rate, options.duration, options.messages
        warmup, rounds, settle = options.warmup, options.rounds, options.settle
        connect_rounds = options.connect_rounds
    if not sizes or min(sizes) < 2 or options.senders < 1 or messages < 1 or min(rounds, connect_rounds) < 1:
        raise SystemExit(
            "rooms need at least 2 clients, and senders, messages and rounds (--rounds, --connect-rounds) "
            "must be positive"
        )
    if rate <= 0 or duration <= 0 or options.processes < 1:
        raise SystemExit("--rate, --duration and --processes must be positive")
    return {
        "sizes": sizes,
        "senders": options.senders,
        "rate": rate,
        "duration_s": duration,
        "count": message_count(rate, duration),
        "messages": messages,
        "warmup": warmup,
        "rounds": rounds,
        "settle_s": settle,
        "connect_rounds": connect_rounds,
        "processes": options.processes,
        "payload": options.payload,
        "timeout": options.timeout,
    }


def essaim_name(processes: int) -> str:
    return f"essaim redis ×{processes}"


def run(options) -> dict:
    parameters = parse_options(options)
    started_at = report.utc_now()
    skipped = {}
    essaim = essaim_name(parameters["processes"])
    if problem := redis_problem():
        skipped[essaim] = problem
        print(f"skipping {essaim}: {problem}", flush=True)
    fixtures = {}
    if not skipped:
        prepare_database()
        fixtures = essaim_fixtures(
            max(parameters["sizes"]), {f"open-{size}": size for size in parameters["sizes"]}
        )

    raws = []
    sentinel = None if skipped else plant_sentinel()
    with ExitStack() as stack:
        targets = [Target(BARE, "raw", stack.enter_context(bare_server()))]
        if not skipped:
            processes = [
                stack.enter_context(process) for process in essaim_cluster("redis", parameters["processes"])
            ]
            targets.append(
                Target(
                    essaim,
                    "essaim",
                    processes[0],
                    origin=processes[0].base_url,
                    cookies=fixtures["cookies"],
                    room_ids={str(size): fixtures["rooms"][f"open-{size}"] for size in parameters["sizes"]},
                    pages={str(size): fixtures["pages"][f"open-{size}"] for size in parameters["sizes"]},
                    others=processes[1:],
                )
            )
        for size in parameters["sizes"]:
            spec = {
                "size": size,
                **{
                    key: parameters[key]
                    for key in (
                        "senders",
                        "rate",
                        "count",
                        "messages",
                        "warmup",
                        "rounds",
                        "settle_s",
                        "connect_rounds",
                    )
                },
                "payload": parameters["payload"],
                "timeout": parameters["timeout"],
                "targets": [
                    {
                        "name": target.name,
                        "format": target.frame_format,
                        "origin": target.origin,
                        "cookies": target.cookies or None,
                        "urls": target.urls(str(size)),
                        "pages": target.page_urls(str(size)),
                        "origins": [process.base_url for process in target.processes]
                        if target.origin
                        else None,
                    }
                    for target in targets
                ],
            }
            per_target = (
                size / 5 * (1 + parameters["connect_rounds"])
                + parameters["duration_s"]
                + 4 * parameters["rounds"] * parameters["timeout"]
            )
            raws.append(
                run_client(spec, timeout_s=120 + len(targets) * per_target, module="bench.ws_open_loop")
            )
    redis_emptied = sentinel is not None and not sentinel_survived(sentinel)
    # Counted once the servers have stopped: every line they wrote is in their logs by then.
    logs = {target.name: [process.log_path for process in target.processes] for target in targets[1:]}
    sections = [
        section(size, raw, logs, parameters) for size, raw in zip(parameters["sizes"], raws, strict=True)
    ]
    environment = report.environment(
        server.SETTINGS_MODULE,
        server=f"uvicorn {report.package_version('uvicorn')} ×{parameters['processes']}, "
        f"websockets {report.package_version('websockets')}",
    )
    environment["settings"]["channel_layer"] = "RedisChannelLayer"
    return {
        "benchmark": NAME,
        "mode": "open_loop",
        "started_at": started_at.isoformat(),
        "environment": environment,
        "parameters": parameters,
        "skipped": skipped,
        "redis_emptied": redis_emptied,
        "connect_retries": sum(raw.get("connect_retries", 0) for raw in raws),
        "sections": sections,
    }


def measured(name: str, phase: dict) -> dict:
    errors = sum(count for status, count in phase["statuses"].items() if is_error(status))
    if not phase["latencies_ms"]:
        raise RuntimeError(f"{name}: nothing delivered ({phase['statuses']})")
    figures = summarise(name, phase["latencies_ms"], errors, phase["wall_s"], statuses=phase["statuses"])
    return figures.as_dict() | ({"send_lag": phase["send_lag"]} if "send_lag" in phase else {})


def entry(result: dict, logs: dict[str, list]) -> dict:
    name = result["target"]
    counted, per_process = None, None
    if name in logs:
        counted = server_logs.count_files(logs[name], result["windows"])
        # Per process too: with clients spread over them, one process reading gaps back is a symptom.
        per_process = [server_logs.count_files([path], result["windows"]) for path in logs[name]]
    return {
        "name": name,
        "connect_s": result["connect_s"],
        "connect_rounds_s": result["connect_rounds_s"],
        "reconnect_s": result["reconnect_s"],
        "open_loop": measured(name, result["open_loop"]),
        "saturation": measured(name, result["saturation"]),
        "logs": counted,
        "logs_per_process": per_process,
    }


def section(size: int, raw: dict, logs: dict[str, list], parameters: dict) -> dict:
    entries = [entry(result, logs) for result in raw["results"]]
    baseline = next(item for item in entries if item["name"] == BARE)
    cases = []
    for case in (item for item in entries if item["name"] != BARE):
        case["ratio"] = {
            "connect": case["connect_s"] / baseline["connect_s"],
            "reconnect": case["reconnect_s"] / baseline["reconnect_s"],
            "open_loop_p95": case["open_loop"]["p95_ms"] / baseline["open_loop"]["p95_ms"],
            "saturation_rps": case["saturation"]["rps"] / baseline["saturation"]["rps"],
        }
        cases.append(case)
    return {
        "name": f"room of {size}",
        "size": size,
        "senders": raw["results"][0]["senders"],
        "baseline": baseline,
        "cases": cases,
        "checks": checks(cases[0] if cases else None, size, parameters["rate"]),
    }


def checks(case: dict | None, size: int, rate: float) -> list[dict]:
    """The issue's targets judged on ``case`` (None: not measured); the p95 one only means something at its
    own conditions, which the printed figure says when they differ."""
    if case is None:
        return [
            goals.check(goal, None)
            for goal in (
                goals.CONNECT,
                goals.OPEN_LOOP_P95,
                goals.LIVE_DROPS,
                goals.GAP_FILLS,
                goals.SATURATION,
            )
        ]
    open_loop = case["logs"]["open_loop"]
    drops = open_loop["live_drops"] + open_loop["over_capacity"]
    p95 = case["open_loop"]["p95_ms"]
    conditions = (
        "" if (size, rate) == (goals.TARGET_ROOM, goals.TARGET_RATE) else f" (room {size}, {rate:g}/s)"
    )
    return [
        goals.check(goals.CONNECT, case["ratio"]["connect"]),
        goals.check(goals.OPEN_LOOP_P95, p95, f"{p95:.1f} ms{conditions}"),
        goals.check(goals.LIVE_DROPS, drops),
        goals.check(goals.GAP_FILLS, open_loop["gap_fills"]),
        goals.check(goals.SATURATION, case["ratio"]["saturation_rps"]),
    ]


def format_table(document: dict) -> str:
    environment, parameters = document["environment"], document["parameters"]
    header = (
        f"{'case':<17} {'connect s':>9} {'reconn. s':>9} │ {'open loop':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}"
        f" {'lag p99':>7} │ {'saturation':>10} {'p50 ms':>8} {'errors':>6} │ {'drops':>5} {'gap fills':>9}"
        f" {'over cap.':>9}"
    )

    def row(item: dict) -> str:
        opened, saturated, logs = item["open_loop"], item["saturation"], item["logs"]
        phase = (logs or {}).get("open_loop")
        log_figures = (
            f"{phase['live_drops']:>5} {phase['gap_fills']:>9} {phase['over_capacity']:>9}" if phase else ""
        )
        return (
            f"{item['name']:<17.17} {item['connect_s']:>9.2f} {item['reconnect_s']:>9.2f}"
            f" │ {opened['rps']:>7.0f}/s {opened['p50_ms']:>8.2f}"
            f" {opened['p95_ms']:>8.2f} {opened['p99_ms']:>8.2f} {opened['errors']:>6}"
            f" {opened['send_lag']['p99_ms']:>7.1f} │ {saturated['rps']:>8.0f}/s {saturated['p50_ms']:>8.2f}"
            f" {saturated['errors']:>6} │ {log_figures}"
        )

    lines = [
        f"{document['benchmark']} (open loop) — {document['started_at']} — {environment['server']}, "
        f"{environment['settings']['database']}, Python {environment['python']}, {environment['cpu_count']} CPUs",
        f"{parameters['rate']:g} msg/s offered for {parameters['duration_s']:g} s ({parameters['count']} messages);"
        f" {parameters['processes']} Essaim processes; saturation: closed loop, {parameters['messages']} messages in "
        f"{parameters['rounds']} rounds; warm-up {parameters['warmup']}",
        f"connect: median of {parameters['connect_rounds']} rounds alternating between targets; each Essaim"
        " client loads its room page first (not timed) and opens the socket with the page's ticket, as a"
        " browser does; reconn.: the same clients again without a ticket (session and access checked by the"
        " socket), as after a network drop",
    ]
    for section_ in document["sections"]:
        lines += [
            "",
            f"{section_['name']}, {section_['senders']} senders",
            header,
            "-" * len(header),
            row(section_["baseline"]),
        ]
        for case in section_["cases"]:
            ratio = case["ratio"]
            lines.append(row(case))
            lines.append(
                f"{'  × bare':<17} {ratio['connect']:>8.2f}× {ratio['reconnect']:>8.2f}× │ {'':>9} {'':>8} {ratio['open_loop_p95']:>7.2f}×"
                f" {'':>8} {'':>6} {'':>7} │ {ratio['saturation_rps']:>9.3f}×"
            )
            lines += log_lines(case["logs"])
            lines += process_lines(case.get("logs_per_process"))
        lines += goals.check_lines(section_["checks"])
    if document.get("connect_retries"):
        lines.append(f"handshakes dropped by a server and retried: {document['connect_retries']}")
    lines += [f"skipped {name}: {reason}" for name, reason in document["skipped"].items()]
    if document.get("redis_emptied"):
        lines.append(f"NOT VALID: {REDIS_EMPTIED}")
    return "\n".join(lines)


def log_lines(logs: dict | None) -> list[str]:
    if not logs:
        return []
    return [
        f"  server logs, {phase.replace('_', ' ')}: {logs[phase]['live_drops']} live drops, "
        f"{logs[phase]['gap_fills']} gap fills, {logs[phase]['over_capacity']} over-capacity lines "
        f"({logs[phase]['over_capacity_channels']} channels)"
        for phase in ("total", *PHASES)
        if phase in logs
    ]


def process_lines(per_process: list[dict] | None) -> list[str]:
    """The whole run's counts per process, on one line (only when there are several)."""
    if not per_process or len(per_process) < 2:
        return []
    figures = " / ".join(
        f"{counts['total']['live_drops']}, {counts['total']['gap_fills']}, {counts['total']['over_capacity']}"
        for counts in per_process
    )
    return [f"  server logs per process (live drops, gap fills, over-capacity lines): {figures}"]


REDIS_EMPTIED = (
    "the Redis database was emptied during the run (a FLUSHDB: e.g. a test suite clearing its cache on the "
    "same database), so live messages may have reached nobody; give the bench a Redis database of its own"
)


def error_lines(document: dict) -> list[str]:
    lines = [f"{NAME} open loop: {REDIS_EMPTIED}"] if document.get("redis_emptied") else []
    for section_ in document["sections"]:
        for item in [section_["baseline"], *section_["cases"]]:
            for phase in ("open_loop", "saturation"):
                figures = item[phase]
                if figures["errors"]:
                    failed = failures(figures["statuses"])
                    lines.append(
                        f"{NAME} open loop: {item['name']}, {section_['name']}, {phase.replace('_', ' ')}: "
                        f"{figures['errors']} errors of {figures['requests']} deliveries ({failed})"
                    )
    return lines
