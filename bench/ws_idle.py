"""The idle-connections load client (``bench.realtime_idle`` is its parent), run in a process of its own.

It opens many connections to one server, lets them sit, and reads the server's resident memory
(``/proc/<pid>/status``) before and after; then checks they are all still alive with a protocol ping. The
spec comes as JSON on stdin, the answer goes as JSON on stdout (``bench.ws_load.serve``).
"""

import asyncio
from collections import Counter
from pathlib import Path
from time import perf_counter

from bench.ws_load import CONNECT_CONCURRENCY, FORMATS, RETRIES, connect_all, open_connection, serve


async def drain(connection) -> None:
    from websockets.exceptions import ConnectionClosed

    try:
        async for _ in connection:
            pass
    except ConnectionClosed:
        pass


def rss_kb(pid: int) -> int:
    """The process's resident set size, from the kernel (what the machine actually spends on it)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


async def idle(spec: dict) -> dict:
    from websockets.protocol import State

    frame_format = FORMATS[spec["format"]]
    specs = list(zip(spec["urls"], spec.get("cookies") or [None] * len(spec["urls"]), strict=True))
    origin = spec.get("origin")
    # Warm the server up (lazy imports, thread pools, caches) so the "before" figure is a warm server's.
    warm = await connect_all(specs[: spec["warmup"]], origin, frame_format)
    await asyncio.gather(*(connection.close() for connection in warm))
    await asyncio.sleep(spec["settle_s"])
    before = rss_kb(spec["server_pid"])

    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    failures: Counter[str] = Counter()

    readers = []

    async def one(url, cookie):
        async with gate:
            try:
                connection = await open_connection(url, cookie, origin, frame_format)
            except Exception as exc:  # counted by kind: the figure is how many the server held
                failures[type(exc).__name__] += 1
                return None
        # Idle is the person, not the socket: a browser still reads what the server pushes (presence
        # frames), and a client that stopped reading would stall its connection and swell the server's
        # buffers, which would then be measured as the connection's cost.
        readers.append(asyncio.create_task(drain(connection)))
        return connection

    started = perf_counter()
    connections = [c for c in await asyncio.gather(*(one(url, cookie) for url, cookie in specs)) if c]
    connect_s = perf_counter() - started
    await asyncio.sleep(spec["settle_s"])
    after = rss_kb(spec["server_pid"])

    async def alive(connection) -> bool:
        """Still open and answering a protocol ping; otherwise counted by what happened to it."""
        if connection.state is not State.OPEN:
            failures[f"closed {connection.close_code}"] += 1
            return False
        try:
            async with asyncio.timeout(30):
                await (await connection.ping())
        except Exception as exc:
            failures[f"no pong ({type(exc).__name__})"] += 1
            return False
        return True

    answers = await asyncio.gather(*(alive(connection) for connection in connections))
    await asyncio.gather(*(connection.close() for connection in connections), return_exceptions=True)
    await asyncio.gather(*readers, return_exceptions=True)
    return {
        "attempted": len(specs),
        "held": sum(answers),
        "failures": dict(failures),
        "rss_before_kb": before,
        "rss_after_kb": after,
        "connect_s": connect_s,
        "connect_retries": RETRIES["handshake"],
    }


if __name__ == "__main__":
    serve(idle)
