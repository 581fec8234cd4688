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


@dataclass(frozen=True)
class ModuleStats:
    module_id: str
    locale: str
    steps: int
    words: int
    longest_message: int  # characters, as Telegram counts them
    missing_translations: int


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


def module_stats(module: Module, locales: tuple[str, ...]) -> list[ModuleStats]:
    texts = list(_texts(module))
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
            )
        )
    return rows


def format_table(rows: list[ModuleStats]) -> str:
    header = f"{'module':<20}{'locale':<9}{'steps':>6}{'words':>8}{'longest':>9}{'missing':>9}"
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(
            f"{row.module_id:<20}{row.locale:<9}{row.steps:>6}{row.words:>8}"
            f"{row.longest_message:>9}{row.missing_translations:>9}"
        )
    return "\n".join(lines)
