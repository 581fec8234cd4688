"""The real bot process and python-telegram-bot, against the fake Bot API on loopback.

Each test starts `sellerbot run` as a child process, as a farmer's phone would meet it, and
checks what the farmer sees. Every call the bot makes is checked against the Bot API spec.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from sellerbot.content.loader import load_course
from sellerbot.drivers.telegram.redact import REDACTED
from sellerbot.paths import bundled_content
from tests.fakebotapi import FakeBotApi
from tests.telegram_harness import SELLERBOT, BotProcess, Farmer

# The progress line and /reload count the bundled course's modules; a new module must not
# break these tests.
MODULE_IDS = [module.id for module in load_course(bundled_content()).course.modules]


@pytest.fixture
def bot(api, tmp_path):
    process = BotProcess(api, tmp_path / "bot.db", tmp_path / "bot.log").start()
    yield process
    process.stop()
    log = process.log.read_text()
    assert api.token not in log, "the bot token leaked into the log"
    assert "Traceback" not in log, log


CARELESS_LOGGING = Path(__file__).parent / "careless_logging"


def test_the_token_stays_out_of_the_log_where_careless_loggers_put_it(api, tmp_path):
    """httpx's request lines, URLs in log arguments and an error carrying the URL all hold
    the token; the log shows each with the token replaced."""
    bot = BotProcess(
        api,
        tmp_path / "bot.db",
        tmp_path / "bot.log",
        extra_env={"PYTHONPATH": str(CARELESS_LOGGING)},
    ).start()
    try:
        farmer = Farmer(api, 1020)
        api.fail_connections_next(1)  # the next request, a send or a poll, loses its connection
        assert farmer.send("/start").text.startswith("Hello, Li!")
    finally:
        bot.stop()
    log = bot.log.read_text()
    hidden = f"/bot{REDACTED}/"
    assert api.token not in log, "the bot token leaked into the log"
    assert f"httpx: HTTP Request: POST {api.root_url}{hidden}" in log, log
    assert f"careless: calling {api.root_url}{hidden}" in log, log
    assert f"lost the connection to {api.root_url}{hidden}" in log, log


def test_chinese_farmer_does_the_welcome_module_and_resumes_after_a_crash(api, bot):
    farmer = Farmer(api, 1001, language_code="zh-hans", name="<b>&李</b>")
    greeting = farmer.send("/start")
    assert greeting.text.startswith("<b>&李</b>，你好！")  # shown literally, not as markup
    step = farmer.tap("开始学习")
    assert step.photo is not None and f"第1/{len(MODULE_IDS)}课 · 第1/5步" in step.caption
    farmer.tap("下一步")
    quiz = farmer.tap("下一步")
    assert f"第1/{len(MODULE_IDS)}课 · 第3/5步" in quiz.text
    wrong = farmer.tap("得从头开始")
    assert wrong.text.startswith("❌ 不对哦。")
    right = farmer.tap("接着上次的地方学")
    assert right.text.startswith("✅ 对了！")
    task = farmer.tap("下一步")
    assert "练一练" in task.text
    assert "加上数量" in farmer.send("我家种脐橙").text
    assert farmer.send("赣南脐橙，大概四千斤").text.startswith("✅ 数字写清楚了：四千斤。")

    bot.kill()
    bot.start()
    resumed = farmer.send("/menu")
    assert "继续学习" in str(resumed.buttons)
    again = farmer.tap("继续学习")
    assert f"第1/{len(MODULE_IDS)}课 · 第4/5步" in again.text and "练一练" in again.text
    assert not api.unanswered_callback_queries()


def test_english_farmer_switches_language_and_gets_commands_in_both(api, bot):
    farmer = Farmer(api, 1002, language_code="en")
    assert farmer.send("/start").text.startswith("Hello, Li!")
    farmer.send("/language")
    switched = farmer.tap("中文")
    assert switched.text.startswith("已切换为中文。")
    commands = {
        call.params.get("language_code"): call.params["commands"]
        for call in api.calls_to("setMyCommands")
    }
    assert set(commands) == {None, "en", "zh"}
    as_list = commands["zh"] if isinstance(commands["zh"], list) else json.loads(commands["zh"])
    assert {item["command"] for item in as_list} >= {"start", "menu", "deleteme", "language"}
    assert any("删除" in item["description"] for item in as_list)


def test_menus_edit_the_pressed_message_instead_of_flooding_the_chat(api, bot):
    farmer = Farmer(api, 1003)
    farmer.send("/start")
    count = len(farmer.messages)
    modules = farmer.tap("Modules")
    assert len(farmer.messages) == count and modules.edits == 1
    assert "Choose a module:" in modules.text
    farmer.tap("Menu")
    assert farmer.last.edits == 2 and len(farmer.messages) == count
    progress_button, message_id = farmer.button_on("My progress")
    farmer.tap("My progress")
    edits = len(api.calls_to("editMessageText"))
    api.push_callback(1003, progress_button, message_id)  # a second tap, nothing would change
    api.wait_for(lambda a: len(a.calls_to("answerCallbackQuery")) == 4)
    api.wait_idle(quiet=0.2)
    assert len(api.calls_to("editMessageText")) == edits  # no edit Telegram would refuse
    assert not api.unanswered_callback_queries()


def test_the_reply_to_a_press_does_not_wait_for_the_spinner_to_stop(api, bot):
    """Stopping the button's spinner is one more round trip to Telegram: it goes beside
    the turn, so the reply is not held back by it."""
    farmer = Farmer(api, 1005)
    farmer.send("/start")
    api.delay("answerCallbackQuery", 2.0)
    farmer.tap("Modules")
    api.wait_for(lambda a: len(a.calls_to("answerCallbackQuery")) == 1, timeout=15)
    methods = [call.method for call in api.calls]
    assert methods.index("editMessageText") < methods.index("answerCallbackQuery")
    assert not api.unanswered_callback_queries()


def press_on_inaccessible_message(api, user_id: int, data: str, message_id: int) -> None:
    """A button press on a message Telegram no longer gives the bot (an InaccessibleMessage:
    its chat and id, date 0, no text); the bot's reply must come as a new message."""
    update = api.make_callback_update(user_id, data, message_id)
    update["callback_query"]["message"] = {
        "chat": {"id": user_id, "type": "private"},
        "message_id": message_id,
        "date": 0,
    }
    before = len(api.sent(user_id))
    api.push_update(update)
    api.wait_for(lambda a: len(a.sent(user_id)) > before, timeout=15)
    api.wait_idle(quiet=0.15, timeout=15)


