"""Free-text questions counted per week and outcome, for the admins' questions chart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from sellerbot.store.schema import Question

OUTCOMES = ("answered", "suggested", "unanswered")
WEEKS = 8


@dataclass(frozen=True)
class WeekOfQuestions:
    starts: date  # a Monday
    answered: int
    suggested: int
    unanswered: int

    @property
    def total(self) -> int:
        return self.answered + self.suggested + self.unanswered


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


async def questions_by_week(
    engine: AsyncEngine, now: datetime, weeks: int = WEEKS
) -> list[WeekOfQuestions]:
    """The last `weeks` weeks, this one included, oldest first; weeks without questions too."""
    first = week_start(now.date()) - timedelta(weeks=weeks - 1)
    since = datetime.combine(first, datetime.min.time(), tzinfo=now.tzinfo)
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(Question.asked_at, Question.outcome).where(Question.asked_at >= since)
        )
        counts = Counter((week_start(asked_at.date()), outcome) for asked_at, outcome in rows)
    return [
        WeekOfQuestions(monday, *(counts[(monday, outcome)] for outcome in OUTCOMES))
        for monday in (first + timedelta(weeks=index) for index in range(weeks))
    ]
