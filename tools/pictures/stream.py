"""Livestream pictures: a budget set-up seen from the side, and framing on the phone screen."""

from __future__ import annotations

from .canvas import Canvas, mix
from .icons import INK, RED, person, phone
from .layout import PANEL_H, PANEL_W, pair
from .photos import window
from .produce import orange
from .registry import picture


def tripod(c: Canvas, cx, top, bottom, color="#37474f"):
    c.line([(cx, top), (cx, bottom - 120)], color, 10)
    for dx in (-90, 0, 90):
        c.line([(cx, bottom - 130), (cx + dx, bottom)], color, 9)
    c.rect((cx - 24, top - 8, cx + 24, top + 12), fill=color, radius=5)


def crate(c: Canvas, cx, top, w, h, seed=0):
    """A wooden crate heaped with oranges."""
    r = w / 9
    for i in range(4):
        orange(
            c,
            cx - w * 0.36 + i * w * 0.24,
            top + r * 0.3,
            r,
            seed=seed + i,
            leafy=i == 1,
            shadow=False,
        )
    c.rect((cx - w / 2, top + r * 0.6, cx + w / 2, top + h), fill="#b07a43", radius=6)
    for k in range(3):
        y = top + r * 0.6 + 8 + k * (h - r * 0.6) / 3
        c.rect(
            (cx - w / 2 + 8, y, cx + w / 2 - 8, y + (h - r * 0.6) / 3 - 12),
            fill="#c99a62",
            radius=4,
        )


@picture("stream-setup.png")
def stream_setup() -> Canvas:
    c = Canvas(1280, 720, "#f1e9dc")
    c.rect((0, 600, 1280, 720), fill="#c9b79a")
    # The window is behind the camera, so daylight falls on the seller's face.
    window(c, (40, 90, 250, 420))
    c.poly([(250, 100), (250, 420), (840, 470), (840, 170)], fill=(255, 244, 200, 110))
    for y in (150, 260, 370):
        c.line([(290, y), (700, y + 40 - (y - 260) * 0.1)], (255, 200, 60, 220), 6)
        c.poly(
            [
                (700, y + 40 - (y - 260) * 0.1 - 14),
                (730, y + 40 - (y - 260) * 0.1),
                (700, y + 40 - (y - 260) * 0.1 + 14),
            ],
            fill=(255, 200, 60, 220),
        )
    # Phone on a tripod at eye level, a ring light just behind it.
    tripod(c, 400, 300, 600)
    c.circle(400, 290, 80, outline="#fafafa", width=18)
    c.circle(400, 290, 80, outline="#ffe082", width=6)
    c.rect((385, 230, 415, 350), fill=INK, radius=8)
    c.rect((389, 238, 411, 342), fill="#4fc3f7", radius=5)
    c.rect((398, 350, 402, 380), fill="#37474f")
    # The dashed eye line from the camera to the seller's eyes.
    for x in range(430, 860, 36):
        c.line([(x, 275), (x + 18, 275)], "#5c6bc0", 5, False)
    # The seller behind the table, the produce in front.
    person(c, 900, 275, 62, shirt="#d84b3c")
    c.rect((620, 470, 1220, 500), fill="#8d6e3f", radius=8)
    c.rect((650, 500, 675, 650), fill="#6d4c2f")
    c.rect((1165, 500, 1190, 650), fill="#6d4c2f")
    # Arms resting on the table, hands beside the produce.
    for sx, hx in ((838, 842), (962, 990)):
        c.line([(sx, 372), (hx, 462)], "#c43f31", 34)
        c.circle(hx, 462, 19, fill="#f1c27d")
    crate(c, 740, 395, 180, 80, seed=100)
    orange(c, 1100, 430, 40, seed=105)
    orange(c, 1160, 440, 32, seed=106, leafy=False)
    return c


def _screen(draw) -> callable:
    """A panel showing a phone whose screen holds a livestream frame."""

    def panel(c: Canvas):
        c.rect((0, 0, PANEL_W, PANEL_H), fill="#f3efe6")
        x0, y0, x1, y1 = phone(c, 150, 20, 330, 630)
        s = Canvas(round(x1 - x0), round(y1 - y0), "#000000")
        draw(s)
        # A red live dot and a viewer count: the screen is a livestream.
        s.rect((14, 14, 110, 50), fill=RED, radius=18)
        s.circle(34, 32, 8, fill="#ffffff")
        s.text((76, 32), "128", 22, fill="#ffffff")
        c.paste(s, (x0, y0), mask_radius=18)

    return panel


def framing_bad(s: Canvas):
    w, h = s.width, s.height
    s.rect((0, 0, w, h), fill="#3e3a36")
    s.rect((0, h * 0.62, w, h), fill="#2f2a25")
    # Far away and dark; the produce is cut off by the bottom edge.
    person(s, w * 0.62, h * 0.36, 26, shirt="#7a3026", skin="#8a6e50", hair="#1a1410")
    s.rect((w * 0.4, h * 0.52, w * 0.85, h * 0.55), fill="#4a3a28")
    orange(s, w * 0.2, h * 0.99, 46, seed=110, tone=-0.5, shadow=False)
    orange(s, w * 0.45, h * 1.02, 46, seed=111, tone=-0.5, shadow=False)
    s.shade((0, 0, w, h), "#000000", 45)


def framing_good(s: Canvas):
    w, h = s.width, s.height
    s.rect((0, 0, w, h), fill="#f3e7d3")
    s.rect((w * 0.62, h * 0.08, w * 0.95, h * 0.3), fill="#cfe8f7")
    s.rect((0, h * 0.6, w, h), fill="#c99a62")
    person(s, w * 0.5, h * 0.3, 58, shirt="#d84b3c")
    s.rect((0, h * 0.6, w, h * 0.64), fill=mix("#c99a62", "#000000", 0.15))
    crate(s, w * 0.5, h * 0.66, w * 0.8, h * 0.22, seed=120)
    s.shade((0, 0, w, h * 0.6), "#fff6dc", 30)


@picture("stream-framing.png")
def stream_framing() -> Canvas:
    return pair(_screen(framing_bad), _screen(framing_good))
