"""The admins' charts: the module funnel, quiz first-try accuracy, and questions per week."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from sellerbot.content.model import Course, QuizStep
from sellerbot.engine.messages import N_
from sellerbot.engine.replies import Percent
from sellerbot.i18n import Translations
from sellerbot.reports.barchart import BarChart, Row, Series
from sellerbot.reports.fonts import drawable
from sellerbot.reports.stats import CourseStats
from sellerbot.reports.weekly import WeekOfQuestions, questions_by_week

FUNNEL_TITLE = N_("Started and completed, per module")
QUIZ_TITLE = N_("Quizzes: right at the first try")
QUESTIONS_TITLE = N_("Questions per week")
SUBTITLE = N_("{day} · {learners} learners in all")
QUESTIONS_SUBTITLE = N_("{day} · {questions} questions in {weeks} weeks · weeks start on Monday")
STARTED = N_("started")
COMPLETED = N_("completed")
RIGHT_FIRST_TRY = N_("right at the first try")
OF_TRIES = N_("{percent} of {tries}")
NOT_TRIED = N_("no answers yet")
ANSWERED = N_("answered")
SUGGESTED = N_("suggested")
UNANSWERED = N_("no answer")

LIGHT_GREEN = (186, 215, 178)
GREEN = (46, 125, 50)
AMBER = (255, 179, 0)
RED = (198, 40, 40)


class _Words:
    """The chart's texts in one locale, in English where no installed font can draw them."""

    def __init__(self, translations: Translations | None, locale: str):
        # Without catalogs the source texts are English, numbers still in the locale's style.
        self.translations = translations or Translations({})
        self.locale = locale

    def __call__(self, key: str, **params: Any) -> str:
        english = self.translations.format(key, params, "en")
        return drawable(self.translations.format(key, params, self.locale), english)

    def title(self, texts: Mapping[str, str], course: Course, fallback: str) -> str:
        return drawable(texts.get(self.locale) or texts.get(course.default_locale, ""), fallback)


def funnel_chart(
    stats: CourseStats,
    course: Course,
    locale: str,
    day: date,
    translations: Translations | None = None,
) -> BarChart:
    """Modules by their title in `locale` (their id if no font here can draw it)."""
    words = _Words(translations, locale)
    rows = []
    for row in stats.funnel:
        module = course.module(row.module_id)
        label = words.title(module.title, course, row.module_id) if module else row.module_id
        rows.append(Row(label, (row.started, row.completed), f"{row.completed}/{row.started}"))
    return BarChart(
        title=words(FUNNEL_TITLE),
        subtitle=words(SUBTITLE, day=day.isoformat(), learners=stats.learners),
        series=(Series(words(STARTED), LIGHT_GREEN), Series(words(COMPLETED), GREEN)),
        rows=tuple(rows),
    )


def quiz_chart(
    stats: CourseStats,
    course: Course,
    locale: str,
    day: date,
    translations: Translations | None = None,
) -> BarChart:
    """One bar per quiz, labelled by its question: the share of first answers that were right."""
    words = _Words(translations, locale)
    rows = []
    for quiz in stats.quizzes:
        module = course.module(quiz.module_id)
        index = module.index_of(quiz.step_id) if module else None
        step = module.steps[index] if module and index is not None else None
        fallback = f"{quiz.module_id}/{quiz.step_id}"
        if isinstance(step, QuizStep):
            label = words.title(step.question, course, fallback)
        else:
            label = fallback
        rate = quiz.rate
        if rate is None:
            rows.append(Row(label, (0,), words(NOT_TRIED)))
        else:
            note = words(OF_TRIES, percent=Percent(rate), tries=quiz.first_tries)
            rows.append(Row(label, (100 * rate,), note))
    return BarChart(
        title=words(QUIZ_TITLE),
        subtitle=words(SUBTITLE, day=day.isoformat(), learners=stats.learners),
        series=(Series(words(RIGHT_FIRST_TRY), GREEN),),
        rows=tuple(rows),
        scale=100,
    )


def questions_chart(
    weeks: list[WeekOfQuestions],
    locale: str,
    day: date,
    translations: Translations | None = None,
) -> BarChart:
    """A stacked bar per week: answered, suggested (a choice of entries), and no answer."""
    words = _Words(translations, locale)
    return BarChart(
        title=words(QUESTIONS_TITLE),
        subtitle=words(
            QUESTIONS_SUBTITLE,
            day=day.isoformat(),
            questions=sum(week.total for week in weeks),
            weeks=len(weeks),
        ),
        series=(
            Series(words(ANSWERED), GREEN),
            Series(words(SUGGESTED), AMBER),
            Series(words(UNANSWERED), RED),
        ),
        rows=tuple(
            Row(
                week.starts.isoformat(),
                (week.answered, week.suggested, week.unanswered),
                str(week.total),
            )
            for week in weeks
        ),
        stacked=True,
    )


async def admin_charts(
    database: AsyncEngine,
    stats: CourseStats,
    course: Course,
    locale: str,
    now: datetime,
    translations: Translations,
) -> dict[str, BarChart]:
    """Every chart an admin gets with the statistics, by a name fit for a file."""
    weeks = await questions_by_week(database, now)
    day = now.date()
    return {
        "funnel": funnel_chart(stats, course, locale, day, translations),
        "quizzes": quiz_chart(stats, course, locale, day, translations),
        "questions": questions_chart(weeks, locale, day, translations),
    }
