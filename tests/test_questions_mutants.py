"""Questions, menus and routing as the learner meets them: what a question records, the
answer's buttons, feedback, the menu's buttons and which replies redraw the pressed message.
The first full mutation run of the engine's routing found these unchecked."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from sellerbot.content.model import Localized
from sellerbot.engine.actions import FEEDBACK, make, ref
from sellerbot.engine.engine import Engine
from sellerbot.engine.inputs import Command, Press, Text
from sellerbot.engine.state import MODE_MENU, Event, LearnerState, Position
from sellerbot.faq.matcher import MatchResult
from sellerbot.rendering import Renderer
from tests.dialog import Dialog, assert_dialog
from tests.test_engine import walk_to_quiz

STALE = "That button belongs to an earlier message."


class AskedMatcher:
    """Answers from a table, and keeps the locale each question was asked in."""

    def __init__(self, table: dict[str, MatchResult]):
        self.table = table
        self.locales: list[str] = []

    def match(self, question: str, locale: str) -> MatchResult:
        self.locales.append(locale)
        return self.table.get(question, MatchResult(None, 0.2, (), "none"))


PACKING = "listing.packaging"
PRICING = "listing.pricing"
EXTRA = ("listing.boxes", "listing.labels", "listing.photos")

TABLE = {
    "how to pack": MatchResult(PACKING, 0.123456, (), "answer"),
    "many things": MatchResult(None, 0.5, (PRICING, *EXTRA), "suggest"),
    "unsure but named": MatchResult(PACKING, 0.5, (PRICING,), "suggest"),
    "far off": MatchResult(None, 0.1, (PRICING,), "none"),
}


@pytest.fixture
def faq_course(course):
    """The test course with three more entries, and packaging related to four others."""
    packing = next(entry for entry in course.faq if entry.id == PACKING)
    pricing = next(entry for entry in course.faq if entry.id == PRICING)
    extra = tuple(
        pricing.model_copy(
            update={"id": each, "label": Localized({"en": f"Extra {n}", "zh_Hans": f"另外{n}"})}
        )
        for n, each in enumerate(EXTRA, 1)
    )
    packing = packing.model_copy(update={"related": (PRICING, *EXTRA)})
    return replace(course, faq=(packing, pricing, *extra))


@pytest.fixture
def matcher():
    return AskedMatcher(TABLE)


@pytest.fixture
def asking(faq_course, translations, matcher):
    dialog = Dialog(Engine(faq_course, matcher), translations)
    dialog.send("/start")
    return dialog


def asked(dialog: Dialog) -> list[Event]:
    return [event for event in dialog.last.events if event.name == "question_asked"]


def labels(dialog: Dialog) -> list[str]:
    return [button.label for button in dialog.buttons]


# ----- questions -----------------------------------------------------------------------------


def test_an_answered_question_is_recorded_with_its_entry_and_score(asking, matcher):
    assert_dialog(asking, [("how to pack", "Pack answer")])
    assert asked(asking) == [
        Event(
            "question_asked",
            {
                "text": "how to pack",
                "locale": "en",
                "outcome": "answered",
                "entry": PACKING,
                "score": 0.1235,
            },
        )
    ]
    assert matcher.locales == ["en"]


def test_an_answer_offers_three_related_entries_at_most(asking):
    asking.send("how to pack")
    related = ["How do I set a price?", "Extra 1", "Extra 2"]  # of the four it names
    assert [label for label in labels(asking) if label in (*related, "Extra 3")] == related


def test_an_unsure_question_is_recorded_with_three_suggestions_at_most(asking):
    assert_dialog(asking, [("many things", "Did you mean one of these?")])
    assert asked(asking) == [
        Event(
            "question_asked",
            {
                "text": "many things",
                "locale": "en",
                "outcome": "suggested",
                "suggestions": [PRICING, *EXTRA[:2]],
                "score": 0.5,
            },
        )
    ]
    assert labels(asking) == ["How do I set a price?", "Extra 1", "Extra 2", "☰ Menu"]


def test_an_unsure_match_naming_an_entry_still_only_suggests(asking):
    assert_dialog(asking, [("unsure but named", ["Did you mean", "!Pack answer"])])


def test_a_question_far_from_every_entry_is_unanswered_without_suggestions(asking):
    assert_dialog(asking, [("far off", ["Sorry, I don't know that yet.", "!Did you mean"])])
    assert asked(asking) == [
        Event(
            "question_asked",
            {"text": "far off", "locale": "en", "outcome": "unanswered", "score": 0.1},
        )
    ]
    assert "saved your question" in asking.transcript[-1]
    assert "question_escalated" not in asking.event_names


def test_without_a_matcher_every_question_is_unanswered_at_score_zero(course, translations):
    dialog = Dialog(Engine(course), translations)
    dialog.send("/start")
    assert_dialog(dialog, [("how to pack", "Sorry, I don't know that yet.")])
    assert asked(dialog)[0].data["score"] == 0.0


def test_an_escalated_question_names_the_step_the_learner_was_on(faq_course, translations):
    dialog = Dialog(Engine(faq_course, AskedMatcher({}), staff_available=True), translations)
    walk_to_quiz(dialog)
    dialog.send("why is the sky blue")
    assert [event for event in dialog.last.events if event.name == "question_escalated"] == [
        Event(
            "question_escalated",
            {"text": "why is the sky blue", "locale": "en", "module": "basics", "step": "light"},
        )
    ]


def test_a_blank_message_shows_the_menu(asking):
    assert_dialog(asking, [(Text("   "), "What would you like to do?")])
    assert asked(asking) == []


def test_a_chinese_learner_asks_in_chinese_and_sees_chinese_buttons(
    faq_course, translations, matcher
):
    dialog = Dialog(Engine(faq_course, matcher), translations, language_hint="zh-CN")
    dialog.send("/start")
    assert_dialog(dialog, [("many things", ["[怎么定价]", "[另外1]"])])
    assert matcher.locales == ["zh_Hans"]


def test_an_opened_entry_and_feedback_on_it_are_recorded(asking):
    asking.send("many things")
    asking.send("[How do I set a price?]")
    assert asking.last.events == (Event("faq_opened", {"entry": PRICING}),)
    assert_dialog(asking, [("[Not helpful]", ["Thank you for telling me!", "[Menu]"])])
    assert asking.last.events == (Event("faq_feedback", {"entry": PRICING, "helpful": False}),)


def test_feedback_that_is_neither_up_nor_down_is_stale(asking):
    token = make(FEEDBACK, ref(PRICING), "sideways")
    assert_dialog(asking, [(Press(token), STALE)])
    assert "faq_feedback" not in asking.event_names


# ----- commands, the menu and its buttons ----------------------------------------------------


def test_start_given_as_a_command_greets_and_opens_like_a_start(course, translations):
    dialog = Dialog(Engine(course), translations)
    dialog.send("/start")
    assert_dialog(
        dialog, [(Command("start", "photos"), ["Welcome back, Farmer!", "Why photos matter"])]
    )
    assert_dialog(dialog, [(Command("start"), ["Welcome back, Farmer!", "What would you"])])


def test_learners_without_a_name_are_greeted_plainly(course, translations):
    dialog = Dialog(Engine(course), translations, name=None)
    assert_dialog(dialog, [("/start", ["Hello!", "!None"])])
    assert_dialog(dialog, [("/start", ["Hello!", "!Welcome back", "!None"])])


def test_a_campaign_source_is_recorded(course, translations):
    dialog = Dialog(Engine(course), translations)
    dialog.send("/start farm-day_2026")
    assert Event("source_set", {"source": "farm-day_2026"}) in dialog.last.events


def test_menu_continue_and_ask_commands_do_what_they_say(dialog):
    walk_to_quiz(dialog)
    assert_dialog(dialog, [("/menu", ["What would you like to do?", "!don't know that command"])])
    assert_dialog(dialog, [("/continue", ["Step 2/4", "Where is the light best?"])])
    assert_dialog(dialog, [("/ask", "Type your question in a few words")])
    assert_dialog(dialog, [("/menu", "[Ask a question]")])
    assert_dialog(dialog, [("[Ask a question]", "Type your question in a few words")])
    assert dialog.state.mode == MODE_MENU


def test_a_due_review_comes_first_on_menu_and_continue(review_dialog):
    for first in ("/menu", "/continue", "[Menu]", "[Continue]"):
        if first.startswith("["):
            review_dialog.send("/progress")  # a reply with the button (and the day's offer)
        review_dialog.state = replace(review_dialog.state, review_offered_on=None)
        assert_dialog(review_dialog, [(first, ["Review 1/1", "Where is the light best?"])])


def test_an_old_review_now_button_with_nothing_due_shows_the_menu(review_dialog):
    review_dialog.send("/modules")
    review_now = review_dialog.button("Review now").action
    assert_dialog(review_dialog, [(Press(review_now), "Review 1/1")])
    assert_dialog(review_dialog, [("[By the window]", "Review done")])  # nothing else due
    assert_dialog(
        review_dialog,
        [(Press(review_now), ["Nothing to review right now", "What would you like to do?"])],
    )


def test_menu_replies_to_a_button_redraw_its_message_and_to_a_command_send_a_new_one(dialog):
    def redraws() -> bool:
        return dialog.last.replies[-1].replaces_pressed

    walk_to_quiz(dialog)
    dialog.send("/menu")
    assert not redraws()
    dialog.send("/modules")
    assert not redraws()
    dialog.send("[Menu]")
    assert redraws()
    dialog.send("[Modules]")
    assert redraws()
    dialog.send("/progress")
    assert not redraws()
    dialog.send("/menu")
    dialog.send("[My progress]")
    assert redraws()
    dialog.send("/deleteme")
    dialog.send("[No, keep my progress]")
    assert redraws()
    dialog.send("/deleteme")
    dialog.send("[Yes, delete everything]")
    assert redraws()


def test_progress_offers_going_on_and_the_menu_only(dialog):
    walk_to_quiz(dialog)
    dialog.send("/progress")
    assert labels(dialog) == ["▶️ Continue", "☰ Menu"]


def test_typing_instead_of_confirming_keeps_the_data(dialog):
    walk_to_quiz(dialog)
    dialog.send("/deleteme")
    confirm = dialog.button("Yes, delete everything").action
    dialog.send("hello")
    assert dialog.state.mode == MODE_MENU
    assert_dialog(dialog, [(Press(confirm), STALE)])
    assert "learner_deleted" not in dialog.event_names and dialog.state.position is not None


def test_a_learner_with_steps_done_is_offered_continue(dialog):
    dialog.state = LearnerState(
        user_id=1, is_new=False, completed_steps=frozenset({("basics", "intro")})
    )
    assert_dialog(dialog, [("/menu", ["[Continue]", "!Start the course"])])


def test_the_certificate_button_comes_with_the_whole_course_done(dialog):
    dialog.state = LearnerState(
        user_id=1, is_new=False, completed_modules=frozenset({"basics", "photos"})
    )
    assert_dialog(dialog, [("/menu", "[My certificate]")])


def test_the_module_list_shows_done_modules_and_speaks_the_learners_language(course, translations):
    state = LearnerState(
        user_id=1,
        is_new=False,
        position=Position("photos", "why", 0),
        completed_modules=frozenset({"basics"}),
    )
    dialog = Dialog(Engine(course), translations, state=state)
    assert_dialog(dialog, [("/modules", ["[✅ Basics]", "[⚪ Photos]"])])
    dialog = Dialog(Engine(course), translations, language_hint="zh-CN", state=state)
    assert_dialog(dialog, [("/modules", ["[✅ 基础]", "[⚪ 照片]"])])


def test_the_language_button_opens_the_choice_and_a_choice_is_recorded(dialog):
    dialog.send("/start")
    assert_dialog(dialog, [("[Language]", ["Choose your language:", "[中文 (简体)]"])])
    dialog.send("[English]")
    assert Event("locale_changed", {"locale": "en"}) in dialog.last.events


# ----- the reminder --------------------------------------------------------------------------


def test_a_reminder_without_a_module_is_general_and_is_recorded(course, translations):
    outcome = Engine(course).nudge(LearnerState(user_id=1, is_new=False))
    reply = Renderer(translations).render(outcome.replies[0], outcome.locale)
    assert reply.text.startswith("Hello again! Your course is waiting for you.")
    assert outcome.events == (Event("reminder_sent"),)


# ----- fixtures ------------------------------------------------------------------------------


@pytest.fixture
def dialog(course, translations):
    return Dialog(Engine(course), translations)


@pytest.fixture
def review_dialog(course, translations):
    """A learner who missed the basics quiz yesterday: its review is due today."""
    from tests.test_review import MONDAY

    dialog = Dialog(Engine(course), translations, now=MONDAY)
    walk_to_quiz(dialog)
    dialog.send("[In the shed]")
    dialog.send("[By the window]")
    dialog.now = MONDAY + timedelta(days=1)
    return dialog


def test_the_menus_leave_the_lesson_as_the_store_keeps_the_mode(dialog):
    walk_to_quiz(dialog)
    for command in ("/menu", "/modules", "/progress"):
        dialog.send("/continue")
        dialog.send(command)
        assert dialog.state.mode == MODE_MENU, command  # a column that is never empty
