"""Lesson steps as the learner walks them: Back, Skip, Next, revisiting, opening a module,
stale buttons, and what a task answer records. The first mutation run of lessons.py found
these unchecked; each test is a short dialog on the small test course."""

from __future__ import annotations

from dataclasses import replace

import pytest

from sellerbot.engine.actions import ANSWER, NEXT, OPEN_MODULE, SKIP, make, ref
from sellerbot.engine.engine import Engine
from sellerbot.engine.inputs import Photo, Press
from sellerbot.engine.state import Event
from sellerbot.practice import photo
from tests.dialog import Dialog, assert_dialog
from tests.test_engine import lesson_state, walk_to_quiz

UPDATED = "The course has been updated"
STALE = "That button belongs to an earlier message."


@pytest.fixture
def dialog(course, translations):
    return Dialog(Engine(course), translations)


def walk_to_task(dialog: Dialog) -> None:
    walk_to_quiz(dialog)
    assert_dialog(dialog, [("[By the window]", "Soft daylight"), ("[Next]", "Write a title.")])


def walk_to_photo_task(dialog: Dialog) -> None:
    assert_dialog(dialog, [("/start photos", "Why photos matter"), ("[Next]", "Send a photo")])


# ----- moving between steps ----------------------------------------------------------------


def test_each_step_shown_is_recorded_as_viewed(dialog):
    walk_to_quiz(dialog)
    assert dialog.events_named("step_viewed") == [
        Event("step_viewed", {"module": "basics", "step": "light"})
    ]


def test_a_message_step_read_is_recorded_as_completed(dialog):
    dialog.send("/start")
    dialog.send("[Start the course]")
    dialog.send("[Next]")
    assert dialog.events_named("step_completed") == [
        Event("step_completed", {"module": "basics", "step": "intro"})
    ]


def test_back_from_the_third_step_goes_to_the_second(dialog):
    walk_to_task(dialog)
    assert_dialog(dialog, [("[Back]", ["Step 2/4", "Where is the light best?"])])


def test_a_right_quiz_answer_and_a_wrong_task_answer_keep_the_back_button(dialog):
    walk_to_quiz(dialog)
    assert_dialog(dialog, [("[By the window]", ["[Back]", "[Next]"])])
    dialog.send("[Next]")
    assert_dialog(dialog, [("short", ["Longer please.", "[Back]", "[Skip]"])])
    assert_dialog(dialog, [("[Back]", "Step 2/4")])


def test_next_on_an_unanswered_task_shows_it_again_and_does_not_skip_it(dialog):
    walk_to_task(dialog)
    task_next = Press(make(NEXT, ref("basics", "title")))
    assert_dialog(dialog, [(task_next, ["Step 3/4", "Write a title.", "[Skip]"])])
    assert ("basics", "title") not in dialog.state.completed_steps
    assert not dialog.events_named("task_skipped")


def test_a_skipped_task_is_recorded_with_its_module_and_step(dialog):
    walk_to_task(dialog)
    dialog.send("[Skip]")
    assert dialog.events_named("task_skipped") == [
        Event("task_skipped", {"module": "basics", "step": "title"})
    ]


def test_a_done_task_seen_again_offers_next_not_skip(dialog):
    walk_to_task(dialog)
    dialog.send("sweet navel oranges 5 kg")
    assert_dialog(dialog, [("[Next]", "Recap text"), ("[Back]", ["Write a title.", "[Next]"])])
    assert "Skip" not in " ".join(button.label for button in dialog.buttons)
    assert_dialog(dialog, [("[Next]", "Recap text")])


def test_a_quiz_seen_again_counts_its_attempts_afresh(dialog):
    walk_to_quiz(dialog)
    dialog.send("[In the shed]")
    assert_dialog(dialog, [("[Back]", "Step 1/4"), ("[Next]", "Step 2/4")])
    dialog.send("[In the shed]")
    assert dialog.events_named("quiz_answered")[0].data["attempt"] == 1


def test_a_text_task_asks_for_typing_and_a_photo_task_for_a_photo(dialog):
    walk_to_task(dialog)
    assert "✍️ Type your answer and send it." in dialog.transcript[-1]
    assert "photo" not in dialog.transcript[-1]
    walk_to_photo_task(dialog)
    assert "📷 Send a photo." in dialog.transcript[-1]


def test_a_task_taking_text_or_photo_says_so(course, translations):
    photos = course.module("photos")
    either = photos.steps[1].model_copy(update={"accept": "text_or_photo"})
    steps = (photos.steps[0], either, *photos.steps[2:])
    changed = replace(
        course, modules=(course.modules[0], photos.model_copy(update={"steps": steps}))
    )
    dialog = Dialog(Engine(changed), translations)
    walk_to_photo_task(dialog)
    assert "✍️ Type your answer or send a photo." in dialog.transcript[-1]


# ----- continuing, opening a module, stale buttons ------------------------------------------


def test_starting_and_continuing_where_nothing_changed_mention_no_update(dialog):
    dialog.send("/start")
    assert_dialog(dialog, [("[Start the course]", ["Step 1/4", f"!{UPDATED}"])])
    dialog.send("[Next]")
    assert_dialog(dialog, [("/menu", "[Continue]"), ("[Continue]", ["Step 2/4", f"!{UPDATED}"])])


def test_a_stale_button_after_the_whole_course_says_so_with_the_menu(course, translations):
    done = replace(lesson_state("recap", 3), completed_modules=frozenset({"basics", "photos"}))
    dialog = Dialog(Engine(course), translations, state=done)
    old_button = Press(make(NEXT, ref("basics", "intro")))
    assert_dialog(dialog, [(old_button, [STALE, "You have finished every module."])])


