"""A fake Telegram Bot API server for end-to-end tests of the bot; see FakeBotApi."""

from .records import ApiError, Call, ChatMessage, SentCall
from .server import DEFAULT_TOKEN, FakeBotApi
from .spec import SPEC_PATH_ENV, BotApiSpec, default_spec_path

__all__ = [
    "DEFAULT_TOKEN",
    "SPEC_PATH_ENV",
    "ApiError",
    "BotApiSpec",
    "Call",
    "ChatMessage",
    "FakeBotApi",
    "SentCall",
    "default_spec_path",
]
