"""Small icons shared by the pictures: marks, arrows, phone, calendar, clock, truck and more."""

from __future__ import annotations

import math

from .canvas import Canvas, mix

RED = "#d83a34"
GREEN = "#2f9e44"
INK = "#263238"
GREY = "#90a4ae"
LIGHT = "#eceff1"
BLUE = "#1e88e5"
ORANGE = "#f28c28"
YELLOW = "#fbc02d"


def check(c: Canvas, cx, cy, r, color="#ffffff", width=None):
    """A tick drawn as two strokes (no glyph, so no font is needed)."""
    w = width or r * 0.28
    c.line(
        [
            (cx - r * 0.55, cy + r * 0.02),
            (cx - r * 0.15, cy + r * 0.45),
            (cx + r * 0.6, cy - r * 0.45),
        ],
        color,
        w,
    )


def cross(c: Canvas, cx, cy, r, color="#ffffff", width=None):
    w = width or r * 0.28
    k = r * 0.48
    c.line([(cx - k, cy - k), (cx + k, cy + k)], color, w)
    c.line([(cx - k, cy + k), (cx + k, cy - k)], color, w)


def mark(c: Canvas, cx, cy, good: bool, r=44):
    """The ✓ (green) or ✗ (red) badge in a white-rimmed circle."""
    c.circle(cx + 3, cy + 5, r + 6, fill=(0, 0, 0, 50))
    c.circle(cx, cy, r + 6, fill="#ffffff")
    c.circle(cx, cy, r, fill=GREEN if good else RED)
    (check if good else cross)(c, cx, cy, r * 0.95)


def arrow(c: Canvas, x0, y0, x1, y1, color=INK, width=10, head=None):
    """A straight arrow from (x0, y0) to (x1, y1) with a filled head."""
    head = head or width * 2.6
    a = math.atan2(y1 - y0, x1 - x0)
    bx, by = x1 - head * math.cos(a), y1 - head * math.sin(a)
    c.line([(x0, y0), (bx, by)], color, width)
    left = (bx + head * 0.6 * math.sin(a), by - head * 0.6 * math.cos(a))
    right = (bx - head * 0.6 * math.sin(a), by + head * 0.6 * math.cos(a))
    c.poly([(x1, y1), left, right], fill=color)


def number_badge(c: Canvas, cx, cy, n, r=30, color="#e53935", text="#ffffff"):
    c.circle(cx + 2, cy + 3, r + 4, fill=(0, 0, 0, 60))
    c.circle(cx, cy, r + 4, fill="#ffffff")
    c.circle(cx, cy, r, fill=color)
    c.text((cx, cy + 1), str(n), round(r * 1.25), fill=text)


def phone(c: Canvas, x, y, w, h, body=INK):
    """A phone body; returns the screen's box (x0, y0, x1, y1) for on_screen to fill."""
    c.rect((x + 6, y + 10, x + w + 6, y + h + 10), fill=(0, 0, 0, 45), radius=w * 0.12)
    c.rect((x, y, x + w, y + h), fill=body, radius=w * 0.12)
    m, top = round(w * 0.045), round(w * 0.1)
    sx0, sy0, sx1, sy1 = x + m, y + top, x + w - m, y + h - top
    c.rect(
        (x + w * 0.38, y + top * 0.3, x + w * 0.62, y + top * 0.6),
        fill="#111111",
        radius=top * 0.15,
    )
    return sx0, sy0, sx1, sy1


def on_screen(c: Canvas, box, draw, background="#ffffff", radius=30):
    """Draw into a canvas the size of a phone screen, then paste it clipped to the screen."""
    x0, y0, x1, y1 = box
    s = Canvas(round(x1 - x0), round(y1 - y0), background)
    draw(s)
    c.paste(s, (x0, y0), mask_radius=radius)


