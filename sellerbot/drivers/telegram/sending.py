"""Deliver rendered replies as Telegram messages: HTML-escaped, split to fit, media cached."""

from __future__ import annotations

import asyncio
import html
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from sellerbot.admin.botapi import retry_seconds
from sellerbot.content.loader import CAPTION_LIMIT, MESSAGE_LIMIT, telegram_length
from sellerbot.engine.replies import Voice
from sellerbot.rendering import RenderedReply
from sellerbot.store.media import MediaCache, MediaRefused, read_media

log = logging.getLogger(__name__)

MAX_FLOOD_WAITS = 3


class RecipientGone(Exception):
    """The learner blocked the bot or deleted their account."""


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut text into pieces within `limit`, at paragraph breaks, else line breaks, else words."""
    if telegram_length(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for separator in ("\n\n", "\n", " "):
        if separator in text:
            break
    else:
        separator = ""
    parts = text.split(separator) if separator else list(text)
    for part in parts:
        candidate = f"{current}{separator}{part}" if current else part
        if telegram_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        if telegram_length(part) > limit:
            smaller = split_text(part, limit)
            pieces.extend(smaller[:-1])
            current = smaller[-1]
        else:
            current = part
    if current:
        pieces.append(current)
    return pieces


def keyboard(reply: RenderedReply) -> InlineKeyboardMarkup | None:
    if not reply.buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(button.label, callback_data=button.action) for button in row]
            for row in reply.buttons
        ]
    )


def is_not_modified(error: BadRequest) -> bool:
    return "message is not modified" in error.message.lower()


def refuses_voice(error: BadRequest) -> bool:
    """The learner's privacy settings allow no voice messages from this bot."""
    return "voice_messages_forbidden" in error.message.lower()


