"""The content folder read and checked: a course with no errors, else ContentError."""

from __future__ import annotations

from sellerbot.content.loader import LoadResult, load_course
from sellerbot.content.model import Course
from sellerbot.content.yamlfile import Problem
from sellerbot.settings import Settings


class ContentError(Exception):
    """The content folder has errors; the bot will not start on broken lessons."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = problems


def load_checked(settings: Settings) -> tuple[Course, LoadResult]:
    result = load_course(settings.content_dir)
    if result.course is None:
        raise ContentError(result.errors)
    return result.course, result
