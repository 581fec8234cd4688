"""Voice notes end to end: the real bot, through python-telegram-bot, against the fake Bot API,
on the sample course, whose first photos step has a recorded note per language."""

from __future__ import annotations

import pytest

from tests.conftest import TEST_COURSE
from tests.fakebotapi.http import UploadedPart
from tests.telegram_harness import BotProcess, Farmer


@pytest.fixture
def bot(api, tmp_path):
    process = BotProcess(
        api,
        tmp_path / "bot.db",
        tmp_path / "bot.log",
        extra_env={"SELLERBOT_CONTENT": str(TEST_COURSE)},
    )
    yield process.start()
    process.stop()
    log = process.log.read_text()
    assert "Traceback" not in log, log


def voice_calls(api) -> list:
    return [call for call in api.calls_to("sendVoice") if call.status == 200]


def test_the_note_comes_after_the_lesson_and_is_uploaded_once(api, bot) -> None:
    first = Farmer(api, 4301)
    first.send("/start photos")
    *_, lesson, note = first.messages
    assert "Why photos matter" in lesson.text and lesson.buttons
    assert note.voice is not None and note.raw["voice"]["duration"] == 2
    (upload,) = voice_calls(api)
    assert isinstance(upload.params["voice"], UploadedPart)
    assert upload.params["voice"].content == (TEST_COURSE / "media" / "why-en.ogg").read_bytes()

    second = Farmer(api, 4302)
    second.send("/start photos")
    assert second.last.voice == note.voice
    assert voice_calls(api)[-1].params["voice"] == note.voice  # the file_id, not a new upload

    assert "Send a photo" in first.tap("Next").text  # the lesson's buttons work above the note


def test_a_chinese_learner_gets_the_chinese_note(api, bot) -> None:
    farmer = Farmer(api, 4303, language_code="zh-hans")
    farmer.send("/start photos")
    *_, lesson, note = farmer.messages
    assert "照片为什么重要" in lesson.text
    assert note.raw["voice"]["duration"] == 3
    (upload,) = voice_calls(api)
    assert upload.params["voice"].content == (TEST_COURSE / "media" / "why-zh.ogg").read_bytes()


@pytest.mark.parametrize(
    "refuse",
    [
        # Every attempt the bot's retrying transport makes answered 502.
        lambda api, chat: api.fail_next("sendVoice", count=4, status=502),
        lambda api, chat: api.forbid_voice_messages(chat),
    ],
    ids=["bot-api-down", "voice-messages-forbidden"],
)
def test_a_failed_note_still_leaves_the_learner_with_the_lesson(api, bot, refuse) -> None:
    refuse(api, 4304)
    farmer = Farmer(api, 4304)
    farmer.send("/start photos")
    lesson = farmer.last
    assert "Why photos matter" in lesson.text and lesson.buttons
    assert not any(message.voice for message in farmer.messages)
    assert api.calls_to("sendVoice")  # it was tried
    assert "Send a photo" in farmer.tap("Next").text  # and the lesson goes on
    said = "voice note media/why-en.ogg not sent"
    api.wait_for(lambda api: said in bot.log.read_text(), timeout=15)  # retries take a while
    assert bot.log.read_text().count(said) == 1, bot.log.read_text()
