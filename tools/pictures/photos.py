"""The photo lesson's pairs: light, background, close-up and scale, ✗ left and ✓ right."""

from __future__ import annotations

import math

from .canvas import Canvas, mix
from .icons import coin
from .layout import PANEL_H, PANEL_W, pair
from .produce import orange, orange_half
from .registry import picture

W, H = PANEL_W, PANEL_H


def _pile(c: Canvas, cx, base, r, tone=0.0):
    """Five oranges heaped: three in front, two behind."""
    for i, (dx, dy) in enumerate(((-0.9, -0.85), (0.9, -0.85))):
        orange(
            c, cx + dx * r, base - r + dy * r, r, seed=10 + i, leafy=False, shadow=False, tone=tone
        )
    for i, dx in enumerate((-1.85, 0, 1.85)):
        orange(c, cx + dx * r, base - r, r, seed=20 + i, leafy=i == 1, tone=tone)


def _wood(c: Canvas, box, light="#d8b07a", dark="#b98a52"):
    x0, y0, x1, y1 = box
    c.rect(box, fill=light)
    for i in range(int((y1 - y0) / 26) + 1):
        y = y0 + 14 + i * 26
        c.line([(x0, y), (x1, y + 4)], dark, 3, False)


# --- light ------------------------------------------------------------------------------
def light_bad(c: Canvas):
    for i in range(H):
        if i % 4 == 0:
            c.rect((0, i, W, i + 4), fill=mix("#4a3b2a", "#1c1712", i / H))
    # The ceiling lamp: one yellow bulb straight above, hard shadows below.
    c.line([(W / 2, 0), (W / 2, 90)], "#111111", 4)
    c.poly(
        [(W / 2 - 70, 150), (W / 2 + 70, 150), (W / 2 + 30, 90), (W / 2 - 30, 90)], fill="#2e2a26"
    )
    c.glow(W / 2, 160, 110, "#ffcf6b", strength=160)
    c.circle(W / 2, 152, 22, fill="#fff1b8")
    c.rect((0, 470, W, H), fill="#3b2d20")
    c.ellipse((120, 540, 520, 620), fill=(0, 0, 0, 170))
    _pile(c, W / 2 + 10, 580, 62, tone=-0.55)
    # The flash: a white burn and star on the fruit.
    c.glow(W / 2 + 20, 450, 120, "#ffffff", strength=230, steps=30)
    c.circle(W / 2 + 20, 450, 26, fill="#ffffff")
    for a in range(0, 180, 45):
        r = math.radians(a)
        dx, dy = math.cos(r) * 90, math.sin(r) * 90
        c.line([(W / 2 + 20 - dx, 450 - dy), (W / 2 + 20 + dx, 450 + dy)], (255, 255, 255, 200), 4)


def window(c: Canvas, box, sky="#bfe3ff"):
    """A window onto a garden; the view is drawn apart so nothing spills past the frame."""
    x0, y0, x1, y1 = (round(v) for v in box)
    w, h = x1 - x0, y1 - y0
    c.rect((x0 - 14, y0 - 14, x1 + 14, y1 + 14), fill="#f7f4ee")
    view = Canvas(w, h, sky)
    view.ellipse((-40, h - 90, w * 0.6, h + 60), fill="#9ccc65")
    view.ellipse((w * 0.35, h - 70, w + 60, h + 60), fill="#7cb342")
    view.circle(w * 0.8, h * 0.22, 28, fill="#fff59d")
    view.ellipse((20, 30, 120, 70), fill="#ffffff")
    view.ellipse((70, 18, 160, 68), fill="#ffffff")
    c.paste(view, (x0, y0))
    c.rect(((x0 + x1) / 2 - 6, y0, (x0 + x1) / 2 + 6, y1), fill="#f7f4ee")
    c.rect((x0, (y0 + y1) / 2 - 6, x1, (y0 + y1) / 2 + 6), fill="#f7f4ee")


def light_good(c: Canvas):
    c.rect((0, 0, W, H), fill="#f1e9dc")
    window(c, (70, 70, 380, 360))
    # Soft daylight falling from the window across the table.
    c.poly([(70, 360), (380, 360), (620, 670), (0, 670)], fill=(255, 250, 225, 90))
    _wood(c, (0, 470, W, H))
    c.poly([(0, 470), (W, 470), (W, H), (0, H)], fill=(255, 248, 220, 60))
    _pile(c, W / 2 + 40, 600, 62)


