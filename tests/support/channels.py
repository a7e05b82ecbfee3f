"""Listening to the configured channel layer as a consumer would, to see what the actions broadcast."""

import asyncio

from channels.layers import channel_layers, get_channel_layer


class GroupListener:
    """A channel subscribed to one group of the configured channel layer, as a consumer would be.

    Everything it does runs on one event loop of its own: the Redis layer binds its receive buffers to the
    loop that first used them, so draining from a new ``async_to_sync`` loop each time would fail there.
    """

    def __init__(self, group):
        channel_layers.backends.clear()
        self.layer = get_channel_layer()
        self.loop = asyncio.new_event_loop()
        self.channel = self.loop.run_until_complete(self.layer.new_channel())
        self.loop.run_until_complete(self.layer.group_add(group, self.channel))

    def events(self) -> list[dict]:
        async def drain():
            received = []
            while True:
                try:
                    received.append(await asyncio.wait_for(self.layer.receive(self.channel), 0.25))
                except TimeoutError:
                    return received

        return self.loop.run_until_complete(drain())
