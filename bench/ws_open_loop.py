"""The load client of ``bench realtime --open-loop``, run in a process of its own (``python -m bench.ws_open_loop``).

Reads a spec as JSON on stdin (see ``bench.realtime_open``), answers JSON on stdout. For each target, in turn,
it connects ``size`` clients to one room (client ``i`` to the target's ``urls[i % len(urls)]``, so clients are
spread over the target's processes) and times it: after one unmeasured round per target, ``connect_rounds``
rounds alternating between targets, the median reported; then, per target:

- a closed-loop warm-up (``bench.ws_load.run_phase``), unmeasured;
- the **open loop**: ``count`` messages sent on a fixed schedule at ``rate`` messages per second in total, the
  k-th by sender ``k % senders`` at ``k / rate`` seconds, whatever came back (a slow target gets the same
  offered load, and its queueing shows in the latencies instead of slowing the senders down); every other
  client records the delay from the actual send to its receipt. How late the client itself was against the
  schedule is reported (``send_lag_ms``): a loaded client would otherwise pass for a slow server;
- the **saturation** figure: closed-loop rounds, interleaved between targets, as ``bench realtime`` runs them.

Each phase's wall-clock window (Unix time) is returned, so the servers' log lines can be split by phase
(``bench.server_logs``). Any lost, duplicated or out-of-order delivery is counted, as in ``bench.ws_load``.
"""

import asyncio
import re
import secrets
import time
import urllib.request
from collections import Counter
from statistics import median
from time import perf_counter
from urllib.parse import quote

from bench.stats import percentile
from bench.ws_load import (
    CONNECT_CONCURRENCY,
    FORMATS,
    RETRIES,
    Client,
    Phase,
    finish_phase,
    open_connection,
    run_phase,
    serve,
)


def send_schedule(count: int, rate: float, senders: int) -> list[tuple[float, int]]:
    """``(offset_s, sender)`` of each of ``count`` messages offered at ``rate``/s, taken in turn by ``senders``.

    The offered rate is the total: each sender posts every ``senders / rate`` seconds.
    """
    if rate <= 0 or senders < 1:
        raise ValueError("the rate and the number of senders must be positive")
    return [(number / rate, number % senders) for number in range(count)]


def message_count(rate: float, duration_s: float) -> int:
    """Messages offered in ``duration_s`` at ``rate``/s (at least one)."""
    return max(1, round(rate * duration_s))


def lag_figures(lags_ms: list[float]) -> dict[str, float]:
    """How far behind its schedule the client sent: p50, p99 and the worst, in ms (0 without sends)."""
    if not lags_ms:
        return {"p50_ms": 0.0, "p99_ms": 0.0, "max_ms": 0.0}
    return {
        "p50_ms": percentile(lags_ms, 50),
        "p99_ms": percentile(lags_ms, 99),
        "max_ms": max(lags_ms),
    }


class OpenLoopPhase(Phase):
    """A :class:`Phase` that also waits for each sender's own copy of its messages.

    Nobody waits for them while sending (the schedule does not), but the phase is over only once they are
    back too: one arriving after the phase would count as a stray in the next. A message never echoed nor
    refused counts as lost, as a missing delivery does.
    """

    def __init__(self, label: str, room_size: int):
        super().__init__(label, room_size)
        self.echoed: set[str] = set()

    def receive(self, receiver: int, decoded: tuple[str, str], now: float) -> None:
        kind, value = decoded
        tag = value.partition(" ")[2] if kind == "error" else value.partition(" ")[0]
        answered = kind == "error" or self.sent.get(tag, (None,))[0] == receiver
        if answered and tag in self.sent and tag not in self.echoed:
            self.echoed.add(tag)
            self.outstanding -= 1
        super().receive(receiver, decoded, now)
        self._check_done()


async def run_open_loop(clients, label, senders, count, rate, padding, timeout_s) -> dict:
    """``count`` messages on the schedule of :func:`send_schedule`; waits for them, ``timeout_s`` at most."""
    phase = OpenLoopPhase(label, len(clients))
    for client in clients:
        client.phase = phase
    for sender in range(senders):
        phase.echoes[sender] = asyncio.Event()  # the sender's own copy comes back; nobody waits for it
    phase.sending = 1
    lags_ms = []
    started = perf_counter()
    for number, (offset, sender) in enumerate(send_schedule(count, rate, senders)):
        due = started + offset
        if (delay := due - perf_counter()) > 0:
            await asyncio.sleep(delay)
        now = perf_counter()
        lags_ms.append((now - due) * 1000)
        client = clients[sender]
        tag = f"{label}.{sender}.{number}"
        phase.outstanding += phase.room_size  # every other client's copy, and the sender's own
        phase.sent[tag] = (sender, now)
        await client.connection.send(client.format.encode(f"{tag} {padding}"))
    phase.sending = 0
    phase._check_done()
    return {**await finish_phase(phase, clients, started, timeout_s), "send_lag": lag_figures(lags_ms)}


def page_ticket(url: str, cookie: str) -> str:
    """The ticket a room page hands its socket (``data-ticket``), read as the page's script reads it."""
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    with urllib.request.urlopen(request, timeout=60) as response:
        found = re.search(r'data-ticket="([^"]*)"', response.read().decode())
    if not found or not found.group(1):
        raise RuntimeError(f"{url}: the room page carries no ticket")
    return found.group(1)


