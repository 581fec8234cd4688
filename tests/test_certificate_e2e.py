"""Checking a certificate through the real bot process: the /start verify-CODE deep link."""

from __future__ import annotations

import sqlite3

import pytest

from tests.telegram_harness import BotProcess, Farmer


@pytest.fixture
def bot(api, tmp_path):
    process = BotProcess(api, tmp_path / "bot.db", tmp_path / "bot.log").start()
    yield process
    process.stop()
    assert "Traceback" not in process.log.read_text()


def test_a_verify_link_answers_genuine_or_unknown(api, bot, tmp_path):
    with sqlite3.connect(tmp_path / "bot.db") as database:
        database.execute(
            "INSERT INTO certificates (code, name, course, locale, issued_at) "
            "VALUES ('SB-2345-6789', 'Wang Fang', 'Sell your produce online', 'en', "
            "'2026-12-02 09:00:00.000000')"
        )
    farmer = Farmer(api, 1301)
    genuine = farmer.send("/start verify-SB-2345-6789")
    assert "✅ Certificate SB-2345-6789 is genuine: Wang Fang finished" in genuine.text
    assert "on 2026-12-02" in genuine.text
    unknown = farmer.send("/start verify-SB-2345-678A")
    assert "No certificate has the code SB-2345-678A" in unknown.text
