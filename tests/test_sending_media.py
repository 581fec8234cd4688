"""Pictures and videos in replies: caption or text after, buttons once, each file uploaded once."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest

from sellerbot.content.loader import CAPTION_LIMIT
from sellerbot.drivers.telegram import sending
from sellerbot.drivers.telegram.sending import ReplySender
from sellerbot.engine.replies import Media
from sellerbot.rendering import RenderedButton
from tests import sending_fixtures
from tests.sending_fixtures import MARKUP, PICTURE, USER, reply

api, sender = sending_fixtures.api, sending_fixtures.sender
BUTTONS = ((RenderedButton("Next", "1.n"),),)
NEXT = [[("Next", "1.n")]]


@pytest.fixture
def picture(tmp_path):
    path = tmp_path / "crate.png"
    path.write_bytes(PICTURE)
    return path


def image(path) -> Media:
    return Media("image", str(path))


def uploads(api) -> int:
    """sendPhoto calls that carried the file's bytes rather than an id or a URL."""
    return sum(
        1
        for call in api.calls_to("sendPhoto")
        if not isinstance(call.params.get("photo"), str) and call.error is None
    )


async def test_a_short_text_is_the_pictures_caption_with_the_buttons_on_it(api, sender, picture):
    await sender.deliver(USER, (reply("Fresh crates", buttons=BUTTONS, media=image(picture)),))
    [message] = api.chat(USER)
    assert message.photo is not None
    assert (message.caption, message.buttons) == ("Fresh crates", NEXT)


async def test_a_text_exactly_at_the_caption_limit_is_still_the_caption(api, sender, picture):
    text = "a" * CAPTION_LIMIT
    await sender.deliver(USER, (reply(text, media=image(picture)),))
    [message] = api.chat(USER)
    assert message.caption == text


