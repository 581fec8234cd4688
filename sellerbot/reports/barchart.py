"""Draws a horizontal bar chart as a PNG: a title, a subtitle, a legend and a row per item."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image, ImageDraw

from sellerbot.reports.fonts import font, needs_cjk

WIDTH = 800
ROW = 56
TOP = 110
LABEL_WIDTH = 260
NOTE_ROOM = 110  # to the right of the longest bar, for "12/40" or "72% of 40"
INK = (33, 33, 33)
GREY = (110, 110, 110)


@dataclass(frozen=True)
class Series:
    name: str
    colour: tuple[int, int, int]


@dataclass(frozen=True)
class Row:
    label: str
    values: tuple[float, ...]  # one per series
    note: str


@dataclass(frozen=True)
class BarChart:
    """What the picture says, so it can be checked without looking at pixels.

    `stacked` bars add their series end to end (answered, then suggested, ...); otherwise
    every series starts at zero, drawn in order over the one before (started, then the
    completed part of it), so the later series must not exceed the earlier ones.
    """

    title: str
    subtitle: str
    series: tuple[Series, ...]
    rows: tuple[Row, ...]
    stacked: bool = False
    scale: float | None = None  # the value of a full-width bar; the largest row when None

    @property
    def legend(self) -> tuple[str, ...]:
        return tuple(series.name for series in self.series)

    def row_total(self, row: Row) -> float:
        return sum(row.values) if self.stacked else max(row.values, default=0)


def png(chart: BarChart) -> bytes:
    height = TOP + ROW * max(len(chart.rows), 1) + 30
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    texts = [chart.title, chart.subtitle, *chart.legend, *(row.label for row in chart.rows)]
    cjk = any(needs_cjk(text) for text in texts)
    big, small = font(20, cjk), font(16, cjk)
    draw.text((20, 16), chart.title, fill=INK, font=big)
    draw.text((20, 44), chart.subtitle, fill=GREY, font=small)
    legend_x = 20
    for series in chart.series:
        draw.rectangle((legend_x, 76, legend_x + 16, 92), fill=series.colour)
        draw.text((legend_x + 22, 75), series.name, fill=INK, font=small)
        legend_x += 40 + int(draw.textlength(series.name, font=small))
    scale = chart.scale or max((chart.row_total(row) for row in chart.rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - NOTE_ROOM
    for index, row in enumerate(chart.rows):
        top = TOP + index * ROW
        draw.text((20, top + 12), _fitted(draw, row.label, small), fill=INK, font=small)
        position = furthest = LABEL_WIDTH
        for series, value in zip(chart.series, row.values, strict=True):
            left = position if chart.stacked else LABEL_WIDTH
            right = left + round(span * value / scale)
            if right > left:
                draw.rectangle((left, top + 6, right, top + 42), fill=series.colour)
            if chart.stacked:
                position = right
            furthest = max(furthest, right)
        if furthest == LABEL_WIDTH:  # a hairline says "zero", where no bar might say "missing"
            draw.rectangle((LABEL_WIDTH, top + 6, LABEL_WIDTH + 1, top + 42), fill=GREY)
            furthest += 1
        draw.text((furthest + 8, top + 12), row.note, fill=INK, font=small)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _fitted(draw: ImageDraw.ImageDraw, label: str, label_font) -> str:
    """The label on one line, shortened with an ellipsis to fit before the bars."""
    label = " ".join(label.split())
    room = LABEL_WIDTH - 30
    if draw.textlength(label, font=label_font) <= room:
        return label
    while label and draw.textlength(label + "…", font=label_font) > room:
        label = label[:-1]
    return label + "…"