def test_a_button_on_a_message_telegram_no_longer_shows_gets_a_new_reply(api, bot):
    farmer = Farmer(api, 1014)
    farmer.send("/start")
    count = len(farmer.messages)
    press_on_inaccessible_message(api, 1014, *farmer.button_on("Modules"))
    assert len(farmer.messages) == count + 1
    assert "Choose a module:" in farmer.last.text
    assert not api.calls_to("editMessageText")


def test_a_button_on_an_old_message_after_a_restart_shows_the_current_step(api, bot):
    farmer = Farmer(api, 1004)
    farmer.send("/start")
    first_step = farmer.tap("Start the course")
    farmer.tap("Next")
    bot.kill()
    bot.start()
    reply = farmer.tap("Next", message=first_step)
    assert "That button belongs to an earlier message." in reply.text
    assert "Step 2/5" in reply.text


def test_odd_updates_get_a_short_answer_in_private_and_silence_elsewhere(api, bot):
    farmer = Farmer(api, 1005)
    farmer.send("/start")
    before = len(api.sent(1005))
    api.push_update(
        {
            "message": {
                "chat": {"id": 1005, "type": "private"},
                "from": {"id": 1005, "is_bot": False, "first_name": "Li"},
                "sticker": {
                    "file_id": "s1",
                    "file_unique_id": "u1",
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                },
            }
        }
    )
    api.wait_for(lambda a: len(a.sent(1005)) > before)
    api.wait_idle(quiet=0.15)
    assert "I can read text" in farmer.last.text
    photo = farmer.send_photo("my oranges")
    assert "only look at photos during a practice task" in photo.text
    group = {"id": -200, "type": "group", "title": "Village"}
    api.push_message(1005, "/start", chat_id=-200, chat_type="group")
    api.push_update(
        {
            "channel_post": {
                "chat": {"id": -300, "type": "channel", "title": "News"},
                "text": "hello",
            }
        }
    )
    api.push_update(
        {
            "edited_message": {
                "chat": {"id": 1005, "type": "private"},
                "from": {"id": 1005, "is_bot": False, "first_name": "Li"},
                "text": "edited",
                "edit_date": 1,
            }
        }
    )
    api.wait_for(
        lambda a: (
            "Please send it again" in (a.chat(1005)[-1].text or "")
            and len(a.sent(1005)) > before + 2
        )
    )
    api.wait_idle(quiet=0.3)
    assert api.chat(group["id"]) == [] and api.chat(-300) == []