def calendar(c: Canvas, x, y, w, h, header=RED, digits: str | None = None, size=None):
    """A tear-off calendar page, optionally with a big number on it."""
    c.rect((x + 4, y + 6, x + w + 4, y + h + 6), fill=(0, 0, 0, 40), radius=w * 0.1)
    c.rect((x, y, x + w, y + h), fill="#ffffff", outline="#b0bec5", width=3, radius=w * 0.1)
    c.rect((x, y, x + w, y + h * 0.28), fill=header, radius=w * 0.1)
    c.rect((x, y + h * 0.16, x + w, y + h * 0.28), fill=header)
    for fx in (0.3, 0.7):
        c.rect((x + w * fx - 5, y - h * 0.08, x + w * fx + 5, y + h * 0.1), fill=INK, radius=4)
    if digits:
        c.text((x + w / 2, y + h * 0.64), digits, size or round(h * 0.45), fill=INK)


def clock(c: Canvas, cx, cy, r, digits: str | None = None, color=BLUE, hand_to=2):
    """A clock face; with digits, the digits sit in the middle like a timer."""
    c.circle(cx + 3, cy + 5, r + 4, fill=(0, 0, 0, 40))
    c.circle(cx, cy, r, fill=color)
    c.circle(cx, cy, r * 0.84, fill="#ffffff")
    for i in range(12):
        a = math.radians(i * 30)
        r0 = r * (0.7 if i % 3 == 0 else 0.75)
        c.line(
            [
                (cx + r0 * math.sin(a), cy - r0 * math.cos(a)),
                (cx + r * 0.8 * math.sin(a), cy - r * 0.8 * math.cos(a)),
            ],
            INK if i % 3 == 0 else GREY,
            r * 0.05,
        )
    if digits:
        c.text((cx, cy + r * 0.04), digits, round(r * 0.62), fill=INK)
    else:
        a = math.radians(hand_to * 30)
        c.line(
            [(cx, cy), (cx + r * 0.55 * math.sin(a), cy - r * 0.55 * math.cos(a))], INK, r * 0.08
        )
        c.line([(cx, cy), (cx, cy - r * 0.62)], INK, r * 0.06)
        c.circle(cx, cy, r * 0.08, fill=INK)


def truck(c: Canvas, x, y, w, color=BLUE, fast=False):
    """A side view of a delivery van, w wide; speed lines when fast."""
    h = w * 0.55
    body = (x, y, x + w * 0.66, y + h * 0.78)
    c.rect(body, fill=color, radius=w * 0.04)
    c.rect(
        (x + w * 0.08, y + h * 0.18, x + w * 0.58, y + h * 0.6),
        fill=mix(color, "#ffffff", 0.25),
        radius=w * 0.02,
    )
    cab = [
        (x + w * 0.68, y + h * 0.22),
        (x + w * 0.86, y + h * 0.22),
        (x + w, y + h * 0.48),
        (x + w, y + h * 0.78),
        (x + w * 0.68, y + h * 0.78),
    ]
    c.poly(cab, fill=mix(color, "#000000", 0.15))
    c.poly(
        [
            (x + w * 0.72, y + h * 0.3),
            (x + w * 0.84, y + h * 0.3),
            (x + w * 0.94, y + h * 0.48),
            (x + w * 0.72, y + h * 0.48),
        ],
        fill="#cfe8fc",
    )
    for wx in (0.2, 0.82):
        c.circle(x + w * wx, y + h * 0.82, h * 0.17, fill=INK)
        c.circle(x + w * wx, y + h * 0.82, h * 0.07, fill="#cfd8dc")
    if fast:
        for i, fy in enumerate((0.25, 0.45, 0.65)):
            c.line(
                [(x - w * (0.42 - i * 0.06), y + h * fy), (x - w * 0.08, y + h * fy)],
                color,
                w * 0.045,
            )


