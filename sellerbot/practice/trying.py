"""`sellerbot try`: what the bot would say to practice answers, for editors testing checks.

Each answer (or photo) is given to the real engine as if a learner had just been shown the
task, so the output is exactly the bot's reply, without its buttons.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import TextIO

from sellerbot.content.model import Course, TaskStep
from sellerbot.engine.engine import Engine
from sellerbot.engine.inputs import Input, Photo, Text
from sellerbot.engine.state import MODE_LESSON, LearnerState, Position
from sellerbot.i18n import Translations
from sellerbot.rendering import Renderer


class TaskNotFound(ValueError):
    pass


def find_task(course: Course, task: str) -> tuple[str, str, int]:
    """(module id, step id, index) of MODULE.STEP, or TaskNotFound saying what exists."""
    module_id, _, step_id = task.partition(".")
    module = course.module(module_id)
    index = module.index_of(step_id) if module else None
    if module is None or index is None or not isinstance(module.steps[index], TaskStep):
        tasks = [
            f"{each.id}.{step.id}"
            for each in course.modules
            for step in each.steps
            if isinstance(step, TaskStep)
        ]
        raise TaskNotFound(f"no task '{task}'; the tasks are: {', '.join(tasks)}")
    return module_id, module.steps[index].id, index


def answers_from(values: list[str], stdin: TextIO) -> Iterator[str]:
    """The answers given, or one per line of standard input for `-`."""
    for value in values:
        if value == "-":
            yield from (line.rstrip("\n") for line in stdin if line.strip())
        else:
            yield value


def try_inputs(
    engine: Engine,
    translations: Translations,
    task: str,
    locale: str,
    inputs: list[Input],
    as_json: bool,
    out: TextIO | None = None,
) -> None:
    out = out or sys.stdout
    module_id, step_id, index = find_task(engine.course, task)
    renderer = Renderer(translations)
    for given in inputs:
        state = LearnerState(
            user_id=1,
            locale=locale,
            position=Position(module_id, step_id, index),
            mode=MODE_LESSON,
            is_new=False,
        )
        outcome = engine.handle(state, given, language_hint=locale, name=None)
        feedback = "\n\n".join(
            renderer.render(reply, outcome.locale).text for reply in outcome.replies
        )
        submitted = next((e for e in outcome.events if e.name == "task_submitted"), None)
        accepted = bool(submitted and submitted.data.get("passed"))
        failed = [submitted.data["failed_rule"]] if submitted and not accepted else []
        if submitted is None:  # text on a photo task, or the other way round
            failed = ["accepts"]
        said = (
            {"photo": given.reference}
            if isinstance(given, Photo)
            else {"answer": given.text if isinstance(given, Text) else ""}
        )
        if as_json:
            record = {"task": task, "locale": locale, **said, "accepted": accepted}
            record |= {"failed": [name for name in failed if name], "feedback": feedback}
            print(json.dumps(record, ensure_ascii=False), file=out)
        else:
            mark = "accepted" if accepted else f"refused ({', '.join(filter(None, failed))})"
            shown = said.get("answer") or f"photo {said['photo']}"
            indented = "\n".join(f"  {line}" for line in feedback.splitlines())
            print(f"{shown}\n  {mark}\n{indented}\n", file=out)


def text_inputs(answers: list[str], stdin: TextIO) -> list[Input]:
    return [Text(answer) for answer in answers_from(answers, stdin)]
