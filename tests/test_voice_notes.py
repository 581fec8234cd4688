"""A step's voice note reaches the learner in their own language only, after the step's text,
in the engine's replies, the terminal preview and the replies kept until they are sent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sellerbot.engine.engine import Engine
from sellerbot.engine.replies import Voice
from sellerbot.rendering import Renderer, replies_from_json, replies_to_json
from tests.conftest import TEST_COURSE
from tests.dialog import Dialog, assert_dialog

SELLERBOT = Path(sys.executable).parent / "sellerbot"
EN_NOTE = "voice: media/why-en.ogg, 0:02]"
ZH_NOTE = "voice: media/why-zh.ogg, 0:03]"


@pytest.fixture
def engine(course):
    return Engine(course)


def test_an_english_learner_hears_the_english_note_after_the_text(engine, translations):
    dialog = Dialog(engine, translations, language_hint="en")
    output = dialog.send("/start photos")
    assert "Why photos matter" in output and EN_NOTE in output and "why-zh" not in output
    assert output.index("Why photos matter") < output.index(EN_NOTE)
    (reply,) = [reply for reply in dialog.last.replies if reply.voice]
    assert reply.voice == Voice(
        "media/why-en.ogg", str((TEST_COURSE / "media" / "why-en.ogg").resolve()), 2.0
    )
    assert reply.voice.duration == 2
    assert_dialog(
        dialog,
        [
            ("[Next]", ["Send a photo of your produce.", "!voice:"]),
            ("[Skip]", ["Photos done", EN_NOTE]),
        ],
    )


def test_a_chinese_learner_hears_only_chinese_never_the_english_note(engine, translations):
    dialog = Dialog(engine, translations, language_hint="zh_Hans")
    assert_dialog(
        dialog,
        [
            ("/start photos", ["照片为什么重要", ZH_NOTE, "!why-en"]),
            ("[➡️]", ["发一张产品照片。", "!voice:"]),
            # The last step has an English note only: nothing stands in for a Chinese one.
            ("[⏭]", ["照片课完", "!voice:"]),
        ],
    )
    assert not any(reply.voice for reply in dialog.last.replies)


def test_a_step_without_a_note_has_none(engine, translations):
    dialog = Dialog(engine, translations)
    assert_dialog(dialog, [("/start", "Hello"), ("[Start the course]", ["Intro text", "!voice:"])])


def test_kept_replies_keep_their_note_and_older_ones_still_load(engine, translations):
    dialog = Dialog(engine, translations)
    dialog.send("/start photos")
    renderer = Renderer(translations)
    rendered = tuple(renderer.render(reply, "en") for reply in dialog.last.replies)
    assert replies_from_json(replies_to_json(rendered)) == rendered
    assert any(reply.voice for reply in rendered)
    kept_before_voice_notes = [
        {key: value for key, value in reply.items() if key != "voice"}
        for reply in replies_to_json(rendered)
    ]
    assert not any(reply.voice for reply in replies_from_json(kept_before_voice_notes))


def test_the_preview_command_shows_the_note(tmp_path):
    result = subprocess.run(
        [str(SELLERBOT), "preview", "--content", str(TEST_COURSE), "--db", ":memory:"],
        input="/start photos\n",
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert EN_NOTE in result.stdout, result.stdout
