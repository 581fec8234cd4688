"""Quiz steps: their option buttons and the verdict on an answer."""

from __future__ import annotations

from sellerbot.content.model import Module, QuizStep
from sellerbot.engine import actions
from sellerbot.engine import messages as m
from sellerbot.engine.lessons import Lessons
from sellerbot.engine.replies import Button, msg
from sellerbot.engine.shuffle import option_order
from sellerbot.engine.turn import Turn


class Quizzes(Lessons):
    def _quiz_buttons(
        self, turn: Turn, module: Module, index: int, step: QuizStep
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

    def _answer(self, turn: Turn, module: Module, index: int, step: QuizStep, number: str) -> None:
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
