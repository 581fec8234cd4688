"""The module funnel as a bar chart picture, for admins reading statistics on a phone."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageDraw

from sellerbot.content.model import Course
from sellerbot.reports.fonts import drawable, font, needs_cjk
from sellerbot.reports.stats import CourseStats

WIDTH = 800
ROW = 56
TOP = 110
LABEL_WIDTH = 260
STARTED = (186, 215, 178)
COMPLETED = (46, 125, 50)
INK = (33, 33, 33)
GREY = (110, 110, 110)


@dataclass(frozen=True)
class FunnelRow:
    label: str
    started: int
    completed: int


@dataclass(frozen=True)
class FunnelChart:
    """What the picture says, so it can be checked without looking at pixels."""

    title: str
    subtitle: str
    legend: tuple[str, str]
    rows: tuple[FunnelRow, ...]


def funnel_chart(stats: CourseStats, course: Course, locale: str, day: date) -> FunnelChart:
    """Modules by their title in `locale` (their id if no font here can draw it)."""
    rows = []
    for row in stats.funnel:
        module = course.module(row.module_id)
        title = module.title.get_for(locale, course.default_locale) if module else row.module_id
        rows.append(FunnelRow(drawable(title, row.module_id), row.started, row.completed))
    return FunnelChart(
        title="Started and completed, per module",
        subtitle=f"{day.isoformat()} · {stats.learners} learners in all",
        legend=("started", "completed"),
        rows=tuple(rows),
    )


def funnel_png(stats: CourseStats, course: Course, locale: str, day: date) -> bytes:
    """A PNG: one row per module, a light bar for learners who started, dark for completed."""
    chart = funnel_chart(stats, course, locale, day)
    height = TOP + ROW * max(len(chart.rows), 1) + 30
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    cjk = any(needs_cjk(row.label) for row in chart.rows)
    big, small = font(20, cjk), font(16, cjk)
    draw.text((20, 16), chart.title, fill=INK, font=big)
    draw.text((20, 44), chart.subtitle, fill=GREY, font=small)
    legend_x = 20
    for colour, word in zip((STARTED, COMPLETED), chart.legend, strict=True):
        draw.rectangle((legend_x, 76, legend_x + 16, 92), fill=colour)
        draw.text((legend_x + 22, 75), word, fill=INK, font=small)
        legend_x += 40 + int(draw.textlength(word, font=small))
    most = max((row.started for row in chart.rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 90
    for index, row in enumerate(chart.rows):
        top = TOP + index * ROW
        draw.text((20, top + 12), _fitted(draw, row.label, small), fill=INK, font=small)
        started = round(span * row.started / most)
        completed = round(span * row.completed / most)
        draw.rectangle(
            (LABEL_WIDTH, top + 6, LABEL_WIDTH + max(started, 1), top + 42), fill=STARTED
        )
        if completed:
            draw.rectangle(
                (LABEL_WIDTH, top + 6, LABEL_WIDTH + completed, top + 42), fill=COMPLETED
            )
        draw.text(
            (LABEL_WIDTH + max(started, 1) + 8, top + 12),
            f"{row.completed}/{row.started}",
            fill=INK,
            font=small,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _fitted(draw: ImageDraw.ImageDraw, label: str, label_font) -> str:
    """The label, shortened with an ellipsis to fit before the bars."""
    room = LABEL_WIDTH - 30
    if draw.textlength(label, font=label_font) <= room:
        return label
    while label and draw.textlength(label + "…", font=label_font) > room:
        label = label[:-1]
    return label + "…"
