"""The reply sender's voice notes against the fake Bot API: after the text, uploaded once and
then sent by file_id, and never at the cost of the lesson when Telegram refuses them."""

from __future__ import annotations

import logging
import os
import shutil

import pytest
import telegram

from sellerbot.engine.replies import Media, Voice
from sellerbot.rendering import RenderedButton, RenderedReply
from tests import sending_fixtures
from tests.conftest import TEST_COURSE
from tests.fakebotapi.http import UploadedPart

USER, OTHER = 5252, 5353
api, sender = sending_fixtures.api, sending_fixtures.sender
NEXT = ((RenderedButton("Next ➡️", "n:photos.why"),),)


@pytest.fixture
def note(tmp_path) -> Voice:
    path = tmp_path / "media" / "why-en.ogg"
    path.parent.mkdir()
    shutil.copy(TEST_COURSE / "media" / "why-en.ogg", path)
    return Voice("media/why-en.ogg", str(path), 2.0)


def lesson(note: Voice, **options) -> RenderedReply:
    values = {"buttons": NEXT, "media": None, "replaces_pressed": False, "voice": note}
    return RenderedReply(text="Why photos matter", **{**values, **options})


def voice_sent(api) -> list:
    return [call.params["voice"] for call in api.calls_to("sendVoice") if call.status == 200]


async def test_the_note_follows_the_text_with_its_length(api, sender, note):
    await sender.deliver(USER, (lesson(note),))
    text, voice = api.chat(USER)
    assert text.text == "Why photos matter" and text.buttons  # the buttons stay on the lesson
    assert voice.voice is not None and voice.text is None
    assert voice.raw["voice"]["duration"] == 2
    assert voice.raw["voice"]["mime_type"] == "audio/ogg"
    (uploaded,) = voice_sent(api)
    assert isinstance(uploaded, UploadedPart)
    with open(note.source, "rb") as file:
        assert uploaded.content == file.read()


async def test_the_second_learner_gets_the_uploaded_file_id(api, sender, note):
    await sender.deliver(USER, (lesson(note),))
    await sender.deliver(OTHER, (lesson(note),))
    first, second = voice_sent(api)
    assert isinstance(first, UploadedPart)
    assert second == api.chat(USER)[-1].voice  # the id Telegram gave the upload
    assert api.chat(OTHER)[-1].voice == api.chat(USER)[-1].voice


async def test_a_note_after_a_picture_comes_after_its_caption(api, sender, note, tmp_path):
    picture = tmp_path / "media" / "crate.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(16))
    await sender.deliver(USER, (lesson(note, media=Media("image", str(picture))),))
    photo, voice = api.chat(USER)
    assert photo.photo is not None and photo.caption == "Why photos matter"
    assert voice.voice is not None


@pytest.mark.parametrize("status", [400, 500, 502])
async def test_a_failed_note_leaves_the_lesson_and_is_logged_once(
    api, sender, note, caplog, status
):
    api.fail_next("sendVoice", status=status)
    with caplog.at_level(logging.WARNING, logger="sellerbot.drivers.telegram.sending"):
        await sender.deliver(USER, (lesson(note),))
    (message,) = api.chat(USER)
    assert message.text == "Why photos matter" and message.buttons
    (record,) = caplog.records
    assert "voice note media/why-en.ogg not sent" in record.getMessage()
    await sender.deliver(USER, (lesson(note),))  # and the next time it goes out
    assert api.chat(USER)[-1].voice is not None


async def test_a_learner_who_takes_no_voice_messages_gets_the_lesson(api, sender, note, caplog):
    await sender.deliver(USER, (lesson(note),))  # uploaded and cached
    api.forbid_voice_messages(OTHER)
    with caplog.at_level(logging.INFO, logger="sellerbot.drivers.telegram.sending"):
        await sender.deliver(OTHER, (lesson(note),))
    (message,) = api.chat(OTHER)
    assert message.text == "Why photos matter"
    # Their own choice, not a stale id: the file is not uploaded again for nothing.
    assert len([call for call in api.calls_to("sendVoice") if call.status == 400]) == 1
    assert not any("uploading again" in record.getMessage() for record in caplog.records)
    await sender.deliver(USER, (lesson(note),))
    assert isinstance(voice_sent(api)[-1], str)  # the cached id still serves everyone else


async def test_a_stale_file_id_is_replaced_by_a_new_upload(api, sender, note):
    await sender.deliver(USER, (lesson(note),))
    api.fail_next("sendVoice", status=400)  # as Telegram answers an id it no longer knows
    await sender.deliver(OTHER, (lesson(note),))
    assert api.chat(OTHER)[-1].voice is not None
    sent = [(call.status, type(call.params["voice"])) for call in api.calls_to("sendVoice")]
    # Refused once, the id is not tried again (nor read back from the store): a new upload.
    assert sent == [(200, UploadedPart), (400, str), (200, UploadedPart)]


async def test_a_note_swapped_for_a_symlink_is_not_sent(api, sender, note, caplog):
    os.unlink(note.source)
    os.symlink("/etc/passwd", note.source)
    with caplog.at_level(logging.WARNING, logger="sellerbot.drivers.telegram.sending"):
        await sender.deliver(USER, (lesson(note),))
    (message,) = api.chat(USER)
    assert message.text == "Why photos matter"
    assert not api.calls_to("sendVoice")
    assert "not sent" in caplog.text


async def test_a_menu_with_a_note_is_sent_anew_rather_than_edited(api, sender, note):
    await sender.deliver(USER, (lesson(note, voice=None),))
    pressed = telegram.Message.de_json(api.chat(USER)[0].raw, sender.bot)
    await sender.deliver(USER, (lesson(note, replaces_pressed=True),), pressed)
    assert [message.edits for message in api.chat(USER)] == [0, 0, 0]
    assert api.chat(USER)[-1].voice is not None
