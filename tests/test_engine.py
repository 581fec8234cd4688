"""The conversation engine, tested as dialog transcripts on a small test course."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sellerbot.engine.actions import ANSWER, decode, make, ref
from sellerbot.engine.engine import Engine, progress_bar
from sellerbot.engine.inputs import Photo, Press, Unsupported
from sellerbot.engine.state import MODE_LESSON, LearnerState, Position
from sellerbot.faq.matcher import MatchResult
from tests.dialog import Dialog, assert_dialog


class ScriptedMatcher:
    """Answers questions from a table, so the engine's FAQ flows can be tested alone."""

    def __init__(self, table: dict[str, MatchResult]):
        self.table = table

    def match(self, question: str, locale: str) -> MatchResult:
        return self.table.get(question, MatchResult(None, 0.0, (), "none"))


@pytest.fixture
def engine(course):
    return Engine(course)


@pytest.fixture
def dialog(engine, translations):
    return Dialog(engine, translations)


def walk_to_quiz(dialog: Dialog) -> None:
    assert_dialog(dialog, [("/start", "Hello, Farmer!"), ("[Start the course]", "Intro text")])
    assert_dialog(dialog, [("[Next]", "Where is the light best?")])


def test_new_learner_is_greeted_and_walks_a_module(dialog):
    assert_dialog(
        dialog,
        [
            ("/start", ["Hello, Farmer!", "[▶️ Start the course]", "📚 Modules"]),
            (
                "[Start the course]",
                ["[image: ", "orange.png]", "Module 1/2 · Step 1/4 ▰▱▱▱", "Intro text", "!Back"],
            ),
            ("[Next]", ["Step 2/4 ▰▰▱▱", "[By the window]", "[In the shed]", "Back"]),
            ("[In the shed]", ["❌ Too dark.", "Try again:", "[By the window]"]),
            ("[By the window]", ["✅ Soft daylight.", "[Next ➡️]"]),
            ("[Next]", ["Step 3/4", "Write a title.", "Type your answer", "[Skip ⏭]"]),
            ("short", ["Longer please.", "Try again, or tap Skip"]),
            ("a fine title here", "Say orange."),
            ("sweet navel oranges", "Add the weight."),
            (
                "sweet navel oranges 5 kg",
                ["✅ You give a clear number: 5 kg.", "Great title!", "[Next ➡️]"],
            ),
            ("[Next]", ["Step 4/4 ▰▰▰▰", "Recap text"]),
            (
                "[Next]",
                ["🎉 You finished the module “Basics”!", "[Next module ➡️]", "!whole course"],
            ),
            ("[Next module]", ["Module 2/2 · Step 1/3", "Why photos matter"]),
        ],
    )


def test_quiz_answers_and_task_submissions_become_events(dialog):
    walk_to_quiz(dialog)
    dialog.send("[In the shed]")
    assert dialog.last.events[0].data == {
        "module": "basics",
        "step": "light",
        "option": "shed",
        "correct": False,
        "attempt": 1,
    }
    dialog.send("[By the window]")
    assert dialog.event_names == ["quiz_answered", "step_completed"]
    assert dialog.last.events[0].data["attempt"] == 2
    dialog.send("[Next]")
    dialog.send("oranges 5 kg, sweet")
    submitted = dialog.last.events[0]
    assert submitted.name == "task_submitted"
    assert submitted.data["passed"] is True and submitted.data["answer"] == "oranges 5 kg, sweet"
    assert ("basics", "title") in dialog.state.completed_steps


def test_next_on_an_unanswered_quiz_shows_the_quiz_again(dialog, engine):
    walk_to_quiz(dialog)
    quiz_next = make("n", ref("basics", "light"))
    assert_dialog(dialog, [(Press(quiz_next), ["Where is the light best?", "[By the window]"])])
    assert ("basics", "light") not in dialog.state.completed_steps


