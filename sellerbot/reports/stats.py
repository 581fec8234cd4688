"""Course statistics from the store: learners, the module funnel, quizzes, questions.

Reviews, the final check and certificates are counted in sellerbot.reports.learning.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from sellerbot.content.model import Course, QuizStep
from sellerbot.reports.learning import LearningStats, collect_learning, format_learning
from sellerbot.store.inbox import POISON, inbox_counts
from sellerbot.store.schema import EventRecord, Learner, ModuleCompletion, Question, QuizAnswer

TOP_UNANSWERED = 10
# The same question typed with other capitals or spaces is counted as one.
QUESTION_WORDING = func.lower(func.trim(Question.text))


@dataclass(frozen=True)
class ModuleFunnel:
    module_id: str
    started: int
    completed: int
    median_hours_to_complete: float | None


@dataclass(frozen=True)
class QuizAccuracy:
    module_id: str
    step_id: str
    first_tries: int
    first_try_correct: int

    @property
    def rate(self) -> float | None:
        return self.first_try_correct / self.first_tries if self.first_tries else None


@dataclass
class CourseStats:
    learners: int = 0
    new_7_days: int = 0
    new_30_days: int = 0
    active_7_days: int = 0
    active_30_days: int = 0
    by_locale: dict[str, int] = field(default_factory=dict)
    by_source: dict[str, int] = field(default_factory=dict)
    funnel: list[ModuleFunnel] = field(default_factory=list)
    quizzes: list[QuizAccuracy] = field(default_factory=list)
    questions: dict[str, int] = field(default_factory=dict)  # answered/suggested/unanswered
    top_unanswered: list[tuple[str, int]] = field(default_factory=list)
    poison_updates: int = 0  # updates the bot could not handle, kept for `sellerbot inbox`
    learning: LearningStats = field(default_factory=LearningStats)


async def collect(engine: AsyncEngine, course: Course, now: datetime) -> CourseStats:
    stats = CourseStats()
    async with engine.connect() as connection:
        learners = (
            await connection.execute(
                select(
                    Learner.created_at,
                    Learner.last_seen_at,
                    Learner.locale,
                    Learner.reading_locale,
                    Learner.source,
                )
            )
        ).all()
        stats.learners = len(learners)
        for days, new_field, active_field in (
            (7, "new_7_days", "active_7_days"),
            (30, "new_30_days", "active_30_days"),
        ):
            since = now - timedelta(days=days)
            setattr(stats, new_field, sum(row.created_at >= since for row in learners))
            setattr(stats, active_field, sum(row.last_seen_at >= since for row in learners))
        stats.by_locale = dict(
            Counter(row.locale or row.reading_locale or course.default_locale for row in learners)
        )
        stats.by_source = dict(Counter(row.source or "-" for row in learners))

        module_of_event = EventRecord.data["module"].as_string()
        first_views = await connection.execute(
            select(module_of_event, EventRecord.learner_id, func.min(EventRecord.created_at))
            .where(EventRecord.name == "step_viewed")
            .group_by(module_of_event, EventRecord.learner_id)
        )
        started: dict[str, dict[int, datetime]] = defaultdict(dict)
        for module_id, learner_id, first in first_views:
            started[module_id][learner_id] = first
        completions = await connection.execute(
            select(
                ModuleCompletion.module_id,
                ModuleCompletion.learner_id,
                ModuleCompletion.completed_at,
            )
        )
        hours: dict[str, list[float]] = defaultdict(list)
        completed: Counter[str] = Counter()
        for module_id, learner_id, completed_at in completions:
            completed[module_id] += 1
            began = started[module_id].get(learner_id)
            if began is not None:
                hours[module_id].append((completed_at - began).total_seconds() / 3600)
        stats.funnel = [
            ModuleFunnel(
                module.id,
                started=len(started[module.id]),
                completed=completed[module.id],
                median_hours_to_complete=statistics.median(hours[module.id])
                if hours[module.id]
                else None,
            )
            for module in course.modules
        ]

        first_tries = await connection.execute(
            select(
                QuizAnswer.module_id,
                QuizAnswer.step_id,
                func.count(),
                func.sum(case((QuizAnswer.correct, 1), else_=0)),
            )
            .where(QuizAnswer.attempt == 1)
            .group_by(QuizAnswer.module_id, QuizAnswer.step_id)
        )
        by_step = {(row[0], row[1]): (row[2], int(row[3] or 0)) for row in first_tries}
        stats.quizzes = [
            QuizAccuracy(module.id, step.id, *by_step.get((module.id, step.id), (0, 0)))
            for module in course.modules
            for step in module.steps
            if isinstance(step, QuizStep)
        ]

        outcomes = await connection.execute(
            select(Question.outcome, func.count()).group_by(Question.outcome)
        )
        stats.questions = {"answered": 0, "suggested": 0, "unanswered": 0, **dict(outcomes.all())}
        unanswered = await connection.execute(
            select(QUESTION_WORDING, func.count())
            .where(Question.outcome == "unanswered")
            .group_by(QUESTION_WORDING)
            .order_by(func.count().desc(), QUESTION_WORDING)
            .limit(TOP_UNANSWERED)
        )
        stats.top_unanswered = [(text, times) for text, times in unanswered]
        stats.learning = await collect_learning(connection, now)
    stats.poison_updates = (await inbox_counts(engine))[POISON]
    return stats


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "-"


def format_report(stats: CourseStats, course: Course) -> str:
    """A plain-text report; short lines, so it also reads on a phone."""
    lines = [
        f"Learners: {stats.learners}",
        f"  new: {stats.new_7_days} in 7 days, {stats.new_30_days} in 30 days",
        f"  active: {stats.active_7_days} in 7 days, {stats.active_30_days} in 30 days",
        "  by language: " + ", ".join(f"{k} {v}" for k, v in sorted(stats.by_locale.items())),
        "  by source: "
        + ", ".join(
            f"{k} {v}" for k, v in sorted(stats.by_source.items(), key=lambda item: -item[1])
        ),
        "",
        "Modules (started → completed, median time):",
    ]
    for row in stats.funnel:
        median = (
            f"{row.median_hours_to_complete:.1f} h"
            if row.median_hours_to_complete is not None
            else "-"
        )
        lines.append(
            f"  {row.module_id}: {row.started} → {row.completed} "
            f"({_percent(row.completed, row.started)}), {median}"
        )
    lines += ["", "Quizzes, right at the first try:"]
    for quiz in stats.quizzes:
        rate = _percent(quiz.first_try_correct, quiz.first_tries)
        lines.append(f"  {quiz.module_id}/{quiz.step_id}: {rate} of {quiz.first_tries}")
    lines += ["", *format_learning(stats.learning)]
    total = sum(stats.questions.values())
    lines += [
        "",
        f"Questions: {total} (answered {stats.questions['answered']}, "
        f"suggested {stats.questions['suggested']}, unanswered {stats.questions['unanswered']})",
    ]
    if stats.top_unanswered:
        lines.append("Most asked without an answer:")
        lines += [f"  {times}× {text}" for text, times in stats.top_unanswered]
    if stats.poison_updates:
        lines += ["", f"Updates the bot could not handle: {stats.poison_updates} (sellerbot inbox)"]
    return "\n".join(lines)
