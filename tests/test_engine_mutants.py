"""What the engine records when a review question is answered: the question, the option
chosen, whether it was right and the box it was in (the review's first mutation run found
none of it checked)."""

from __future__ import annotations

from sellerbot.engine.state import Event
from tests.dialog import assert_dialog
from tests.test_review import codes, course, dialog, later, miss_the_basics_quiz  # noqa: F401


def _answered(dialog) -> list[Event]:  # noqa: F811
    return [event for event in dialog.last.events if event.name == "review_answered"]


def test_a_review_answer_is_recorded_with_its_question_option_and_box(dialog):  # noqa: F811
    miss_the_basics_quiz(dialog)
    later(dialog, hours=14)
    assert_dialog(dialog, [("/start", "Review 1/1"), ("[By the window]", "Review done")])
    assert _answered(dialog) == [
        Event(
            "review_answered",
            {"module": "basics", "step": "light", "option": "window", "correct": True, "box": 1},
        )
    ]
    later(dialog, days=3)
    assert_dialog(dialog, [("/start", "Review 1/1"), ("[In the shed]", "Too dark.")])
    assert _answered(dialog) == [
        Event(
            "review_answered",
            {"module": "basics", "step": "light", "option": "shed", "correct": False, "box": 2},
        )
    ]
