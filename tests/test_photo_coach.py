"""The photo coach through the engine, in both locales: each defect gets its one fix, a good
photo passes with what is good about it, and an unreadable file is not praised."""

from __future__ import annotations

import pytest

from sellerbot.app import build_engine
from sellerbot.content.loader import load_course
from sellerbot.engine.inputs import Photo
from sellerbot.engine.state import MODE_LESSON, LearnerState, Position
from sellerbot.paths import bundled_content
from sellerbot.practice.photo import coach
from sellerbot.settings import Settings
from tests.dialog import Dialog
from tests.synthetic_photos import DEFECTS, make_photo

FIXES = {
    "en": {
        "too-dark": "Move next to a window",
        "blown-out": "Move out of direct sun",
        "blurry": "Hold the phone with both hands",
        "too-small": "Send it at full size",
        "too-far": "Step closer",
        "busy-background": "plain board, cloth or wall",
    },
    "zh_Hans": {
        "too-dark": "挪到窗边",
        "blown-out": "别在大太阳底下拍",
        "blurry": "两只手拿稳手机",
        "too-small": "发原图",
        "too-far": "走近一点",
        "busy-background": "背景太乱了",
    },
}


@pytest.fixture(scope="module")
def engine():
    course = load_course(bundled_content()).course
    return build_engine(course, Settings())


def send_photo(engine, translations, locale: str, data: bytes) -> tuple[bool, str]:
    module = engine.course.module("list-produce")
    index = module.index_of("photo-practice")
    state = LearnerState(
        user_id=1,
        locale=locale,
        position=Position("list-produce", "photo-practice", index),
        mode=MODE_LESSON,
        is_new=False,
    )
    dialog = Dialog(engine, translations, locale, state=state)
    output = dialog.send(Photo("file-1", data=data))
    submitted = next(event for event in dialog.last.events if event.name == "task_submitted")
    return submitted.data["passed"], output


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
@pytest.mark.parametrize("defect", DEFECTS)
def test_each_defect_gets_its_fix(engine, translations, locale, defect):
    passed, output = send_photo(engine, translations, locale, make_photo(defect, seed=1))
    assert not passed, output
    assert FIXES[locale][defect] in output
    assert "Nice work" not in output and "不错" not in output


@pytest.mark.parametrize(("locale", "praise"), [("en", "Good photo"), ("zh_Hans", "拍得好")])
def test_a_good_photo_passes_with_what_is_good_about_it(engine, translations, locale, praise):
    passed, output = send_photo(engine, translations, locale, make_photo(None, seed=1))
    assert passed, output
    assert praise in output


def test_an_unreadable_file_is_refused_kindly(engine, translations):
    passed, output = send_photo(engine, translations, "en", b"\x00not an image")
    assert not passed
    assert "I could not open that photo" in output


def test_the_coach_catches_defects_and_spares_good_photos_on_unseen_seeds():
    good = [coach(make_photo(None, seed)) for seed in range(500, 520)]
    assert sum(not report.passed for report in good) <= 2
    for defect in DEFECTS:
        caught = sum(defect in coach(make_photo(defect, seed)).problems for seed in range(500, 520))
        assert caught >= 18, defect
