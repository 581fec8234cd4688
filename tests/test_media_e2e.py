"""A lesson picture swapped on disk while the bot runs is never sent in its place.

The loader checks each media file once (inside the content folder, a plain file); a symlink
or FIFO put there afterwards must not make the bot upload another file or hang on a read.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from sellerbot.paths import bundled_content
from tests.fakebotapi.http import UploadedPart
from tests.telegram_harness import BotProcess, Farmer

SECRET = Path("/etc/passwd")


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(bundled_content(), folder)
    return folder


@pytest.fixture
def bot(api, tmp_path, content):
    process = BotProcess(
        api,
        tmp_path / "bot.db",
        tmp_path / "bot.log",
        extra_env={"SELLERBOT_CONTENT": str(content)},
    )
    yield process.start()
    process.stop()
    log = process.log.read_text()
    assert "Traceback" not in log, log


def uploads(api) -> list[bytes]:
    """The bytes of every file the bot uploaded, whatever the method."""
    return [
        value.content
        for call in api.calls
        for value in call.params.values()
        if isinstance(value, UploadedPart)
    ]


def swap(picture: Path, make) -> None:
    picture.unlink()
    make(picture)


@pytest.mark.parametrize(
    "replacement",
    [lambda path: path.symlink_to(SECRET), os.mkfifo, lambda path: path.symlink_to("/dev/zero")],
    ids=["symlink-to-passwd", "fifo", "symlink-to-dev-zero"],
)
def test_a_picture_swapped_after_start_is_not_sent_and_the_lesson_goes_on(
    api, bot, content, replacement
) -> None:
    swap(content / "media" / "welcome.png", replacement)
    farmer = Farmer(api, 4100)
    farmer.send("/start")
    step = farmer.tap("Start the course")
    assert "Step 1/5" in (step.text or step.caption or ""), step
    assert step.buttons, "the lesson's buttons were lost with the picture"
    secret = SECRET.read_bytes()
    assert all(secret not in data for data in uploads(api))
    assert not [call for call in api.calls_to("sendPhoto") if call.status == 200]
    assert "Step 2/5" in farmer.tap("Next").text  # and the lesson goes on


def test_a_picture_swapped_after_it_was_cached_is_not_uploaded(api, bot, content) -> None:
    first = Farmer(api, 4101)
    first.send("/start")
    assert first.tap("Start the course").photo is not None
    original_uploads = len(uploads(api))
    swap(content / "media" / "welcome.png", lambda path: path.symlink_to(SECRET))
    second = Farmer(api, 4102)
    second.send("/start")
    step = second.tap("Start the course")
    assert "Step 1/5" in (step.text or step.caption or "")
    assert len(uploads(api)) == original_uploads
    assert all(SECRET.read_bytes() not in data for data in uploads(api))


def test_a_caption_with_markup_characters_is_shown_as_typed(api, tmp_path, content) -> None:
    welcome = content / "modules" / "welcome.yaml"
    module = yaml.safe_load(welcome.read_text(encoding="utf-8"))
    module["steps"][0]["text"]["en"] = "<b>Fresh</b> eggs & honey, 1 < 2"
    welcome.write_text(yaml.safe_dump(module, allow_unicode=True), encoding="utf-8")
    process = BotProcess(
        api,
        tmp_path / "bot.db",
        tmp_path / "bot.log",
        extra_env={"SELLERBOT_CONTENT": str(content)},
    ).start()
    try:
        farmer = Farmer(api, 4103)
        farmer.send("/start")
        picture = farmer.tap("Start the course")
        assert picture.photo is not None
        assert "<b>Fresh</b> eggs & honey, 1 < 2" in picture.caption, picture.caption
        assert not picture.raw.get("caption_entities")  # no markup was made of it
    finally:
        process.stop()
