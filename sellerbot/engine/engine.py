"""The conversation itself: given a learner's state and one input, decide the replies.

Pure: no I/O, no clock of its own, no chat app. The same engine serves Telegram, the
terminal preview and the tests; they differ only in how they carry inputs in and replies
out. The time of a turn comes in with the learner's state (LearnerState.now). This module
routes inputs; each job has a module of its own (menus, lessons, quizzes, review,
finishing, questions).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from sellerbot.engine import actions
from sellerbot.engine import messages as m
from sellerbot.engine.base import FaqMatch, QuestionMatcher
from sellerbot.engine.inputs import Command, Input, Photo, Press, Start, Text, Unsupported, Verify
from sellerbot.engine.lessons import BAR_WIDTH, progress_bar
from sellerbot.engine.questions import Questions
from sellerbot.engine.replies import Part, Reply, msg
from sellerbot.engine.state import (
    MODE_CERTIFICATE_NAME,
    MODE_DELETE,
    MODE_MENU,
    Event,
    LearnerState,
)
from sellerbot.engine.turn import Turn, button
from sellerbot.i18n import negotiate

PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
VERIFY_PAYLOAD = "verify-"  # /start verify-SB-7K3M-Q9XD, read by the chat app's driver
# Inputs that answer a review, a deletion or a certificate: no review note before them.
_NO_REVIEW_NOTE = {
    actions.REVIEW_START,
    actions.REVIEW_ANSWER,
    actions.REVIEW_SKIP,
    actions.DELETE_YES,
    actions.DELETE_NO,
    actions.CERTIFICATE,
    actions.CERTIFICATE_NAME,
    actions.CONTINUE,
    actions.MENU,
}
_REVIEW_FIRST_COMMANDS = {"start", "continue", "menu", "review"}
# Commands about something else entirely: a review note would only be in the way.
_NO_REVIEW_NOTE_COMMANDS = {"deleteme", "certificate"}

__all__ = ["BAR_WIDTH", "Engine", "FaqMatch", "Outcome", "QuestionMatcher", "progress_bar"]


@dataclass(frozen=True)
class Outcome:
    """What one turn produced: replies in `locale`, the learner's new state, and events."""

    replies: tuple[Reply, ...]
    state: LearnerState
    events: tuple[Event, ...]
    locale: str


class Engine(Questions):
    """Runs the course in `course` for one learner input at a time."""

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
        turn = Turn(state, self.locale_for(state, language_hint), name)
        if state.is_new:
            turn.record("joined", locale=turn.locale)
            turn.update(is_new=False)
        if self._wants_review_note(turn.state, received):
            self._offer_review_note(turn)
        if isinstance(received, Start):
            self._start(turn, received.payload, name, welcome_back=not state.is_new)
        elif isinstance(received, Verify):
            self._verify(turn, received)
        elif isinstance(received, Command):
            self._command(turn, received, name)
        elif isinstance(received, Press):
            self._press(turn, received.action, name)
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
        reply = Reply((text,), ((button(m.BUTTON_CONTINUE, actions.CONTINUE),),))
        return Outcome((reply,), state, (Event("reminder_sent"),), locale)

    def _wants_review_note(self, state: LearnerState, received: Input) -> bool:
        """A due review is offered first: asked straight away when the learner opens the
        bot or asks to go on, noted above the answer to anything else."""
        if isinstance(received, Start | Verify) or state.mode in (
            MODE_DELETE,
            MODE_CERTIFICATE_NAME,
        ):
            return False
        if isinstance(received, Command) and received.name in (
            _REVIEW_FIRST_COMMANDS | _NO_REVIEW_NOTE_COMMANDS
        ):
            return False
        if isinstance(received, Press):
            action = actions.decode(received.action)
            if action is None or action.name in _NO_REVIEW_NOTE:
                return False
        return self._review_to_offer(state) > 0

    @staticmethod
    def _otherwise(done: bool, then: Callable[[], None]) -> None:
        """Run `then` unless the first part of the turn already answered (a review asked)."""
        if not done:
            then()

    def _review_first(self, turn: Turn, *before: Part) -> bool:
        """Ask a due review, if one is waiting and was not offered today."""
        return bool(self._review_to_offer(turn.state)) and self._start_review(turn, *before)

    def _start(self, turn: Turn, payload: str | None, name: str | None, welcome_back: bool):
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
            if turn.state.source is None and not payload.startswith(VERIFY_PAYLOAD):
                turn.update(source=payload)
                turn.record("source_set", source=payload)
        if not self._review_first(turn, *greeting):
            self._menu(turn, *greeting)

    def _command(self, turn: Turn, command: Command, name: str | None) -> None:
        handlers = {
            "start": lambda: self._start(turn, command.argument or None, name, welcome_back=True),
            "menu": lambda: self._otherwise(self._review_first(turn), lambda: self._menu(turn)),
            "continue": lambda: self._otherwise(
                self._review_first(turn), lambda: self._continue(turn)
            ),
            "review": lambda: self._otherwise(
                self._start_review(turn), lambda: self._menu(turn, msg(m.REVIEW_NOTHING))
            ),
            "certificate": lambda: self._certificate(turn),
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

    def _press(self, turn: Turn, token: str, name: str | None) -> None:
        action = actions.decode(token)
        if action is None:
            self._stale(turn)
            return
        simple = {
            actions.MENU: lambda: self._otherwise(
                self._review_first(turn), lambda: self._menu(turn, replaces_pressed=True)
            ),
            actions.CONTINUE: lambda: self._otherwise(
                self._review_first(turn), lambda: self._continue(turn)
            ),
            actions.REVIEW_START: lambda: self._otherwise(
                self._start_review(turn), lambda: self._menu(turn, msg(m.REVIEW_NOTHING))
            ),
            actions.REVIEW_SKIP: lambda: self._skip_review(turn),
            actions.CERTIFICATE: lambda: self._certificate(turn),
            actions.CERTIFICATE_NAME: lambda: self._certificate_name_given(turn, turn.name),
            actions.MODULES: lambda: self._modules(turn, replaces_pressed=True),
            actions.PROGRESS: lambda: self._progress(turn, replaces_pressed=True),
            actions.ASK: lambda: self._ask(turn),
        }
        if action.name in simple and not action.args:
            simple[action.name]()
        elif action.name in (actions.NEXT, actions.BACK, actions.ANSWER, actions.SKIP):
            self._lesson_press(turn, action)
        elif action.name == actions.REVIEW_ANSWER and len(action.args) == 3:
            self._review_answer(turn, action.args)
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

    def _text(self, turn: Turn, text: str) -> None:
        text = text.strip()
        task = self._open_task(turn.state)
        if task is not None:
            self._task_text(turn, *task, text)
            return
        if turn.state.mode == MODE_CERTIFICATE_NAME:
            self._certificate_name_given(turn, text)
            return
        if turn.state.mode == MODE_DELETE:
            turn.update(mode=MODE_MENU)
        self._question(turn, text)
