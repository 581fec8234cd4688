"""The module funnel as a bar chart picture, for admins reading statistics on a phone."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from sellerbot.reports.stats import ModuleFunnel

WIDTH = 800
ROW = 56
TOP = 70
LABEL_WIDTH = 230
STARTED = (186, 215, 178)
COMPLETED = (46, 125, 50)
INK = (33, 33, 33)


def funnel_png(
    funnel: list[ModuleFunnel], title: str = "Started and completed, per module"
) -> bytes:
    """A PNG: one row per module, a light bar for learners who started, dark for completed."""
    height = TOP + ROW * max(len(funnel), 1) + 30
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=20)
    small = ImageFont.load_default(size=16)
    draw.text((20, 20), title, fill=INK, font=font)
    most = max((row.started for row in funnel), default=0) or 1
    span = WIDTH - LABEL_WIDTH - 90
    for index, row in enumerate(funnel):
        top = TOP + index * ROW
        draw.text((20, top + 12), row.module_id, fill=INK, font=small)
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
