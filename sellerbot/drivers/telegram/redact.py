"""Keep the bot token out of every log line, whoever logs it."""

from __future__ import annotations

import logging

REDACTED = "<bot-token>"


class TokenRedactor(logging.Filter):
    def __init__(self, token: str, placeholder: str = REDACTED):
        super().__init__()
        self.token = token
        self.placeholder = placeholder

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.token in message:
            record.msg = message.replace(self.token, self.placeholder)
            record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self.token in record.exc_text:
            record.exc_text = record.exc_text.replace(self.token, self.placeholder)
        return True


def configure_logging(token: str, level: int = logging.INFO) -> None:
    """Log to standard error with the token redacted; httpx's per-request lines are dropped."""
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL, and Bot API URLs carry the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # two lines per job run
    redactor = TokenRedactor(token)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