class ReplySender:
    """Sends one turn's replies to one chat, in order."""

    def __init__(
        self,
        bot: Bot,
        media: MediaCache,
        certificates: Callable[[str], Awaitable[bytes | None]] | None = None,
    ):
        self.bot = bot
        self.media = media
        # Draws the certificate a reply names (media kind "certificate", source its code).
        self.certificates = certificates

    async def deliver(
        self,
        chat_id: int,
        replies: tuple[RenderedReply, ...],
        pressed_message: Message | None = None,
    ) -> None:
        for reply in replies:
            if reply.replaces_pressed and await self._edit(chat_id, reply, pressed_message):
                continue
            await self._send(chat_id, reply)

    async def _call(self, method, **kwargs):
        """Call the Bot API, waiting out flood limits; a blocked chat raises RecipientGone."""
        for attempt in range(MAX_FLOOD_WAITS + 1):
            try:
                return await method(**kwargs)
            except RetryAfter as error:
                if attempt == MAX_FLOOD_WAITS:
                    raise
                seconds = retry_seconds(error)
                log.warning("flood limit: waiting %.0f s before retrying", seconds)
                await asyncio.sleep(seconds)
            except Forbidden as error:
                raise RecipientGone(str(error)) from error
        return None

    async def post(self, chat_id: int, text: str, reply_to: int | None = None) -> Message:
        """A plain text message of the bot's own, outside a learner's turn; the last piece
        of it, when it had to be split."""
        for piece in split_text(text):
            posted = await self._call(
                self.bot.send_message,
                chat_id=chat_id,
                text=html.escape(piece),
                parse_mode=ParseMode.HTML,
                reply_parameters=ReplyParameters(reply_to) if reply_to else None,
            )
        return posted

    async def post_picture(self, chat_id: int, picture: bytes) -> None:
        await self._call(self.bot.send_photo, chat_id=chat_id, photo=picture)

    async def relay(self, chat_id: int, header: str, from_chat_id: int, message_id: int) -> None:
        """Pass on someone's message, whatever its kind, under a header of the bot's own."""
        await self.post(chat_id, header)
        await self._call(
            self.bot.copy_message,
            chat_id=chat_id,
            from_chat_id=from_chat_id,
            message_id=message_id,
        )

    async def _edit(self, chat_id: int, reply: RenderedReply, pressed: Message | None) -> bool:
        """Edit the pressed message in place when it is plain text; False to send instead."""
        if (
            pressed is None
            or pressed.text is None
            or reply.media is not None
            or reply.voice is not None
            or telegram_length(reply.text) > MESSAGE_LIMIT
        ):
            return False
        markup = keyboard(reply)
        if pressed.text == reply.text and pressed.reply_markup == markup:
            return True  # already showing exactly this; Telegram would refuse the edit
        try:
            await self._call(
                self.bot.edit_message_text,
                chat_id=chat_id,
                message_id=pressed.message_id,
                text=html.escape(reply.text),
                parse_mode=ParseMode.HTML,
                reply_markup=markup,
            )
        except BadRequest as error:
            if is_not_modified(error):
                return True
            log.info("could not edit message %s (%s); sending a new one", pressed.message_id, error)
            return False
        return True

    async def _send(self, chat_id: int, reply: RenderedReply) -> None:
        markup = keyboard(reply)
        remaining = split_text(reply.text)
        if reply.media is not None:
            caption = None
            if len(remaining) == 1 and telegram_length(remaining[0]) <= CAPTION_LIMIT:
                caption = remaining.pop()
            try:
                await self._send_media(
                    chat_id, reply, caption, markup if caption is not None else None
                )
            except MediaRefused as error:  # the lesson goes on without its picture
                log.warning("media not sent: %s", error)
                remaining += [caption] if caption is not None else []
        for index, piece in enumerate(remaining):
            await self._call(
                self.bot.send_message,
                chat_id=chat_id,
                text=html.escape(piece),
                parse_mode=ParseMode.HTML,
                reply_markup=markup if index == len(remaining) - 1 else None,
            )
        if reply.voice is not None:
            await self._send_voice(chat_id, reply.voice)

    async def _send_media(
        self,
        chat_id: int,
        reply: RenderedReply,
        caption: str | None,
        markup: InlineKeyboardMarkup | None,
    ) -> None:
        media = reply.media
        if media.kind == "certificate":
            await self._send_certificate(chat_id, media.source, caption, markup)
            return
        send = self.bot.send_photo if media.kind == "image" else self.bot.send_video
        field = "photo" if media.kind == "image" else "video"
        options = {
            "chat_id": chat_id,
            "caption": html.escape(caption) if caption else None,
            "parse_mode": ParseMode.HTML,
            "reply_markup": markup,
        }
        if media.source.startswith("https://"):
            await self._call(send, **{field: media.source}, **options)
            return
        await self._send_file(
            send,
            field,
            Path(media.source),
            options,
            lambda message: (
                message.photo[-1].file_id if media.kind == "image" else message.video.file_id
            ),
        )

    async def _send_voice(self, chat_id: int, voice: Voice) -> None:
        """The step's voice note. The lesson's text has already gone out, so a note that
        cannot be sent is logged and the lesson goes on without it."""
        try:
            await self._send_file(
                self.bot.send_voice,
                "voice",
                Path(voice.source),
                {"chat_id": chat_id, "duration": voice.duration},
                lambda message: message.voice.file_id,
            )
        except (MediaRefused, TelegramError) as error:
            log.warning("voice note %s not sent: %s", voice.reference, error)

    async def _send_file(
        self,
        send: Callable[..., Awaitable[Message]],
        field: str,
        path: Path,
        options: dict[str, Any],
        uploaded_id: Callable[[Message], str],
    ) -> None:
        """Send a local file by the id Telegram gave it, uploading it only the first time."""

        async def send_cached() -> bool:
            cached = await self.media.file_id(path)
            if cached is None:
                return False
            try:
                await self._call(send, **{field: cached}, **options)
            except BadRequest as error:
                if refuses_voice(error):  # the learner's choice; uploading again would not help
                    raise
                # The id expired or belongs to another bot.
                log.info("cached media id for %s refused (%s); uploading again", path, error)
                self.media.forget(path)
                return False
            return True

        if await send_cached():
            return
        async with self.media.uploading(path):
            if await send_cached():  # uploaded by another turn while this one waited
                return
            data = read_media(path)
            message = await self._call(send, **{field: data}, **options)
            await self.media.remember(path, uploaded_id(message), data)

    async def _send_certificate(
        self, chat_id: int, code: str, caption: str | None, markup: InlineKeyboardMarkup | None
    ) -> None:
        picture = await self.certificates(code) if self.certificates else None
        if picture is None:  # the text still carries the code, which is what verifies
            raise MediaRefused(f"certificate {code} cannot be drawn")
        await self._call(
            self.bot.send_photo,
            chat_id=chat_id,
            photo=picture,
            filename=f"{code}.png",
            caption=html.escape(caption) if caption else None,
            parse_mode=ParseMode.HTML,
            reply_markup=markup,
        )


async def answer_quietly(bot: Bot, callback_query_id: str) -> None:
    """Stop the button's spinner; an old or already answered query is no harm."""
    try:
        await bot.answer_callback_query(callback_query_id)
    except BadRequest as error:
        log.debug("callback query %s not answered: %s", callback_query_id, error)
    except TelegramError as error:
        log.warning("callback query %s not answered: %s", callback_query_id, error)
