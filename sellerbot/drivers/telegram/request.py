"""HTTP to the Bot API with retries: weak networks fail often, and briefly."""

from __future__ import annotations

import asyncio
import logging
import random

from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)


class RetryingRequest(HTTPXRequest):
    """Retries with exponential backoff where a retry cannot send a message twice.

    A 5xx answer or a connection that failed before an answer are retried. A timeout
    waiting for an answer is not: the request may have been carried out already.
    """

    def __init__(self, *args, attempts: int = 4, base_delay: float = 0.5, **kwargs):
        super().__init__(*args, **kwargs)
        self.attempts = attempts
        self.base_delay = base_delay

    def _delay(self, attempt: int) -> float:
        return self.base_delay * 2**attempt * (0.5 + random.random())  # jitter spreads retries

    async def do_request(self, url, method, request_data=None, *args, **kwargs):
        for attempt in range(self.attempts):
            last = attempt == self.attempts - 1
            try:
                status, payload = await super().do_request(
                    url, method, request_data, *args, **kwargs
                )
            except TimedOut:
                raise
            except NetworkError as error:
                if last:
                    raise
                log.warning("network error (%s); retrying", error.message)
            else:
                if status < 500 or last:
                    return status, payload
                log.warning("Bot API answered %s; retrying", status)
            await asyncio.sleep(self._delay(attempt))
        raise AssertionError("unreachable")
