"""A farmer sends a photo to the photo task through the fake Bot API: the bot fetches it
with getFile and a file download, and coaches it."""

from __future__ import annotations

import pytest

from tests.synthetic_photos import make_photo
from tests.telegram_harness import BotProcess, Farmer


@pytest.fixture
def bot(api, tmp_path):
    process = BotProcess(api, tmp_path / "bot.db", tmp_path / "bot.log").start()
    yield process
    process.stop()
    assert "Traceback" not in process.log.read_text()


def test_a_dark_photo_gets_a_fix_and_a_good_one_passes(api, bot):
    farmer = Farmer(api, 2001)
    farmer.send("/start list-produce")
    farmer.tap("Next")
    farmer.tap("Next")  # the light quiz
    farmer.tap("In the shade on a bright day")
    farmer.tap("Next")
    farmer.tap("Next")
    task = farmer.tap("Next")
    assert "take one photo" in task.caption  # the task shows the size pair, its prompt the caption
    dark = farmer.send_photo(image=make_photo("too-dark", seed=3))
    assert "Too dark" in dark.text and "turn the flash off" in dark.text
    good = farmer.send_photo(image=make_photo(None, seed=3))
    assert "Good photo" in good.text
    assert len(api.calls_to("getFile")) == 2
