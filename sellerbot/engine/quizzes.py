"""Quiz steps: their option buttons and the verdict on an answer."""

from __future__ import annotations

from sellerbot.content.model import Module, QuizOption, QuizStep
from sellerbot.engine import actions
from sellerbot.engine import messages as m
from sellerbot.engine.replies import Button, Part, msg
from sellerbot.engine.review import Review
from sellerbot.engine.shuffle import option_order
from sellerbot.engine.turn import Turn


class Quizzes(Review):
    """Quiz steps in lessons and in the final check."""

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

    def _is_final_check(self, module: Module) -> bool:
        return module.id == self.final_check_id

    def _answer(self, turn: Turn, module: Module, index: int, step: QuizStep, number: str) -> None:
        chosen = actions.option_number(number)
        if chosen is None or chosen >= len(step.options):
            self._stale(turn)
            return
        option = step.options[chosen]
        attempt = turn.state.attempts + 1
        answered_before = (module.id, step.id) in turn.state.completed_steps
        turn.record(
            "quiz_answered",
            module=module.id,
            step=step.id,
            option=option.id,
            correct=option.correct,
            attempt=attempt,
        )
        if attempt == 1 and not option.correct and not answered_before:
            self._schedule_miss(turn, module, step)
        if self._is_final_check(module):
            self._final_answer(turn, module, index, step, option, first=not answered_before)
            return
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

    def _final_answer(
        self,
        turn: Turn,
        module: Module,
        index: int,
        step: QuizStep,
        option: QuizOption,
        first: bool,
    ) -> None:
        """In the final check one answer counts, right or wrong, and the learner moves on."""
        if first and option.correct:
            turn.update(final_right=turn.state.final_right | {step.id})
        turn.update(attempts=0)
        self._complete_step(turn, module, step.id)
        feedback = self._content(turn, option.feedback).text if option.feedback else None
        if option.correct:
            parts: tuple[Part, ...] = (
                msg(m.QUIZ_CORRECT_WITH_FEEDBACK, feedback=feedback)
                if feedback
                else msg(m.QUIZ_CORRECT),
            )
        else:
            right = next(each for each in step.options if each.correct)
            parts = (
                msg(m.QUIZ_WRONG_WITH_FEEDBACK, feedback=feedback)
                if feedback
                else msg(m.QUIZ_WRONG),
                msg(m.FINAL_RIGHT_ANSWER, answer=self._content(turn, right.text).text),
            )
        turn.say(*parts, buttons=self._after_step_buttons(module, index))
