"""/id tells admins, and anyone in a group the bot is in, the ids the settings need."""

from __future__ import annotations

import pytest

from tests.fakebotapi import FakeBotApi
from tests.telegram_harness import BotProcess, Farmer

ADMIN = 5001
GROUP = -1001234567890


@pytest.fixture
def api():
    with FakeBotApi() as server:
        yield server


@pytest.fixture
def bot(api, tmp_path):
    process = BotProcess(
        api, tmp_path / "bot.db", tmp_path / "bot.log", extra_env={"SELLERBOT_ADMINS": str(ADMIN)}
    )
    yield process.start()
    process.stop()
    assert "Traceback" not in process.log.read_text()


def test_an_admin_gets_their_ids_in_a_private_chat(api, bot):
    reply = Farmer(api, ADMIN).send("/id")
    assert f"{ADMIN}" in reply.text and "SELLERBOT_ADMINS" in reply.text


def test_a_learner_gets_no_ids_in_a_private_chat(api, bot):
    reply = Farmer(api, 5002).send("/id")
    assert "5002" not in reply.text and "SELLERBOT_ADMINS" not in reply.text


def test_anyone_in_a_group_gets_their_id_and_the_groups(api, bot):
    api.push_message(5003, "/id@sellerbot_test_bot", chat_type="supergroup", chat_id=GROUP)
    api.wait_for(lambda a: bool(a.chat(GROUP)), timeout=20)
    text = api.chat(GROUP)[-1].text
    assert "5003" in text and str(GROUP) in text and "SELLERBOT_STAFF_CHAT" in text