def test_back_and_menu_and_continue_resume_the_same_step(dialog):
    walk_to_quiz(dialog)
    assert_dialog(
        dialog,
        [
            ("[Back]", "Step 1/4"),
            ("[Next]", "Step 2/4"),
            ("[Menu]", ["What would you like to do?", "[▶️ Continue]"]),
            ("[Continue]", ["Step 2/4", "Where is the light best?"]),
        ],
    )


def test_skipping_a_task_moves_on_and_counts_as_done(dialog):
    walk_to_quiz(dialog)
    dialog.send("[By the window]")
    dialog.send("[Next]")
    assert_dialog(dialog, [("[Skip]", ["Step 4/4", "Recap text"])])
    assert ("basics", "title") in dialog.state.completed_steps
    assert "task_skipped" in dialog.event_names


def test_photo_task_accepts_a_photo_and_refuses_text(dialog):
    dialog.send("/start")
    dialog.send("/modules")
    assert_dialog(
        dialog,
        [
            ("[Photos]", "Why photos matter"),
            ("[Next]", ["Send a photo of your produce.", "📷 Send a photo."]),
            ("some words", "This task needs a photo."),
            (":photo", ["📷 Photo received. Nice work!", "Lovely photo.", "[Next ➡️]"]),
        ],
    )
    assert dialog.last.events[0].data["kind"] == "photo"


def test_photo_on_a_text_task_asks_for_words(dialog):
    walk_to_quiz(dialog)
    dialog.send("[By the window]")
    dialog.send("[Next]")
    assert_dialog(dialog, [(":photo", "This task needs a written answer.")])


def test_photo_outside_a_task_gets_a_kind_reply_and_the_menu(dialog):
    dialog.send("/start")
    assert_dialog(
        dialog, [(Photo("x"), ["I only look at photos during a practice task", "[📚 Modules]"])]
    )


def test_unsupported_input_and_unknown_command_never_dead_end(dialog):
    dialog.send("/start")
    assert_dialog(
        dialog,
        [
            (Unsupported("sticker"), ["Please type your message instead.", "[☰ Menu]"]),
            (Unsupported("edited_message"), ["Please send it again.", "[☰ Menu]"]),
            ("/frobnicate", ["I don't know that command.", "[▶️ Start the course]"]),
            ("/help", ["/progress", "[☰ Menu]"]),
        ],
    )


def test_finishing_every_module_completes_the_course(dialog):
    dialog.send("/start")
    dialog.send("[Start the course]")
    for line in ["[Next]", "[By the window]", "[Next]", "[Skip]", "[Next]"]:
        dialog.send(line)
    assert "module_completed" in dialog.event_names
    for line in ["[Next module]", "[Next]", ":photo", "[Next]"]:
        dialog.send(line)
    output = dialog.send("[Next]")
    assert "🏆 Congratulations!" in output
    assert dialog.event_names[-2:] == ["module_completed", "course_completed"]
    assert dialog.state.completed_modules == {"basics", "photos"}
    assert_dialog(
        dialog, [("[Menu]", "[▶️ Continue]"), ("[Continue]", "You have finished every module.")]
    )


def test_progress_lists_modules_with_counts_and_percent(dialog):
    walk_to_quiz(dialog)
    dialog.send("[By the window]")
    assert_dialog(
        dialog,
        [("/progress", ["▶️ Basics (2/4)", "⚪ Photos", "You have done 2 of 7 steps (29%)."])],
    )


def test_progress_before_starting(dialog):
    assert_dialog(dialog, [("/progress", ["You have not started yet.", "⚪ Basics"])])


def test_button_from_an_old_message_shows_where_the_learner_is(dialog):
    walk_to_quiz(dialog)
    dialog.send("[By the window]")
    old_answer = Press(make(ANSWER, ref("basics", "light"), "1"))
    dialog.send("[Next]")  # now on the task
    assert_dialog(
        dialog,
        [
            (
                old_answer,
                ["That button belongs to an earlier message.", "Write a title.", "Step 3/4"],
            )
        ],
    )
    assert dialog.state.position.step_id == "title"
    assert ("basics", "light") in dialog.state.completed_steps