def test_a_duplicate_update_is_handled_once(api, bot):
    farmer = Farmer(api, 1006)
    farmer.send("/start")
    update_id = api.push_message(1006, "/progress")
    api.wait_for(lambda a: "You have not started yet" in (a.chat(1006)[-1].text or ""))
    count = len(api.sent(1006))
    duplicate = api.make_message_update(1006, "/progress")
    duplicate["update_id"] = update_id
    api.push_update(duplicate)
    farmer.send("/help")  # a later update proves the duplicate was read and skipped
    assert len(api.sent(1006)) == count + 1  # /help answered; the duplicate was not


def test_deep_links_open_a_module_or_record_a_source(api, bot, tmp_path):
    farmer = Farmer(api, 1007)
    opened = farmer.send("/start livestreaming")
    where = MODULE_IDS.index("livestreaming") + 1
    assert f"Module {where}/{len(MODULE_IDS)} · Step 1/" in opened.text
    other = Farmer(api, 1008)
    other.send("/start county-training-3")
    other.send("/start not a valid payload!")
    import sqlite3

    with sqlite3.connect(tmp_path / "bot.db") as database:
        sources = dict(database.execute("select user_id, source from learners"))
    assert sources[1008] == "county-training-3" and sources[1007] is None


def test_deleteme_removes_the_learner_after_confirmation(api, bot, tmp_path):
    farmer = Farmer(api, 1009)
    farmer.send("/start")
    farmer.tap("Start the course")
    farmer.send("/deleteme")
    done = farmer.tap("Yes, delete everything")
    assert done.text.startswith("All your data is deleted.")
    import sqlite3

    with sqlite3.connect(tmp_path / "bot.db") as database:
        assert database.execute(
            "select count(*) from learners where user_id = 1009"
        ).fetchone() == (0,)
        assert database.execute("select count(*) from events").fetchone() == (0,)
        api.wait_idle(quiet=0.5)  # the last update is forgotten once its reply is out
        # Nor does the inbox keep anything they sent.
        assert database.execute(
            "select count(*) from inbox where learner_key = 1009 or payload like '%1009%'"
        ).fetchone() == (0,)


def test_blocked_farmer_is_marked_inactive(api, bot, tmp_path):
    farmer = Farmer(api, 1010)
    farmer.send("/start")
    api.block_chat(1010)
    api.push_message(1010, "/menu")
    api.wait_for(lambda a: a.stats_snapshot()["status_403"] >= 1)
    import sqlite3

    def active() -> int:
        with sqlite3.connect(tmp_path / "bot.db") as database:
            return database.execute("select active from learners where user_id = 1010").fetchone()[
                0
            ]

    api.wait_for(lambda a: active() == 0)


def test_transient_server_errors_are_retried(api, bot):
    farmer = Farmer(api, 1011)
    api.fail_next(method="sendMessage", count=2, status=502)
    reply = farmer.send("/start")
    assert reply.text.startswith("Hello, Li!")
    assert api.stats_snapshot()["status_5xx"] == 2


def test_photos_are_uploaded_once_and_reused(api, bot):
    farmer = Farmer(api, 1012)
    farmer.send("/start")
    farmer.tap("Start the course")
    farmer.send("/start")
    farmer.send("/menu")
    farmer.tap("Continue")
    photos = [call for call in api.calls_to("sendPhoto") if call.status == 200]
    assert len(photos) == 2
    assert isinstance(photos[1].params["photo"], str)  # the cached file id, not a new upload


def test_learners_arriving_together_cause_one_upload(api, bot):
    farmers = [Farmer(api, 1100 + number) for number in range(12)]
    presses = []
    for farmer in farmers:
        farmer.send("/start")
        presses.append(farmer.button_on("Start the course"))
    for farmer, (data, message_id) in zip(farmers, presses, strict=True):
        api.push_callback(farmer.user_id, data, message_id)
    api.wait_for(lambda a: all(a.chat(f.user_id)[-1].photo for f in farmers), timeout=20)
    uploads = [
        call
        for call in api.calls_to("sendPhoto")
        if call.status == 200 and not isinstance(call.params["photo"], str)
    ]
    assert len(uploads) == 1