async def room_tickets(target: dict, size: int) -> list[str]:
    """Each client's ticket, from its process's room page (``pages``, parallel to ``urls``)."""
    pages, cookies = target["pages"], target["cookies"]
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def one(index: int) -> str:
        async with gate:
            return await asyncio.to_thread(page_ticket, pages[index % len(pages)], cookies[index])

    return await asyncio.gather(*(one(index) for index in range(size)))


async def connect_room(target: dict, size: int, *, with_tickets: bool = True) -> tuple[list[Client], float]:
    """``size`` clients of ``target``'s room, spread over its processes, and the seconds it took them all.

    Each process checks the Origin of a handshake against its own address (scheme, host and port), so a
    client gives the origin of the process it connects to (``origins``, parallel to ``urls``). A target with
    room ``pages`` is opened as a browser opens it: the page first (not timed), then the socket with the
    page's ticket — unless ``with_tickets`` is false (a reconnection).
    """
    frame_format = FORMATS[target["format"]]
    urls = target["urls"]
    origins = target.get("origins") or [None] * len(urls)
    cookies = target.get("cookies") or [None] * size
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    queries = [""] * size
    if with_tickets and target.get("pages"):
        queries = [f"?ticket={quote(ticket)}" for ticket in await room_tickets(target, size)]

    async def one(index: int):
        async with gate:
            process = index % len(urls)
            url = urls[process] + queries[index]
            return await open_connection(url, cookies[index], origins[process], frame_format)

    started = perf_counter()
    connections = await asyncio.gather(*(one(index) for index in range(size)))
    connect_s = perf_counter() - started
    return [
        Client(index, connection, frame_format) for index, connection in enumerate(connections)
    ], connect_s


async def open_loop(spec: dict) -> dict:
    run = secrets.token_hex(3)  # tags double as Essaim client_ids: never repeated, even on a kept database
    padding = "x" * max(0, spec["payload"] - 24)
    size, senders, timeout_s = spec["size"], min(spec["senders"], spec["size"]), spec["timeout"]
    rooms, results, windows = [], {}, {}
    for target in spec["targets"]:
        # One unmeasured round first, for every target: the connect time is a running server's, not the
        # first burst into a fresh process (which opens its Redis and database connections then).
        warm, _ = await connect_room(target, size)
        await asyncio.gather(*(client.close() for client in warm), return_exceptions=True)
        await asyncio.sleep(spec["settle_s"])
        results[target["name"]] = {"target": target["name"], "connect_rounds_s": []}
    # A burst of 200 handshakes lasts a tenth of a second: one sample is mostly noise. The rounds alternate
    # between targets, so a slow moment of the machine falls on both; the median is reported.
    for round_index in range(spec["connect_rounds"]):
        for target in spec["targets"]:
            name = target["name"]
            opened = time.time()
            clients, connect_s = await connect_room(target, size)
            windows.setdefault(name, {"connect": [opened, 0.0]})["connect"][1] = time.time()
            results[name]["connect_rounds_s"].append(connect_s)
            if round_index == spec["connect_rounds"] - 1:
                rooms.append((name, clients))  # the last round's clients stay for the messages
            else:
                await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)
                await asyncio.sleep(spec["settle_s"])
    for result in results.values():
        result["connect_s"] = median(result["connect_rounds_s"])
    await asyncio.sleep(spec["settle_s"])  # the joins' presence frames, not the messages, would be measured

    for name, clients in rooms:
        if spec["warmup"]:
            await run_phase(clients, f"{run}w", senders, spec["warmup"], padding, timeout_s)
        opened = time.time()
        results[name]["open_loop"] = await run_open_loop(
            clients, f"{run}o", senders, spec["count"], spec["rate"], padding, timeout_s
        )
        windows[name]["open_loop"] = [opened, time.time()]

    rounds = max(1, min(spec["rounds"], spec["messages"]))
    for name, _ in rooms:
        results[name]["saturation"] = {"latencies_ms": [], "statuses": Counter(), "wall_s": 0.0}
    for round_index in range(rounds):
        share = spec["messages"] // rounds + (1 if round_index < spec["messages"] % rounds else 0)
        for name, clients in rooms:
            opened = time.time()
            phase = await run_phase(clients, f"{run}s{round_index}", senders, share, padding, timeout_s)
            windows[name].setdefault("saturation", [opened, 0.0])[1] = time.time()
            total = results[name]["saturation"]
            total["latencies_ms"] += phase["latencies_ms"]
            total["statuses"].update(phase["statuses"])
            total["wall_s"] += phase["wall_s"]

    for name, clients in rooms:
        await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)
        # The departures' presence would be timed otherwise, not the reconnection.
        await asyncio.sleep(spec["settle_s"])
        target = next(target for target in spec["targets"] if target["name"] == name)
        clients, results[name]["reconnect_s"] = await connect_room(target, size, with_tickets=False)
        await asyncio.gather(*(client.close() for client in clients), return_exceptions=True)
    for name in results:
        results[name]["windows"] = windows[name]
        results[name]["senders"] = senders
    return {"results": list(results.values()), "connect_retries": RETRIES["handshake"]}


if __name__ == "__main__":
    serve(open_loop)