def camera(c: Canvas, cx, cy, w, color=INK):
    h = w * 0.68
    c.rect((cx - w * 0.2, cy - h * 0.62, cx + w * 0.14, cy - h * 0.35), fill=color, radius=w * 0.04)
    c.rect((cx - w / 2, cy - h * 0.45, cx + w / 2, cy + h / 2), fill=color, radius=w * 0.1)
    c.circle(cx, cy + h * 0.03, w * 0.26, fill="#ffffff")
    c.circle(cx, cy + h * 0.03, w * 0.19, fill="#455a64")
    c.circle(cx - w * 0.06, cy - h * 0.05, w * 0.06, fill="#b0bec5")
    c.circle(cx + w * 0.36, cy - h * 0.28, w * 0.045, fill=YELLOW)


def lightning(c: Canvas, cx, cy, h, color=YELLOW):
    s = h / 10
    pts = [
        (cx + 1 * s, cy - 5 * s),
        (cx - 3.2 * s, cy + 0.6 * s),
        (cx - 0.2 * s, cy + 0.6 * s),
        (cx - 1.2 * s, cy + 5 * s),
        (cx + 3.2 * s, cy - 1 * s),
        (cx + 0.3 * s, cy - 1 * s),
    ]
    c.poly(pts, fill=color, outline=mix(color, "#000000", 0.3), width=max(2, s * 0.3))


def shield(c: Canvas, cx, cy, h, color=GREEN, good: bool | None = True):
    w = h * 0.82
    pts = [
        (cx, cy - h / 2),
        (cx + w / 2, cy - h * 0.34),
        (cx + w * 0.45, cy + h * 0.05),
        (cx + w * 0.25, cy + h * 0.33),
        (cx, cy + h / 2),
        (cx - w * 0.25, cy + h * 0.33),
        (cx - w * 0.45, cy + h * 0.05),
        (cx - w / 2, cy - h * 0.34),
    ]
    c.poly(pts, fill=color)
    inner = [(cx + (px - cx) * 0.8, cy + (py - cy) * 0.8) for px, py in pts]
    c.poly(inner, fill=mix(color, "#ffffff", 0.18))
    if good is not None:
        (check if good else cross)(c, cx, cy, h * 0.32)


def pin(c: Canvas, cx, cy, h, color=RED):
    """A map pin whose tip is at (cx, cy)."""
    r = h * 0.32
    top = cy - h + r
    c.poly([(cx, cy), (cx - r * 0.86, top + r * 0.5), (cx + r * 0.86, top + r * 0.5)], fill=color)
    c.circle(cx, top, r, fill=color)
    c.circle(cx, top, r * 0.42, fill="#ffffff")


def padlock(c: Canvas, cx, cy, h, color=INK):
    w = h * 0.8
    c.arc((cx - w * 0.3, cy - h * 0.5, cx + w * 0.3, cy + h * 0.05), 180, 360, color, h * 0.1)
    c.line([(cx - w * 0.3, cy - h * 0.22), (cx - w * 0.3, cy - h * 0.05)], color, h * 0.1, False)
    c.line([(cx + w * 0.3, cy - h * 0.22), (cx + w * 0.3, cy - h * 0.05)], color, h * 0.1, False)
    c.rect((cx - w / 2, cy - h * 0.08, cx + w / 2, cy + h / 2), fill=color, radius=h * 0.08)
    c.circle(cx, cy + h * 0.15, h * 0.07, fill="#ffffff")


def coin(c: Canvas, cx, cy, r):
    c.circle(cx + 2, cy + 3, r, fill=(0, 0, 0, 60))
    c.circle(cx, cy, r, fill="#c9a227")
    c.circle(cx, cy, r * 0.84, fill="#e8c547")
    c.circle(cx, cy, r * 0.62, outline="#c9a227", width=max(2, r * 0.06))
    c.text((cx, cy + 1), "1", round(r * 0.9), fill="#a07d12")


def bubble(c: Canvas, box, fill, tail_left=True, radius=26):
    """A chat bubble with a little tail at the bottom corner."""
    x0, y0, x1, y1 = box
    c.rect((x0 + 3, y0 + 5, x1 + 3, y1 + 5), fill=(0, 0, 0, 25), radius=radius)
    c.rect(box, fill=fill, radius=radius)
    if tail_left:
        c.poly([(x0 + 4, y1 - 34), (x0 - 18, y1 + 2), (x0 + 36, y1 - 6)], fill=fill)
    else:
        c.poly([(x1 - 4, y1 - 34), (x1 + 18, y1 + 2), (x1 - 36, y1 - 6)], fill=fill)


