"""One channel of the process for every person group its room connections listen to.

A person's group (``access.changed``, ``unread.changed``) used to get a channel of its own per process, with
its own reader task and, to stop it, a message to itself: three layer calls and a task per person who opens
a room, on the way to their ready frame, and memory for as long as they stay. Here a process has one such
channel: joining a person's group adds it to the group, and each event is handed to that group's hub by the
group it was sent to (``ecosystem.realtime.publish`` names it in the event). Rooms keep channels of their own:
a room hub may wait for the database while it fills a gap, which must not hold other rooms' events.
"""

import asyncio
import logging

logger = logging.getLogger("spaces.live")

STOP = "hub.stop"  # sent to the channel when no group is left: its reader ends there


class SharedChannel:
    def __init__(self, layer):
        self.layer = layer
        self.name = ""
        self.routes: dict[str, object] = {}  # group → its hub (``await hub.handle(event)``)
        self.reader: asyncio.Task | None = None

    async def route(self, group: str, hub) -> str:
        """Hand ``group``'s events to ``hub``; the channel to add to the group."""
        if not self.name:
            self.name = await self.layer.new_channel()
        self.routes[group] = hub
        if self.reader is None or self.reader.done():
            self.reader = asyncio.create_task(self._read())
        return self.name

    async def unroute(self, group: str) -> None:
        self.routes.pop(group, None)
        if not self.routes and self.reader is not None and not self.reader.done():
            try:
                # Ended by a message rather than cancelled: cancelling a receive that holds channels_redis's
                # per-process receive lock, mid-BZPOPMIN, can lose a message for another channel.
                await self.layer.send(self.name, {"type": STOP})
            except Exception:
                self.reader.cancel()

    async def _read(self) -> None:
        while True:
            try:
                event = await self.layer.receive(self.name)
            except Exception:
                logger.exception("live person groups: receiving failed; trying again")
                await asyncio.sleep(0.5)
                continue
            if event.get("type") == STOP:
                if self.routes:  # a group came back after the stop was sent
                    continue
                return
            hub = self.routes.get(event.get("group"))
            if hub is None:
                continue  # a group left a moment ago
            try:
                await hub.handle(event)
            except Exception:
                logger.exception("live hub %s could not handle %s", event.get("group"), event.get("type"))
