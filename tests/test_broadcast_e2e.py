"""/broadcast from Telegram: an admin's message, its preview and buttons, and the delivery."""

from __future__ import annotations

import sqlite3

import pytest

from tests.telegram_harness import BotProcess, Farmer

ADMIN = 5001
LEARNERS = [5101, 5102, 5103, 5104]


@pytest.fixture
def bot(api, tmp_path):
    process = BotProcess(
        api, tmp_path / "bot.db", tmp_path / "bot.log", extra_env={"SELLERBOT_ADMINS": str(ADMIN)}
    )
    yield process.start()
    process.stop()
    assert "Traceback" not in process.log.read_text()


def learners(api, languages=("en", "en", "zh-CN", "zh-CN")) -> list[Farmer]:
    farmers = [
        Farmer(api, user, language) for user, language in zip(LEARNERS, languages, strict=True)
    ]
    for farmer in farmers:
        farmer.send("/start")
    return farmers


def rows(bot: BotProcess, query: str) -> list[tuple]:
    with sqlite3.connect(bot.database) as database:
        return database.execute(query).fetchall()


def test_admin_broadcasts_a_text_to_everyone_and_sees_the_report(api, bot):
    farmers = learners(api)
    api.block_chat(LEARNERS[-1])
    admin = Farmer(api, ADMIN)
    assert "4 learners now" in admin.send("/broadcast").text
    admin.send("Market day on Saturday: bring your best oranges!")
    api.wait_for(lambda a: "Send it?" in (a.chat(ADMIN)[-1].text or ""))
    preview, question = admin.messages[-2:]
    assert preview.text == "Market day on Saturday: bring your best oranges!"
    assert "4 learners (everyone)" in question.text
    admin.tap("Send now")
    api.wait_for(lambda a: "done" in (a.chat(ADMIN)[-1].text or ""), timeout=20)
    report = admin.last.text
    assert report.startswith("✅ Broadcast 1 done: 3 sent, 1 blocked the bot, 0 failed")
    for farmer in farmers[:3]:
        assert farmer.last.text == "Market day on Saturday: bring your best oranges!"
    assert rows(bot, "select active from learners where user_id = 5104") == [(0,)]
    assert rows(bot, "select count(*) from broadcast_deliveries where state = 'sent'") == [(3,)]


def test_a_photo_goes_to_a_segment_by_copy_and_can_be_scheduled_or_cancelled(api, bot):
    learners(api)
    admin = Farmer(api, ADMIN)
    assert "2 learners now" in admin.send("/broadcast locale=zh_Hans").text
    admin.send_photo("新品上市")
    api.wait_for(lambda a: "Send it?" in (a.chat(ADMIN)[-1].text or ""))
    assert admin.messages[-2].photo is not None  # the preview is the admin's own photo
    admin.tap("Schedule")
    assert "Send a time" in admin.last.text
    admin.send("2030-01-15 09:30")
    assert admin.last.text == "Scheduled for 2030-01-15 09:30 (Asia/Shanghai)."
    assert rows(bot, "select kind, status, scheduled_at from broadcasts") == [
        ("copy", "scheduled", "2030-01-15 01:30:00.000000")
    ]
    admin.send("/broadcast")
    admin.send("never mind this one")
    api.wait_for(lambda a: "Send it?" in (a.chat(ADMIN)[-1].text or ""))
    assert admin.tap("Cancel").text == "Cancelled: nothing will be sent."
    assert rows(bot, "select status from broadcasts where id = 2") == [("cancelled",)]


def test_bad_segment_and_non_admins(api, bot):
    admin = Farmer(api, ADMIN)
    assert admin.send("/broadcast locale=fr").text.startswith("That segment does not work")
    stranger = Farmer(api, 5999)
    assert stranger.send("/broadcast").text.startswith("I don't know that command.")
    assert rows(bot, "select count(*) from broadcasts") == [(0,)]


def test_an_edit_of_an_older_message_is_not_taken_as_the_broadcast(api, bot):
    learners(api)
    admin = Farmer(api, ADMIN)
    assert "learners now" in admin.send("/broadcast").text
    edit = api.make_message_update(ADMIN, "an older message, its typo fixed")
    edit["edited_message"] = {**edit.pop("message"), "edit_date": 1}
    api.push_update(edit)
    admin.send("Market closes early on Friday.")
    api.wait_for(lambda a: "Send it?" in (a.chat(ADMIN)[-1].text or ""))
    copied = [call.params["message_id"] for call in api.calls_to("copyMessage")]
    assert len(copied) == 1, copied  # the preview of the new message alone
    assert copied[0] != edit["edited_message"]["message_id"]
