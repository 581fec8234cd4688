"""The two Bot API calls a broadcast makes, and what their failures mean for a delivery."""

from __future__ import annotations

import html
import warnings
from datetime import timedelta
from typing import Protocol

import httpx
from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning


class DeliveryError(Exception):
    """A send that did not succeed; the subclass says what to do about it."""

    def __init__(self, description: str):
        super().__init__(description)
        self.description = description


class FloodWait(DeliveryError):
    """Telegram's flood control: nothing may be sent for `retry_after` seconds."""

    def __init__(self, retry_after: float):
        super().__init__(f"flood control: retry after {retry_after:g} s")
        self.retry_after = retry_after


class RecipientBlocked(DeliveryError):
    """The learner blocked the bot or deleted their account."""


class TransientError(DeliveryError):
    """A server error or a connection that never carried the request: try again later."""


class Rejected(DeliveryError):
    """Telegram refused this message for this chat; trying again will not help."""


class Uncertain(DeliveryError):
    """The request went out but no answer came back: it may have been delivered."""


class ApiUnusable(DeliveryError):
    """The token or the API address is wrong: no send can succeed until someone fixes it."""


class BroadcastApi(Protocol):
    """Sends one message to one chat; returns the new message's id or raises DeliveryError."""

    async def send_text(self, chat_id: int, text: str) -> int: ...

    async def copy_message(self, chat_id: int, from_chat_id: int, message_id: int) -> int: ...


# Connection failures in these phases happen before Telegram sees the request.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asks to wait, whichever type this PTB version gives it in."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def delivery_error(error: TelegramError) -> DeliveryError:
    """Sort python-telegram-bot's exceptions by what a broadcast should do next."""
    if isinstance(error, RetryAfter):
        return FloodWait(retry_seconds(error))
    if isinstance(error, Forbidden):
        return RecipientBlocked(error.message)
    if isinstance(error, InvalidToken):
        return ApiUnusable(error.message)
    if isinstance(error, BadRequest | ChatMigrated):
        return Rejected(error.message)
    if isinstance(error, NetworkError):
        cause = error.__cause__
        if isinstance(cause, _NOT_SENT):
            return TransientError(error.message)
        if isinstance(error, TimedOut) or isinstance(cause, httpx.HTTPError):
            return Uncertain(error.message)
        return TransientError(error.message)  # an HTTP answer: a 5xx from Telegram
    return Rejected(error.message)


class TelegramBroadcastApi:
    """BroadcastApi over python-telegram-bot's Bot, texts as HTML-escaped sendMessage."""

    def __init__(self, bot: Bot):
        self.bot = bot

    @classmethod
    def connect(
        cls, token: str, api_url: str | None = None, connections: int = 32
    ) -> TelegramBroadcastApi:
        """A Bot for `token` at the API root `api_url` (Telegram's when None)."""
        root = (api_url or "https://api.telegram.org").rstrip("/")
        request = HTTPXRequest(
            connection_pool_size=connections, connect_timeout=10, read_timeout=20, pool_timeout=30
        )
        return cls(Bot(token, base_url=f"{root}/bot", request=request))

    async def __aenter__(self) -> TelegramBroadcastApi:
        try:
            await self.bot.initialize()
        except TelegramError as error:
            raise delivery_error(error) from error
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.bot.shutdown()

    async def send_text(self, chat_id: int, text: str) -> int:
        try:
            message = await self.bot.send_message(
                chat_id, html.escape(text, quote=False), parse_mode=ParseMode.HTML
            )
        except TelegramError as error:
            raise delivery_error(error) from error
        return message.message_id

    async def copy_message(self, chat_id: int, from_chat_id: int, message_id: int) -> int:
        try:
            copied = await self.bot.copy_message(chat_id, from_chat_id, message_id)
        except TelegramError as error:
            raise delivery_error(error) from error
        return copied.message_id
