"""From an inbox row to python-telegram-bot's handlers, and the row's fate from what happened.

An update that cannot be parsed, or whose handling raises, is quarantined as poison with its
error, logged in one line without the learner's words, and the learners around it go on.
A failure of the network, the API or the database leaves the update for a later try.
"""

from __future__ import annotations

import contextvars
import json
import logging
import traceback
from datetime import timedelta

from telegram import Update
from telegram.error import NetworkError, RetryAfter
from telegram.ext import Application

from sellerbot.store.inbox import HANDLED, Inbox, InboxRow, LostClaim
from sellerbot.store.outage import database_was_away

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # tries for an update whose replies the network keeps failing
RETRY_BASE = timedelta(seconds=2)
# The database going away is no fault of the update: it is tried for longer (about a quarter
# of an hour), since an answer kept as poison is an answer the learner never gets.
MAX_ATTEMPTS_DATABASE_AWAY = 20
RETRY_MOST = timedelta(minutes=1)

# The inbox row being handled, for the handlers that python-telegram-bot calls.
current_row: contextvars.ContextVar[InboxRow | None] = contextvars.ContextVar(
    "current_row", default=None
)


def tries_allowed(error: BaseException) -> int:
    """How many times an update that failed this way is tried in all; 1: never again."""
    if database_was_away(error):
        return MAX_ATTEMPTS_DATABASE_AWAY
    if isinstance(error, NetworkError | RetryAfter):  # TimedOut is a NetworkError
        return MAX_ATTEMPTS
    return 1


def passing(error: BaseException) -> bool:
    """A fault of the network, the API or the database that passes with time."""
    return tries_allowed(error) > 1


def describe(error: BaseException) -> str:
    """The error's kind and where it was raised: no message, which may quote the learner."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {frames[-1].filename.rsplit('/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}{where}"


class InboundUpdates:
    """Hands each inbox row to the Application's handlers; `resume` finishes a saved turn."""

    def __init__(self, application: Application, inbox: Inbox, resume):
        self.application = application
        self.inbox = inbox
        self.resume = resume  # async (update, row) -> None: send a saved turn's replies
        self._errors: dict[int, BaseException] = {}

    def record_error(self, update: object, error: BaseException) -> bool:
        """Called by the Application's error handler: True when the update is one of ours."""
        if isinstance(update, Update) and current_row.get() is not None:
            self._errors[update.update_id] = error
            return True
        return False

    async def handle(self, row: InboxRow) -> None:
        try:
            update = Update.de_json(json.loads(row.payload), self.application.bot)
        except Exception as error:
            await self._quarantine(row, error, "cannot be parsed")
            return
        token = current_row.set(row)
        try:
            if row.state == HANDLED:  # saved before a crash or a network failure
                await self.resume(update, row)
            else:
                await self.application.process_update(update)
        except Exception as error:
            self._errors[row.update_id] = error
        finally:
            current_row.reset(token)
        failure = self._errors.pop(row.update_id, None)
        if failure is None:
            await self.inbox.done(row.update_id)
        elif isinstance(failure, LostClaim):  # its lease ran out; the holder answers it
            log.info("update %s is held by another worker now; left to it", row.update_id)
        elif row.attempts + 1 < tries_allowed(failure):
            delay = min(RETRY_BASE * 2 ** min(row.attempts, 6), RETRY_MOST)
            log.warning(
                "update %s: %s; trying again in %.0f s",
                row.update_id,
                describe(failure),
                delay.total_seconds(),
            )
            await self.inbox.retry_later(row.update_id, delay, describe(failure))
        else:
            await self._quarantine(row, failure, "failed")

    async def _quarantine(self, row: InboxRow, error: BaseException, what: str) -> None:
        log.error("update %s %s (%s); kept as poison", row.update_id, what, describe(error))
        detail = "".join(traceback.format_exception(error))
        await self.inbox.quarantine(row.update_id, detail)