@pytest.mark.parametrize(
    "token",
    [
        "",
        "garbage",
        "0.n.x",
        "1",
        "1.",
        "1.zz",
        "1.a.nope.9",
        "1.o",
        "1.o.unknown",
        "1.f.x",
        "1.fb.x.y",
        "1.g.xx",
        "1.dy",
        "1.a." + "x" * 60,
    ],
)
def test_malformed_or_unknown_button_tokens_are_handled(dialog, token):
    walk_to_quiz(dialog)
    output = dialog.send(Press(token))
    assert "That button belongs to an earlier message." in output
    assert dialog.buttons, "the learner must always have a way on"


@pytest.mark.parametrize(
    "number",
    ["²", "١", "１", "߁", "1\u0301", " 1", "+1", "-0", "1_0", "9" * 5000],
    ids=[
        "superscript-two",
        "arabic-indic-one",
        "fullwidth-one",
        "nko-one",
        "accent",
        "space",
        "plus",
        "minus",
        "underscore",
        "huge",
    ],
)
def test_a_forged_quiz_option_number_is_stale_not_an_answer_or_a_crash(dialog, number):
    # Only ASCII digits name an option: '²'.isdigit() is true but int('²') raises, and
    # int('١') is 1, which would answer the quiz for a button nobody was shown.
    walk_to_quiz(dialog)
    real = dialog.button("By the window").action
    forged = real.rsplit(".", 1)[0] + "." + number
    output = dialog.send(Press(forged))
    assert "That button belongs to an earlier message." in output
    assert "quiz_answered" not in dialog.event_names
    assert dialog.buttons, "the learner must always have a way on"


def test_a_quiz_answer_just_past_the_last_option_is_an_old_button(dialog, course):
    walk_to_quiz(dialog)
    [quiz] = [step for step in course.module("basics").steps if step.id == "light"]
    last = len(quiz.options) - 1
    past_the_end = make(ANSWER, ref("basics", "light"), str(last + 1))
    output = dialog.send(Press(past_the_end))
    assert "That button belongs to an earlier message." in output
    assert "quiz_answered" not in dialog.event_names
    dialog.send(Press(make(ANSWER, ref("basics", "light"), str(last))))
    assert dialog.last.events[0].data["option"] == quiz.options[last].id


def test_every_button_token_fits_telegram_callback_data(engine, dialog, course):
    dialog.send("/start")
    seen = set()
    for line in [
        "[Start the course]",
        "[Next]",
        "[By the window]",
        "/modules",
        "/language",
        "/deleteme",
    ]:
        dialog.send(line)
        seen.update(button.action for button in dialog.buttons)
    assert seen
    for token in seen:
        assert len(token.encode()) <= 64 and decode(token) is not None


def test_deep_link_to_a_module_opens_it(dialog):
    assert_dialog(
        dialog,
        [("/start photos", ["Hello, Farmer!", "Module 2/2 · Step 1/3", "Why photos matter"])],
    )
    assert dialog.state.source is None


def test_deep_link_source_tag_is_kept_once(dialog):
    dialog.send("/start farm-day_2026")
    assert dialog.state.source == "farm-day_2026"
    assert "source_set" in dialog.event_names
    dialog.send("/start other-tag")
    assert dialog.state.source == "farm-day_2026"


@pytest.mark.parametrize("payload", ["bad tag!", "x" * 65, "<b>"])
def test_invalid_deep_link_payload_is_ignored(dialog, payload):
    assert_dialog(dialog, [(f"/start {payload}", "What would you like to do?")])
    assert dialog.state.source is None


