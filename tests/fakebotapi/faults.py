"""Fault injection: Telegram's flood control, transient server errors and dropped connections."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

WINDOW_SECONDS = 1.0


class FloodControl:
    """Sliding one-second windows, global and per chat; exceeding one bans that scope.

    The ban lasts retry_after seconds, as announced in the 429 answer, so a bot that honours
    retry_after never sends into a ban; sends that do arrive during one are counted.
    """

    def __init__(
        self,
        global_per_second: int | None,
        per_chat_per_second: int | None,
        retry_after: int | None,
    ):
        self.global_per_second = global_per_second
        self.per_chat_per_second = per_chat_per_second
        self.fixed_retry_after = retry_after
        self._global_window: deque[float] = deque()
        self._chat_windows: dict[object, deque[float]] = {}
        self._global_ban_until = 0.0
        self._chat_bans_until: dict[object, float] = {}

    def check(self, chat_key: object, now: float) -> tuple[int | None, bool]:
        """Returns (retry_after or None when allowed, whether the send arrived during a ban)."""
        ban_until = max(self._global_ban_until, self._chat_bans_until.get(chat_key, 0.0))
        if now < ban_until:
            return max(1, math.ceil(ban_until - now)), True
        chat_window = self._chat_windows.setdefault(chat_key, deque())
        for window in (self._global_window, chat_window):
            while window and window[0] <= now - WINDOW_SECONDS:
                window.popleft()
        if (
            self.global_per_second is not None
            and len(self._global_window) >= self.global_per_second
        ):
            retry_after = self._retry_after(self._global_window, now)
            self._global_ban_until = now + retry_after
            return retry_after, False
        if self.per_chat_per_second is not None and len(chat_window) >= self.per_chat_per_second:
            retry_after = self._retry_after(chat_window, now)
            self._chat_bans_until[chat_key] = now + retry_after
            return retry_after, False
        self._global_window.append(now)
        chat_window.append(now)
        return None, False

    def _retry_after(self, window: deque[float], now: float) -> int:
        if self.fixed_retry_after is not None:
            return self.fixed_retry_after
        return max(1, math.ceil(window[0] + WINDOW_SECONDS - now))


@dataclass
class PlannedFailure:
    """Answer the next `count` calls of `method` (any method if None) with `status`."""

    method: str | None
    count: int
    status: int

    def matches(self, method: str) -> bool:
        return self.method is None or self.method.lower() == method.lower()


SERVER_ERROR_DESCRIPTIONS = {
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
