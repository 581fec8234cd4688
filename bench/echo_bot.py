"""A minimal PTB bot on sellerbot's Telegram stack: the baseline for bench/updates.py.

It answers every message with a text message and every button press with
answerCallbackQuery plus a text message; each reply carries one inline button, so a
simulated farmer can always press something next. The token comes from
TELEGRAM_BOT_TOKEN and the Bot API server root from SELLERBOT_API_URL, as for sellerbot.

Run: python bench/echo_bot.py
"""

from __future__ import annotations

import os

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

# Same request class, pool sizes, concurrency and polling options as sellerbot's driver,
# so the only difference measured is what happens inside the handlers.
from sellerbot.drivers.telegram.bot import CONCURRENT_UPDATES
from sellerbot.drivers.telegram.redact import configure_logging
from sellerbot.drivers.telegram.request import RetryingRequest

ECHO_BUTTON = InlineKeyboardMarkup([[InlineKeyboardButton("Again ➡️", callback_data="again")]])


async def on_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.send_message(
        chat_id=update.effective_chat.id,
        text=f"You said: {update.effective_message.text or ''}",
        reply_markup=ECHO_BUTTON,
    )


async def on_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await context.bot.answer_callback_query(update.callback_query.id)
    await context.bot.send_message(
        chat_id=update.effective_chat.id,
        text=f"You pressed: {update.callback_query.data}",
        reply_markup=ECHO_BUTTON,
    )


def build(token: str, api_root: str) -> Application:
    api_root = api_root.rstrip("/")
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(f"{api_root}/bot")
        .base_file_url(f"{api_root}/file/bot")
        .request(RetryingRequest(connection_pool_size=CONCURRENT_UPDATES + 8))
        .get_updates_request(RetryingRequest(read_timeout=40))
        .concurrent_updates(CONCURRENT_UPDATES)
        .build()
    )
    application.add_handlers(
        [
            CallbackQueryHandler(on_press),
            MessageHandler(filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE, on_message),
        ]
    )
    return application


def main() -> None:
    token = os.environ["TELEGRAM_BOT_TOKEN"]
    configure_logging(token)
    build(token, os.environ["SELLERBOT_API_URL"]).run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
