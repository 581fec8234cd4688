"""Quizzes that test: options shuffled per learner and step (stably), the question shown
again after a wrong answer, and a warning for option labels too long for a phone button."""

from __future__ import annotations

import pytest

from sellerbot.app import build_engine
from sellerbot.content.loader import load_course
from sellerbot.content.model import QuizStep
from sellerbot.engine import actions
from sellerbot.engine.inputs import Press
from sellerbot.engine.state import MODE_LESSON, LearnerState, Position
from sellerbot.paths import bundled_content
from sellerbot.settings import Settings
from tests.content_samples import ContentTree
from tests.dialog import Dialog
from tests.test_content_validation import tree  # noqa: F401


@pytest.fixture(scope="module")
def bundled():
    return load_course(bundled_content()).course


@pytest.fixture(scope="module")
def engine(bundled):
    return build_engine(bundled, Settings())


def quizzes(bundled):
    return [
        (module, index, step)
        for module in bundled.modules
        for index, step in enumerate(module.steps)
        if isinstance(step, QuizStep)
    ]


def shown_labels(engine, translations, user_id, module, index, step, locale="en"):
    """The option buttons a learner sees on a quiz, in order, after tapping Back then Next."""
    state = LearnerState(
        user_id=user_id,
        locale=locale,
        position=Position(module.id, step.id, index),
        mode=MODE_LESSON,
        is_new=False,
    )
    dialog = Dialog(engine, translations, locale, state=state)
    dialog.send("/menu")
    resume = next(b for b in dialog.buttons if actions.decode(b.action).name == actions.CONTINUE)
    dialog.send(Press(resume.action))
    options = {option.text[locale] for option in step.options}
    return [button.label for button in dialog.buttons if button.label in options], dialog


def test_options_keep_their_order_for_a_learner_and_differ_between_learners(
    bundled, engine, translations
):
    module, index, step = next(quiz for quiz in quizzes(bundled) if len(quiz[2].options) >= 4)
    first, _ = shown_labels(engine, translations, 7, module, index, step)
    again, _ = shown_labels(engine, translations, 7, module, index, step)
    assert first == again and len(first) == len(step.options)
    orders = {
        tuple(shown_labels(engine, translations, user, module, index, step)[0])
        for user in range(1, 30)
    }
    assert len(orders) > 3


def test_the_right_answer_is_not_where_the_editor_wrote_it(bundled, engine, translations):
    for module, index, step in quizzes(bundled):
        right = next(option.text["en"] for option in step.options if option.correct)
        places = set()
        for user in range(1, 40):
            labels, _ = shown_labels(engine, translations, user, module, index, step)
            places.add(labels.index(right))
        assert len(places) >= min(3, len(step.options)), (
            f"{module.id}/{step.id}: the right option sits at {places}"
        )


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_a_wrong_answer_shows_the_question_again(bundled, engine, translations, locale):
    module, index, step = quizzes(bundled)[0]
    wrong = next(option for option in step.options if not option.correct)
    _, dialog = shown_labels(engine, translations, 3, module, index, step, locale)
    output = dialog.send(f"[{wrong.text[locale]}]")
    assert wrong.feedback[locale] in output
    assert step.question[locale] in output
    assert wrong.text[locale] in [button.label for button in dialog.buttons]


def test_a_long_option_is_a_warning_at_its_line(tree: ContentTree):  # noqa: F811
    tree.replace(
        "modules/basics.yaml",
        "en: Next to a window",
        "en: Next to a big window on the north side of the house",
    )
    result = tree.load()
    line, _ = tree.position_of(
        "modules/basics.yaml", "Next to a big window on the north side of the house"
    )
    warnings = [problem for problem in result.warnings if "phone button" in problem.message]
    assert [(problem.line, problem.message[:40]) for problem in warnings] == [
        (line, "option is too long for a phone button (5")
    ]
