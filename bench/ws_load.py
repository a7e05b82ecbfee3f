"""The WebSocket load client of the real-time benchmarks, run in a process of its own.

One piece of code drives every target; a target is a URL per client (its room) plus a frame format
(``FORMATS``): ``raw`` for the bare broadcast server (a frame is the text itself), ``essaim`` for the room
consumer's JSON protocol (``send`` actions out, ``message``/``error`` frames in, a ``ready`` frame before a
connection counts as joined). Whatever a target adds to a message, the client only needs to find the text it
sent in what comes back.

Given as JSON on stdin, answered as JSON on stdout (see ``bench.realtime`` for the parent; :func:`serve` is
every load client's entry point, ``bench.ws_open_loop`` and ``bench.ws_idle`` too):

- ``broadcast``: for each room size, every target gets that many connected clients; ``senders`` of them send
  in a closed loop (each sends its next message once its own copy came back, as a chat user waits to see
  their message posted), and every other client of the room records the delay from the send to its receipt.
  Targets are measured in interleaved rounds, as the HTTP benchmark does, so background noise weighs on all.
  Each message must reach every other client exactly once and in order; lost, duplicated and out-of-order
  deliveries are counted as errors, not dropped.
"""

import asyncio
import json
import secrets
import sys
from collections import Counter
from dataclasses import dataclass
from time import perf_counter

# Handshakes in flight at once: people arrive over time, not all in the same millisecond.
CONNECT_CONCURRENCY = 10
CONNECT_ATTEMPTS = 4
RETRIES: Counter[str] = Counter()


# --- Frame formats ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FrameFormat:
    """How one target speaks: what to send for a text, and what a received frame means."""

    name: str
    needs_ready_frame: bool

    def encode(self, text: str) -> str:
        if self.name == "raw":
            return text
        # client_id = the text's tag, so an error frame names the message it refuses.
        return json.dumps({"action": "send", "text": text, "client_id": text.partition(" ")[0]})

    def decode(self, frame: str) -> tuple[str, str] | None:
        """("message", text) for a broadcast message, ("error", "<code> <client_id>"), or None (other frames)."""
        if self.name == "raw":
            return ("message", frame)
        data = json.loads(frame)
        kind = data.get("type")
        if kind == "message":
            message = data["message"]
            return (
                None if message.get("edited_at") or message.get("deleted") else ("message", message["text"])
            )
        if kind == "error":
            return ("error", f"{data.get('code')} {data.get('client_id') or ''}")
        return None  # ready, ack, presence, typing, unread, pong

    def is_ready(self, frame: str) -> bool:
        return self.name == "raw" or json.loads(frame).get("type") == "ready"


FORMATS = {"raw": FrameFormat("raw", needs_ready_frame=False), "essaim": FrameFormat("essaim", True)}


# --- Connections ------------------------------------------------------------------------------------------


class Client:
    """One WebSocket connection; its reader hands every message it receives to the current phase."""

    def __init__(self, index: int, connection, frame_format: FrameFormat):
        self.index = index
        self.connection = connection
        self.format = frame_format
        self.phase: Phase | None = None
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        from websockets.exceptions import ConnectionClosed

        try:
            async for frame in self.connection:
                decoded = self.format.decode(frame)
                if decoded is not None and self.phase is not None:
                    self.phase.receive(self.index, decoded, perf_counter())
        except ConnectionClosed:
            pass

    async def close(self) -> None:
        await self.connection.close()
        await self.reader


