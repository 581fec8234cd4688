"""Pacing for sends: a global token bucket, spacing per chat, and a gate closed by flood bans."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class TokenBucket:
    """`rate` tokens a second, at most `capacity` saved up.

    Taking a token never fails: it reserves the next free slot and says how long to wait
    for it, so concurrent takers are served in order and evenly spaced.
    """

    def __init__(self, rate: float, capacity: float = 1.0, clock: Clock = time.monotonic):
        if rate <= 0 or capacity < 1:
            raise ValueError("a token bucket needs a positive rate and room for one token")
        self.rate = rate
        self.capacity = capacity
        self.clock = clock
        self._tokens = capacity
        self._updated = clock()

    def reserve(self) -> float:
        """Take a token; returns the seconds to wait before using it."""
        now = self.clock()
        self._tokens = min(self.capacity, self._tokens + (now - self._updated) * self.rate)
        self._updated = now
        self._tokens -= 1
        return 0.0 if self._tokens >= 0 else -self._tokens / self.rate


class ChatSpacing:
    """At most one send per chat every `interval` seconds."""

    PRUNE_EVERY = 10_000

    def __init__(self, interval: float = 1.0, clock: Clock = time.monotonic):
        self.interval = interval
        self.clock = clock
        self._next_free: dict[int, float] = {}
        self._reserved = 0

    def reserve(self, chat_id: int) -> float:
        """Book the chat's next slot; returns the seconds to wait for it."""
        now = self.clock()
        self._reserved += 1
        if self._reserved % self.PRUNE_EVERY == 0:
            # Chats whose slot has passed need no entry; a broadcast touches each chat once.
            self._next_free = {chat: at for chat, at in self._next_free.items() if at > now}
        slot = max(now, self._next_free.get(chat_id, now))
        self._next_free[chat_id] = slot + self.interval
        return slot - now

    def __len__(self) -> int:
        return len(self._next_free)


class FloodGate:
    """Closed while Telegram's flood ban lasts: nobody sends until it reopens."""

    def __init__(self, clock: Clock = time.monotonic, sleep: Sleep = asyncio.sleep):
        self.clock = clock
        self.sleep = sleep
        self._open_at = clock()

    def close_for(self, seconds: float) -> None:
        self._open_at = max(self._open_at, self.clock() + seconds)

    def remaining(self) -> float:
        return max(0.0, self._open_at - self.clock())

    async def wait_open(self) -> None:
        # A ban may be extended while we wait, so look again after each sleep.
        while (remaining := self.remaining()) > 0:
            await self.sleep(remaining)
