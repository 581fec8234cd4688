"""Checking a certificate through the real bot process: the /start verify-CODE deep link."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml

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


def test_passing_the_final_check_sends_the_certificate_picture_once(api, bot, tmp_path):
    content = Path(__file__).parents[1] / "content"
    final = yaml.safe_load((content / "modules" / "final-check.yaml").read_text())
    lessons = [m for m in yaml.safe_load((content / "course.yaml").read_text())["modules"]]
    farmer = Farmer(api, 1302, name="Wang")
    farmer.send("/start")
    with sqlite3.connect(tmp_path / "bot.db") as database:  # every lesson done already
        progress = {"steps": [], "modules": [m for m in lessons if m != "final-check"]}
        database.execute(
            "UPDATE learners SET progress = ? WHERE user_id = 1302", (json.dumps(progress),)
        )
    farmer.send("/modules")
    farmer.tap("Final check")
    for step in final["steps"]:
        if step["type"] == "quiz":
            right = next(option for option in step["options"] if option.get("correct"))
            farmer.tap(right["text"]["en"])
        shown = farmer.tap("Next")
    assert "You passed!" in farmer.text_since(-3) and "What name" in shown.text
    picture = farmer.tap("Use “Wang”")
    assert picture.photo is not None and "Here is your certificate, Wang!" in picture.caption
    code = picture.caption.split("Its code is ")[1].split(":")[0]
    assert (tmp_path / "bot.db").exists() and code.startswith("SB-")
    again = farmer.send("/certificate")
    assert again.photo is not None and code in again.caption
    with sqlite3.connect(tmp_path / "bot.db") as database:
        assert database.execute("SELECT count(*) FROM certificates").fetchone() == (1,)
