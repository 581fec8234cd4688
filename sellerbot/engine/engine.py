"""The conversation itself: given a learner's state and one input, decide the replies.

Pure: no I/O, no clock, no chat app. The same engine serves Telegram, the terminal preview
and the tests; they differ only in how they carry inputs in and replies out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Protocol

from sellerbot.content.model import Course, FaqEntry, Module, QuizStep, TaskStep
from sellerbot.engine import actions
from sellerbot.engine import messages as m
from sellerbot.engine.actions import Action
from sellerbot.engine.inputs import Command, Input, Photo, Press, Start, Text, Unsupported
from sellerbot.engine.replies import (
    Button,
    Content,
    Lines,
    Media,
    Part,
    Percent,
    Reply,
    Voice,
    msg,
)
from sellerbot.engine.shuffle import option_order
from sellerbot.engine.state import (
    MODE_DELETE,
    MODE_LESSON,
    MODE_MENU,
    Event,
    LearnerState,
    Position,
)
from sellerbot.i18n import display_name, negotiate
from sellerbot.practice.checks import check_answer, check_photo
from sellerbot.practice.lexicon import EMPTY as EMPTY_LEXICON

PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
BAR_WIDTH = 10


class FaqMatch(Protocol):
    entry_id: str | None
    score: float
    suggestions: tuple[str, ...]
    zone: str


class QuestionMatcher(Protocol):
    def match(self, question: str, locale: str) -> FaqMatch: ...


@dataclass(frozen=True)
class Outcome:
    """What one turn produced: replies in `locale`, the learner's new state, and events."""

    replies: tuple[Reply, ...]
    state: LearnerState
    events: tuple[Event, ...]
    locale: str


def progress_bar(done: int, total: int, width: int = BAR_WIDTH) -> str:
    """A bar such as ▰▰▰▱▱▱▱▱, one block per step up to `width` blocks."""
    width = min(width, total) or 1
    filled = round(width * done / total) if total else 0
    return "▰" * filled + "▱" * (width - filled)


class _Turn:
    """Collects the replies and events of one turn while the state evolves."""

    def __init__(self, state: LearnerState, locale: str):
        self.state = state
        self.locale = locale
        self.replies: list[Reply] = []
        self.events: list[Event] = []

    def say(
        self,
        *parts: Part,
        buttons: tuple[tuple[Button, ...], ...] = (),
        media: Media | None = None,
        replaces_pressed: bool = False,
        voice: Voice | None = None,
    ) -> None:
        self.replies.append(Reply(tuple(parts), buttons, media, replaces_pressed, voice))

    def record(self, name: str, **data: Any) -> None:
        self.events.append(Event(name, data))

    def update(self, **changes: Any) -> None:
        self.state = replace(self.state, **changes)


def _button(key: str, name: str, *args: str, **params: Any) -> Button:
    return Button(msg(key, **params), actions.make(name, *args))


