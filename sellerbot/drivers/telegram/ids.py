"""Answers /id with the sender's and the chat's ids, which SELLERBOT_ADMINS and
SELLERBOT_STAFF_CHAT need and Telegram's apps do not show."""

from __future__ import annotations

from collections.abc import Callable

from telegram import Update
from telegram.ext import ContextTypes, MessageHandler, filters

from sellerbot.drivers.telegram.sending import ReplySender

ID_COMMAND = filters.Regex(r"^/id(@\w+)?\s*$")


def ids_text(user_id: int, chat_id: int, private: bool) -> str:
    lines = [f"Your user id: {user_id} (for SELLERBOT_ADMINS)"]
    if not private:
        lines.append(f"This chat's id: {chat_id} (for SELLERBOT_STAFF_CHAT)")
    return "\n".join(lines)


def id_handler(sender: Callable[[], ReplySender | None], admins: frozenset[int]) -> MessageHandler:
    """/id from an admin in a private chat, or from anyone in a group the bot is in.

    `sender` gives the driver's sender, which exists only once the bot has started.
    """
    private = filters.ChatType.PRIVATE
    askers: filters.BaseFilter = filters.ChatType.GROUPS
    if admins:
        askers = askers | (private & filters.User(user_id=sorted(admins)))

    async def answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat, user, post = update.effective_chat, update.effective_user, sender()
        if chat is None or user is None or post is None:  # not a message, or not started
            return
        await post.post(chat.id, ids_text(user.id, chat.id, chat.type == chat.PRIVATE))

    return MessageHandler(ID_COMMAND & askers & filters.UpdateType.MESSAGE, answer)
