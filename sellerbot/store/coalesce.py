"""Writes of the same kind that arrive while one is under way go to the database together.

Under load many turns finish at once and each marks its update done. One at a time, each
waiting for the one before, they cost a transaction apiece; gathered, the writes that queued
behind a busy one share the next statement. Alone, a write goes at once: nothing waits
for company.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")


class Coalescer(Generic[Item]):
    """`await add(item)` returns once `flush` has stored a batch holding the item, and raises
    what that flush raised."""

    def __init__(self, flush: Callable[[list[Item]], Awaitable[None]]):
        self._flush = flush
        self._queued: list[tuple[Item, asyncio.Future[None]]] = []
        self._lock = asyncio.Lock()

    async def add(self, item: Item) -> None:
        carried: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._queued.append((item, carried))
        async with self._lock:
            if not carried.done():  # no flush before this one took it along
                batch, self._queued = self._queued, []
                try:
                    await self._flush([each for each, _ in batch])
                except BaseException as error:
                    for _, future in batch:
                        if future is carried or future.done():
                            continue
                        if isinstance(error, asyncio.CancelledError):
                            future.cancel()  # the flushing caller was stopped, so is this write
                        else:
                            future.set_exception(error)
                    raise
                for _, future in batch:
                    if not future.done():
                        future.set_result(None)
        await carried
