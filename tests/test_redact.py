"""The token redactor: no log line shows the bot token, whichever part of the record held it."""

from __future__ import annotations

import io
import logging
import re

import pytest

from sellerbot.drivers.telegram.redact import REDACTED, TokenRedactor, configure_logging

TOKEN = "123456:AAE-secret_token-xyz"
URL = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
HIDDEN_URL = f"https://api.telegram.org/bot{REDACTED}/sendMessage"


@pytest.fixture
def written():
    """A logger whose handler carries the redactor, and what it wrote."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(TokenRedactor(TOKEN))
    logger = logging.getLogger("test_redact.careless")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    yield logger, stream
    logger.removeHandler(handler)


def test_the_token_in_a_message_is_replaced(written):
    logger, stream = written
    logger.info(f"HTTP Request: POST {URL}")
    assert stream.getvalue() == f"INFO HTTP Request: POST {HIDDEN_URL}\n"


def test_the_token_in_an_argument_is_replaced_and_the_rest_kept(written):
    logger, stream = written
    logger.info('HTTP Request: %s %s "%s %d"', "POST", URL, "HTTP/1.1", 200)
    line = stream.getvalue()
    assert TOKEN not in line
    assert line == f'INFO HTTP Request: POST {HIDDEN_URL} "HTTP/1.1 200"\n'


def test_the_token_in_a_traceback_is_replaced(written):
    logger, stream = written
    try:
        raise ConnectionError(f"could not reach {URL}")
    except ConnectionError:
        logger.exception("sending failed")
    text = stream.getvalue()
    assert TOKEN not in text
    assert (
        f"ConnectionError: could not reach https://api.telegram.org/bot{REDACTED}/sendMessage"
        in text
    )
    assert text.startswith("ERROR sending failed\nTraceback (most recent call last):")


def test_the_token_in_a_chained_exception_is_replaced(written):
    logger, stream = written
    try:
        try:
            raise OSError(f"reset by peer while calling {URL}")
        except OSError as error:
            raise RuntimeError("network error") from error
    except RuntimeError:
        logger.error("polling stopped", exc_info=True)
    text = stream.getvalue()
    assert TOKEN not in text
    assert f"OSError: reset by peer while calling https://api.telegram.org/bot{REDACTED}" in text


def test_a_line_without_the_token_is_left_as_it_was(written):
    logger, stream = written
    logger.warning("flood limit: waiting %.0f s before retrying", 3.4)
    assert stream.getvalue() == "WARNING flood limit: waiting 3 s before retrying\n"


@pytest.fixture
def bot_logging(monkeypatch):
    """configure_logging run as the bot's process runs it, on a bare root logger writing to
    standard error: call it with the token, read what was written; all is put back after."""
    root = logging.getLogger()
    quiet = [logging.getLogger(name) for name in ("httpx", "apscheduler")]
    levels = (root.level, [logger.level for logger in quiet])
    stderr = io.StringIO()
    added = []

    def configure(token: str) -> io.StringIO:
        # pytest's capture handlers, added for each test phase, would make basicConfig a no-op.
        for handler in root.handlers[:]:
            root.removeHandler(handler)
        root.setLevel(logging.WARNING)  # a fresh process's default
        for logger in quiet:
            logger.setLevel(logging.NOTSET)
        monkeypatch.setattr("sys.stderr", stderr)
        configure_logging(token)
        added.extend(root.handlers)
        return stderr

    yield configure
    for handler in added:
        root.removeHandler(handler)
    root.setLevel(levels[0])
    for logger, level in zip(quiet, levels[1], strict=True):
        logger.setLevel(level)


def test_the_bots_logging_shows_info_lines_with_time_level_and_source_and_hides_the_token(
    bot_logging,
):
    written = bot_logging(TOKEN)
    logging.getLogger("sellerbot.test").info("calling %s", URL)
    line = written.getvalue()
    assert TOKEN not in line
    assert re.fullmatch(
        rf"\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d,\d{{3}} INFO sellerbot\.test: calling "
        rf"{re.escape(HIDDEN_URL)}\n",
        line,
    ), line


def test_the_bots_logging_hides_the_token_in_a_traceback(bot_logging):
    written = bot_logging(TOKEN)
    try:
        raise ConnectionError(f"could not reach {URL}")
    except ConnectionError:
        logging.getLogger("telegram.ext.Updater").exception("polling failed")
    text = written.getvalue()
    assert TOKEN not in text
    assert f"ConnectionError: could not reach {HIDDEN_URL}" in text


@pytest.mark.parametrize("name", ["httpx", "apscheduler"])
def test_the_bots_logging_drops_per_request_lines_but_keeps_warnings(bot_logging, name):
    """httpx writes a line with the request URL, token included, for every Bot API call."""
    written = bot_logging(TOKEN)
    logging.getLogger(name).info("HTTP Request: POST %s", URL)
    assert written.getvalue() == ""
    logging.getLogger(name).warning("retrying %s", URL)
    assert f"WARNING {name}: retrying {HIDDEN_URL}\n" in written.getvalue()
    assert TOKEN not in written.getvalue()
