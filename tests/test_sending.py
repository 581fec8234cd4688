"""The reply sender against the fake Bot API: markup shown as typed, flood limits obeyed."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import telegram

from sellerbot.content.loader import MESSAGE_LIMIT, telegram_length
from sellerbot.drivers.telegram.sending import split_text
from sellerbot.engine.replies import Media
from sellerbot.rendering import RenderedButton
from tests import sending_fixtures
from tests.sending_fixtures import MARKUP, PICTURE, STAFF_CHAT, USER, reply

api, sender = sending_fixtures.api, sending_fixtures.sender


async def test_a_post_of_the_bots_own_shows_markup_characters_as_typed(api, sender):
    """Staff questions, admin reports and reload results all go out through post()."""
    posted = await sender.post(STAFF_CHAT, MARKUP)
    await sender.post(STAFF_CHAT, "reply <u>here</u>", reply_to=posted.message_id)
    assert [message.text for message in api.chat(STAFF_CHAT)] == [MARKUP, "reply <u>here</u>"]


async def test_a_photo_caption_shows_markup_characters_as_typed(api, sender, tmp_path):
    picture = tmp_path / "crate.png"
    picture.write_bytes(PICTURE)
    await sender.deliver(USER, (reply(MARKUP, media=Media("image", str(picture))),))
    [message] = api.chat(USER)
    assert message.photo is not None
    assert message.caption == MARKUP


async def test_an_edited_menu_shows_markup_characters_as_typed(api, sender):
    buttons = ((RenderedButton("Back", "1.m"),),)
    await sender.deliver(USER, (reply("Menu", buttons=buttons),))
    [shown] = api.chat(USER)
    pressed = telegram.Message(
        shown.message_id,
        date=datetime.now(UTC),
        chat=telegram.Chat(USER, "private"),
        text=shown.text,
    )
    await sender.deliver(
        USER, (reply(MARKUP, buttons=buttons, replaces_pressed=True),), pressed_message=pressed
    )
    [edited] = api.chat(USER)
    assert api.calls_to("editMessageText"), "the menu was sent anew instead of edited"
    assert (edited.message_id, edited.text) == (shown.message_id, MARKUP)


async def test_a_learners_replies_wait_out_a_flood_ban_before_trying_again(api, sender):
    api.set_flood_limit(global_per_second=None, per_chat_per_second=1, retry_after=1)
    await sender.deliver(USER, (reply("first"), reply("second"), reply("third")))
    assert [message.text for message in api.chat(USER)] == ["first", "second", "third"]
    assert api.stats["status_429"] >= 1, "the flood limit never struck; the test proves nothing"
    assert api.stats["sends_during_ban"] == 0


@pytest.mark.parametrize(
    ("text", "limit", "pieces"),
    [
        ("short", 10, ["short"]),
        ("exactly10!", 10, ["exactly10!"]),  # at the limit: one piece
        ("one two\n\nthree four\n\nfive", 12, ["one two", "three four", "five"]),
        ("aaa\n\nbbb\n\nccc", 8, ["aaa\n\nbbb", "ccc"]),  # paragraphs kept together when they fit
        ("line one\nline two\nline 3", 9, ["line one", "line two", "line 3"]),
        ("alpha beta gamma delta", 11, ["alpha beta", "gamma delta"]),
        ("abcdefghij", 4, ["abcd", "efgh", "ij"]),  # no break anywhere: cut by characters
        ("ok\n\n" + "word " * 5 + "end", 12, ["ok", "word word", "word word", "word end"]),
    ],
)
def test_split_text_cuts_at_the_largest_break_that_fits(text, limit, pieces):
    assert split_text(text, limit) == pieces


def test_split_text_counts_as_telegram_does():
    # Each of these is one character but two UTF-16 code units.
    text = "🍊" * 6
    assert split_text(text, 4) == ["🍊🍊", "🍊🍊", "🍊🍊"]
    assert all(telegram_length(piece) <= MESSAGE_LIMIT for piece in split_text("x " * 5000))


async def test_a_certificate_is_sent_as_the_picture_drawn_for_its_code(api, sender):
    drawn: list[str] = []

    async def pictures(code: str) -> bytes | None:
        drawn.append(code)
        return PICTURE if code == "SB-7K3M-Q9XD" else None

    sender.certificates = pictures
    await sender.deliver(
        USER, (reply("Your certificate", media=Media("certificate", "SB-7K3M-Q9XD")),)
    )
    [message] = api.chat(USER)
    assert message.photo is not None and message.caption == "Your certificate"
    # One that cannot be drawn (its holder deleted their data) goes as text alone.
    await sender.deliver(
        USER, (reply("Code SB-2345-6789", media=Media("certificate", "SB-2345-6789")),)
    )
    assert api.chat(USER)[-1].photo is None and api.chat(USER)[-1].text == "Code SB-2345-6789"
    assert drawn == ["SB-7K3M-Q9XD", "SB-2345-6789"]
