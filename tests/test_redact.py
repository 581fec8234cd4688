"""The token redactor: no log line shows the bot token, whichever part of the record held it."""

from __future__ import annotations

import io
import logging

import pytest

from sellerbot.drivers.telegram.redact import REDACTED, TokenRedactor

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