async def open_connection(url: str, cookie: str | None, origin: str | None, frame_format: FrameFormat):
    """Connect and, for formats that announce it, wait for the ready frame.

    A handshake the server dropped is retried after a pause, as a browser's client reconnects with backoff
    (daphne drops handshakes its application has not accepted within 5 s, which a burst of logins can
    cause); retries are counted in ``RETRIES`` and reported. A refusal (a close code instead of the ready
    frame) is final.
    """
    from websockets.asyncio.client import connect
    from websockets.exceptions import InvalidHandshake

    headers = [("Cookie", cookie)] if cookie else None
    for attempt in range(CONNECT_ATTEMPTS):
        try:
            connection = await connect(
                url,
                origin=origin,
                additional_headers=headers,
                compression=None,  # the servers negotiate none; offering it would only cost the handshake
                ping_interval=None,
                max_size=2**24,
                open_timeout=60,
                close_timeout=5,
            )
            break
        except (InvalidHandshake, OSError, TimeoutError):
            if attempt == CONNECT_ATTEMPTS - 1:
                raise
            RETRIES["handshake"] += 1
            await asyncio.sleep(0.5 * 2**attempt)
    if frame_format.needs_ready_frame:
        async with asyncio.timeout(60):
            while not frame_format.is_ready(await connection.recv()):
                pass
    return connection


async def connect_all(specs: list[tuple[str, str | None]], origin, frame_format) -> list:
    """Connections for ``(url, cookie)`` specs, at most CONNECT_CONCURRENCY handshakes at a time."""
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

    async def one(url, cookie):
        async with gate:
            return await open_connection(url, cookie, origin, frame_format)

    return await asyncio.gather(*(one(url, cookie) for url, cookie in specs))


# --- Broadcast ------------------------------------------------------------------------------------------


class Phase:
    """One measured burst on one room: who sent what when, and who received it when."""

    def __init__(self, label: str, room_size: int, deadline: float = float("inf")):
        self.label = label
        self.deadline = deadline  # past it, senders stop: a broken target must not hang the run
        self.room_size = room_size
        self.sent: dict[str, tuple[int, float]] = {}  # tag → (sender index, send time)
        self.echoes: dict[int, asyncio.Event] = {}
        self.seen: set[tuple[int, str]] = set()
        self.last_number: dict[tuple[int, int], int] = {}  # (receiver, sender) → last message number
        self.latencies_ms: list[float] = []
        self.statuses: Counter[str] = Counter()
        self.outstanding = 0
        self.sending = 0
        self.done = asyncio.Event()

    def receive(self, receiver: int, decoded: tuple[str, str], now: float) -> None:
        kind, value = decoded
        if kind == "error":
            code, _, tag = value.partition(" ")
            self.statuses[f"error:{code}"] += 1
            if tag in self.sent:  # refused: nobody will receive it, and its sender must not wait
                sender, _ = self.sent[tag]
                self.outstanding -= self.room_size - 1
                self.echoes[sender].set()
                self._check_done()
            return
        tag = value.partition(" ")[0]
        if tag not in self.sent:
            self.statuses["stray"] += 1  # not sent in this phase: an earlier phase's straggler or a stranger
            return
        sender, sent_at = self.sent[tag]
        if receiver == sender:
            self.echoes[sender].set()
            return
        if (receiver, tag) in self.seen:
            self.statuses["duplicate"] += 1
            return
        self.seen.add((receiver, tag))
        number = int(tag.rsplit(".", 1)[1])
        if number < self.last_number.get((receiver, sender), -1):
            self.statuses["out_of_order"] += 1
        self.last_number[(receiver, sender)] = max(number, self.last_number.get((receiver, sender), -1))
        self.latencies_ms.append((now - sent_at) * 1000)
        self.statuses["ok"] += 1
        self.outstanding -= 1
        self._check_done()

    def _check_done(self) -> None:
        if self.sending == 0 and self.outstanding <= 0:
            self.done.set()

    async def send_from(self, client: Client, count: int, padding: str, timeout_s: float) -> None:
        try:
            for number in range(count):
                if perf_counter() > self.deadline:
                    self.statuses["not_sent"] += count - number
                    break
                tag = f"{self.label}.{client.index}.{number}"
                echo = self.echoes[client.index] = asyncio.Event()
                self.outstanding += self.room_size - 1
                self.sent[tag] = (client.index, perf_counter())
                await client.connection.send(client.format.encode(f"{tag} {padding}"))
                try:
                    async with asyncio.timeout(timeout_s):
                        await echo.wait()
                except TimeoutError:
                    self.statuses["no_echo"] += 1
        finally:
            self.sending -= 1
            self._check_done()


