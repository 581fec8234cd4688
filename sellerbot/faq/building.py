"""The matcher over a course's FAQ: its phrasings, their analysis and fit, and the index."""

from __future__ import annotations

from sellerbot.content.model import Course, FaqEntry
from sellerbot.faq.fitcache import prepared
from sellerbot.faq.matcher import OUT_OF_SCOPE, FaqMatcher, FaqPhrasings


def faq_phrasings(course: Course) -> list[FaqPhrasings]:
    """What the matcher indexes: each entry's phrasings per locale (its label among them),
    and the out-of-scope ones."""
    phrasings = [
        FaqPhrasings(entry.id, locale, _with_label(entry, locale), entry.answer.get(locale, ""))
        for entry in course.faq
        for locale in entry.questions
    ]
    phrasings += [
        FaqPhrasings(OUT_OF_SCOPE, locale, questions)
        for locale, questions in course.faq_out_of_scope.items()
    ]
    return phrasings


def _with_label(entry: FaqEntry, locale: str) -> tuple[str, ...]:
    """The entry's phrasings and its label, which says in few words what it is about."""
    questions = tuple(entry.questions[locale])
    label = entry.label.get(locale) if entry.label else None
    if label is None or label.casefold() in {question.casefold() for question in questions}:
        return questions
    return (*questions, label)


def build_matcher(course: Course) -> FaqMatcher:
    """The matcher over the course's FAQ, its confidence models and cut-offs fitted on the
    content itself; on a start with the same content and code, the fit and each phrasing's
    features and vector are read back from the earlier start instead."""
    phrasings = faq_phrasings(course)
    # The fit and the index share each phrasing's features and vector.
    ready = prepared(phrasings)
    models, thresholds = ready.calibration.models, ready.calibration.thresholds
    return FaqMatcher(phrasings, thresholds, models, analysis=ready.analysis)
