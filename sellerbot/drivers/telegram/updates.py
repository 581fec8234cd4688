"""Translate Telegram updates into engine inputs; decide nothing about the course."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from telegram import Message, Update

from sellerbot.encodable import encodable
from sellerbot.engine.inputs import Command, Input, Photo, Press, Start, Text, Unsupported


@dataclass(frozen=True)
class Inbound:
    """An engine input plus who sent it and what their app says about their language."""

    user_id: int
    chat_id: int
    received: Input
    language_hint: str | None
    name: str | None
    update_id: int
    pressed_message_id: int | None = None
    callback_query_id: str | None = None


class _Sender(TypedDict):
    """The fields of an Inbound that every kind of update fills the same way."""

    user_id: int
    chat_id: int
    language_hint: str | None
    name: str | None
    update_id: int


def _command(text: str) -> Input:
    head, _, argument = text.partition(" ")
    name = head[1:].split("@", 1)[0].lower()
    argument = argument.strip()
    if name == "start":
        return Start(argument or None)
    return Command(name, argument)


def _message_input(message: Message) -> Input:
    if message.photo:
        return Photo(reference=message.photo[-1].file_id, caption=encodable(message.caption or ""))
    if message.text is not None:
        text = encodable(message.text)
        if text.startswith("/") and len(text) > 1:
            return _command(text)
        return Text(text)
    for kind in (
        "sticker",
        "voice",
        "video_note",
        "audio",
        "video",
        "document",
        "location",
        "contact",
        "animation",
        "poll",
        "dice",
        "venue",
    ):
        if getattr(message, kind, None):
            return Unsupported(kind)
    return Unsupported("other")


def to_inbound(update: Update) -> Inbound | None:
    """The input an update carries, or None for updates the course ignores.

    Only private chats take part: groups and channels get no answer at all.
    """
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or chat.type != "private" or user.is_bot:
        return None
    common: _Sender = {
        "user_id": user.id,
        "chat_id": chat.id,
        "language_hint": user.language_code,
        "name": encodable(user.first_name),
        "update_id": update.update_id,
    }
    if update.callback_query is not None:
        query = update.callback_query
        message = query.message
        return Inbound(
            received=Press(query.data or ""),
            pressed_message_id=message.message_id if message else None,
            callback_query_id=query.id,
            **common,
        )
    if update.message is not None:
        return Inbound(received=_message_input(update.message), **common)
    if update.edited_message is not None:
        return Inbound(received=Unsupported("edited_message"), **common)
    return None
