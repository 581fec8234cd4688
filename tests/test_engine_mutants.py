"""What the engine records when a review question is answered: the question, the option
chosen, whether it was right and the box it was in; and a final check scored exactly at
the pass mark. The first mutation run of the review and finishing found these unchecked."""

from __future__ import annotations

from sellerbot.engine import finishing
from sellerbot.engine.state import Event
from tests.dialog import assert_dialog
from tests.test_review import (  # noqa: F401
    codes,
    course,
    dialog,
    fail_the_final_check,
    later,
    miss_the_basics_quiz,
)


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


def test_a_final_check_score_exactly_at_the_pass_mark_passes(dialog, monkeypatch):  # noqa: F811
    monkeypatch.setattr(finishing, "PASS_MARK", 0.75)
    dialog.send("/start")
    fail_the_final_check(dialog)
    dialog.send("[Try the final check again]")
    for answer in ("Right one", "Right two", "Right three", "Wrong four"):
        dialog.send("[Next]")
        dialog.send(f"[{answer}]")
    assert "3 of 4 right (75%). You passed!" in dialog.send("[Next]")
    assert "final-check" in dialog.state.completed_modules
