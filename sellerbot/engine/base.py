"""What every part of the engine shares: the course, lookups, and the parts' meeting points.

The engine is assembled from one class per job (menus, lessons, quizzes, review,
finishing, questions). A part that hands over to a later one calls it through the stubs
declared here, so each part type-checks on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, tzinfo
from typing import Any, Protocol

from sellerbot.content.model import Course, Module, QuizStep
from sellerbot.engine import actions
from sellerbot.engine.codes import new_certificate_code
from sellerbot.engine.replies import Button, Content, Part
from sellerbot.engine.turn import Turn

# The module that ends the course with scenario questions; its score decides the certificate.
FINAL_CHECK_ID = "final-check"


class FaqMatch(Protocol):
    # Read-only: the matcher's verdicts are frozen, and the engine only reads them.
    @property
    def entry_id(self) -> str | None: ...
    @property
    def score(self) -> float: ...
    @property
    def suggestions(self) -> tuple[str, ...]: ...
    @property
    def zone(self) -> str: ...


class QuestionMatcher(Protocol):
    def match(self, question: str, locale: str) -> FaqMatch: ...


class EngineBase:
    """The course and its lookups, built once per content version."""

    def __init__(
        self,
        course: Course,
        matcher: QuestionMatcher | None = None,
        staff_available: bool = False,
        *,
        final_check_id: str = FINAL_CHECK_ID,
        new_certificate_code: Callable[[], str] = new_certificate_code,
        days_turn_in: tzinfo = UTC,
    ):
        self.course = course
        self.matcher = matcher
        self.staff_available = staff_available
        self.final_check_id = final_check_id
        self.new_certificate_code = new_certificate_code
        # Where "a day later" and "today" are counted: the learners' midnight, not UTC's.
        self.days_turn_in = days_turn_in
        self._faq = {entry.id: entry for entry in course.faq}
        self._faq_by_ref = {actions.ref(entry.id): entry for entry in course.faq}
        self._module_by_ref = {actions.ref(module.id): module for module in course.modules}

    def _module_number(self, module: Module) -> int:
        """The module's place in the course, from 0 (it is in the course: it was found there)."""
        return self.course.module_position(module.id) or 0

    def _module_title(self, module: Module, locale: str) -> str:
        return module.title.get_for(locale, self.course.default_locale)

    def _content(self, turn: Turn, text: Any) -> Content:
        return Content(text.get_for(turn.locale, self.course.default_locale))

    # ------------------------------------------------- handed over to later parts

    def _stale(self, turn: Turn) -> None:
        raise NotImplementedError

    def _question(self, turn: Turn, text: str) -> None:
        raise NotImplementedError

    def _quiz_buttons(
        self, turn: Turn, module: Module, index: int, step: QuizStep
    ) -> tuple[tuple[Button, ...], ...]:
        raise NotImplementedError

    def _answer(self, turn: Turn, module: Module, index: int, step: QuizStep, number: str) -> None:
        raise NotImplementedError

    def _finish_module(self, turn: Turn, module: Module) -> None:
        raise NotImplementedError

    def _schedule_miss(self, turn: Turn, module: Module, step: QuizStep) -> None:
        raise NotImplementedError

    def _continue(self, turn: Turn, notice: tuple[Part, ...] = ()) -> None:
        raise NotImplementedError
