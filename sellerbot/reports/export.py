"""CSV exports: progress per learner and module, and unanswered questions for editors.

Write them to a file opened with ENCODING: UTF-8 with a byte order mark, without which Excel
on a Chinese Windows reads the file in the local code page and garbles every Chinese text.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from typing import TextIO

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from sellerbot.content.model import Course
from sellerbot.reports.stats import QUESTION_WORDING
from sellerbot.store.schema import Learner, ModuleCompletion, Question

PROGRESS_COLUMNS = (
    "user_id",
    "locale",
    "source",
    "module_id",
    "steps_done",
    "steps_total",
    "completed",
    "completed_at",
    "created_at",
    "last_seen_at",
    "active",
)
QUESTION_COLUMNS = ("question", "locale", "times", "last_asked")
ENCODING = "utf-8-sig"
# A text cell starting with one of these is run as a formula by spreadsheets (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A text a spreadsheet would run, made plain text by a leading quote, as OWASP advises."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class _SafeWriter:
    """csv.writer whose text cells can never become formulas."""

    def __init__(self, out: TextIO):
        self._writer = csv.writer(out)

    def writerow(self, row) -> None:
        self._writer.writerow([spreadsheet_safe(value) for value in row])


async def export_progress(engine: AsyncEngine, course: Course, out: TextIO) -> int:
    """One row per learner and module; returns the number of rows."""
    writer = _SafeWriter(out)
    writer.writerow(PROGRESS_COLUMNS)
    async with engine.connect() as connection:
        valid_steps = {(module.id, step.id) for module in course.modules for step in module.steps}
        finished = {
            (learner_id, module_id): completed_at
            for learner_id, module_id, completed_at in await connection.execute(
                select(
                    ModuleCompletion.learner_id,
                    ModuleCompletion.module_id,
                    ModuleCompletion.completed_at,
                )
            )
        }
        learners = await connection.execute(select(Learner).order_by(Learner.user_id))
        rows = 0
        for learner in learners:
            locale = learner.locale or learner.reading_locale or course.default_locale
            steps_done: dict[str, int] = defaultdict(int)
            for module_id, step_id in (learner.progress or {}).get("steps", ()):
                if (module_id, step_id) in valid_steps:  # steps removed since do not count
                    steps_done[module_id] += 1
            for module in course.modules:
                completed_at = finished.get((learner.id, module.id))
                writer.writerow(
                    (
                        learner.user_id,
                        locale,
                        learner.source or "",
                        module.id,
                        steps_done[module.id],
                        len(module.steps),
                        "yes" if completed_at else "no",
                        completed_at.isoformat() if completed_at else "",
                        learner.created_at.isoformat(),
                        learner.last_seen_at.isoformat(),
                        "yes" if learner.active else "no",
                    )
                )
                rows += 1
    return rows


async def export_questions(engine: AsyncEngine, out: TextIO) -> int:
    """Unanswered questions, the same wording counted together, most asked first."""
    writer = _SafeWriter(out)
    writer.writerow(QUESTION_COLUMNS)
    query = (
        select(QUESTION_WORDING, Question.locale, func.count(), func.max(Question.asked_at))
        .where(Question.outcome == "unanswered")
        .group_by(QUESTION_WORDING, Question.locale)
        .order_by(func.count().desc(), QUESTION_WORDING)
    )
    rows = 0
    async with engine.connect() as connection:
        for question, locale, times, last_asked in await connection.execute(query):
            writer.writerow((question, locale, times, last_asked.isoformat()))
            rows += 1
    return rows
