"""Finishing: a module, the final check's score, the course, and the certificate."""

from __future__ import annotations

import re
import unicodedata

from sellerbot.content.model import Module, QuizStep
from sellerbot.engine import actions
from sellerbot.engine import messages as m
from sellerbot.engine.inputs import Verify
from sellerbot.engine.quizzes import Quizzes
from sellerbot.engine.replies import Button, Media, Part, Percent, msg
from sellerbot.engine.review import turn_time
from sellerbot.engine.state import MODE_CERTIFICATE_NAME, MODE_MENU, Position
from sellerbot.engine.turn import Turn, button

PASS_MARK = 0.7  # share of the final check right at the first try
NAME_LENGTH = 60


def certificate_name(text: str) -> str | None:
    """A name fit for the certificate: spaces tidied, no control characters, some letters."""
    name = re.sub(r"\s+", " ", text).strip()
    if not 0 < len(name) <= NAME_LENGTH:
        return None
    if any(unicodedata.category(each).startswith("C") for each in name):
        return None
    if not any(each.isalpha() for each in name):
        return None
    return name


class Finishing(Quizzes):
    """The end of a module and of the course: the final check's verdict, the certificate."""

    def _course_done(self, turn: Turn) -> bool:
        return all(each.id in turn.state.completed_modules for each in self.course.modules)

    def _finish_module(self, turn: Turn, module: Module) -> None:
        parts: list[Part] = []
        first_pass = self._is_final_check(module) and module.id not in turn.state.completed_modules
        if first_pass and not self._score_final_check(turn, module, parts):
            return
        parts.append(msg(m.MODULE_COMPLETE, title=self._content(turn, module.title).text))
        course_completed = False
        if module.id not in turn.state.completed_modules:
            turn.update(completed_modules=turn.state.completed_modules | {module.id})
            turn.record("module_completed", module=module.id)
            if self._course_done(turn):
                turn.record("course_completed")
                parts.append(msg(m.COURSE_COMPLETE))
                course_completed = True
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
        if course_completed:
            self._certificate(turn)

    def _score_final_check(self, turn: Turn, module: Module, parts: list[Part]) -> bool:
        """Record the final check's score; True when it passed. A fail is answered here."""
        quizzes = [step.id for step in module.steps if isinstance(step, QuizStep)]
        right = len(turn.state.final_right & set(quizzes))
        total = len(quizzes)
        score = right / total if total else 1.0
        passed = score >= PASS_MARK
        turn.record(
            "final_check_scored",
            module=module.id,
            right=right,
            total=total,
            score=round(score, 4),
            passed=passed,
        )
        turn.update(final_right=frozenset())
        if passed:
            parts.append(msg(m.FINAL_PASSED, right=right, total=total, percent=Percent(score)))
            return True
        # A fresh start for the next try: every question counts again.
        turn.update(
            mode=MODE_MENU,
            position=Position(module.id, module.steps[0].id, 0),
            completed_steps=frozenset(
                done for done in turn.state.completed_steps if done[0] != module.id
            ),
        )
        turn.say(
            msg(
                m.FINAL_FAILED,
                right=right,
                total=total,
                percent=Percent(score),
                needed=Percent(PASS_MARK),
            ),
            buttons=(
                (button(m.BUTTON_FINAL_RETRY, actions.OPEN_MODULE, actions.ref(module.id)),),
                (button(m.BUTTON_MODULES, actions.MODULES), self._menu_button()),
            ),
        )
        return False

    # ----------------------------------------------------------------- the certificate

    def _certificate(self, turn: Turn) -> None:
        """Show the certificate; issue it first, asking for the name, if there is none yet."""
        if turn.state.certificate is not None:
            self._send_certificate(turn, turn.state.certificate, None)
            return
        if not self._course_done(turn):
            turn.say(msg(m.CERTIFICATE_NOT_YET), buttons=((self._menu_button(),),))
            return
        turn.update(mode=MODE_CERTIFICATE_NAME)
        rows: list[tuple[Button, ...]] = []
        suggested = certificate_name(turn.name) if turn.name else None
        if suggested:
            rows.append(
                (button(m.BUTTON_CERTIFICATE_NAME, actions.CERTIFICATE_NAME, holder=suggested),)
            )
        rows.append((button(m.BUTTON_LATER, actions.MENU),))
        turn.say(msg(m.CERTIFICATE_ASK_NAME), buttons=tuple(rows))

    def _certificate_name_given(self, turn: Turn, text: str | None) -> None:
        name = certificate_name(text) if text else None
        if turn.state.certificate is not None or not self._course_done(turn):
            self._certificate(turn)
            return
        if name is None:
            turn.say(
                msg(m.CERTIFICATE_BAD_NAME), buttons=((button(m.BUTTON_LATER, actions.MENU),),)
            )
            return
        code = self.new_certificate_code()
        course = self._content(turn, self.course.title).text
        turn.record(
            "certificate_issued",
            code=code,
            holder=name,
            course=course,
            locale=turn.locale,
            issued_at=turn_time(turn.state).isoformat(),
        )
        turn.update(certificate=code, mode=MODE_MENU)
        self._send_certificate(turn, code, name)

    def _send_certificate(self, turn: Turn, code: str, name: str | None) -> None:
        # The chat app draws the picture from the stored certificate (the engine keeps no
        # files): the reply only names it.
        text = (
            msg(m.CERTIFICATE_READY, name=name, code=code)
            if name
            else msg(m.CERTIFICATE_CODE, code=code)
        )
        turn.say(text, media=Media("certificate", code), buttons=((self._menu_button(),),))

    def _verify(self, turn: Turn, verify: Verify) -> None:
        if verify.status == "genuine":
            text = msg(
                m.VERIFY_GENUINE,
                code=verify.code,
                name=verify.name,
                course=verify.course,
                date=verify.issued_on.isoformat() if verify.issued_on else "",
            )
        elif verify.status == "revoked":
            text = msg(m.VERIFY_REVOKED, code=verify.code)
        else:
            text = msg(m.VERIFY_UNKNOWN, code=verify.code)
        turn.say(text, buttons=((self._menu_button(),),))
