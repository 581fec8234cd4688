"""Review of missed quiz questions, the final check and the certificate, as dialogs."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sellerbot.content.loader import load_course
from sellerbot.engine.engine import Engine
from sellerbot.engine.inputs import Verify
from tests.conftest import TEST_COURSE
from tests.dialog import Dialog, assert_dialog

FINAL_CHECK = Path(__file__).parent / "data" / "final-check" / "final-check.yaml"
MONDAY = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The test course with a final check of four questions as its last module."""
    folder = tmp_path_factory.mktemp("course") / "course"
    shutil.copytree(TEST_COURSE, folder)
    shutil.copy(FINAL_CHECK, folder / "modules" / "final-check.yaml")
    course_file = folder / "course.yaml"
    course_file.write_text(
        course_file.read_text().replace("[basics, photos]", "[basics, photos, final-check]")
    )
    result = load_course(folder)
    assert result.course is not None, [str(problem) for problem in result.problems]
    return result.course


class Codes:
    """Certificate codes in a known order, so a test can name the one issued."""

    def __init__(self):
        self.issued: list[str] = []

    def __call__(self) -> str:
        self.issued.append(f"SB-TEST-AAA{len(self.issued) + 2}")
        return self.issued[-1]


@pytest.fixture
def codes():
    return Codes()


@pytest.fixture
def dialog(course, translations, codes):
    return Dialog(Engine(course, new_certificate_code=codes), translations, now=MONDAY)


def later(dialog: Dialog, **delta) -> None:
    dialog.now = dialog.now + timedelta(**delta)


def miss_the_basics_quiz(dialog: Dialog) -> None:
    assert_dialog(
        dialog,
        [
            ("/start", "Hello, Farmer!"),
            ("[Start the course]", "Intro text"),
            ("[Next]", "Where is the light best?"),
            ("[In the shed]", "Too dark."),
        ],
    )
    scheduled = [event for event in dialog.last.events if event.name == "review_scheduled"]
    assert [
        (event.data["module"], event.data["step"], event.data["box"]) for event in scheduled
    ] == [("basics", "light", 1)]
    assert_dialog(dialog, [("[By the window]", "Soft daylight.")])


def test_a_first_try_miss_comes_back_the_next_day_then_days_later(dialog):
    miss_the_basics_quiz(dialog)
    # The same evening: nothing is due yet.
    assert_dialog(dialog, [("/start", ["Welcome back", "!Quick review"])])
    later(dialog, hours=14)  # the next morning, earlier in the day than the miss
    assert_dialog(
        dialog,
        [
            (
                "/start",
                [
                    "Quick review: 1 question(s)",
                    "Review 1/1",
                    "Where is the light best?",
                    "[By the window]",
                    "[Not today]",
                ],
            ),
            ("[By the window]", ["✅ Soft daylight.", "Review done", "[▶️ Continue]"]),
        ],
    )
    later(dialog, days=1)
    assert_dialog(dialog, [("/start", "!Quick review")])  # a right review: back in 3 days
    later(dialog, days=2)
    assert_dialog(
        dialog,
        [
            ("/start", "Quick review"),
            ("[In the shed]", ["Too dark.", "The right answer: By the window"]),
        ],
    )
    item = dialog.state.reviews[0]
    assert item.box == 1 and item.due_at == datetime(
        2026, 3, 7, tzinfo=UTC
    )  # Friday's miss: Saturday
    later(dialog, days=1)
    assert_dialog(dialog, [("/start", "Quick review"), ("[By the window]", "Review done")])
    later(dialog, days=3)
    assert_dialog(dialog, [("/start", "Quick review"), ("[By the window]", "Review done")])
    assert dialog.state.reviews[0].box == 3 and dialog.state.reviews[0].due_at is None
    later(dialog, days=30)
    assert_dialog(dialog, [("/start", "!Quick review")])  # learned: it does not come back


def test_a_question_right_at_the_first_try_is_not_reviewed(dialog):
    assert_dialog(
        dialog,
        [
            ("/start", "Hello"),
            ("[Start the course]", "Intro text"),
            ("[Next]", "Where is the light best?"),
            ("[By the window]", "Soft daylight."),
        ],
    )
    assert dialog.state.reviews == ()
    later(dialog, days=1)
    assert_dialog(dialog, [("/start", "!Quick review")])