@pytest.mark.parametrize(
    ("hint", "expected"),
    [
        ("zh-hans", "你好"),
        ("zh-CN", "你好"),
        ("zh", "你好"),
        ("en-US", "Hello"),
        ("fr", "Hello"),
        (None, "Hello"),
    ],
)
def test_language_follows_the_app_until_the_learner_chooses(engine, translations, hint, expected):
    dialog = Dialog(engine, translations, language_hint=hint)
    assert expected in dialog.send("/start")


def test_choosing_a_language_sticks_and_switches_content(engine, translations):
    dialog = Dialog(engine, translations, language_hint="en")
    assert_dialog(
        dialog,
        [
            ("/language", ["Choose your language:", "[English]", "[中文 (简体)]"]),
            ("[中文 (简体)]", ["已切换为中文。", "开始学习"]),
            ("[开始学习]", ["第1/2课 · 第1/4步", "介绍"]),
        ],
    )
    assert dialog.state.locale == "zh_Hans"


def test_deleteme_asks_first_then_forgets_everything(dialog):
    walk_to_quiz(dialog)
    assert_dialog(
        dialog,
        [
            (
                "/deleteme",
                ["Delete everything", "[Yes, delete everything]", "[No, keep my progress]"],
            ),
            ("[No, keep my progress]", "Nothing was deleted."),
        ],
    )
    assert dialog.state.position is not None
    dialog.send("/deleteme")
    assert_dialog(dialog, [("[Yes, delete everything]", "All your data is deleted.")])
    assert dialog.event_names == ["learner_deleted"]
    assert dialog.state == LearnerState(user_id=1)


def test_delete_confirmation_from_an_old_message_does_nothing(dialog):
    dialog.send("/deleteme")
    dialog.send("[No, keep my progress]")
    output = dialog.send(Press(make("dy")))
    assert "earlier message" in output
    assert "learner_deleted" not in dialog.event_names


def lesson_state(step_id: str, step_index: int, module_id: str = "basics") -> LearnerState:
    return LearnerState(
        user_id=1, position=Position(module_id, step_id, step_index), mode=MODE_LESSON, is_new=False
    )


def test_renamed_step_is_found_by_its_former_id(course, translations):
    basics = course.module("basics")
    renamed = replace(
        course,
        modules=(
            basics.model_copy(
                update={
                    "steps": (
                        basics.steps[0],
                        basics.steps[1].model_copy(
                            update={"id": "best-light", "former_ids": ("light",)}
                        ),
                        *basics.steps[2:],
                    )
                }
            ),
            *course.modules[1:],
        ),
    )
    dialog = Dialog(Engine(renamed), translations, state=lesson_state("light", 1))
    assert_dialog(
        dialog, [("/menu", "Continue"), ("[Continue]", ["Step 2/4", "Where is the light best?"])]
    )
    assert dialog.state.position == Position("basics", "best-light", 1)


def test_removed_step_lands_on_the_step_now_in_its_place(course, translations):
    basics = course.module("basics")
    shorter = replace(
        course,
        modules=(
            basics.model_copy(update={"steps": (basics.steps[0], *basics.steps[2:])}),
            *course.modules[1:],
        ),
    )
    dialog = Dialog(Engine(shorter), translations, state=lesson_state("light", 1))
    assert_dialog(
        dialog,
        [
            ("/menu", "Continue"),
            ("[Continue]", ["Step 2/3", "Write a title.", "The course has been updated"]),
        ],
    )


def test_removed_last_step_lands_on_the_new_last_step(course, translations):
    dialog = Dialog(Engine(course), translations, state=lesson_state("gone", 9))
    assert_dialog(dialog, [("/menu", "Continue"), ("[Continue]", ["Step 4/4", "Recap text"])])


def test_removed_module_sends_the_learner_to_the_first_open_module(course, translations):
    dialog = Dialog(Engine(course), translations, state=lesson_state("step", 3, module_id="gone"))
    assert_dialog(
        dialog, [("/menu", "Continue"), ("[Continue]", ["The course has been updated", "Step 1/4"])]
    )