class Engine:
    """Runs the course in `course` for one learner input at a time."""

    def __init__(
        self,
        course: Course,
        matcher: QuestionMatcher | None = None,
        staff_available: bool = False,
    ):
        self.course = course
        self.matcher = matcher
        self.staff_available = staff_available
        self._faq = {entry.id: entry for entry in course.faq}
        self._faq_by_ref = {actions.ref(entry.id): entry for entry in course.faq}
        self._module_by_ref = {actions.ref(module.id): module for module in course.modules}

    # ----------------------------------------------------------------- entry point

    def locale_for(self, state: LearnerState, language_hint: str | None = None) -> str:
        """The learner's choice, else their app's language if the course has it, else the
        language they last read in, else the course's default."""
        if state.locale in self.course.locales:
            return state.locale
        negotiated = negotiate(language_hint, self.course.locales)
        if negotiated:
            return negotiated
        if state.reading_locale in self.course.locales:
            return state.reading_locale
        return self.course.default_locale

    def handle(
        self,
        state: LearnerState,
        received: Input,
        *,
        language_hint: str | None = None,
        name: str | None = None,
    ) -> Outcome:
        turn = _Turn(state, self.locale_for(state, language_hint))
        if state.is_new:
            turn.record("joined", locale=turn.locale)
            turn.update(is_new=False)
        if isinstance(received, Start):
            self._start(turn, received.payload, name, welcome_back=not state.is_new)
        elif isinstance(received, Command):
            self._command(turn, received, name)
        elif isinstance(received, Press):
            self._press(turn, received.action)
        elif isinstance(received, Text):
            self._text(turn, received.text)
        elif isinstance(received, Photo):
            self._photo(turn, received)
        elif isinstance(received, Unsupported):
            text = m.EDITED_MESSAGE if received.kind == "edited_message" else m.UNSUPPORTED
            turn.say(msg(text), buttons=((self._menu_button(),),))
        if "learner_deleted" not in (event.name for event in turn.events):
            turn.update(reading_locale=turn.locale)
        return Outcome(tuple(turn.replies), turn.state, tuple(turn.events), turn.locale)

    def nudge(self, state: LearnerState) -> Outcome:
        """A friendly reminder to come back to an unfinished module, with a Continue button."""
        locale = self.locale_for(state)
        located = self._current(state)
        title = self._module_title(located[0], locale) if located else None
        text = msg(m.REMINDER_MODULE, title=title) if title else msg(m.REMINDER)
        reply = Reply((text,), ((_button(m.BUTTON_CONTINUE, actions.CONTINUE),),))
        return Outcome((reply,), state, (Event("reminder_sent"),), locale)

    def _module_title(self, module: Module, locale: str) -> str:
        return module.title.get_for(locale, self.course.default_locale)

    # ----------------------------------------------------------------- inputs

    def _start(self, turn: _Turn, payload: str | None, name: str | None, welcome_back: bool):
        greeting: list[Part] = []
        if welcome_back:
            greeting.append(msg(m.WELCOME_BACK, name=name) if name else msg(m.HELLO))
        else:
            greeting += [msg(m.HELLO_NAME, name=name) if name else msg(m.HELLO), msg(m.INTRO)]
        if payload and PAYLOAD.match(payload):
            module = self.course.module(payload)
            if module is not None:
                turn.say(*greeting)
                self._open_module(turn, module)
                return
            if turn.state.source is None:
                turn.update(source=payload)
                turn.record("source_set", source=payload)
        self._menu(turn, *greeting)

    def _command(self, turn: _Turn, command: Command, name: str | None) -> None:
        handlers = {
            "start": lambda: self._start(turn, command.argument or None, name, welcome_back=True),
            "menu": lambda: self._menu(turn),
            "modules": lambda: self._modules(turn),
            "progress": lambda: self._progress(turn),
            "ask": lambda: self._ask(turn),
            "language": lambda: self._language_menu(turn),
            "help": lambda: turn.say(msg(m.HELP), buttons=((self._menu_button(),),)),
            "deleteme": lambda: self._confirm_delete(turn),
        }
        handler = handlers.get(command.name)
        if handler is None:
            self._menu(turn, msg(m.UNKNOWN_COMMAND))
        else:
            handler()

    def _press(self, turn: _Turn, token: str) -> None:
        action = actions.decode(token)
        if action is None:
            self._stale(turn)
            return
        simple = {
            actions.MENU: lambda: self._menu(turn, replaces_pressed=True),
            actions.CONTINUE: lambda: self._continue(turn),
            actions.MODULES: lambda: self._modules(turn, replaces_pressed=True),
            actions.PROGRESS: lambda: self._progress(turn, replaces_pressed=True),
            actions.ASK: lambda: self._ask(turn),
        }
        if action.name in simple and not action.args:
            simple[action.name]()
        elif action.name in (actions.NEXT, actions.BACK, actions.ANSWER, actions.SKIP):
            self._lesson_press(turn, action)
        elif action.name == actions.OPEN_MODULE and action.args:
            self._open_by_ref(turn, action.args)
        elif action.name == actions.LANGUAGE:
            self._language(turn, action.args)
        elif action.name == actions.FAQ and len(action.args) == 1:
            self._faq_press(turn, action.args[0])
        elif action.name == actions.FEEDBACK and len(action.args) == 2:
            self._feedback(turn, *action.args)
        elif action.name in (actions.DELETE_YES, actions.DELETE_NO):
            self._delete(turn, confirmed=action.name == actions.DELETE_YES)
        else:
            self._stale(turn)

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

    def _text(self, turn: _Turn, text: str) -> None:
        text = text.strip()
        task = self._open_task(turn.state)
        if task is not None:
            self._task_text(turn, *task, text)
            return
        if turn.state.mode == MODE_DELETE:
            turn.update(mode=MODE_MENU)
        self._question(turn, text)

    def _photo(self, turn: _Turn, photo: Photo) -> None:
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

    # ----------------------------------------------------------------- menus

    def _menu_button(self) -> Button:
        return _button(m.BUTTON_MENU, actions.MENU)

    def _menu_buttons(self, state: LearnerState) -> tuple[tuple[Button, ...], ...]:
        started = bool(state.completed_steps) or state.position is not None
        first = m.BUTTON_CONTINUE if started else m.BUTTON_START
        return (
            (_button(first, actions.CONTINUE),),
            (
                _button(m.BUTTON_MODULES, actions.MODULES),
                _button(m.BUTTON_PROGRESS, actions.PROGRESS),
            ),
            (_button(m.BUTTON_ASK, actions.ASK), _button(m.BUTTON_LANGUAGE, actions.LANGUAGE)),
        )

    def _menu(self, turn: _Turn, *before: Part, replaces_pressed: bool = False) -> None:
        turn.update(mode=MODE_MENU)
        turn.say(
            *before,
            msg(m.MENU_PROMPT),
            buttons=self._menu_buttons(turn.state),
            replaces_pressed=replaces_pressed,
        )

    def _module_status(self, state: LearnerState, module: Module) -> tuple[int, bool]:
        done = sum((module.id, step.id) in state.completed_steps for step in module.steps)
        return min(done, len(module.steps)), module.id in state.completed_modules

    def _module_label(self, turn: _Turn, module: Module) -> Part:
        title = self._module_title(module, turn.locale)
        done, completed = self._module_status(turn.state, module)
        if completed:
            return msg(m.MODULE_DONE_MARK, title=title)
        if done:
            return msg(m.MODULE_STARTED_MARK, title=title, done=done, steps=len(module.steps))
        return msg(m.MODULE_NEW_MARK, title=title)

    def _modules(self, turn: _Turn, replaces_pressed: bool = False) -> None:
        turn.update(mode=MODE_MENU)
        rows = tuple(
            (
                Button(
                    self._module_label(turn, module),
                    actions.make(actions.OPEN_MODULE, actions.ref(module.id)),
                ),
            )
            for module in self.course.modules
        )
        turn.say(
            msg(m.MODULES_PROMPT),
            buttons=(*rows, (self._menu_button(),)),
            replaces_pressed=replaces_pressed,
        )

    def _progress(self, turn: _Turn, replaces_pressed: bool = False) -> None:
        turn.update(mode=MODE_MENU)
        total = self.course.step_count
        done = sum(self._module_status(turn.state, module)[0] for module in self.course.modules)
        lines = Lines(tuple(self._module_label(turn, module) for module in self.course.modules))
        summary = (
            msg(m.PROGRESS_SUMMARY, done=done, steps=total, percent=Percent(done / total))
            if done
            else msg(m.PROGRESS_NOTHING_YET)
        )
        turn.say(
            lines,
            summary,
            buttons=(*self._menu_buttons(turn.state)[:1], (self._menu_button(),)),
            replaces_pressed=replaces_pressed,
        )

    def _ask(self, turn: _Turn) -> None:
        turn.update(mode=MODE_MENU)
        turn.say(msg(m.ASK_PROMPT))

    def _language_menu(self, turn: _Turn) -> None:
        rows = tuple(
            (Button(Content(display_name(locale)), actions.make(actions.LANGUAGE, locale)),)
            for locale in self.course.locales
        )
        turn.say(msg(m.LANGUAGE_PROMPT), buttons=rows)

    def _language(self, turn: _Turn, args: tuple[str, ...]) -> None:
        if not args:
            self._language_menu(turn)
            return
        if args[0] not in self.course.locales:
            self._stale(turn)
            return
        turn.update(locale=args[0])
        turn.locale = args[0]
        turn.record("locale_changed", locale=args[0])
        self._menu(turn, msg(m.LANGUAGE_SET))

    def _confirm_delete(self, turn: _Turn) -> None:
        turn.update(mode=MODE_DELETE)
        turn.say(
            msg(m.DELETE_CONFIRM),
            buttons=(
                (_button(m.BUTTON_DELETE_YES, actions.DELETE_YES),),
                (_button(m.BUTTON_DELETE_NO, actions.DELETE_NO),),
            ),
        )

    def _delete(self, turn: _Turn, confirmed: bool) -> None:
        if turn.state.mode != MODE_DELETE:
            self._stale(turn)
            return
        if not confirmed:
            self._menu(turn, msg(m.DELETE_KEPT), replaces_pressed=True)
            return
        turn.events.clear()
        turn.record("learner_deleted")
        turn.state = LearnerState(user_id=turn.state.user_id)
        turn.say(msg(m.DELETE_DONE), replaces_pressed=True)

    # ----------------------------------------------------------------- lessons

    def _content(self, turn: _Turn, text: Any) -> Content:
        return Content(text.get_for(turn.locale, self.course.default_locale))

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

    def _continue(self, turn: _Turn, notice: tuple[Part, ...] = ()) -> None:
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

    def _open_module(self, turn: _Turn, module: Module, step_index: int | None = None) -> None:
        located = self._current(turn.state)
        if step_index is None:
            if located and located[0].id == module.id:
                step_index = located[1]
            else:
                step_index = self._first_open_step(turn.state, module)
        self._show_step(turn, module, step_index)

    def _open_by_ref(self, turn: _Turn, args: tuple[str, ...]) -> None:
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
            (_button(m.BUTTON_BACK, actions.BACK, self._step_ref(module, index)),) if index else ()
        )
        return (*back, *forward)

    def _task_buttons(self, module: Module, index: int) -> tuple[tuple[Button, ...], ...]:
        skip = _button(m.BUTTON_SKIP, actions.SKIP, self._step_ref(module, index))
        return (self._nav_row(module, index, (skip,)), (self._menu_button(),))

    def _after_step_buttons(self, module: Module, index: int) -> tuple[tuple[Button, ...], ...]:
        next_button = _button(m.BUTTON_NEXT, actions.NEXT, self._step_ref(module, index))
        return (self._nav_row(module, index, (next_button,)), (self._menu_button(),))

    def _show_step(self, turn: _Turn, module: Module, index: int, *before: Part) -> None:
        step = module.steps[index]
        turn.update(position=Position(module.id, step.id, index), mode=MODE_LESSON, attempts=0)
        turn.record("step_viewed", module=module.id, step=step.id)
        header = msg(
            m.PROGRESS_LINE,
            module=self.course.module_position(module.id) + 1,
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

    def _quiz_buttons(
        self, turn: _Turn, module: Module, index: int, step: QuizStep
    ) -> tuple[tuple[Button, ...], ...]:
        step_ref = self._step_ref(module, index)
        options = tuple(
            (
                Button(
                    self._content(turn, option.text),
                    actions.make(actions.ANSWER, step_ref, str(number)),
                ),
            )
            for number, option in (
                (number, step.options[number])
                for number in option_order(
                    turn.state.user_id, module.id, step.id, len(step.options)
                )
            )
        )
        back = self._nav_row(module, index, ())
        return (*options, (*back, self._menu_button()))

    def _lesson_press(self, turn: _Turn, action: Action) -> None:
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

    def _complete_step(self, turn: _Turn, module: Module, step_id: str) -> None:
        if (module.id, step_id) in turn.state.completed_steps:
            return
        turn.update(completed_steps=turn.state.completed_steps | {(module.id, step_id)})
        turn.record("step_completed", module=module.id, step=step_id)

    def _advance(self, turn: _Turn, module: Module, index: int) -> None:
        if index + 1 < len(module.steps):
            self._show_step(turn, module, index + 1)
        else:
            self._finish_module(turn, module)

    def _finish_module(self, turn: _Turn, module: Module) -> None:
        parts: list[Part] = [msg(m.MODULE_COMPLETE, title=self._content(turn, module.title).text)]
        if module.id not in turn.state.completed_modules:
            turn.update(completed_modules=turn.state.completed_modules | {module.id})
            turn.record("module_completed", module=module.id)
            if all(each.id in turn.state.completed_modules for each in self.course.modules):
                turn.record("course_completed")
                parts.append(msg(m.COURSE_COMPLETE))
        turn.update(mode=MODE_MENU)
        position = self.course.module_position(module.id)
        rows: list[tuple[Button, ...]] = []
        if position + 1 < len(self.course.modules):
            following = self.course.modules[position + 1]
            rows.append(
                (_button(m.BUTTON_NEXT_MODULE, actions.OPEN_MODULE, actions.ref(following.id)),)
            )
        rows.append((self._menu_button(),))
        turn.say(*parts, buttons=tuple(rows))

    def _answer(self, turn: _Turn, module: Module, index: int, step: QuizStep, number: str) -> None:
        chosen = actions.option_number(number)
        if chosen is None or chosen >= len(step.options):
            self._stale(turn)
            return
        option = step.options[chosen]
        attempt = turn.state.attempts + 1
        turn.record(
            "quiz_answered",
            module=module.id,
            step=step.id,
            option=option.id,
            correct=option.correct,
            attempt=attempt,
        )
        feedback = self._content(turn, option.feedback).text if option.feedback else None
        if option.correct:
            turn.update(attempts=0)
            self._complete_step(turn, module, step.id)
            verdict = (
                msg(m.QUIZ_CORRECT_WITH_FEEDBACK, feedback=feedback)
                if feedback
                else msg(m.QUIZ_CORRECT)
            )
            turn.say(verdict, buttons=self._after_step_buttons(module, index))
        else:
            turn.update(attempts=attempt)
            verdict = (
                msg(m.QUIZ_WRONG_WITH_FEEDBACK, feedback=feedback)
                if feedback
                else msg(m.QUIZ_WRONG)
            )
            # The question again, so the learner answers it rather than the buttons alone.
            turn.say(
                verdict,
                msg(m.QUIZ_TRY_AGAIN),
                self._content(turn, step.question),
                buttons=self._quiz_buttons(turn, module, index, step),
            )

    def _task_text(
        self, turn: _Turn, module: Module, index: int, step: TaskStep, text: str
    ) -> None:
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

    def _stale(self, turn: _Turn) -> None:
        """A button from an old message, or one this version no longer knows."""
        notice = msg(m.STALE_BUTTON)
        if turn.state.mode == MODE_LESSON and self._current(turn.state):
            self._continue(turn, (notice,))
        else:
            self._menu(turn, notice)

    # ----------------------------------------------------------------- questions

    def _faq_button(self, turn: _Turn, entry: FaqEntry) -> Button:
        """A button that opens an entry, labelled with its label, else its first phrasing."""
        if entry.label:
            label = Content(entry.label.get_for(turn.locale, self.course.default_locale))
        else:
            questions = entry.questions.get_for(turn.locale, self.course.default_locale)
            label = Content(questions[0] if questions else entry.id)
        return Button(label, actions.make(actions.FAQ, actions.ref(entry.id)))

    def _show_answer(self, turn: _Turn, entry: FaqEntry) -> None:
        entry_ref = actions.ref(entry.id)
        rows: list[tuple[Button, ...]] = [
            (
                _button(m.BUTTON_HELPFUL, actions.FEEDBACK, entry_ref, "up"),
                _button(m.BUTTON_NOT_HELPFUL, actions.FEEDBACK, entry_ref, "down"),
            )
        ]
        for related_id in entry.related[:3]:
            related = self._faq.get(related_id)
            if related:
                rows.append((self._faq_button(turn, related),))
        if entry.lesson:
            module_id, step_id = entry.lesson.split("/")
            rows.append(
                (
                    _button(
                        m.BUTTON_LEARN_MORE,
                        actions.OPEN_MODULE,
                        actions.ref(module_id),
                        actions.ref(module_id, step_id),
                    ),
                )
            )
        rows.append((self._menu_button(),))
        turn.say(self._content(turn, entry.answer), buttons=tuple(rows))

    def _question(self, turn: _Turn, text: str) -> None:
        if not text:
            self._menu(turn)
            return
        result = self.matcher.match(text, turn.locale) if self.matcher else None
        zone = result.zone if result else "none"
        entry = self._faq.get(result.entry_id) if result and result.entry_id else None
        suggestions = [
            self._faq[i] for i in (result.suggestions if result else ()) if i in self._faq
        ]
        score = round(result.score, 4) if result else 0.0
        if zone == "answer" and entry is not None:
            turn.record(
                "question_asked",
                text=text,
                locale=turn.locale,
                outcome="answered",
                entry=entry.id,
                score=score,
            )
            self._show_answer(turn, entry)
        elif zone == "suggest" and suggestions:
            turn.record(
                "question_asked",
                text=text,
                locale=turn.locale,
                outcome="suggested",
                suggestions=[each.id for each in suggestions[:3]],
                score=score,
            )
            rows = tuple((self._faq_button(turn, each),) for each in suggestions[:3])
            turn.say(msg(m.DID_YOU_MEAN), buttons=(*rows, (self._menu_button(),)))
        else:
            turn.record(
                "question_asked", text=text, locale=turn.locale, outcome="unanswered", score=score
            )
            if self.staff_available:
                position = turn.state.position
                turn.record(
                    "question_escalated",
                    text=text,
                    locale=turn.locale,
                    module=position.module_id if position else None,
                    step=position.step_id if position else None,
                )
            turn.say(
                msg(m.DONT_KNOW_STAFF if self.staff_available else m.DONT_KNOW),
                buttons=((self._menu_button(),),),
            )

    def _faq_press(self, turn: _Turn, entry_ref: str) -> None:
        entry = self._faq_by_ref.get(entry_ref)
        if entry is None:
            self._stale(turn)
            return
        turn.record("faq_opened", entry=entry.id)
        self._show_answer(turn, entry)

    def _feedback(self, turn: _Turn, entry_ref: str, verdict: str) -> None:
        entry = self._faq_by_ref.get(entry_ref)
        if entry is None or verdict not in ("up", "down"):
            self._stale(turn)
            return
        turn.record("faq_feedback", entry=entry.id, helpful=verdict == "up")
        turn.say(msg(m.THANKS_FEEDBACK), buttons=((self._menu_button(),),))