def test_a_skipped_review_waits_for_the_next_day(dialog):
    miss_the_basics_quiz(dialog)
    later(dialog, days=1)
    assert_dialog(
        dialog,
        [
            ("/start", "Quick review"),
            ("[Not today]", ["the review waits until tomorrow", "Step 2/4"]),
            ("/start", ["Welcome back", "!Quick review"]),
            ("/menu", "!Quick review"),
        ],
    )
    later(dialog, days=1)
    assert_dialog(dialog, [("/start", "Quick review")])


def test_a_due_review_is_noted_before_the_answer_to_anything_else(dialog):
    miss_the_basics_quiz(dialog)
    later(dialog, days=1)
    output = dialog.send("/modules")
    assert output.index("waiting for a quick review") < output.index("Choose a module")
    assert_dialog(dialog, [("[Review now]", ["Review 1/1", "Where is the light best?"])])
    assert_dialog(dialog, [("/modules", "!waiting for a quick review")])  # once a day


def fail_the_final_check(dialog: Dialog, second: str = "Right two") -> str:
    assert_dialog(dialog, [("/modules", "Final check"), ("[Final check]", "Four questions.")])
    dialog.send("[Next]")
    dialog.send("[Wrong one]")
    assert "The right answer: Right one" in dialog.transcript[-1]
    for answer in (second, "Wrong three", "Wrong four"):
        dialog.send("[Next]")
        dialog.send(f"[{answer}]")
    return dialog.send("[Next]")


def test_a_failed_final_check_is_scored_and_offers_review_and_a_retry(dialog):
    dialog.send("/start")
    output = fail_the_final_check(dialog)
    assert "1 of 4 right (25%). You need 70% to pass." in output
    assert "🔁 Try the final check again" in output
    scored = [event.data for event in dialog.last.events if event.name == "final_check_scored"]
    assert scored == [
        {"module": "final-check", "right": 1, "total": 4, "score": 0.25, "passed": False}
    ]
    assert "final-check" not in dialog.state.completed_modules
    assert {item.step_id for item in dialog.state.reviews} == {"q1", "q3", "q4"}
    # Every question counts again on the retry: the earlier right answer is not kept.
    assert_dialog(dialog, [("[Try the final check again]", "Four questions.")])
    for answer in ("Right one", "Right two", "Right three", "Wrong four"):
        dialog.send("[Next]")
        dialog.send(f"[{answer}]")
    assert_dialog(
        dialog,
        [("[Next]", ["3 of 4 right (75%). You passed!", "You finished the module “Final check”"])],
    )
    assert "final-check" in dialog.state.completed_modules


def test_at_most_three_reviews_a_day(dialog):
    dialog.send("/start")
    fail_the_final_check(dialog, second="Wrong two")
    assert len(dialog.state.reviews) == 4
    later(dialog, days=1)
    assert_dialog(dialog, [("/start", ["Quick review: 3 question(s)", "Review 1/3"])])
    for number in (2, 3):
        dialog.send(f"[{dialog.buttons[0].label}]")
        assert f"Review {number}/3" in dialog.transcript[-1]
    assert_dialog(
        dialog,
        [
            (f"[{dialog.buttons[0].label}]", "Review done"),
            ("/review", "Nothing to review right now"),
        ],
    )
    later(dialog, days=1)
    assert_dialog(dialog, [("/start", "Quick review: ")])


def finish_everything(dialog: Dialog) -> str:
    """Pass the final check with the lessons already done; the last turn's output."""
    dialog.send("/start")
    dialog.state = replace(dialog.state, completed_modules=frozenset({"basics", "photos"}))
    assert_dialog(dialog, [("/modules", "Final check"), ("[Final check]", "Four questions.")])
    for answer in ("Right one", "Right two", "Right three", "Right four"):
        dialog.send("[Next]")
        dialog.send(f"[{answer}]")
    return dialog.send("[Next]")


