"""Statistics for editors: per module and locale, how much there is to read, and what is missing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from sellerbot.content.loader import telegram_length
from sellerbot.content.model import Localized, Module, QuizStep, TaskStep

# Chinese is written without spaces: each Han character counts as a word, as editors count.
_WORDS = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W\u3400-\u9fff\uf900-\ufaff]+")


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))


# A sitting's length, for a learner new to reading on a phone: slower than the usual adult
# pace (about 250 English words or 300 Han characters a minute), plus time to think about a
# quiz and to type a task's answer with one thumb.
READING_PER_MINUTE = {"zh": 180}
READING_PER_MINUTE_DEFAULT = 130
MINUTES_PER_QUIZ = 0.5
MINUTES_PER_TASK = 1.5


def reading_pace(locale: str) -> int:
    return READING_PER_MINUTE.get(locale.split("_")[0], READING_PER_MINUTE_DEFAULT)


@dataclass(frozen=True)
class ModuleStats:
    module_id: str
    locale: str
    steps: int
    words: int
    longest_message: int  # characters, as Telegram counts them
    missing_translations: int
    minutes: float  # about how long a learner needs for the module in one sitting


def _texts(module: Module) -> Iterator[Localized]:
    """Every text a learner of this module may read."""
    yield module.title
    if module.summary:
        yield module.summary
    for step in module.steps:
        if isinstance(step, QuizStep):
            yield step.question
            for option in step.options:
                yield option.text
                if option.feedback:
                    yield option.feedback
        elif isinstance(step, TaskStep):
            yield step.prompt
            for rule in step.rules:
                yield rule.feedback
            if step.success:
                yield step.success
        else:
            yield step.text


def _reading_texts(module: Module) -> Iterator[Localized]:
    """What one learner reads on the way through: a quiz shows one option's feedback."""
    for step in module.steps:
        if isinstance(step, QuizStep):
            yield step.question
            for option in step.options:
                yield option.text
            feedbacks = [option.feedback for option in step.options if option.feedback]
            if feedbacks:
                yield feedbacks[0]
        elif isinstance(step, TaskStep):
            yield step.prompt
            if step.success:
                yield step.success
        else:
            yield step.text


def module_stats(module: Module, locales: tuple[str, ...]) -> list[ModuleStats]:
    texts = list(_texts(module))
    quizzes = sum(isinstance(step, QuizStep) for step in module.steps)
    tasks = sum(isinstance(step, TaskStep) for step in module.steps)
    rows = []
    for locale in locales:
        present = [text[locale] for text in texts if locale in text]
        rows.append(
            ModuleStats(
                module_id=module.id,
                locale=locale,
                steps=len(module.steps),
                words=sum(word_count(text) for text in present),
                longest_message=max((telegram_length(text) for text in present), default=0),
                missing_translations=len(texts) - len(present),
                minutes=_minutes(module, locale, quizzes, tasks),
            )
        )
    return rows


def _minutes(module: Module, locale: str, quizzes: int, tasks: int) -> float:
    read = sum(word_count(text[locale]) for text in _reading_texts(module) if locale in text)
    return read / reading_pace(locale) + quizzes * MINUTES_PER_QUIZ + tasks * MINUTES_PER_TASK


def format_table(rows: list[ModuleStats]) -> str:
    header = (
        f"{'module':<20}{'locale':<9}{'steps':>6}{'words':>8}"
        f"{'longest':>9}{'missing':>9}{'minutes':>9}"
    )
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row.module_id:<20}{row.locale:<9}{row.steps:>6}{row.words:>8}"
            f"{row.longest_message:>9}{row.missing_translations:>9}{row.minutes:>9.1f}"
        )
    return "\n".join(lines)