def test_a_module_opened_from_the_list_starts_at_its_first_open_step(dialog):
    walk_to_task(dialog)
    dialog.send("/modules")
    dialog.send("[Photos]")
    assert_dialog(dialog, [("/modules", "Basics"), ("[Basics]", ["Step 3/4", "Write a title."])])


def test_a_finished_module_opened_again_starts_at_its_first_step(dialog):
    walk_to_task(dialog)
    for line in ["[Skip]", "[Next]", "[Next module]"]:
        dialog.send(line)
    assert "basics" in dialog.state.completed_modules
    assert_dialog(dialog, [("/modules", "Basics"), ("[Basics]", ["Step 1/4", "Intro text"])])


def test_the_module_the_learner_is_in_opens_at_the_step_they_were_on(dialog):
    walk_to_task(dialog)
    dialog.send("[Back]")  # on the quiz, answered; the first open step is the task
    assert_dialog(dialog, [("/modules", "Basics"), ("[Basics]", ["Step 2/4", "Where is"])])


def test_a_link_to_a_step_no_longer_there_opens_its_module(dialog):
    dialog.send("/start")
    link = Press(make(OPEN_MODULE, ref("photos"), ref("photos", "gone")))
    assert_dialog(dialog, [(link, ["Module 2/2 · Step 1/3", "Why photos matter"])])


def test_a_lesson_button_before_any_lesson_is_stale(dialog):
    dialog.send("/start")
    old_button = Press(make(NEXT, ref("basics", "intro")))
    assert_dialog(dialog, [(old_button, [STALE, "[Start the course]"])])


def test_a_lesson_button_without_its_step_is_stale(dialog):
    walk_to_quiz(dialog)
    assert_dialog(dialog, [(Press(make(NEXT)), [STALE, "Where is the light best?"])])


def test_an_answer_or_skip_pressed_on_a_message_step_is_stale(dialog):
    dialog.send("/start")
    dialog.send("[Start the course]")
    intro = ref("basics", "intro")
    assert_dialog(dialog, [(Press(make(ANSWER, intro, "0")), [STALE, "Intro text"])])
    assert_dialog(dialog, [(Press(make(SKIP, intro)), [STALE, "Intro text"])])
    assert dialog.state.completed_steps == frozenset()


def test_a_stale_button_in_the_menu_keeps_the_menu(dialog):
    walk_to_quiz(dialog)
    dialog.send("/menu")
    old_button = Press(make(NEXT, ref("basics", "intro")))
    assert_dialog(
        dialog, [(old_button, [STALE, "What would you like to do?", "!Where is the light"])]
    )


# ----- text answers ---------------------------------------------------------------------------


def test_a_wrong_text_answer_is_recorded_and_counted(dialog):
    walk_to_task(dialog)
    dialog.send("short")
    assert dialog.events_named("task_submitted") == [
        Event(
            "task_submitted",
            {
                "module": "basics",
                "step": "title",
                "kind": "text",
                "answer": "short",
                "passed": False,
                "failed_rule": "min_length",
            },
        )
    ]
    dialog.send("a fine title here")
    assert dialog.state.attempts == 2


def test_text_on_a_photo_task_keeps_skip_at_hand(dialog):
    walk_to_photo_task(dialog)
    assert_dialog(dialog, [("some words", ["This task needs a photo.", "[Skip]", "[Back]"])])


# ----- photos ---------------------------------------------------------------------------------


def coach_says(monkeypatch, *problems: str) -> None:
    report = photo.PhotoReport(problems, () if problems else ("sharp",), 320, 240)
    monkeypatch.setattr(photo, "coach", lambda data: report if data == b"jpeg" else None)


def test_a_photo_on_a_text_task_keeps_skip_at_hand(dialog):
    walk_to_task(dialog)
    assert_dialog(dialog, [(":photo", ["needs a written answer", "[Skip]", "[Back]"])])


def test_a_photo_in_the_menu_is_not_a_task_answer(dialog):
    walk_to_photo_task(dialog)
    dialog.send("/menu")
    assert_dialog(dialog, [(":photo", "I only look at photos during a practice task")])
    assert ("photos", "snap") not in dialog.state.completed_steps


def test_a_photo_the_coach_refuses_gets_its_fix_and_another_try(dialog, monkeypatch):
    coach_says(monkeypatch, photo.TOO_DARK)
    walk_to_photo_task(dialog)
    refused = ["🌑 Too dark", "Try again, or tap Skip", "[Skip]", "[Back]", "!Lovely photo"]
    assert_dialog(dialog, [(Photo("file-1", data=b"jpeg"), [*refused, "!Photo received"])])
    assert dialog.events_named("task_submitted") == [
        Event(
            "task_submitted",
            {
                "module": "photos",
                "step": "snap",
                "kind": "photo",
                "answer": "file-1",
                "passed": False,
                "failed_rule": "photo:too-dark",
            },
        )
    ]
    assert ("photos", "snap") not in dialog.state.completed_steps
    dialog.send(Photo("file-2", data=b"jpeg"))
    assert dialog.state.attempts == 2


def test_a_photo_the_coach_likes_is_praised_and_completes_the_task(dialog, monkeypatch):
    coach_says(monkeypatch)
    walk_to_photo_task(dialog)
    assert_dialog(
        dialog,
        [
            (
                Photo("file-1", data=b"jpeg"),
                ["📷 Good photo", "Lovely photo.", "!Photo received", "[Next]"],
            )
        ],
    )
    [submitted] = dialog.events_named("task_submitted")
    assert submitted.data["passed"] is True and submitted.data["failed_rule"] is None
    assert ("photos", "snap") in dialog.state.completed_steps
