"""Shared layouts: the ✗/✓ pair of photos side by side, and a plain slide background."""

from __future__ import annotations

from collections.abc import Callable

from .canvas import Canvas
from .icons import mark

PAIR_W, PAIR_H = 1280, 720
PANEL_W, PANEL_H = 610, 670
BG = "#f3efe6"


def pair(draw_bad: Callable[[Canvas], None], draw_good: Callable[[Canvas], None]) -> Canvas:
    """Two panels: the mistake on the left with ✗, the fix on the right with ✓."""
    c = Canvas(PAIR_W, PAIR_H, BG)
    gap = (PAIR_W - 2 * PANEL_W) / 3
    y = (PAIR_H - PANEL_H) / 2
    for i, draw in enumerate((draw_bad, draw_good)):
        x = gap + i * (PANEL_W + gap)
        panel = Canvas(PANEL_W, PANEL_H, "#ffffff")
        draw(panel)
        c.rect((x + 4, y + 8, x + PANEL_W + 4, y + PANEL_H + 8), fill=(0, 0, 0, 40), radius=24)
        c.paste(panel, (x, y), mask_radius=24)
        c.rect((x, y, x + PANEL_W, y + PANEL_H), outline="#ffffff", width=6, radius=24)
        mark(c, x + 62, y + 62, good=i == 1, r=42)
    return c
