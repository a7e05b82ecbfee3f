"""The process's presence writer: room connections' arrivals and departures, recorded in batches.

A connection is let in once its access is checked; recording it as present is not on the way to its ready
frame. The consumer hands the change here and the writer records what came in the last ``BATCH_S`` in one
call (:func:`spaces.actions.presence.do_record`: one insert, one delete, one event per room): a room of
200 opening at once took 200 inserts and 200 broadcasts, each holding a database thread while Redis
answered. A connection that goes before its arrival was written is never written at all. One batch at a
time, in order, so a departure is never recorded before its own arrival. Writers live per event loop (the
tests start a loop per test).
"""

import asyncio
import logging

from spaces.actions.presence import Arrival
from spaces.consumers import room_calls
from spaces.consumers.db import database_call

logger = logging.getLogger("spaces.live")

BATCH_S = 0.05  # how long a change waits for others before the batch is written


class PresenceWriter:
    def __init__(self):
        self.arrivals: dict[str, Arrival] = {}
        self.departures: list[tuple[int, str]] = []
        self.task: asyncio.Task | None = None

    def arrive(self, room_id: int, person: dict, channel_name: str) -> None:
        self.arrivals[channel_name] = Arrival(room_id, person, channel_name)
        self._schedule()

    def depart(self, room_id: int, channel_name: str) -> None:
        if self.arrivals.pop(channel_name, None) is None:  # written already (or being written): delete it
            self.departures.append((room_id, channel_name))
            self._schedule()

    def _schedule(self) -> None:
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._write())

    async def _write(self) -> None:
        while self.arrivals or self.departures:
            await asyncio.sleep(BATCH_S)
            arrivals, departures = list(self.arrivals.values()), self.departures
            self.arrivals, self.departures = {}, []
            try:
                await database_call(room_calls.record_presence)(arrivals, departures)
            except Exception:
                # Presence is advisory: the rows' TTL and the hubs' re-reads heal what a failed batch left.
                logger.warning(
                    "presence batch failed (%s in, %s out)", len(arrivals), len(departures), exc_info=True
                )

    async def flushed(self) -> None:
        """Until what was handed over is written (tests, and a process stopping)."""
        while self.task is not None and not self.task.done():
            await asyncio.shield(self.task)


_writers: dict[asyncio.AbstractEventLoop, PresenceWriter] = {}


def writer() -> PresenceWriter:
    loop = asyncio.get_running_loop()
    for other in [other for other in _writers if other.is_closed()]:
        del _writers[other]  # a finished test's loop
    if loop not in _writers:
        _writers[loop] = PresenceWriter()
    return _writers[loop]
