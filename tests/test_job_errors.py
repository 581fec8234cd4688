"""A timed job that meets an outage costs one log line; any other failure keeps its traceback."""

from __future__ import annotations

import logging
from types import SimpleNamespace

from sqlalchemy import exc
from telegram.error import NetworkError

from sellerbot.drivers.telegram.bot import TelegramDriver
from sellerbot.settings import Settings


def _dead_connection() -> exc.DBAPIError:
    return exc.DBAPIError(
        "SELECT 'learner words'", {}, ConnectionResetError(), connection_invalidated=True
    )


async def test_an_outage_in_a_timed_job_is_one_line_without_a_traceback(caplog):
    driver = TelegramDriver(Settings())
    for error in (_dead_connection(), NetworkError("connection refused")):
        caplog.clear()
        with caplog.at_level(logging.INFO):
            await driver.on_error(None, SimpleNamespace(error=error))
        assert len(caplog.records) == 1, caplog.records
        assert caplog.records[0].exc_info is None
        assert "runs again on schedule" in caplog.records[0].getMessage()
        assert "learner words" not in caplog.text


async def test_a_bug_in_a_timed_job_is_logged_with_its_traceback(caplog):
    driver = TelegramDriver(Settings())
    with caplog.at_level(logging.INFO):
        await driver.on_error(None, SimpleNamespace(error=ZeroDivisionError("a bug")))
    assert [record.levelname for record in caplog.records] == ["ERROR"]
    assert caplog.records[0].exc_info is not None
