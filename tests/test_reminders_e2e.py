"""A learner who went away gets one reminder from the running bot, and Continue works."""

from __future__ import annotations

import sqlite3

from sellerbot.content.loader import load_course
from sellerbot.paths import bundled_content
from tests.telegram_harness import BotProcess, Farmer

# The progress line and /reload count the bundled course's modules; a new module must not
# break these tests.
MODULE_IDS = [module.id for module in load_course(bundled_content()).course.modules]


def test_one_reminder_then_continue_resumes(api, tmp_path):
    environment = {
        "SELLERBOT_REMINDER_CHECK_SECONDS": "0.3",
        "SELLERBOT_REMINDER_DAYS": "0",  # away "long enough" at once, for the test
        "SELLERBOT_QUIET_HOURS": "0-0",  # whatever the hour the test runs at
    }
    bot = BotProcess(api, tmp_path / "bot.db", tmp_path / "bot.log", extra_env=environment)
    bot.start()
    try:
        farmer = Farmer(api, 4001)
        farmer.send("/start")
        farmer.tap("Start the course")
        api.wait_for(lambda a: "Hello again!" in (a.chat(4001)[-1].text or ""), timeout=15)
        nudge = farmer.last
        assert "How this course works" in nudge.text
        api.wait_idle(quiet=1.0)  # several checks pass: still only one reminder
        assert sum("Hello again!" in (m.text or "") for m in farmer.messages) == 1
        count = len(farmer.messages)
        farmer.tap("Continue", message=nudge)
        shown = [m.caption or m.text or "" for m in farmer.messages[count:]]
        assert any(f"Module 1/{len(MODULE_IDS)} · Step 1/5" in text for text in shown), shown
    finally:
        bot.stop()
    with sqlite3.connect(tmp_path / "bot.db") as database:
        (recorded,) = database.execute(
            "select count(*) from events where name = 'reminder_sent'"
        ).fetchone()
    delivered = sum("Hello again!" in (m.text or "") for m in farmer.messages)
    assert recorded == delivered  # every reminder recorded was sent, and none twice
