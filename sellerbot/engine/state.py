"""A learner's state as the engine sees it: language, place in the course, what is done."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
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


@dataclass(frozen=True)
class ReviewItem:
    """A quiz question missed at the first try, coming back until it is answered right.

    box 1: due a day after a miss; box 2: due a few days after a right review; box 3:
    learned, no longer due (due_at None).
    """

    module_id: str
    step_id: str
    box: int
    due_at: datetime | None
    last_reviewed_at: datetime | None = None


# What free text means right now.
MODE_MENU = "menu"  # a question
MODE_LESSON = "lesson"  # the answer to the current task step, if it is one
MODE_DELETE = "confirm-delete"
MODE_CERTIFICATE_NAME = "certificate-name"  # the name to put on the certificate


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
    # The time of this turn, from the store's clock: the engine keeps no clock of its own.
    now: datetime | None = field(default=None, compare=False)
    reviews: tuple[ReviewItem, ...] = ()
    review_offered_on: str | None = None  # ISO date: a skipped review waits for the next day
    final_right: frozenset[str] = frozenset()  # final-check steps right at the first try
    certificate: str | None = None  # the code of the learner's certificate, once issued
