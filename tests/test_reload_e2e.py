"""Changed content reaches the running bot without a restart; broken content never does."""

from __future__ import annotations

import os
import shutil
import time

import pytest

from sellerbot.content.loader import load_course
from sellerbot.paths import bundled_content
from tests.telegram_harness import BotProcess, Farmer

# The progress line and /reload count the bundled course's modules; a new module must not
# break these tests.
MODULE_IDS = [module.id for module in load_course(bundled_content()).course.modules]

ADMIN = 3001
OLD = "Each lesson is a few short messages."
NEW = "Each lesson is short and sweet."


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(bundled_content(), folder)
    return folder


@pytest.fixture
def bot(api, tmp_path, content):
    environment = {
        "SELLERBOT_CONTENT": str(content),
        "SELLERBOT_ADMINS": f"{ADMIN},3009",
        "SELLERBOT_WATCH_SECONDS": "0.3",
    }
    process = BotProcess(api, tmp_path / "bot.db", tmp_path / "bot.log", extra_env=environment)
    yield process.start()
    process.stop()


def edit(content, old: str, new: str) -> None:
    welcome = content / "modules" / "welcome.yaml"
    text = welcome.read_text(encoding="utf-8")
    assert old in text
    welcome.write_text(text.replace(old, new, 1), encoding="utf-8")


def first_step(farmer: Farmer) -> str:
    farmer.send("/start")
    return farmer.tap("Start the course").caption


def test_saved_changes_are_served_and_the_admins_told(api, bot, content):
    farmer = Farmer(api, 3100)
    assert OLD in first_step(farmer)
    edit(content, OLD, NEW)
    api.wait_for(lambda a: any("Content reloaded" in (m.text or "") for m in a.chat(ADMIN)))
    assert NEW in first_step(farmer)


def test_broken_content_is_refused_with_file_and_line_and_the_old_stays(api, bot, content):
    edit(content, "    type: quiz", "    type: qiz")
    api.wait_for(lambda a: any("problem(s)" in (m.text or "") for m in a.chat(ADMIN)), timeout=15)
    report = next(m.text for m in api.chat(ADMIN) if "problem(s)" in (m.text or ""))
    assert "modules/welcome.yaml:" in report and "unknown step type 'qiz'" in report
    farmer = Farmer(api, 3101)
    assert OLD in first_step(farmer)
    quiz_still_there = farmer.tap("Next")
    assert "Step 2/5" in quiz_still_there.text


def test_admin_commands_for_admins_only(api, bot, content):
    stranger = Farmer(api, 3102)
    stranger.send("/start")
    admin = Farmer(api, ADMIN)
    assert admin.send("/reload").text.startswith(f"Content reloaded: {len(MODULE_IDS)} modules")
    admin.send("/stats")
    api.wait_for(lambda a: a.chat(ADMIN)[-1].photo is not None)
    report, chart = admin.messages[-2:]
    assert report.text.startswith("Learners: 1") and "welcome: 0 → 0" in report.text
    assert chart.photo is not None
    assert stranger.send("/reload").text.startswith("I don't know that command.")
    assert stranger.send("/stats").text.startswith("I don't know that command.")


def test_reload_refuses_a_fifo_and_an_empty_faq_file_and_answers(api, bot, content):
    # A FIFO read without a bound never answered /reload; an empty FAQ file raised IndexError.
    # The unknown key holds '<' and '&': the report must arrive as typed, escaped for HTML.
    os.mkfifo(content / "faq" / "pipe.yaml")
    (content / "faq" / "empty.yaml").write_text("# yaml-language-server: $schema=x\n")
    (content / "faq" / "odd.yaml").write_text("<b>&x: 1\n")
    admin = Farmer(api, ADMIN)
    report = admin.send("/reload").text
    assert "problem(s)" in report, report
    assert "faq/pipe.yaml:1:1: not a regular file (a FIFO)" in report
    assert "faq/empty.yaml:1:1: the file is empty" in report
    assert "unknown key '<b>&x'" in report
    farmer = Farmer(api, 3103)
    assert OLD in first_step(farmer)  # the old content is still served
    for name in ("pipe.yaml", "empty.yaml", "odd.yaml"):
        (content / "faq" / name).unlink()
    assert admin.send("/reload").text.startswith(f"Content reloaded: {len(MODULE_IDS)} modules")


def test_the_scheduler_does_not_log_every_run_of_its_jobs(api, bot, content, tmp_path):
    # The content watch runs every 0.3 s here; APScheduler logged two INFO lines per run.
    admin = Farmer(api, ADMIN)
    assert admin.send("/reload").text.startswith("Content reloaded")
    time.sleep(1.5)  # about five runs of the watch job
    bot.stop()
    log = bot.log.read_text()
    assert " INFO " in log, log  # the log is written, at the level the jobs would use
    scheduler_lines = [line for line in log.splitlines() if "apscheduler" in line]
    assert not [line for line in scheduler_lines if " INFO " in line], scheduler_lines[:5]
