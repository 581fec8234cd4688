"""The bundled curriculum, walked from the first step to the end in every locale.

A dialog against the engine works out which line to type at each step (the right quiz
option, a task answer that meets the task's rules); the same lines are then piped into
`sellerbot preview`, so the walk is checked the way an editor would do it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml

from sellerbot.app import build_engine
from sellerbot.content.loader import load_course
from sellerbot.content.model import QuizStep, TaskStep
from sellerbot.engine import actions
from sellerbot.engine.inputs import Press
from sellerbot.paths import bundled_content
from sellerbot.practice.checks import check_answer
from sellerbot.settings import Settings
from tests.dialog import Dialog
from tests.test_preview import SELLERBOT

TUNING_ANSWERS = yaml.safe_load(
    (Path(__file__).parents[1] / "bench/data/practice_tuning.yaml").read_text(encoding="utf-8")
)["answers"]
REQUIRED_MODULES = {
    "open-store",
    "list-produce",
    "price-pack-ship",
    "orders-service",
    "campaigns",
    "livestreaming",
}


@pytest.fixture(scope="module")
def course():
    result = load_course(bundled_content())
    assert result.course is not None and not result.warnings, result.problems
    return result.course


def passing_answer(course, module_id: str, step: TaskStep, locale: str) -> str:
    """The first good answer of the labelled tuning answers for this task and locale."""
    task = f"{module_id}.{step.id}"
    answer = next(
        row["answer"]
        for row in TUNING_ANSWERS
        if row["task"] == task and row["locale"] == locale and row["good"]
    )
    verdict = check_answer(step, answer, locale, course.lexicon, course.default_locale)
    assert verdict.accepted, f"{task} ({locale}): a good answer fails {verdict.failed}"
    return answer


def walk(course, translations, locale: str) -> tuple[list[str], Dialog]:
    """The lines to type in the preview to finish every module, after its opening /start."""
    dialog = Dialog(build_engine(course, Settings()), translations, language_hint=locale)
    dialog.send("/start")
    lines: list[str] = []

    def press(action_name: str, *args: str) -> None:
        wanted = actions.make(action_name, *args) if args else None
        for number, button in enumerate(dialog.buttons, start=1):
            decoded = actions.decode(button.action)
            if (wanted and button.action == wanted) or (not wanted and decoded.name == action_name):
                lines.append(str(number))
                dialog.send(Press(button.action))
                return
        raise AssertionError(f"no {action_name} button in:\n" + dialog.transcript[-1])

    press(actions.CONTINUE)
    for _ in range(course.step_count * 3):
        if "course_completed" in dialog.event_names:
            return lines, dialog
        if "module_completed" in dialog.event_names:
            press(actions.OPEN_MODULE)
            continue
        position = dialog.state.position
        module = course.module(position.module_id)
        step = module.steps[position.step_index]
        done = (module.id, step.id) in dialog.state.completed_steps
        step_ref = actions.ref(module.id, step.id)
        if isinstance(step, QuizStep) and not done:
            right = next(i for i, option in enumerate(step.options) if option.correct)
            press(actions.ANSWER, step_ref, str(right))
        elif isinstance(step, TaskStep) and not done and step.accepts_text:
            lines.append(passing_answer(course, module.id, step, locale))
            dialog.send(lines[-1])
        elif isinstance(step, TaskStep) and not done:
            lines.append(":photo")
            dialog.send(":photo")
        else:
            press(actions.NEXT, step_ref)
    raise AssertionError("the walk did not reach the end of the course")


def test_the_curriculum_has_the_required_modules_and_shape(course):
    assert {module.id for module in course.modules} >= REQUIRED_MODULES
    assert course.modules[-1].id == "final-check", "the final check ends the course"
    for module in course.modules:
        if module.id == "welcome":
            continue
        if module.id == "final-check":
            kinds = [step.type for step in module.steps]
            assert 5 <= kinds.count("quiz") <= 8 and set(kinds) == {"message", "quiz"}
            continue
        kinds = [step.type for step in module.steps]
        assert 6 <= len(kinds) <= 12, module.id
        assert "quiz" in kinds and "task" in kinds, module.id
        assert kinds[-1] == "message", f"{module.id} should end with a recap"


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_every_module_can_be_walked_to_the_end_in_the_preview(course, translations, locale):
    lines, dialog = walk(course, translations, locale)
    assert dialog.state.completed_modules == {module.id for module in course.modules}
    result = subprocess.run(
        [str(SELLERBOT), "preview", "--db", ":memory:", "--locale", locale],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    position = 0
    for module in course.modules:
        title = module.title[locale]
        finished = "🎉 You finished the module “" if locale == "en" else "🎉 “"
        found = result.stdout.find(f"{finished}{title}", position)
        assert found > position, f"{module.id} not finished in order:\n{result.stdout[-3000:]}"
        position = found
    assert ("🏆 Congratulations!" if locale == "en" else "🏆 恭喜你") in result.stdout[position:]
