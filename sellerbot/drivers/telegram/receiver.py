"""The receiver: fetches updates from the Bot API and stores them in the inbox before
Telegram is told they arrived, so a crash at any moment loses none.

Long polling confirms a batch with the next request's offset; that request goes out only
once the batch is in the database. Updates stay raw JSON here: one the library cannot
parse must not stop the others, so parsing waits for the worker.
"""

from __future__ import annotations

import asyncio
import json
import logging
import warnings
from collections.abc import Callable
from typing import Any

from telegram import Bot, Update
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning

from sellerbot.admin.botapi import retry_seconds
from sellerbot.store.inbox import Inbox, learner_key

log = logging.getLogger(__name__)

POLL_TIMEOUT = 25  # seconds Telegram holds a long poll open
MAX_BACKOFF = 30.0


def inbox_rows(updates: Any) -> list[tuple[int, str, int]]:
    """(update id, JSON, learner key) for each update with a usable id; the rest are
    dropped with a line in the log (Telegram never sends them)."""
    rows = []
    for update in updates if isinstance(updates, list) else []:
        update_id = update.get("update_id") if isinstance(update, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool) or update_id < 0:
            log.warning("an update without a usable update_id was dropped")
            continue
        rows.append((update_id, json.dumps(update), learner_key(update)))
    return rows


class Poller:
    """Long polling into the inbox; `on_stored` is called after each stored batch."""

    def __init__(
        self,
        bot: Bot,
        inbox: Inbox,
        on_stored: Callable[[], None] = lambda: None,
        timeout: int = POLL_TIMEOUT,
    ):
        self.bot = bot
        self.inbox = inbox
        self.on_stored = on_stored
        self.timeout = timeout
        self.offset: int | None = None
        self.polls = 0

    async def _fetch(self) -> Any:
        api_kwargs: dict[str, Any] = {"timeout": self.timeout, "allowed_updates": Update.ALL_TYPES}
        if self.offset is not None:
            api_kwargs["offset"] = self.offset
        with warnings.catch_warnings():
            # The raw answer is wanted on purpose: Bot.get_updates would parse the batch,
            # and one update it cannot parse would fail every poll from then on.
            warnings.filterwarnings("ignore", "Please use 'Bot.get_updates'", PTBUserWarning)
            return await self.bot.do_api_request(
                "get_updates", api_kwargs=api_kwargs, read_timeout=self.timeout + 10
            )

    async def run(self) -> None:
        await self.bot.delete_webhook()  # polling and a webhook exclude each other
        failures = 0
        while True:
            try:
                raw = await self._fetch()
                self.polls += 1
                rows = inbox_rows(raw)
                await self._store(rows)
            except (InvalidToken, asyncio.CancelledError):
                raise
            except RetryAfter as error:
                await asyncio.sleep(retry_seconds(error))
                continue
            except (NetworkError, TelegramError) as error:
                failures += 1
                delay = min(MAX_BACKOFF, 0.5 * 2**failures)
                log.warning("cannot reach the Bot API (%s); retrying in %.0f s", error, delay)
                await asyncio.sleep(delay)
                continue
            failures = 0
            if rows:
                self.offset = max(update_id for update_id, _, _ in rows) + 1
                self.on_stored()

    async def _store(self, rows: list[tuple[int, str, int]]) -> None:
        """Keep trying: until the batch is stored, Telegram must not be told it arrived."""
        delay = 0.5
        while True:
            try:
                await self.inbox.add(rows)
                return
            except Exception as error:
                log.warning("cannot store updates (%s); retrying", type(error).__name__)
                await asyncio.sleep(delay)
                delay = min(MAX_BACKOFF, delay * 2)
