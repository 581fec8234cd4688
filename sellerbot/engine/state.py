"""A learner's state as the engine sees it: language, place in the course, what is done."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Position:
    """Where a learner is: the step's id, and its index as a fallback if the id disappears."""

    module_id: str
    step_id: str
    step_index: int


@dataclass(frozen=True)
class Event:
    """Something that happened, for the store to record (analytics, answers, progress)."""

    name: str
    data: dict[str, Any] = field(default_factory=dict)


# What free text means right now.
MODE_MENU = "menu"  # a question
MODE_LESSON = "lesson"  # the answer to the current task step, if it is one
MODE_DELETE = "confirm-delete"


@dataclass(frozen=True)
class LearnerState:
    user_id: int
    locale: str | None = None  # chosen by the learner; None until they choose
    reading_locale: str | None = None  # the locale of the last turn, for later messages
    source: str | None = None
    position: Position | None = None
    mode: str = MODE_MENU
    attempts: int = 0  # wrong answers on the current quiz or task
    completed_steps: frozenset[tuple[str, str]] = frozenset()
    completed_modules: frozenset[str] = frozenset()
    is_new: bool = True
