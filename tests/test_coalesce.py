"""Writes that queue behind a busy one share the next flush; each caller learns its outcome."""

from __future__ import annotations

import asyncio

import pytest

from sellerbot.store.coalesce import Coalescer


class Flushes:
    def __init__(self):
        self.batches: list[list[int]] = []
        self.gate = asyncio.Event()
        self.gate.set()
        self.fail_with: Exception | None = None

    async def __call__(self, items: list[int]) -> None:
        self.batches.append(items)
        await self.gate.wait()
        if self.fail_with is not None:
            raise self.fail_with


async def test_a_write_alone_goes_at_once():
    flushes = Flushes()
    await Coalescer(flushes).add(1)
    assert flushes.batches == [[1]]


async def test_writes_queued_behind_a_busy_flush_share_the_next_one():
    flushes = Flushes()
    coalescer = Coalescer(flushes)
    flushes.gate.clear()
    first = asyncio.create_task(coalescer.add(1))
    await asyncio.sleep(0)  # the first flush is under way, held at the gate
    later = [asyncio.create_task(coalescer.add(n)) for n in range(2, 7)]
    await asyncio.sleep(0)
    assert not any(task.done() for task in [first, *later])  # nobody is told too early
    flushes.gate.set()
    await asyncio.gather(first, *later)
    assert flushes.batches == [[1], [2, 3, 4, 5, 6]]


async def test_every_write_of_a_failed_flush_hears_of_it():
    flushes = Flushes()
    coalescer = Coalescer(flushes)
    flushes.gate.clear()
    first = asyncio.create_task(coalescer.add(1))
    await asyncio.sleep(0)
    later = [asyncio.create_task(coalescer.add(n)) for n in (2, 3)]
    await asyncio.sleep(0)
    flushes.fail_with = ConnectionResetError("the database went away")
    flushes.gate.set()
    outcomes = await asyncio.gather(first, *later, return_exceptions=True)
    assert [type(outcome) for outcome in outcomes] == [ConnectionResetError] * 3
    flushes.fail_with = None
    await coalescer.add(4)  # the next write goes on its own
    assert flushes.batches[-1] == [4]


async def test_a_write_never_returns_before_its_flush():
    flushes = Flushes()
    coalescer = Coalescer(flushes)
    flushes.gate.clear()
    task = asyncio.create_task(coalescer.add(1))
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(asyncio.shield(task), 0.05)
    flushes.gate.set()
    await task