def text_lines(c: Canvas, x, y, widths, h=14, gap=14, color="#b0bec5"):
    """Grey bars standing for text (the pictures carry no words)."""
    for i, w in enumerate(widths):
        c.rect((x, y + i * (h + gap), x + w, y + i * (h + gap) + h), fill=color, radius=h / 2)


def person(
    c: Canvas, cx, cy, r, shirt="#3f7fbf", skin="#f1c27d", hair="#3b2a20", smile=True, hat=False
):
    """Head and shoulders of a friendly person; (cx, cy) is the face's centre, r its radius."""
    c.ellipse((cx - r * 1.9, cy + r * 1.0, cx + r * 1.9, cy + r * 3.6), fill=shirt)
    c.rect(
        (cx - r * 0.32, cy + r * 0.6, cx + r * 0.32, cy + r * 1.25), fill=mix(skin, "#000000", 0.12)
    )
    c.ellipse((cx - r * 1.07, cy - r * 1.12, cx + r * 1.07, cy + r * 0.55), fill=hair)
    c.ellipse((cx - r * 1.08, cy - r * 0.15, cx - r * 0.78, cy + r * 0.3), fill=skin)
    c.ellipse((cx + r * 0.78, cy - r * 0.15, cx + r * 1.08, cy + r * 0.3), fill=skin)
    c.ellipse((cx - r * 0.92, cy - r * 0.95, cx + r * 0.92, cy + r), fill=skin)
    c.pieslice((cx - r * 0.98, cy - r * 1.12, cx + r * 0.98, cy + r * 0.1), 180, 360, fill=hair)
    if hat:
        c.ellipse((cx - r * 1.7, cy - r * 0.85, cx + r * 1.7, cy - r * 0.35), fill="#d9b56a")
        c.pieslice(
            (cx - r * 1.0, cy - r * 1.65, cx + r * 1.0, cy - r * 0.2), 180, 360, fill="#e7c77f"
        )
        c.rect((cx - r * 1.0, cy - r * 0.98, cx + r * 1.0, cy - r * 0.8), fill="#b5523b")
    for ex in (-0.36, 0.36):
        c.ellipse(
            (cx + ex * r - r * 0.1, cy - r * 0.16, cx + ex * r + r * 0.1, cy + r * 0.06), fill=INK
        )
    c.ellipse((cx - r * 0.7, cy + r * 0.12, cx - r * 0.42, cy + r * 0.32), fill=(233, 120, 120, 90))
    c.ellipse((cx + r * 0.42, cy + r * 0.12, cx + r * 0.7, cy + r * 0.32), fill=(233, 120, 120, 90))
    if smile:
        c.arc(
            (cx - r * 0.42, cy + r * 0.05, cx + r * 0.42, cy + r * 0.62),
            15,
            165,
            "#8d3b2f",
            r * 0.1,
        )
    else:
        c.line(
            [(cx - r * 0.25, cy + r * 0.45), (cx + r * 0.25, cy + r * 0.45)], "#8d3b2f", r * 0.08
        )


def cart(c: Canvas, cx, cy, s, color="#ffffff"):
    """A shopping cart (orders, buying)."""
    c.line(
        [
            (cx - s, cy - s * 0.6),
            (cx - s * 0.7, cy - s * 0.6),
            (cx - s * 0.4, cy + s * 0.3),
            (cx + s * 0.7, cy + s * 0.3),
            (cx + s * 0.9, cy - s * 0.35),
            (cx - s * 0.55, cy - s * 0.35),
        ],
        color,
        s * 0.12,
    )
    c.circle(cx - s * 0.3, cy + s * 0.6, s * 0.13, fill=color)
    c.circle(cx + s * 0.55, cy + s * 0.6, s * 0.13, fill=color)
