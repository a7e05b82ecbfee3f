"""Joining channel-layer groups in batches: the joins asked for while one batch is on its way go together next.

``channels_redis`` joins a group in two round trips (``ZADD`` the channel, then ``EXPIRE`` the group), one
after the other. A room of 200 opening at once made 400 of them on the way to the ready frames (each
person's group, :mod:`.shared_channel`), and the membership refresher repeats one join per membership. Here a
process sends the joins of a batch in one pipeline (one round trip for all), and while a batch is on its way
the next joins wait for it and then go together: no added delay when joins are rare, fewer round trips when
they crowd. Other layers (the in-memory one of the embedded default) get their own ``group_add`` per join.

The Redis commands are those of ``channels_redis``' own ``group_add`` (its group key, shard and expiry), in a
pipeline; ``tests/spaces/test_group_joins.py`` checks on a real Redis that a batch-joined channel gets the
group's messages.
"""

import asyncio
import time

from channels_redis.core import RedisChannelLayer


async def group_add_many(layer, pairs: list[tuple[str, str]]) -> None:
    """``layer.group_add(group, channel)`` for each pair, in one round trip per Redis shard."""
    if not isinstance(layer, RedisChannelLayer):
        await asyncio.gather(*(layer.group_add(group, channel) for group, channel in pairs))
        return
    shards: dict[int, list[tuple[str, str]]] = {}
    for group, channel in pairs:
        assert layer.require_valid_group_name(group), "Group name not valid"
        assert layer.require_valid_channel_name(channel), "Channel name not valid"
        shards.setdefault(layer.consistent_hash(group), []).append((group, channel))
    for shard, joins in shards.items():
        pipeline = layer.connection(shard).pipeline(transaction=False)
        for group, channel in joins:
            key = layer._group_key(group)
            pipeline.zadd(key, {channel: time.time()})
            pipeline.expire(key, layer.group_expiry)
        await pipeline.execute()


class GroupJoins:
    """The joins of one event loop on one layer, batched (see the module's text)."""

    def __init__(self, layer):
        self.layer = layer
        self.waiting: list[tuple[str, str, asyncio.Future]] = []
        self.sender: asyncio.Future | None = None  # referenced while it runs: the loop keeps weak references

    async def add(self, group: str, channel: str) -> None:
        """Join ``channel`` to ``group``; returns once the layer has it (raises what the layer raised)."""
        joined = asyncio.get_running_loop().create_future()
        self.waiting.append((group, channel, joined))
        if self.sender is None:
            self.sender = asyncio.ensure_future(self._send())
        await joined

    async def _send(self) -> None:
        batch = []
        try:
            while self.waiting:
                batch, self.waiting = self.waiting, []
                await group_add_many(self.layer, [(group, channel) for group, channel, _ in batch])
                _settle(batch)
        except BaseException as exc:
            # Every join of the batch fails, as one group_add would; none is left waiting.
            _settle(batch + self.waiting, exc)
            self.waiting = []
            if not isinstance(exc, Exception):
                raise
        finally:
            self.sender = None


def _settle(batch, exc: BaseException | None = None) -> None:
    for _, _, joined in batch:
        if joined.done():
            continue  # its caller gave up (cancelled)
        if exc is None:
            joined.set_result(None)
        else:
            joined.set_exception(exc)
