"""The baseline of the real-time benchmarks: a bare ``websockets`` broadcast server.

``python -m bench.ws_baseline --port N`` serves one thing: a client connects to any path, the path names its
room, and every frame a client sends is written, unchanged, to every client connected to that room (the
sender included, as a Channels group send includes the sender). No authentication, no parsing, no storage,
no channel layer: the least a broadcast can cost on this machine with this Python, which is what the ratios
of the Essaim room consumer are taken against.

It runs on the plain asyncio event loop, like daphne (Twisted's asyncio reactor), without compression (daphne
negotiates none either), so the two differ by what Essaim does, not by how the bytes are moved.
"""

import argparse
import asyncio
import signal
from collections import defaultdict

HOST = "127.0.0.1"


async def serve(host: str, port: int) -> None:
    from websockets.asyncio.server import broadcast
    from websockets.asyncio.server import serve as websockets_serve
    from websockets.exceptions import ConnectionClosed

    rooms: dict[str, set] = defaultdict(set)

    async def handler(connection) -> None:
        room = rooms[connection.request.path]
        room.add(connection)
        try:
            async for frame in connection:
                # Writes to every open connection without waiting for slow readers, as a channel layer does.
                broadcast(room, frame)
        except ConnectionClosed:
            pass  # a client that vanished without a close frame: nothing to report
        finally:
            room.discard(connection)

    stop = asyncio.get_running_loop().create_future()
    for signum in (signal.SIGTERM, signal.SIGINT):
        asyncio.get_running_loop().add_signal_handler(signum, stop.set_result, None)
    # max_size as daphne's default frame limit does not matter here: frames are small. Pings every 20 s like
    # daphne's, so idle connections cost the same keep-alive work on both sides.
    async with websockets_serve(handler, host, port, compression=None, ping_interval=20, max_size=2**20):
        await stop


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.ws_baseline", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default=HOST)
    parser.add_argument("--port", type=int, required=True)
    options = parser.parse_args(argv)
    asyncio.run(serve(options.host, options.port))


if __name__ == "__main__":
    main()