def test_old_lesson_button_after_content_change_never_acts_on_the_wrong_step(course, translations):
    basics = course.module("basics")
    reordered = replace(
        course,
        modules=(
            basics.model_copy(
                update={
                    "steps": (basics.steps[0], basics.steps[2], basics.steps[1], basics.steps[3])
                }
            ),
            *course.modules[1:],
        ),
    )
    dialog = Dialog(Engine(reordered), translations, state=lesson_state("light", 1))
    press_old_option = Press(make(ANSWER, ref("basics", "light"), "0"))
    output = dialog.send(press_old_option)
    assert "Soft daylight" in output  # the quiz is still the learner's step, now at index 2
    assert dialog.state.position == Position("basics", "light", 2)


QUESTION_TABLE = {
    "how to pack": MatchResult("listing.packaging", 0.9, ("listing.pricing",), "answer"),
    "price or pack": MatchResult(None, 0.4, ("listing.pricing", "listing.packaging"), "suggest"),
}


@pytest.fixture
def asking(course, translations):
    return Dialog(Engine(course, ScriptedMatcher(QUESTION_TABLE)), translations)


def test_confident_question_gets_answer_feedback_related_and_lesson(asking):
    asking.send("/start")
    assert_dialog(
        asking,
        [
            (
                "how to pack",
                [
                    "Pack answer",
                    "[👍 Helpful]",
                    "[👎 Not helpful]",
                    "[How do I set a price?]",
                    "[📖 Learn more]",
                ],
            ),
            ("[Helpful]", "Thank you for telling me!"),
        ],
    )
    assert asking.last.events[0].data == {"entry": "listing.packaging", "helpful": True}


def test_unsure_question_offers_did_you_mean_then_answers_the_pick(asking):
    asking.send("/start")
    assert_dialog(
        asking,
        [
            (
                "price or pack",
                ["Did you mean one of these?", "[How do I set a price?]", "[How do I pack eggs?]"],
            ),
            ("[How do I pack eggs?]", "Pack answer"),
        ],
    )
    assert asking.event_names == ["faq_opened"]


def test_learn_more_opens_the_linked_lesson_step(asking):
    asking.send("/start")
    asking.send("how to pack")
    assert_dialog(asking, [("[Learn more]", ["Module 1/2 · Step 3/4", "Write a title."])])


def test_unknown_question_is_recorded_and_escalated_when_staff_exist(course, translations):
    dialog = Dialog(Engine(course, ScriptedMatcher({}), staff_available=True), translations)
    dialog.send("/start")
    assert_dialog(
        dialog, [("why is the sky blue", ["passed your question to a person", "[☰ Menu]"])]
    )
    asked, escalated = dialog.last.events
    assert asked.data["outcome"] == "unanswered" and asked.data["text"] == "why is the sky blue"
    assert escalated.name == "question_escalated" and escalated.data["locale"] == "en"


def test_text_during_a_quiz_is_a_question_not_an_answer(asking):
    walk_to_quiz(asking)
    assert_dialog(asking, [("how to pack", "Pack answer")])
    assert asking.state.position.step_id == "light"


def test_progress_bar_scales_to_ten_blocks():
    assert progress_bar(3, 8) == "▰▰▰▱▱▱▱▱"
    assert progress_bar(10, 20) == "▰▰▰▰▰▱▱▱▱▱"
    assert progress_bar(1, 1) == "▰"


def test_engine_does_not_change_the_state_it_was_given(dialog, engine):
    before = LearnerState(user_id=7)
    engine.handle(before, Press(make("c")))
    assert before == LearnerState(user_id=7)


def test_the_language_read_in_is_remembered_for_messages_outside_a_turn(engine, translations):
    dialog = Dialog(engine, translations, language_hint="zh-CN")
    dialog.send("/start")
    assert dialog.state.reading_locale == "zh_Hans" and dialog.state.locale is None
    assert engine.locale_for(dialog.state) == "zh_Hans"  # no app language at hand
    assert engine.locale_for(dialog.state, "en") == "en"  # the app's language still leads
