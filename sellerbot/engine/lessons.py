"""Lessons: showing steps, moving between them, and checking practice tasks."""

from __future__ import annotations

from sellerbot.content.model import Module, QuizStep, TaskStep
from sellerbot.engine import actions
from sellerbot.engine import messages as m
from sellerbot.engine.actions import Action
from sellerbot.engine.inputs import Photo
from sellerbot.engine.menus import Menus
from sellerbot.engine.replies import Button, Media, Part, Voice, msg
from sellerbot.engine.state import (
    MODE_LESSON,
    LearnerState,
    Position,
)
from sellerbot.engine.turn import Turn, button
from sellerbot.practice.asking import asks_the_bot
from sellerbot.practice.checks import check_answer, check_photo
from sellerbot.practice.lexicon import EMPTY as EMPTY_LEXICON

BAR_WIDTH = 10


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A bar such as ▰▰▰▱▱▱▱▱, one block per step up to `width` blocks."""
    width = min(width, total) or 1
    filled = round(width * done / total) if total else 0
    return "▰" * filled + "▱" * (width - filled)


class Lessons(Menus):
    def _open_task(self, state: LearnerState) -> tuple[Module, int, TaskStep] | None:
        """The practice task the learner is looking at and has not done yet, if any."""
        located = self._current(state)
        if state.mode != MODE_LESSON or located is None:
            return None
        module, index, _ = located
        step = module.steps[index]
        if not isinstance(step, TaskStep) or (module.id, step.id) in state.completed_steps:
            return None
        return module, index, step

    def _photo(self, turn: Turn, photo: Photo) -> None:
        task = self._open_task(turn.state)
        if task is None:
            self._menu(turn, msg(m.PHOTO_OUTSIDE_TASK))
            return
        module, index, step = task
        if not step.accepts_photo:
            turn.say(msg(m.TASK_NEEDS_TEXT), buttons=self._task_buttons(module, index))
            return
        # Without the image (a transport that does not fetch it) there is nothing to coach.
        verdict = check_photo(photo.data) if photo.data is not None else None
        turn.record(
            "task_submitted",
            module=module.id,
            step=step.id,
            kind="photo",
            answer=photo.reference,
            passed=verdict is None or verdict.accepted,
            failed_rule=verdict.failed[0] if verdict and verdict.failed else None,
        )
        if verdict is not None and not verdict.accepted:
            turn.update(attempts=turn.state.attempts + 1)
            turn.say(
                *verdict.feedback, msg(m.TASK_TRY_AGAIN), buttons=self._task_buttons(module, index)
            )
            return
        self._complete_step(turn, module, step.id)
        parts: list[Part] = list(verdict.feedback) if verdict else [msg(m.TASK_PHOTO_RECEIVED)]
        if step.success:
            parts.append(self._content(turn, step.success))
        turn.say(*parts, buttons=self._after_step_buttons(module, index))

    def _current(self, state: LearnerState) -> tuple[Module, int, bool] | None:
        """The learner's step, found again in the current content: (module, index, moved).

        A step that was renamed is found by its former id; one that was removed is replaced
        by whatever step now stands at its old place. A removed module gives None.
        """
        position = state.position
        if position is None:
            return None
        module = self.course.module(position.module_id)
        if module is None:
            return None
        index = module.index_of(position.step_id)
        if index is not None:
            return module, index, module.steps[index].id != position.step_id
        return module, min(position.step_index, len(module.steps) - 1), True

    def _first_open_step(self, state: LearnerState, module: Module) -> int:
        for index, step in enumerate(module.steps):
            if (module.id, step.id) not in state.completed_steps:
                return index
        return 0

    def _continue(self, turn: Turn, notice: tuple[Part, ...] = ()) -> None:
        located = self._current(turn.state)
        if located and located[0].id not in turn.state.completed_modules:
            module, index, moved = located
            self._show_step(
                turn, module, index, *notice, *((msg(m.CONTENT_CHANGED),) if moved else ())
            )
            return
        if turn.state.position is not None and located is None:
            notice = (*notice, msg(m.CONTENT_CHANGED))
        for module in self.course.modules:
            if module.id not in turn.state.completed_modules:
                self._show_step(turn, module, self._first_open_step(turn.state, module), *notice)
                return
        self._menu(turn, *notice, msg(m.ALL_DONE))

    def _open_module(self, turn: Turn, module: Module, step_index: int | None = None) -> None:
        located = self._current(turn.state)
        if step_index is None:
            if located and located[0].id == module.id:
                step_index = located[1]
            else:
                step_index = self._first_open_step(turn.state, module)
        self._show_step(turn, module, step_index)

    def _open_by_ref(self, turn: Turn, args: tuple[str, ...]) -> None:
        module = self._module_by_ref.get(args[0])
        if module is None:
            self._stale(turn)
            return
        step_index = None
        if len(args) > 1:
            step_index = next(
                (
                    i
                    for i, step in enumerate(module.steps)
                    if actions.ref(module.id, step.id) == args[1]
                ),
                None,
            )
        self._open_module(turn, module, step_index)

    def _step_ref(self, module: Module, index: int) -> str:
        return actions.ref(module.id, module.steps[index].id)

    def _nav_row(
        self, module: Module, index: int, forward: tuple[Button, ...]
    ) -> tuple[Button, ...]:
        back = (
            (button(m.BUTTON_BACK, actions.BACK, self._step_ref(module, index)),) if index else ()
        )
        return (*back, *forward)

    def _task_buttons(self, module: Module, index: int) -> tuple[tuple[Button, ...], ...]:
        skip = button(m.BUTTON_SKIP, actions.SKIP, self._step_ref(module, index))
        return (self._nav_row(module, index, (skip,)), (self._menu_button(),))

    def _after_step_buttons(self, module: Module, index: int) -> tuple[tuple[Button, ...], ...]:
        next_button = button(m.BUTTON_NEXT, actions.NEXT, self._step_ref(module, index))
        return (self._nav_row(module, index, (next_button,)), (self._menu_button(),))

    def _show_step(self, turn: Turn, module: Module, index: int, *before: Part) -> None:
        step = module.steps[index]
        turn.update(position=Position(module.id, step.id, index), mode=MODE_LESSON, attempts=0)
        turn.record("step_viewed", module=module.id, step=step.id)
        header = msg(
            m.PROGRESS_LINE,
            module=self._module_number(module) + 1,
            modules=len(self.course.modules),
            step=index + 1,
            steps=len(module.steps),
            bar=progress_bar(index + 1, len(module.steps)),
        )
        media = (
            Media(step.media[0], self.course.media_source(step.media[1])) if step.media else None
        )
        spoken = step.voice.get(turn.locale) if step.voice else None  # never another language's
        voice = Voice(spoken, *self.course.voice_note(spoken)) if spoken else None
        done = (module.id, step.id) in turn.state.completed_steps
        if isinstance(step, QuizStep):
            body: tuple[Part, ...] = (self._content(turn, step.question),)
            buttons = self._quiz_buttons(turn, module, index, step)
        elif isinstance(step, TaskStep):
            hint = {"text": m.TASK_TYPE_ANSWER, "photo": m.TASK_SEND_PHOTO}.get(
                step.accept, m.TASK_TEXT_OR_PHOTO
            )
            body = (self._content(turn, step.prompt), msg(hint))
            buttons = (
                self._after_step_buttons(module, index)
                if done
                else self._task_buttons(module, index)
            )
        else:
            body = (self._content(turn, step.text),)
            buttons = self._after_step_buttons(module, index)
        turn.say(*before, header, *body, buttons=buttons, media=media, voice=voice)

    def _lesson_press(self, turn: Turn, action: Action) -> None:
        located = self._current(turn.state)
        if not action.args or located is None:
            self._stale(turn)
            return
        module, index, _ = located
        if action.args[0] != self._step_ref(module, index):
            self._stale(turn)
            return
        step = module.steps[index]
        turn.update(position=Position(module.id, step.id, index))  # the step may have moved
        if action.name == actions.BACK:
            self._show_step(turn, module, max(index - 1, 0))
        elif action.name == actions.ANSWER and isinstance(step, QuizStep) and len(action.args) == 2:
            self._answer(turn, module, index, step, action.args[1])
        elif action.name == actions.SKIP and isinstance(step, TaskStep):
            turn.record("task_skipped", module=module.id, step=step.id)
            self._complete_step(turn, module, step.id)
            self._advance(turn, module, index)
        elif action.name == actions.NEXT:
            if not isinstance(step, QuizStep | TaskStep):
                self._complete_step(turn, module, step.id)
            if (module.id, step.id) in turn.state.completed_steps:
                self._advance(turn, module, index)
            else:  # a quiz or task that still wants its answer
                self._show_step(turn, module, index)
        else:
            self._stale(turn)

    def _complete_step(self, turn: Turn, module: Module, step_id: str) -> None:
        if (module.id, step_id) in turn.state.completed_steps:
            return
        turn.update(completed_steps=turn.state.completed_steps | {(module.id, step_id)})
        turn.record("step_completed", module=module.id, step=step_id)

    def _advance(self, turn: Turn, module: Module, index: int) -> None:
        if index + 1 < len(module.steps):
            self._show_step(turn, module, index + 1)
        else:
            self._finish_module(turn, module)

    def _task_text(self, turn: Turn, module: Module, index: int, step: TaskStep, text: str) -> None:
        if asks_the_bot(text):
            # Answered like any question; judged as the task's answer it would be praised
            # ("Nice name!") or refused for what it never tried to be.
            self._question(turn, text)
            turn.say(msg(m.TASK_STILL_OPEN), buttons=self._task_buttons(module, index))
            return
        if not step.accepts_text:
            turn.say(msg(m.TASK_NEEDS_PHOTO), buttons=self._task_buttons(module, index))
            return
        verdict = check_answer(
            step,
            text,
            turn.locale,
            self.course.lexicon or EMPTY_LEXICON,
            self.course.default_locale,
        )
        turn.record(
            "task_submitted",
            module=module.id,
            step=step.id,
            kind="text",
            answer=text,
            passed=verdict.accepted,
            failed_rule=verdict.failed[0] if verdict.failed else None,
        )
        if not verdict.accepted:
            turn.update(attempts=turn.state.attempts + 1)
            turn.say(
                *verdict.feedback,
                msg(m.TASK_TRY_AGAIN),
                buttons=self._task_buttons(module, index),
            )
            return
        self._complete_step(turn, module, step.id)
        # What the checks found (a price that covers its costs) says more than "well done".
        parts: list[Part] = list(verdict.feedback) or [msg(m.TASK_PASSED)]
        if step.success:
            parts.append(self._content(turn, step.success))
        turn.say(*parts, buttons=self._after_step_buttons(module, index))

    def _stale(self, turn: Turn) -> None:
        """A button from an old message, or one this version no longer knows."""
        notice = msg(m.STALE_BUTTON)
        if turn.state.mode == MODE_LESSON and self._current(turn.state):
            self._continue(turn, (notice,))
        else:
            self._menu(turn, notice)
