"""Segments of learners for broadcasts: parsed from text, stored as JSON, turned into SQL."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, select, true
from sqlalchemy.ext.asyncio import AsyncEngine

from sellerbot.content.model import Course
from sellerbot.store.schema import Learner, ModuleCompletion

SYNTAX = (
    "a segment is 'everyone' or filters joined by commas: locale=LOCALE, source=TAG, "
    "completed=MODULE, inactive=DAYS, not-started, in-progress "
    "(e.g. 'locale=zh_Hans,source=county-3,inactive=7')"
)


class SegmentError(ValueError):
    """A segment that cannot be understood; the message says what to write instead."""


@dataclass(frozen=True)
class CourseFacts:
    """What segments need to know about the course."""

    default_locale: str
    locales: tuple[str, ...]
    module_ids: tuple[str, ...]

    @classmethod
    def of(cls, course: Course) -> CourseFacts:
        return cls(course.default_locale, course.locales, tuple(m.id for m in course.modules))


@dataclass(frozen=True)
class Segment:
    """Learners matching every filter given; no filter at all means everyone."""

    locale: str | None = None
    source: str | None = None
    not_started: bool = False
    in_progress: bool = False
    completed: str | None = None  # a module id
    inactive_days: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value not in (None, False)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Segment:
        known = {field.name for field in fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})

    def describe(self) -> str:
        """The segment in the syntax parse_segment reads."""
        parts = []
        if self.locale is not None:
            parts.append(f"locale={self.locale}")
        if self.source is not None:
            parts.append(f"source={self.source}")
        if self.completed is not None:
            parts.append(f"completed={self.completed}")
        if self.inactive_days is not None:
            parts.append(f"inactive={self.inactive_days}")
        if self.not_started:
            parts.append("not-started")
        if self.in_progress:
            parts.append("in-progress")
        return ",".join(parts) or "everyone"


def parse_segment(text: str, course: CourseFacts) -> Segment:
    """Read 'everyone' or 'key=value,flag,...'; raises SegmentError saying what is wrong."""
    parts = [part.strip() for part in (text or "").split(",")]
    if not any(parts):
        raise SegmentError(f"empty segment; {SYNTAX}")
    if any(not part for part in parts):
        raise SegmentError(f"empty filter in {text!r} (two commas in a row?); {SYNTAX}")
    if parts == ["everyone"]:
        return Segment()
    values: dict[str, Any] = {}
    for part in parts:
        key, has_value, value = (piece.strip() for piece in part.partition("="))
        name, parsed = _parse_filter(key, value if has_value else None, course)
        if name in values:
            raise SegmentError(f"{key} is given twice; a learner matches only one value")
        values[name] = parsed
    if values.get("not_started") and values.get("in_progress"):
        raise SegmentError("not-started and in-progress exclude each other")
    if values.get("not_started") and "completed" in values:
        raise SegmentError(f"not-started and completed={values['completed']} exclude each other")
    return Segment(**values)


def _parse_filter(key: str, value: str | None, course: CourseFacts) -> tuple[str, Any]:
    flags = {"not-started": "not_started", "in-progress": "in_progress"}
    if key in flags or key == "everyone":
        if value is not None:
            raise SegmentError(f"{key} takes no value")
        if key == "everyone":
            raise SegmentError("everyone cannot be combined with other filters")
        return flags[key], True
    if key not in ("locale", "source", "completed", "inactive"):
        raise SegmentError(f"unknown filter {key!r}; {SYNTAX}")
    if not value:
        raise SegmentError(f"{key} needs a value, e.g. {key}=…")
    if key == "locale":
        if value not in course.locales:
            known = ", ".join(course.locales)
            raise SegmentError(f"unknown locale {value!r}; the course has {known}")
        return "locale", value
    if key == "completed":
        if value not in course.module_ids:
            raise SegmentError(
                f"unknown module {value!r}; the modules are {', '.join(course.module_ids)}"
            )
        return "completed", value
    if key == "inactive":
        if not value.isdigit() or int(value) < 1:
            raise SegmentError(f"inactive takes a whole number of days, 1 or more, not {value!r}")
        return "inactive_days", int(value)
    return "source", value


def segment_condition(segment: Segment, course: CourseFacts, now: datetime) -> ColumnElement:
    """The WHERE clause over learners; learners who blocked the bot are always left out."""
    conditions: list[ColumnElement] = [Learner.active.is_(True)]
    if segment.locale is not None:
        # The language a learner reads in: their choice, else their app's, else the default.
        reads_in = func.coalesce(Learner.locale, Learner.reading_locale, course.default_locale)
        conditions.append(reads_in == segment.locale)
    if segment.source is not None:
        conditions.append(Learner.source == segment.source)
    started = Learner.steps_done > 0
    if segment.not_started:
        conditions.append(~started)
    if segment.in_progress:
        modules_done = (
            select(func.count())
            .where(
                ModuleCompletion.learner_id == Learner.id,
                ModuleCompletion.module_id.in_(course.module_ids),
            )
            .scalar_subquery()
        )
        conditions.extend([started, modules_done < len(course.module_ids)])
    if segment.completed is not None:
        conditions.append(
            exists().where(
                ModuleCompletion.learner_id == Learner.id,
                ModuleCompletion.module_id == segment.completed,
            )
        )
    if segment.inactive_days is not None:
        conditions.append(Learner.last_seen_at < now - timedelta(days=segment.inactive_days))
    return and_(true(), *conditions)


def audience_query(segment: Segment, course: CourseFacts, now: datetime) -> Select:
    """The user ids of the segment's learners."""
    return select(Learner.user_id).where(segment_condition(segment, course, now))


async def audience_size(
    engine: AsyncEngine, segment: Segment, course: CourseFacts, now: datetime
) -> int:
    query = select(func.count()).select_from(Learner).where(segment_condition(segment, course, now))
    async with engine.connect() as connection:
        return await connection.scalar(query) or 0