async def test_a_text_too_long_for_a_caption_follows_the_picture_with_the_buttons_last(
    api, sender, picture
):
    text = "<long> & " + "word " * (CAPTION_LIMIT // 5) + "end"
    await sender.deliver(USER, (reply(text, buttons=BUTTONS, media=image(picture)),))
    shown, words = api.chat(USER)
    assert (shown.photo is not None, shown.caption, shown.buttons) == (True, None, [])
    assert (words.text, words.buttons) == (text, NEXT)


async def test_a_text_of_several_messages_after_a_picture_keeps_its_order(api, sender, picture):
    text = "first part\n\n" + "x" * 4090 + "\n\nlast part"
    await sender.deliver(USER, (reply(text, buttons=BUTTONS, media=image(picture)),))
    shown, *texts = api.chat(USER)
    assert shown.photo is not None and shown.caption is None
    assert [message.text for message in texts] == ["first part", "x" * 4090, "last part"]
    assert [message.buttons for message in texts] == [[], [], NEXT]


async def test_a_plain_reply_shows_markup_as_typed_with_its_buttons_on_the_last_piece(api, sender):
    text = MARKUP + "\n\n" + "y" * 4090
    await sender.deliver(USER, (reply(text, buttons=BUTTONS),))
    first, last = api.chat(USER)
    assert (first.text, first.buttons) == (MARKUP, [])
    assert (last.text, last.buttons) == ("y" * 4090, NEXT)


async def test_a_picture_gone_from_disk_leaves_the_lesson_text_and_buttons(
    api, sender, tmp_path, caplog
):
    missing = tmp_path / "gone.png"
    with caplog.at_level(logging.WARNING, logger=sending.__name__):
        await sender.deliver(USER, (reply(MARKUP, buttons=BUTTONS, media=image(missing)),))
    [message] = api.chat(USER)
    assert (message.photo, message.text, message.buttons) == (None, MARKUP, NEXT)
    [record] = caplog.records
    assert "media not sent" in record.getMessage() and str(missing) in record.getMessage()


async def test_a_long_text_stays_whole_when_its_picture_is_gone(api, sender, tmp_path):
    text = "first part\n\n" + "x" * 4090
    await sender.deliver(USER, (reply(text, media=image(tmp_path / "gone.png")),))
    assert [message.text for message in api.chat(USER)] == ["first part", "x" * 4090]


async def test_a_picture_at_an_https_address_is_sent_by_its_address(api, sender):
    url = "https://example.com/crates.png"
    await sender.deliver(USER, (reply("From the web", media=Media("image", url)),))
    [message] = api.chat(USER)
    assert (message.photo is not None, message.caption) == (True, "From the web")
    assert api.calls_to("sendPhoto")[0].params["photo"] == url


async def test_a_video_is_sent_as_a_video_and_uploaded_once(api, sender, tmp_path):
    clip = tmp_path / "packing.mp4"
    clip.write_bytes(b"\x00\x00\x00\x18ftypmp42 not really a video")
    for learner in (USER, USER + 1):
        await sender.deliver(learner, (reply("How to pack", media=Media("video", str(clip))),))
    for learner in (USER, USER + 1):
        [message] = api.chat(learner)
        assert (message.video is not None, message.photo, message.caption) == (
            True,
            None,
            "How to pack",
        )
    first, second = api.calls_to("sendVideo")
    assert not isinstance(first.params["video"], str)
    assert second.params["video"] == api.chat(USER)[0].video


async def test_a_picture_is_uploaded_once_then_sent_by_its_id(api, sender, picture):
    for learner in (USER, USER + 1, USER + 2):
        await sender.deliver(learner, (reply("Crates", media=image(picture)),))
    assert [len(api.chat(learner)) for learner in (USER, USER + 1, USER + 2)] == [1, 1, 1]
    assert uploads(api) == 1
    assert len(api.calls_to("sendPhoto")) == 3
    # The id kept is the full picture's (Telegram lists sizes smallest first), not a thumbnail's.
    full = api.chat(USER)[0].raw["photo"][-1]["file_id"]
    assert await sender.media.file_id(picture) == full
    assert all(call.params["photo"] == full for call in api.calls_to("sendPhoto")[1:])


async def test_an_id_telegram_refuses_is_forgotten_and_the_file_uploaded_again(
    api, sender, picture, caplog
):
    await sender.media.remember(picture, "expired-id")
    with caplog.at_level(logging.INFO, logger=sending.__name__):
        await sender.deliver(USER, (reply("Crates", media=image(picture)),))
        await sender.deliver(USER + 1, (reply("Crates", media=image(picture)),))
    assert [len(api.chat(learner)) for learner in (USER, USER + 1)] == [1, 1]
    refused = [call for call in api.calls_to("sendPhoto") if call.error is not None]
    assert {call.params["photo"] for call in refused} == {"expired-id"}
    assert uploads(api) == 1, "the new id was not kept for the next learner"
    record = next(r for r in caplog.records if "refused" in r.getMessage())
    assert str(picture) in record.getMessage()
    assert "wrong file identifier" in record.getMessage().lower()
    api.violations.clear()  # the expired id was this test's doing


async def test_a_picture_changed_while_uploading_is_uploaded_again_next_time(
    api, sender, picture, monkeypatch
):
    """The id kept stands for the bytes sent, not for what is on disk once the upload ends."""
    read = sending.read_media

    def read_then_edit(path):
        data = read(path)
        path.write_bytes(PICTURE + b"edited")  # an editor saves a new version meanwhile
        return data

    monkeypatch.setattr(sending, "read_media", read_then_edit)
    await sender.deliver(USER, (reply("Crates", media=image(picture)),))
    monkeypatch.setattr(sending, "read_media", read)
    await sender.deliver(USER + 1, (reply("Crates", media=image(picture)),))
    assert uploads(api) == 2
    second = api.chat(USER + 1)[0]
    assert api.file_content(second.photo) == PICTURE + b"edited"


class SizedBot:
    """Answers an upload as Telegram does for a large picture: several sizes, smallest first."""

    def __init__(self):
        self.sizes = [SimpleNamespace(file_id=f"size-{n}") for n in range(4)]

    async def send_photo(self, **options):
        return SimpleNamespace(photo=self.sizes)


async def test_the_id_kept_after_an_upload_is_the_largest_sizes(sender, picture):
    """Learners sent the picture by id see what was kept: the full picture, not a smaller copy."""
    sized = ReplySender(SizedBot(), sender.media)
    await sized.deliver(USER, (reply("Crates", media=image(picture)),))
    assert await sender.media.file_id(picture) == "size-3"