async def run_phase(clients, label, senders, count, padding, timeout_s) -> dict:
    """``count`` messages spread over ``senders`` of ``clients``; waits until all are delivered or lost."""
    # Generous: at one message per timeout the phase would still finish; a hung target does not hang the run.
    phase = Phase(label, len(clients), deadline=perf_counter() + timeout_s * (2 + count / senders))
    for client in clients:
        client.phase = phase
    shares = [count // senders + (1 if index < count % senders else 0) for index in range(senders)]
    phase.sending = sum(1 for share in shares if share)
    started = perf_counter()
    await asyncio.gather(
        *(
            phase.send_from(client, share, padding, timeout_s)
            for client, share in zip(clients, shares, strict=False)
            if share
        )
    )
    return await finish_phase(phase, clients, started, timeout_s)


async def finish_phase(phase: Phase, clients: list, started: float, timeout_s: float) -> dict:
    """Wait (up to ``timeout_s``) for the phase's last deliveries, count the missing ones as lost, detach the
    clients: the phase's latencies, statuses and wall time since ``started``."""
    try:
        async with asyncio.timeout(timeout_s):
            await phase.done.wait()
    except TimeoutError:
        pass
    wall_s = perf_counter() - started
    if phase.outstanding > 0:
        phase.statuses["lost"] += phase.outstanding
    for client in clients:
        client.phase = None
    return {"latencies_ms": phase.latencies_ms, "statuses": dict(phase.statuses), "wall_s": wall_s}


async def broadcast(spec: dict) -> dict:
    # Tags double as Essaim client_ids, which make a repeated post idempotent: they must never repeat, and
    # a kept bench database still holds the previous runs' messages.
    run = secrets.token_hex(3)
    padding = "x" * max(0, spec["payload"] - 24)
    results = []
    for size in spec["sizes"]:
        targets = []
        for target in spec["targets"]:
            frame_format = FORMATS[target["format"]]
            cookies = target.get("cookies") or [None] * size
            url = target["rooms"][str(size)]
            connections = await connect_all(
                [(url, cookies[i]) for i in range(size)], target.get("origin"), frame_format
            )
            targets.append((target, [Client(i, c, frame_format) for i, c in enumerate(connections)]))
        senders = min(spec["senders"], size)
        totals = {
            target["name"]: {"latencies_ms": [], "statuses": Counter(), "wall_s": 0.0}
            for target, _ in targets
        }
        for _, clients in targets:
            if spec["warmup"]:
                await run_phase(clients, f"{run}w{size}", senders, spec["warmup"], padding, spec["timeout"])
        rounds = max(1, min(spec["rounds"], spec["messages"]))
        for round_index in range(rounds):
            share = spec["messages"] // rounds + (1 if round_index < spec["messages"] % rounds else 0)
            for target, clients in targets:
                phase = await run_phase(
                    clients, f"{run}r{size}-{round_index}", senders, share, padding, spec["timeout"]
                )
                total = totals[target["name"]]
                total["latencies_ms"] += phase["latencies_ms"]
                total["statuses"].update(phase["statuses"])
                total["wall_s"] += phase["wall_s"]
        for _, clients in targets:
            await asyncio.gather(*(client.close() for client in clients))
        for name, total in totals.items():
            results.append({"size": size, "target": name, "senders": senders, **total})
    return {"results": results, "connect_retries": RETRIES["handshake"]}


def serve(client) -> None:
    """A load client's entry point: the spec as JSON on stdin, ``await client(spec)``'s answer as JSON on stdout."""
    spec = json.load(sys.stdin)
    try:
        import uvloop  # the client's own overhead is part of every latency: keep it as small as possible
    except ImportError:
        runner = asyncio.run
    else:
        runner = uvloop.run
    json.dump(runner(client(spec)), sys.stdout)


if __name__ == "__main__":
    serve(broadcast)
