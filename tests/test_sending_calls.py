"""Bot API calls of the reply sender: flood waits, blocked chats, the bot's own posts and relays,
and button spinners stopped quietly."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import pytest
from telegram.error import RetryAfter

from sellerbot.drivers.telegram import sending
from sellerbot.drivers.telegram.sending import (
    MAX_FLOOD_WAITS,
    RecipientGone,
    ReplySender,
    answer_quietly,
)
from tests import sending_fixtures
from tests.sending_fixtures import PICTURE, STAFF_CHAT, USER, reply

api, sender = sending_fixtures.api, sending_fixtures.sender


class FloodedBot:
    """Answers the first `floods` sends with "too many requests, retry after 7 s"."""

    def __init__(self, floods: int):
        self.floods = floods
        self.sent: list[str] = []

    async def send_message(self, chat_id, text, **options):
        if self.floods:
            self.floods -= 1
            raise RetryAfter(7)
        self.sent.append(text)
        return SimpleNamespace(message_id=len(self.sent), text=text)


@pytest.fixture
def waits(monkeypatch):
    """The sleeps the sender asked for, none of them slept."""
    asked: list[float] = []

    async def sleep(seconds):
        asked.append(seconds)

    monkeypatch.setattr(sending, "asyncio", SimpleNamespace(sleep=sleep))
    return asked


async def test_a_reply_waits_as_long_as_telegram_asks_each_time_then_goes_out(waits, caplog):
    bot = FloodedBot(floods=MAX_FLOOD_WAITS)
    with caplog.at_level(logging.WARNING, logger=sending.__name__):
        await ReplySender(bot, media=None).deliver(USER, (reply("Lesson 1"),))
    assert bot.sent == ["Lesson 1"]
    assert waits == [7.0] * MAX_FLOOD_WAITS
    assert [record.getMessage() for record in caplog.records] == [
        "flood limit: waiting 7 s before retrying"
    ] * MAX_FLOOD_WAITS


async def test_a_post_waits_out_flood_limits_too(waits):
    bot = FloodedBot(floods=MAX_FLOOD_WAITS)
    posted = await ReplySender(bot, media=None).post(STAFF_CHAT, "question")
    assert (posted.text, bot.sent) == ("question", ["question"])


async def test_after_three_flood_waits_the_error_is_raised_not_swallowed(waits):
    """A chat flooded for good should fail loudly rather than hold the turn forever."""
    assert MAX_FLOOD_WAITS == 3
    bot = FloodedBot(floods=MAX_FLOOD_WAITS + 1)
    with pytest.raises(RetryAfter):
        await ReplySender(bot, media=None).deliver(USER, (reply("Lesson 1"),))
    assert bot.sent == [] and len(waits) == MAX_FLOOD_WAITS


async def test_a_learner_who_blocked_the_bot_is_reported_as_gone(api, sender):
    api.block_chat(USER)
    with pytest.raises(RecipientGone, match="blocked"):
        await sender.deliver(USER, (reply("Lesson 1"),))
    api.violations.clear()  # sending to a chat that blocked the bot was the point


async def test_a_long_post_is_split_and_the_last_piece_returned(api, sender):
    text = "q" * 4096 + "\n\n" + "tail"
    posted = await sender.post(STAFF_CHAT, text)
    assert [message.text for message in api.chat(STAFF_CHAT)] == ["q" * 4096, "tail"]
    assert posted.message_id == api.chat(STAFF_CHAT)[-1].message_id


async def test_a_post_answers_the_message_it_replies_to(api, sender):
    question = await sender.post(STAFF_CHAT, "question")
    await sender.post(STAFF_CHAT, "answer", reply_to=question.message_id)
    first, second = api.sent(STAFF_CHAT)
    assert "reply_parameters" not in first.params
    assert second.params["reply_parameters"]["message_id"] == question.message_id


async def test_a_picture_of_the_bots_own_is_posted(api, sender):
    await sender.post_picture(STAFF_CHAT, PICTURE)
    [message] = api.chat(STAFF_CHAT)
    assert api.file_content(message.photo) == PICTURE


async def test_a_relayed_message_follows_its_header_unchanged(api, sender):
    update = api.make_message_update(USER, "My tomatoes <b>cost</b> 5 & up")
    message_id = update["message"]["message_id"]
    await sender.relay(STAFF_CHAT, "From learner 5151:", USER, message_id)
    header, copy = api.chat(STAFF_CHAT)
    assert header.text == "From learner 5151:"
    assert copy.text == "My tomatoes <b>cost</b> 5 & up"
    [call] = api.calls_to("copyMessage")
    assert (call.params["from_chat_id"], call.params["message_id"]) == (USER, message_id)


async def test_a_pressed_button_stops_spinning(api, sender):
    await sender.deliver(USER, (reply("Menu"),))
    query = api.push_callback(USER, "1.m", api.chat(USER)[0].message_id)
    await answer_quietly(sender.bot, query)
    assert query not in api.unanswered_callback_queries()


async def test_an_old_button_press_is_no_harm(api, sender, caplog):
    with caplog.at_level(logging.DEBUG, logger=sending.__name__):
        await answer_quietly(sender.bot, "no-such-query")
    [record] = caplog.records
    assert record.levelno == logging.DEBUG
    assert "no-such-query" in record.getMessage() and "too old" in record.getMessage()
    api.violations.clear()  # answering an unknown query was the point


async def test_a_server_error_on_a_button_answer_is_logged_not_raised(api, sender, caplog):
    api.fail_next("answerCallbackQuery", status=502)
    with caplog.at_level(logging.DEBUG, logger=sending.__name__):
        await answer_quietly(sender.bot, "query-7")
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert "query-7" in record.getMessage() and "Bad Gateway" in record.getMessage()
