"""A pressed menu is edited in place when it can be, and a new message is sent when it cannot."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

import pytest
import telegram

from sellerbot.content.loader import MESSAGE_LIMIT
from sellerbot.drivers.telegram import sending
from sellerbot.drivers.telegram.sending import keyboard
from sellerbot.engine.replies import Media
from sellerbot.rendering import RenderedButton
from tests import sending_fixtures
from tests.sending_fixtures import PICTURE, USER, reply

api, sender = sending_fixtures.api, sending_fixtures.sender
BACK = ((RenderedButton("Back", "1.m"),),)
NEXT = ((RenderedButton("Next", "1.n"),),)


def pressed(shown, text: str | None = None, buttons=()) -> telegram.Message:
    """The message a learner pressed a button on, as the update describes it."""
    return telegram.Message(
        shown.message_id,
        date=datetime.now(UTC),
        chat=telegram.Chat(USER, "private"),
        text=shown.text if text is None else text,
        reply_markup=keyboard(reply("", buttons=buttons)),
    )


@pytest.fixture
async def menu(api, sender):
    """A menu message with a Back button, already shown to the learner."""
    await sender.deliver(USER, (reply("Menu", buttons=BACK),))
    [shown] = api.chat(USER)
    return shown


async def test_a_new_text_replaces_the_pressed_one_with_its_own_buttons(api, sender, menu):
    await sender.deliver(
        USER,
        (reply("Lesson 2", buttons=NEXT, replaces_pressed=True),),
        pressed_message=pressed(menu, buttons=BACK),
    )
    [edited] = api.chat(USER)
    assert (edited.message_id, edited.text, edited.buttons) == (
        menu.message_id,
        "Lesson 2",
        [[("Next", "1.n")]],
    )


async def test_the_same_text_with_other_buttons_is_still_edited(api, sender, menu):
    await sender.deliver(
        USER,
        (reply("Menu", buttons=NEXT, replaces_pressed=True),),
        pressed_message=pressed(menu, buttons=BACK),
    )
    [edited] = api.chat(USER)
    assert (edited.message_id, edited.buttons) == (menu.message_id, [[("Next", "1.n")]])


async def test_a_new_text_without_buttons_is_edited_in_too(api, sender):
    await sender.deliver(USER, (reply("Plain"),))
    [shown] = api.chat(USER)
    await sender.deliver(
        USER, (reply("Changed", replaces_pressed=True),), pressed_message=pressed(shown)
    )
    [edited] = api.chat(USER)
    assert (edited.message_id, edited.text) == (shown.message_id, "Changed")


async def test_a_reply_the_pressed_message_already_shows_is_neither_edited_nor_sent(
    api, sender, menu
):
    await sender.deliver(
        USER,
        (reply("Menu", buttons=BACK, replaces_pressed=True),),
        pressed_message=pressed(menu, buttons=BACK),
    )
    assert [message.message_id for message in api.chat(USER)] == [menu.message_id]
    assert not api.calls_to("editMessageText")


async def test_telegram_saying_not_modified_counts_as_shown(api, sender, menu):
    """The update may describe the message as it was before another edit reached it."""
    await sender.deliver(
        USER,
        (reply("Menu", buttons=BACK, replaces_pressed=True),),
        pressed_message=pressed(menu, text="Menu as it was", buttons=BACK),
    )
    assert [message.message_id for message in api.chat(USER)] == [menu.message_id]
    assert api.calls_to("editMessageText")
    api.violations.clear()  # Telegram's refusal of the edit was the point


async def test_a_message_that_cannot_be_edited_gets_a_new_one_sent(api, sender, menu, caplog):
    gone = pressed(menu, text="Old", buttons=BACK)
    gone = telegram.Message(menu.message_id + 100, date=gone.date, chat=gone.chat, text=gone.text)
    with caplog.at_level(logging.INFO, logger=sending.__name__):
        await sender.deliver(
            USER, (reply("Lesson 2", replaces_pressed=True),), pressed_message=gone
        )
    assert [message.text for message in api.chat(USER)] == ["Menu", "Lesson 2"]
    [record] = caplog.records
    assert str(menu.message_id + 100) in record.getMessage()
    assert "not found" in record.getMessage()
    api.violations.clear()  # editing a message that is not there was the point


async def test_without_a_pressed_message_the_reply_is_sent(api, sender):
    await sender.deliver(USER, (reply("Lesson 2", replaces_pressed=True),))
    assert [message.text for message in api.chat(USER)] == ["Lesson 2"]


async def test_a_pressed_picture_is_not_edited_the_reply_is_sent(api, sender, tmp_path):
    path = tmp_path / "crate.png"
    path.write_bytes(PICTURE)
    await sender.deliver(USER, (reply("Crates", media=Media("image", str(path))),))
    [photo] = api.chat(USER)
    picture_message = telegram.Message(
        photo.message_id,
        date=datetime.now(UTC),
        chat=telegram.Chat(USER, "private"),
        caption="Crates",
    )
    await sender.deliver(
        USER, (reply("Lesson 2", replaces_pressed=True),), pressed_message=picture_message
    )
    assert [message.content for message in api.chat(USER)] == ["Crates", "Lesson 2"]
    assert not api.calls_to("editMessageText") and not api.calls_to("editMessageCaption")


async def test_a_reply_with_a_picture_is_sent_not_edited_in(api, sender, menu, tmp_path):
    path = tmp_path / "crate.png"
    path.write_bytes(PICTURE)
    await sender.deliver(
        USER,
        (reply("Crates", media=Media("image", str(path)), replaces_pressed=True),),
        pressed_message=pressed(menu),
    )
    shown, photo = api.chat(USER)
    assert (shown.text, photo.photo is not None, photo.caption) == ("Menu", True, "Crates")


@pytest.mark.parametrize(("extra", "edited"), [(0, True), (1, False)])
async def test_a_text_up_to_one_message_is_edited_in_a_longer_one_sent(
    api, sender, menu, extra, edited
):
    text = "z" * (MESSAGE_LIMIT + extra)
    await sender.deliver(USER, (reply(text, replaces_pressed=True),), pressed_message=pressed(menu))
    texts = [message.text for message in api.chat(USER)]
    assert texts == ([text] if edited else ["Menu", "z" * MESSAGE_LIMIT, "z"])


async def test_replies_after_an_edited_one_are_sent_too(api, sender, menu):
    await sender.deliver(
        USER,
        (reply("Lesson 2", replaces_pressed=True), reply("Question 1")),
        pressed_message=pressed(menu),
    )
    assert [message.text for message in api.chat(USER)] == ["Lesson 2", "Question 1"]
