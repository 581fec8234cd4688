"""The menus: main menu, module list, progress, language, and deleting one's data."""

from __future__ import annotations

from sellerbot.content.model import Module
from sellerbot.engine import actions
from sellerbot.engine import messages as m
from sellerbot.engine.base import EngineBase
from sellerbot.engine.replies import Button, Content, Lines, Message, Part, Percent, msg
from sellerbot.engine.state import (
    MODE_DELETE,
    MODE_MENU,
    LearnerState,
)
from sellerbot.engine.turn import Turn, button
from sellerbot.i18n import display_name


class Menus(EngineBase):
    def _menu_button(self) -> Button:
        return button(m.BUTTON_MENU, actions.MENU)

    def _menu_buttons(self, state: LearnerState) -> tuple[tuple[Button, ...], ...]:
        started = bool(state.completed_steps) or state.position is not None
        first = m.BUTTON_CONTINUE if started else m.BUTTON_START
        return (
            (button(first, actions.CONTINUE),),
            (
                button(m.BUTTON_MODULES, actions.MODULES),
                button(m.BUTTON_PROGRESS, actions.PROGRESS),
            ),
            (button(m.BUTTON_ASK, actions.ASK), button(m.BUTTON_LANGUAGE, actions.LANGUAGE)),
            *self._certificate_row(state),
        )

    def _certificate_row(self, state: LearnerState) -> tuple[tuple[Button, ...], ...]:
        done = all(module.id in state.completed_modules for module in self.course.modules)
        if state.certificate is None and not done:
            return ()
        return ((button(m.BUTTON_CERTIFICATE, actions.CERTIFICATE),),)

    def _menu(self, turn: Turn, *before: Part, replaces_pressed: bool = False) -> None:
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

    def _module_label(self, turn: Turn, module: Module) -> Message:
        title = self._module_title(module, turn.locale)
        done, completed = self._module_status(turn.state, module)
        if completed:
            return msg(m.MODULE_DONE_MARK, title=title)
        if done:
            return msg(m.MODULE_STARTED_MARK, title=title, done=done, steps=len(module.steps))
        return msg(m.MODULE_NEW_MARK, title=title)

    def _modules(self, turn: Turn, replaces_pressed: bool = False) -> None:
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

    def _progress(self, turn: Turn, replaces_pressed: bool = False) -> None:
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

    def _ask(self, turn: Turn) -> None:
        turn.update(mode=MODE_MENU)
        turn.say(msg(m.ASK_PROMPT))

    def _language_menu(self, turn: Turn) -> None:
        rows = tuple(
            (Button(Content(display_name(locale)), actions.make(actions.LANGUAGE, locale)),)
            for locale in self.course.locales
        )
        turn.say(msg(m.LANGUAGE_PROMPT), buttons=rows)

    def _language(self, turn: Turn, args: tuple[str, ...]) -> None:
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

    def _confirm_delete(self, turn: Turn) -> None:
        turn.update(mode=MODE_DELETE)
        turn.say(
            msg(m.DELETE_CONFIRM),
            buttons=(
                (button(m.BUTTON_DELETE_YES, actions.DELETE_YES),),
                (button(m.BUTTON_DELETE_NO, actions.DELETE_NO),),
            ),
        )

    def _delete(self, turn: Turn, confirmed: bool) -> None:
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
