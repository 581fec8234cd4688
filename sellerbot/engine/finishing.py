"""Finishing a module and the course."""

from __future__ import annotations

from sellerbot.content.model import Module
from sellerbot.engine import actions
from sellerbot.engine import messages as m
from sellerbot.engine.quizzes import Quizzes
from sellerbot.engine.replies import Button, Part, msg
from sellerbot.engine.state import (
    MODE_MENU,
)
from sellerbot.engine.turn import Turn, button


class Finishing(Quizzes):
    def _finish_module(self, turn: Turn, module: Module) -> None:
        parts: list[Part] = [msg(m.MODULE_COMPLETE, title=self._content(turn, module.title).text)]
        if module.id not in turn.state.completed_modules:
            turn.update(completed_modules=turn.state.completed_modules | {module.id})
            turn.record("module_completed", module=module.id)
            if all(each.id in turn.state.completed_modules for each in self.course.modules):
                turn.record("course_completed")
                parts.append(msg(m.COURSE_COMPLETE))
        turn.update(mode=MODE_MENU)
        position = self._module_number(module)
        rows: list[tuple[Button, ...]] = []
        if position + 1 < len(self.course.modules):
            following = self.course.modules[position + 1]
            rows.append(
                (button(m.BUTTON_NEXT_MODULE, actions.OPEN_MODULE, actions.ref(following.id)),)
            )
        rows.append((self._menu_button(),))
        turn.say(*parts, buttons=tuple(rows))