def test_finishing_the_course_issues_one_certificate_with_the_name_asked_for(dialog, codes):
    output = finish_everything(dialog)
    assert "4 of 4 right (100%)" in output and "whole course" in output
    assert "What name should it show?" in output and "Use “Farmer”" in output
    assert_dialog(
        dialog,
        [
            ("\u200b", "type the name as it should appear"),
            (
                "  Li   Wei  ",
                [
                    "Here is your certificate, Li Wei!",
                    "SB-TEST-AAA2",
                    "/start verify-SB-TEST-AAA2",
                    "certificate: SB-TEST-AAA2]",
                ],
            ),
        ],
    )
    issued = [event.data for event in dialog.last.events if event.name == "certificate_issued"]
    assert issued == [
        {
            "code": "SB-TEST-AAA2",
            "holder": "Li Wei",
            "course": "Test course",
            "locale": "en",
            "issued_at": MONDAY.isoformat(),
        }
    ]
    # Asked for again, from the menu or by command: the same certificate, not a new one.
    assert_dialog(
        dialog,
        [
            ("/menu", "[🎓 My certificate]"),
            ("[My certificate]", ["certificate: SB-TEST-AAA2]", "!Here is"]),
            ("/certificate", "certificate: SB-TEST-AAA2]"),
        ],
    )
    assert codes.issued == ["SB-TEST-AAA2"]
    assert "certificate_issued" not in dialog.event_names


def test_the_telegram_name_can_go_on_the_certificate(dialog):
    finish_everything(dialog)
    assert_dialog(dialog, [("[Use “Farmer”]", "Here is your certificate, Farmer!")])


def test_no_certificate_before_the_course_is_finished(dialog, codes):
    dialog.send("/start")
    assert_dialog(dialog, [("/certificate", "when you finish every module")])
    assert "🎓 My certificate" not in dialog.send("/menu")
    assert codes.issued == []


@pytest.mark.parametrize(
    ("verify", "expected"),
    [
        (
            Verify("SB-TEST-AAA2", "genuine", "Li Wei", "Test course", date(2026, 3, 2)),
            "✅ Certificate SB-TEST-AAA2 is genuine: Li Wei finished “Test course” on 2026-03-02.",
        ),
        (Verify("SB-TEST-AAA2", "revoked"), "its holder has since deleted their data"),
        (Verify("SB-AAAA-AAAA", "unknown"), "No certificate has the code SB-AAAA-AAAA"),
    ],
)
def test_a_verification_answers_what_the_store_found(dialog, verify, expected):
    assert_dialog(dialog, [(verify, [expected, "[☰ Menu]"])])


def test_the_verification_link_is_not_taken_for_a_campaign_source(dialog):
    dialog.send("/start verify-SB-TEST-AAA2")
    assert dialog.state.source is None


def test_deleting_ones_data_forgets_reviews_and_the_certificate(dialog):
    miss_the_basics_quiz(dialog)
    finish_everything(dialog)
    dialog.send("[Use “Farmer”]")
    assert dialog.state.certificate == "SB-TEST-AAA2" and dialog.state.reviews
    assert_dialog(dialog, [("/deleteme", "Delete everything"), ("[Yes, delete]", "deleted")])
    assert dialog.state.certificate is None and dialog.state.reviews == ()


def test_no_review_note_before_deleting_ones_data(dialog):
    miss_the_basics_quiz(dialog)
    later(dialog, days=1)
    assert_dialog(dialog, [("/deleteme", ["Delete everything", "!waiting for a quick review"])])


def test_days_turn_at_the_learners_midnight_not_at_utc(course, translations):
    """A miss at 23:30 in Shanghai comes back at 07:30 the next morning there, though it is
    still the same day in UTC; the course's time zone decides (SELLERBOT_TIMEZONE)."""
    shanghai = ZoneInfo("Asia/Shanghai")
    night = datetime(2026, 3, 2, 23, 30, tzinfo=shanghai)
    dialog = Dialog(Engine(course, days_turn_in=shanghai), translations, now=night)
    miss_the_basics_quiz(dialog)
    assert dialog.state.reviews[0].due_at == datetime(2026, 3, 3, tzinfo=shanghai)
    later(dialog, hours=8)  # 07:30 in Shanghai, 23:30 of the same day in UTC
    assert_dialog(dialog, [("/start", "Quick review: 1 question(s)")])
    assert_dialog(dialog, [("[Not today]", "!Quick review")])
    later(dialog, hours=12)  # the same Shanghai day, though UTC's has turned: no second offer
    assert_dialog(dialog, [("/start", "!Quick review")])