# --- background -------------------------------------------------------------------------
def background_bad(c: Canvas):
    c.rect((0, 0, W, H), fill="#8d8f94")
    # A busy patterned tablecloth.
    c.rect((0, 380, W, H), fill="#d9534f")
    for i in range(-2, 14):
        for j in range(8):
            if (i + j) % 2 == 0:
                c.rect((i * 50, 380 + j * 50, i * 50 + 50, 380 + j * 50 + 50), fill="#f2f2f2")
    # Bottles, a bag, a cup, a phone and papers around the fruit.
    for x, col, h in ((60, "#2e7d32", 250), (150, "#1565c0", 200), (500, "#6d4c41", 230)):
        c.rect((x, 460 - h, x + 64, 480), fill=col, radius=16)
        c.rect((x + 20, 460 - h - 50, x + 44, 460 - h + 10), fill=col)
        c.rect((x + 18, 460 - h - 60, x + 46, 460 - h - 44), fill="#eeeeee")
        c.rect((x + 8, 460 - h + 60, x + 56, 460 - h + 120), fill=(255, 255, 255, 150))
    bag = [(330, 200), (470, 190), (480, 430), (320, 440), (300, 300)]
    c.poly(bag, fill=(240, 240, 250, 220), outline="#c5cae9", width=4)
    c.line([(350, 200), (370, 140), (400, 200)], "#c5cae9", 6)
    c.line([(340, 260), (450, 300)], "#c5cae9", 3)
    c.rect((40, 560, 170, 640), fill="#fffde7", outline="#bdbdbd", width=2)
    c.ellipse((200, 300, 290, 340), fill="#795548")
    c.rect((205, 320, 285, 440), fill="#fafafa", radius=10)
    c.arc((270, 350, 320, 410), -90, 90, "#fafafa", 10)
    _pile(c, W / 2 - 10, 600, 52)
    # A phone left lying on the table, in front of everything.
    c.rect((455, 575, 600, 650), fill="#263238", radius=14)
    c.rect((463, 583, 582, 642), fill="#4fc3f7", radius=9)
    c.circle(591, 612, 4, fill="#90a4ae")


def background_good(c: Canvas):
    c.rect((0, 0, W, H), fill="#f5efe3")
    c.rect((0, 380, W, H), fill="#ece3d2")
    # A plain wooden board under the fruit, nothing else in the frame.
    c.rect((60, 440, W - 60, 650), fill="#a8743f", radius=26)
    _wood(c, (72, 450, W - 72, 636), "#c99a62", "#b3834c")
    _pile(c, W / 2, 600, 62)


# --- close-up ---------------------------------------------------------------------------
def closeup_bad(c: Canvas):
    c.rect((0, 0, W, H), fill="#cfe8f7")
    c.rect((0, 300, W, H), fill="#a5c97a")
    c.poly([(0, 300), (140, 200), (260, 300)], fill="#8fb56a")
    c.poly([(300, 300), (470, 170), (W, 300)], fill="#8fb56a")
    c.rect((40, 180, 160, 320), fill="#e0d5c0")
    c.poly([(30, 190), (100, 130), (170, 190)], fill="#b5523b")
    for x in (420, 520):
        c.rect((x + 12, 200, x + 24, 330), fill="#6d4c2f")
        c.circle(x + 18, 190, 46, fill="#5d9c3a")
    # The table and fruit are a speck in the middle of the frame.
    c.rect((265, 420, 345, 426), fill="#8d6e3f")
    c.rect((272, 426, 276, 460), fill="#8d6e3f")
    c.rect((334, 426, 338, 460), fill="#8d6e3f")
    for dx in (-16, 0, 16):
        orange(c, W / 2 + dx, 410, 9, seed=3, leafy=False, shadow=False)
    c.circle(W / 2 + 8, 397, 9, fill="#f28c28")
    c.rect((0, 560, W, H), fill="#93b96a")


def closeup_good(c: Canvas):
    c.rect((0, 0, W, H), fill="#f4ecdf")
    _wood(c, (0, 430, W, H))
    orange(c, 235, 330, 230, seed=5)
    orange_half(c, 455, 540, 125)


# --- scale ------------------------------------------------------------------------------
def scale_bad(c: Canvas):
    c.rect((0, 0, W, H), fill="#eceae6")
    c.rect((0, 470, W, H), fill="#e0ddd6")
    orange(c, W / 2, 380, 130, seed=8)


def _finger_stroke(c: Canvas, pts, w, skin, edge):
    c.line(pts, edge, w + 5)
    c.line(pts, skin, w)


def scale_good(c: Canvas):
    """The same orange held in a hand, a coin beside it: now its size is plain."""
    c.rect((0, 0, W, H), fill="#eceae6")
    c.rect((0, 470, W, H), fill="#e0ddd6")
    skin, edge = "#f0c090", "#c98f5e"
    cx, cy, r = 290, 330, 100
    # Wrist and palm under the fruit.
    c.poly(
        [(cx - 80, cy + 110), (cx + 40, cy + 120), (cx - 30, H), (cx - 190, H)],
        fill=skin,
        outline=edge,
        width=3,
    )
    c.ellipse((cx - 135, cy + 40, cx + 135, cy + 150), fill=skin, outline=edge, width=3)
    orange(c, cx, cy, r, seed=8, shadow=False)
    # Four fingers curled up the right side, the thumb up the left.
    for i in range(4):
        y = cy + 110 - i * 42
        _finger_stroke(
            c,
            [(cx + 95 - i * 6, y + 20), (cx + 120 - i * 4, y - 5), (cx + 92 - i * 2, y - 34)],
            36,
            skin,
            edge,
        )
    _finger_stroke(
        c, [(cx - 110, cy + 110), (cx - 120, cy + 40), (cx - 90, cy - 10)], 40, skin, edge
    )
    coin(c, 500, 540, 40)


@picture("photo-light.png")
def photo_light() -> Canvas:
    return pair(light_bad, light_good)


@picture("photo-background.png")
def photo_background() -> Canvas:
    return pair(background_bad, background_good)


@picture("photo-closeup.png")
def photo_closeup() -> Canvas:
    return pair(closeup_bad, closeup_good)


@picture("photo-scale.png")
def photo_scale() -> Canvas:
    return pair(scale_bad, scale_good)
