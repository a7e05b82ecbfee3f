"""Group joins in batches (spaces.consumers.group_joins): what a batch joins gets the group's messages, on the
in-memory layer and on a real Redis; joins that crowd go in fewer round trips; a failed batch fails its joins
and the next ones still work."""

import asyncio
import uuid

import pytest
from channels.layers import InMemoryChannelLayer

from spaces.consumers import group_joins
from spaces.consumers.group_joins import GroupJoins

pytestmark = pytest.mark.asyncio


async def joined_get(layer, pairs) -> None:
    """Every channel of ``pairs`` receives what is sent to its group."""
    for group, channel in pairs:
        await layer.group_send(group, {"type": "hello", "group": group})
        assert await asyncio.wait_for(layer.receive(channel), 5) == {"type": "hello", "group": group}


def counted_batches(monkeypatch) -> list[int]:
    """The size of each batch the process sends, from now on."""
    batches = []
    add_many = group_joins.group_add_many

    async def counted(layer, pairs):
        batches.append(len(pairs))
        await add_many(layer, pairs)

    monkeypatch.setattr(group_joins, "group_add_many", counted)
    return batches


async def pairs_of(layer, count: int, start: int = 0) -> list[tuple[str, str]]:
    return [(f"user.{number}", await layer.new_channel()) for number in range(start, start + count)]


async def test_joins_asked_together_or_while_a_batch_is_out_go_together(monkeypatch):
    layer = InMemoryChannelLayer()
    batches = counted_batches(monkeypatch)
    joins = GroupJoins(layer)
    pairs = await pairs_of(layer, 20)
    await asyncio.gather(*(joins.add(group, channel) for group, channel in pairs))
    assert batches == [20]  # asked for at once: one batch
    await joined_get(layer, pairs)

    group_add = layer.group_add

    async def slow(group, channel):  # a layer with a round trip to wait for
        await asyncio.sleep(0.05)
        await group_add(group, channel)

    layer.group_add = slow
    first, later = await pairs_of(layer, 1, 20), await pairs_of(layer, 5, 21)
    alone = asyncio.ensure_future(joins.add(*first[0]))
    await asyncio.sleep(0.01)  # the first batch is out: the next joins wait for it, then go together
    await asyncio.gather(alone, *(joins.add(group, channel) for group, channel in later))
    assert batches == [20, 1, 5]
    await joined_get(layer, first + later)


@pytest.mark.redis
async def test_on_redis_a_batch_is_one_pipeline_with_channels_redis_keys_and_expiry(monkeypatch, settings):
    from channels_redis.core import RedisChannelLayer

    layer = RedisChannelLayer(hosts=[settings.REDIS_URL], prefix=f"essaim-test-{uuid.uuid4().hex[:8]}")
    try:
        batches = counted_batches(monkeypatch)
        pairs = await pairs_of(layer, 20)
        await GroupJoins(layer).add(*pairs[0])
        joins = GroupJoins(layer)
        await asyncio.gather(*(joins.add(group, channel) for group, channel in pairs[1:]))
        assert batches == [1, 19]
        await joined_get(layer, pairs)
        connection = layer.connection(layer.consistent_hash(pairs[0][0]))
        ttl = await connection.ttl(layer._group_key(pairs[0][0]))
        assert 0 < ttl <= layer.group_expiry  # the group expires as channels_redis' own join makes it
        # A group's own discard still removes a batch-joined channel.
        await layer.group_discard(*pairs[0])
        await layer.group_send(pairs[0][0], {"type": "hello"})
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(layer.receive(pairs[0][1]), 0.3)
    finally:
        await layer.flush()


async def test_a_failed_batch_fails_its_joins_and_the_next_join_works():
    layer = InMemoryChannelLayer()
    failing = [True]
    group_add = layer.group_add

    async def flaky(group, channel):
        if failing[0]:
            raise ConnectionError("layer down")
        await group_add(group, channel)

    layer.group_add = flaky
    joins = GroupJoins(layer)
    channels = [await layer.new_channel() for _ in range(3)]
    outcomes = await asyncio.gather(
        *(joins.add("room.1", channel) for channel in channels), return_exceptions=True
    )
    assert [type(outcome) for outcome in outcomes] == [ConnectionError] * 3  # no join left waiting
    failing[0] = False
    await joins.add("room.1", channels[0])
    await joined_get(layer, [("room.1", channels[0])])