def test_replies_over_telegram_limits_are_split_and_html_is_escaped(api, tmp_path):
    """Content within the limits can still overflow once the progress line is added."""
    import shutil

    content = tmp_path / "content"
    shutil.copytree(_bundled_content(), content)
    welcome = content / "modules" / "welcome.yaml"
    caption_size = "<b>Fresh</b> & " + "c" * 1000  # fits a caption alone, not with the header
    message_size = "\n\n".join(f"Part {n}: <pack> eggs & honey " + "x" * 378 for n in range(10))
    module = yaml.safe_load(welcome.read_text(encoding="utf-8"))
    module["steps"][0]["text"]["en"] = caption_size
    module["steps"][1]["text"]["en"] = message_size
    welcome.write_text(yaml.safe_dump(module, allow_unicode=True), encoding="utf-8")
    process = BotProcess(
        api,
        tmp_path / "bot.db",
        tmp_path / "bot.log",
        extra_env={"SELLERBOT_CONTENT": str(content)},
    )
    process.start()
    try:
        farmer = Farmer(api, 1013)
        farmer.send("/start")
        count = len(farmer.messages)
        farmer.tap("Start the course")
        picture, words = farmer.messages[count:]
        assert picture.photo and not picture.caption and not picture.buttons
        assert "<b>Fresh</b> & ccc" in words.text and words.buttons
        count = len(farmer.messages)
        farmer.tap("Next")
        pieces = farmer.messages[count:]
        assert len(pieces) == 2
        assert all(len(piece.text) <= 4096 for piece in pieces)
        assert pieces[-1].buttons and not pieces[0].buttons
        assert "Part 9: <pack> eggs & honey" in pieces[-1].text
        assert pieces[1].text.startswith("Part ")  # cut at a paragraph break
    finally:
        process.stop()


def _bundled_content():
    from sellerbot.paths import bundled_content

    return bundled_content()


def test_without_a_token_it_explains_and_exits_2(tmp_path):
    import os
    import subprocess

    env = {key: value for key, value in os.environ.items() if key != "TELEGRAM_BOT_TOKEN"}
    result = subprocess.run(
        [str(SELLERBOT), "run"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and "sellerbot preview" in result.stderr


def test_webhook_checks_the_secret_on_every_request(api, tmp_path):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = BotProcess(
        api,
        tmp_path / "bot.db",
        tmp_path / "bot.log",
        arguments=(
            "webhook",
            "--url",
            "https://bot.example.org/hook",
            "--listen",
            "127.0.0.1",
            "--port",
            str(port),
            "--secret",
            "s3cret",
        ),
    )
    process.start(wait_for_polling=False)
    try:
        api.wait_for(lambda a: bool(a.calls_to("setWebhook")) or process.exited, timeout=30)
        assert api.calls_to("setWebhook")[-1].params["secret_token"] == "s3cret"
        update = FakeBotApi.webhook_update_json(api.make_message_update(1014, "/start"))

        def post(secret: str | None) -> int:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/hook",
                data=update,
                method="POST",
                headers={"Content-Type": "application/json"},
            )
            if secret is not None:
                request.add_header("X-Telegram-Bot-Api-Secret-Token", secret)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code

        import time

        for _ in range(100):  # the server needs a moment after setWebhook
            try:
                status = post("wrong")
                break
            except urllib.error.URLError:
                time.sleep(0.1)
        assert status == 403
        assert post(None) == 403
        assert api.chat(1014) == []
        assert post("s3cret") == 200
        api.wait_for(lambda a: len(a.chat(1014)) == 1)
        assert api.chat(1014)[0].text.startswith("Hello, Farmer!")
    finally:
        process.stop()


def test_link_asks_the_bot_its_name_and_writes_a_qr_code(api, tmp_path):
    import os
    import subprocess

    picture = tmp_path / "qr.png"
    result = subprocess.run(
        [str(SELLERBOT), "link", "--module", "livestreaming", "--png", str(picture)],
        env={**os.environ, "TELEGRAM_BOT_TOKEN": api.token, "SELLERBOT_API_URL": api.root_url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "https://t.me/sellerbot_test_bot?start=livestreaming"
    assert picture.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    refused = subprocess.run(
        [str(SELLERBOT), "link", "--username", "x_bot", "--source", "bad tag!"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert refused.returncode == 2 and "A-Z, a-z, 0-9" in refused.stderr
