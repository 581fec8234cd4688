"""Questions in the chat, end to end: answers with feedback, did-you-mean, and the staff desk.

Which questions fall in which zone is the matcher's business; these tests ask the matcher
first and then check that the bot acts on its verdict, so they hold when it is retuned.
"""

from __future__ import annotations

import sqlite3

import pytest

from sellerbot.app import build_matcher
from sellerbot.content.loader import load_course
from sellerbot.paths import bundled_content
from tests.telegram_harness import BotProcess, Farmer

STAFF_CHAT = -500
STAFF_MEMBER = 777


@pytest.fixture(scope="module")
def course():
    return load_course(bundled_content()).course


@pytest.fixture(scope="module")
def matcher(course):
    return build_matcher(course)


def first_in_zone(matcher, zone: str, candidates: list[str], locale: str = "en"):
    for question in candidates:
        result = matcher.match(question, locale)
        if result.zone == zone:
            return question, result
    raise AssertionError(f"none of {candidates} is in zone {zone!r} now; add a candidate")


@pytest.fixture
def bot(api, tmp_path):
    process = BotProcess(
        api,
        tmp_path / "bot.db",
        tmp_path / "bot.log",
        extra_env={"SELLERBOT_STAFF_CHAT": str(STAFF_CHAT)},
    ).start()
    yield process
    process.stop()
    assert "Traceback" not in process.log.read_text()


def rows(bot: BotProcess, query: str) -> list[tuple]:
    with sqlite3.connect(bot.database) as database:
        return database.execute(query).fetchall()


def test_question_gets_an_answer_then_feedback_is_stored(api, bot, course, matcher):
    entry = next(entry for entry in course.faq if entry.id == "listing.packaging")
    question = entry.questions["en"][0]
    assert matcher.match(question, "en").entry_id == entry.id
    farmer = Farmer(api, 2001)
    farmer.send("/start")
    answer = farmer.send(question)
    assert answer.text == entry.answer["en"]
    labels = [text for row in answer.buttons for text, _ in row]
    assert "👍 Helpful" in labels and "👎 Not helpful" in labels
    assert farmer.tap("👍 Helpful").text == "Thank you for telling me!"
    assert rows(bot, "select outcome, entry_id from questions") == [("answered", entry.id)]
    feedback = rows(bot, "select data from events where name = 'faq_feedback'")
    assert feedback == [('{"entry": "listing.packaging", "helpful": true}',)]


def test_unsure_question_offers_choices_and_the_pick_is_answered(api, bot, course, matcher):
    question, result = first_in_zone(
        matcher,
        "suggest",
        ["box", "shipping", "camera", "price", "photo", "live", "customers", "fruit", "sell"],
    )
    farmer = Farmer(api, 2002)
    farmer.send("/start")
    offer = farmer.send(question)
    assert offer.text == "Did you mean one of these?"
    choice = offer.buttons[0][0][0]
    picked = farmer.tap(choice)
    chosen = next(entry for entry in course.faq if entry.id == result.suggestions[0])
    assert picked.text == chosen.answer["en"]
    assert rows(bot, "select outcome from questions") == [("suggested",)]


def test_unknown_question_goes_to_staff_and_the_reply_comes_back(api, bot, matcher):
    question, _ = first_in_zone(
        matcher,
        "none",
        ["my tractor knocks in third gear", "what is the capital of France", "qwzx plover"],
        locale="zh_Hans",
    )
    farmer = Farmer(api, 2003, language_code="zh-CN", name="王")
    farmer.send("/start")
    farmer.tap("开始学习")
    sorry = farmer.send(question)
    assert "转给了课程老师" in sorry.text
    api.wait_for(lambda a: len(a.chat(STAFF_CHAT)) == 1)
    post = api.chat(STAFF_CHAT)[0]
    assert question in post.text and "2003" in post.text and "welcome/hello" in post.text

    staff_reply = api.make_message_update(
        STAFF_MEMBER,
        "Check the clutch first, then ask a mechanic.",
        chat_id=STAFF_CHAT,
        chat_type="group",
        first_name="Ms Chen",
    )
    staff_reply["message"]["reply_to_message"] = post.raw
    before = len(farmer.messages)
    api.push_update(staff_reply)
    api.wait_for(lambda a: len(a.chat(2003)) >= before + 2)
    api.wait_idle(quiet=0.2)
    header, relayed = farmer.messages[before : before + 2]
    assert header.text == "💬 课程老师的回答："
    assert relayed.text == "Check the clutch first, then ask a mechanic."
    assert "Sent to the learner" in api.chat(STAFF_CHAT)[-1].text
    assert rows(bot, "select count(*) from staff_questions where answered_at is not null") == [(1,)]


def test_staff_chatter_and_replies_to_other_posts_are_handled_quietly(api, bot):
    chatter = api.make_message_update(STAFF_MEMBER, "lunch?", chat_id=STAFF_CHAT, chat_type="group")
    api.push_update(chatter)
    reply = api.make_message_update(STAFF_MEMBER + 1, "yes", chat_id=STAFF_CHAT, chat_type="group")
    reply["message"]["reply_to_message"] = chatter["message"]
    api.push_update(reply)
    api.push_message(2004, "/start")
    api.wait_for(lambda a: len(a.chat(2004)) == 1)
    api.wait_idle(quiet=0.3)
    assert api.chat(STAFF_CHAT) == []  # not a word from the bot among the staff


def test_an_edited_staff_reply_is_not_relayed_again_and_posts_keep_markup_characters(
    api, bot, matcher
):
    # The question holds '<' and '&': the staff post must show them as typed (HTML-escaped).
    question, _ = first_in_zone(
        matcher,
        "none",
        ["my <tractor> knocks & rattles in third gear", "qwzx <plover> & tern"],
    )
    farmer = Farmer(api, 2005)
    farmer.send("/start")
    farmer.send(question)
    api.wait_for(lambda a: len(a.chat(STAFF_CHAT)) == 1)
    post = api.chat(STAFF_CHAT)[0]
    assert question in post.text, post.text
    staff_reply = api.make_message_update(
        STAFF_MEMBER, "Check the clutch.", chat_id=STAFF_CHAT, chat_type="group"
    )
    staff_reply["message"]["reply_to_message"] = post.raw
    before = len(farmer.messages)
    api.push_update(staff_reply)
    api.wait_for(lambda a: len(a.chat(2005)) >= before + 2)
    edited = {**staff_reply["message"], "text": "Check the clutch first.", "edit_date": 1}
    api.push_update({"update_id": staff_reply["update_id"] + 1, "edited_message": edited})
    api.push_message(2005, "/progress")  # handled after the edit: the edit has been seen
    api.wait_for(lambda a: "/progress" not in (a.chat(2005)[-1].text or ""), timeout=15)
    api.wait_idle(quiet=0.5)
    relayed = [m.text for m in farmer.messages[before:] if "clutch" in (m.text or "")]
    assert relayed == ["Check the clutch."], relayed
    confirmations = [m for m in api.chat(STAFF_CHAT) if "Sent to the learner" in (m.text or "")]
    assert len(confirmations) == 1
