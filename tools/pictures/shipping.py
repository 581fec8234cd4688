"""Packing and shipping: the label, ripeness, packing layers, delivery promise, damage evidence."""

from __future__ import annotations

import math

from .canvas import Canvas, mix
from .icons import (
    BLUE,
    GREEN,
    INK,
    RED,
    arrow,
    calendar,
    camera,
    cart,
    check,
    clock,
    number_badge,
    pin,
    text_lines,
    truck,
)
from .produce import (
    banana,
    cherries,
    grapes,
    jar,
    kiwi,
    kiwi_half,
    mango,
    orange,
    peach,
    strawberry,
    tomato,
)
from .registry import picture

BG = "#f3efe6"
CARTON = "#c8955a"
CARTON_DARK = "#9c6b36"


def ok(c: Canvas, cx, cy, r=20):
    c.circle(cx, cy, r, fill=GREEN)
    check(c, cx, cy, r * 0.9)


def parcel_icon(c: Canvas, cx, cy, s):
    c.rect((cx - s, cy - s * 0.7, cx + s, cy + s * 0.7), fill=CARTON, radius=s * 0.08)
    c.rect((cx - s * 0.18, cy - s * 0.7, cx + s * 0.18, cy + s * 0.7), fill="#e9d3b0")


def hourglass(c: Canvas, cx, cy, s, color=RED):
    c.rect((cx - s * 0.6, cy - s, cx + s * 0.6, cy - s * 0.82), fill=color, radius=3)
    c.rect((cx - s * 0.6, cy + s * 0.82, cx + s * 0.6, cy + s), fill=color, radius=3)
    c.poly(
        [
            (cx - s * 0.45, cy - s * 0.82),
            (cx + s * 0.45, cy - s * 0.82),
            (cx, cy),
            (cx + s * 0.45, cy + s * 0.82),
            (cx - s * 0.45, cy + s * 0.82),
            (cx, cy),
        ],
        outline=color,
        width=4,
    )
    c.poly(
        [(cx - s * 0.3, cy + s * 0.8), (cx + s * 0.3, cy + s * 0.8), (cx, cy + s * 0.3)],
        fill="#f2a51a",
    )


def scale_icon(c: Canvas, cx, bottom, w):
    c.rect((cx - w / 2, bottom - w * 0.22, cx + w / 2, bottom), fill="#78909c", radius=w * 0.06)
    c.rect(
        (cx - w * 0.42, bottom - w * 0.28, cx + w * 0.42, bottom - w * 0.22),
        fill="#546e7a",
        radius=4,
    )


@picture("label-example.png")
def label_example() -> Canvas:
    c = Canvas(1280, 720, BG)
    # The jar on the left carries the label; the label is shown enlarged on the right.
    jar(c, 170, 560, 210, 280)
    c.rect((85, 400, 255, 500), fill="#ffffff", outline="#b0bec5", width=3, radius=8)
    for y in (420, 445, 470):
        c.rect((100, y, 240, y + 10), fill="#cfd8dc", radius=5)
    c.poly([(255, 400), (360, 60), (360, 680), (255, 500)], fill=(255, 255, 255, 140))
    x0, y0, x1, y1 = 360, 40, 1240, 680
    c.rect((x0 + 6, y0 + 10, x1 + 6, y1 + 10), fill=(0, 0, 0, 40), radius=26)
    c.rect((x0, y0, x1, y1), fill="#ffffff", outline="#b0bec5", width=4, radius=26)
    # Product: a picture and its name.
    c.rect((x0, y0, x1, y0 + 130), fill="#fff4d6", radius=26)
    c.rect((x0, y0 + 100, x1, y0 + 130), fill="#fff4d6")
    jar(c, x0 + 90, y0 + 118, 70, 90, lid_on=True)
    c.rect((x0 + 160, y0 + 48, x0 + 520, y0 + 84), fill="#6d4c2f", radius=18)
    ok(c, x1 - 50, y0 + 66)
    # Net weight (contents only) and gross weight (jar, lid and contents on the scale).
    ry = y0 + 150
    c.rect((x0 + 30, ry, x0 + 420, ry + 150), fill="#fafafa", outline="#cfd8dc", width=3, radius=16)
    c.rect((x0 + 60, ry + 40, x0 + 120, ry + 130), outline="#90a4ae", width=3, radius=12)
    c.rect((x0 + 66, ry + 60, x0 + 114, ry + 124), fill="#f2a51a", radius=10)
    c.text((x0 + 280, ry + 78), "500 g", 58, fill=INK)
    c.rect((x0 + 460, ry, x1 - 80, ry + 150), fill="#fafafa", outline="#cfd8dc", width=3, radius=16)
    scale_icon(c, x0 + 540, ry + 138, 110)
    jar(c, x0 + 540, ry + 108, 66, 86)
    c.text((x0 + 720, ry + 78), "620 g", 58, fill=INK)
    ok(c, x1 - 50, ry + 75)
    # Packing date (box) and best-before date (hourglass).
    dy = ry + 175
    for i, (icon, date) in enumerate(((parcel_icon, "2026.12.03"), (hourglass, "2027.06.03"))):
        bx = x0 + 30 + i * 395
        c.rect((bx, dy, bx + 375, dy + 130), fill="#fafafa", outline="#cfd8dc", width=3, radius=16)
        calendar(c, bx + 20, dy + 25, 80, 86)
        icon(c, bx + 60, dy + 80, 22)
        c.text((bx + 235, dy + 66), date, 40, fill=INK)
    ok(c, x1 - 50, dy + 65)
    # Producer's address and the permit number.
    ay = dy + 150
    pin(c, x0 + 70, ay + 100, 80)
    text_lines(c, x0 + 120, ay + 28, [300, 220], h=18, gap=20, color="#90a4ae")
    c.rect((x0 + 470, ay + 20, x1 - 80, ay + 110), fill="#e3f2fd", outline=BLUE, width=4, radius=12)
    c.rect((x0 + 485, ay + 42, x0 + 531, ay + 88), fill=BLUE, radius=8)
    check(c, x0 + 508, ay + 65, 20)
    c.text((x0 + 542, ay + 66), "11233010201234", 30, fill=INK, anchor="lm")
    ok(c, x1 - 50, ay + 65)
    return c


@picture("ripeness.png")
def ripeness() -> Canvas:
    c = Canvas(1080, 1080, BG)
    # Top: picked firm, it ripens at home over a few days (the clock).
    c.rect((20, 20, 1060, 560), fill="#e8f3dc", radius=30)
    clock(c, 95, 290, 58, hand_to=4)
    pairs = ((kiwi, 50), (peach, 56), (mango, 58), (banana, 56), (tomato, 56))
    for i, (fn, r) in enumerate(pairs):
        cx = 225 + i * 185
        fn(c, cx, 150, r, ripe=False)
        arrow(c, cx, 240, cx, 325, color=GREEN, width=11)
        fn(c, cx, 430, r, ripe=True)
        if fn is kiwi:
            kiwi_half(c, cx + 44, 458, 36)
    # Bottom: picked ripe, it will not get sweeter, so it goes out fast (the truck).
    c.rect((20, 580, 1060, 1060), fill="#fdebd8", radius=30)
    truck(c, 105, 760, 170, color=RED, fast=True)
    for i, (fn, r) in enumerate(((orange, 78), (grapes, 74), (strawberry, 70), (cherries, 74))):
        cx = 385 + i * 183
        if fn is orange:
            fn(c, cx, 820, r, seed=60)
        else:
            fn(c, cx, 820 - (20 if fn is grapes else 0), r)
    return c


def _sleeved(c: Canvas, cx, cy, r, seed):
    """An orange in a white foam net sleeve: a criss-cross mesh clipped to the fruit."""
    orange(c, cx, cy, r, seed=seed, leafy=False, shadow=False)
    rr = r * 1.04
    step = r * 0.32
    for sign in (1, -1):
        ux, uy = 1 / math.sqrt(2), sign / math.sqrt(2)
        for k in range(-4, 5):
            # A chord of the circle at distance d from the centre.
            d = k * step / math.sqrt(2)
            if abs(d) >= rr:
                continue
            half = math.sqrt(rr * rr - d * d)
            px, py = -uy * d, ux * d
            c.line(
                [
                    (cx + px - ux * half, cy + py - uy * half),
                    (cx + px + ux * half, cy + py + uy * half),
                ],
                (255, 255, 255, 210),
                3.5,
            )
    c.circle(cx, cy, rr, outline=(255, 255, 255, 235), width=6)


@picture("packing-layers.png")
def packing_layers() -> Canvas:
    c = Canvas(1280, 720, BG)
    x0, y0, x1, y1 = 120, 240, 900, 660
    # Open flaps and tape above the box.
    c.poly([(x0, y0), (x0 - 60, y0 - 90), (x0 + 300, y0 - 90), (x0 + 360, y0)], fill=CARTON_DARK)
    c.poly([(x1, y0), (x1 + 60, y0 - 90), (x1 - 300, y0 - 90), (x1 - 360, y0)], fill=CARTON_DARK)
    c.rect((x0 - 20, y0 - 20, x1 + 20, y1 + 20), fill=CARTON, radius=10)
    c.rect((x0, y0, x1, y1), fill="#fbf3e4")
    # 2: padding on the bottom.
    for i in range(14):
        c.ellipse(
            (x0 + i * 57 - 10, y1 - 60, x0 + i * 57 + 70, y1 + 5),
            fill="#e7e1d6",
            outline="#c9bfae",
            width=2,
        )
    # 3: the bottom layer of fruit, each in its net sleeve.
    for i in range(5):
        _sleeved(c, x0 + 90 + i * 150, y1 - 130, 68, 70 + i)
    # 4: a card divider between the layers.
    c.rect((x0, y1 - 215, x1, y1 - 195), fill=CARTON_DARK)
    for i in range(5):
        _sleeved(c, x0 + 90 + i * 150, y1 - 285, 68, 80 + i)
    # 5: padding on top and tape across the closed lid line.
    for i in range(14):
        c.ellipse(
            (x0 + i * 57 - 10, y0 - 5, x0 + i * 57 + 70, y0 + 60),
            fill="#e7e1d6",
            outline="#c9bfae",
            width=2,
        )
    c.rect(((x0 + x1) / 2 - 40, y0 - 110, (x0 + x1) / 2 + 40, y0 + 10), fill=(210, 180, 110, 220))
    # Each number sits level with its part, so no two leader lines cross.
    parts = (
        (5, x1 - 40, y0 + 28),
        (3, x1 - 120, y1 - 285),
        (4, x1 - 40, y1 - 205),
        (1, x1 + 10, y1 - 115),
        (2, x1 - 40, y1 - 28),
    )
    for n, px, py in parts:
        c.line([(1100, py), (px, py)], INK, 4)
        c.circle(px, py, 9, fill=INK)
        number_badge(c, 1130, py, n, r=34, color="#f57c00")
    return c


@picture("delivery-promise.png")
def delivery_promise() -> Canvas:
    c = Canvas(1280, 720, "#e6f0f7")
    x0, y0, x1, y1 = 80, 60, 1200, 660
    c.rect((x0 + 6, y0 + 10, x1 + 6, y1 + 10), fill=(0, 0, 0, 40), radius=30)
    c.rect((x0, y0, x1, y1), fill="#ffffff", radius=30)
    c.rect((x0, y0, x1, y0 + 24), fill=BLUE, radius=12)
    truck(c, x0 + 60, y0 + 90, 300, color=BLUE, fast=True)
    clock(c, x0 + 560, y0 + 180, 110, digits="48", color="#f57c00")
    # The week with the ship day circled.
    calendar(c, x0 + 760, y0 + 70, 300, 230)
    for i in range(7):
        dx = x0 + 790 + (i % 4) * 68
        dy = y0 + 175 + (i // 4) * 62
        c.text((dx + 10, dy), str(i + 1), 36, fill=INK)
        if i + 1 == 3:
            c.circle(dx + 10, dy, 30, outline=RED, width=6)
    # Tracking number: a bar code and its digits.
    ty = y0 + 360
    c.rect((x0 + 60, ty, x1 - 60, ty + 190), fill="#f5f7f9", outline="#cfd8dc", width=3, radius=18)
    widths = [
        3,
        1,
        2,
        1,
        3,
        2,
        1,
        1,
        3,
        1,
        2,
        3,
        1,
        2,
        1,
        3,
        1,
        1,
        2,
        3,
        1,
        2,
        1,
        1,
        3,
        2,
        1,
        3,
        1,
        2,
    ]
    bx = x0 + 100
    for i, w in enumerate(widths):
        if i % 2 == 0:
            c.rect((bx, ty + 30, bx + w * 6, ty + 160), fill=INK)
        bx += w * 6 + 4
    c.text((bx + 40, ty + 95), "7302 5519 8841", 60, fill=INK, anchor="lm")
    return c


def _polaroid(c: Canvas, x, y, w, h):
    c.rect((x + 6, y + 10, x + w + 6, y + h + 10), fill=(0, 0, 0, 50), radius=10)
    c.rect((x, y, x + w, y + h), fill="#ffffff", radius=10)
    return x + 20, y + 20, x + w - 20, y + h - 70


def _bruise(c: Canvas, cx, cy, r):
    c.ellipse((cx - r * 0.5, cy - r * 0.1, cx + r * 0.3, cy + r * 0.55), fill=(90, 50, 20, 170))
    c.ellipse((cx - r * 0.3, cy + r * 0.05, cx + r * 0.15, cy + r * 0.4), fill=(60, 30, 10, 160))


@picture("damaged-parcel.png")
def damaged_parcel() -> Canvas:
    c = Canvas(1280, 720, BG)
    # Photo 1: the opened box from above, two bruised oranges circled.
    px0, py0, px1, py1 = _polaroid(c, 40, 50, 640, 620)
    c.rect((px0, py0, px1, py1), fill=CARTON_DARK)
    c.rect((px0 + 30, py0 + 30, px1 - 30, py1 - 30), fill=CARTON)
    bad = {(1, 0), (2, 2)}
    for j in range(3):
        for i in range(4):
            cx, cy = px0 + 95 + i * 135, py0 + 95 + j * 150
            orange(c, cx, cy, 60, seed=90 + i + j * 4, leafy=False, shadow=False)
            if (i, j) in bad:
                _bruise(c, cx, cy, 60)
                c.circle(cx, cy, 78, outline=RED, width=9)
    # Photo 2: the shipping label on the box.
    lx0, ly0, lx1, ly1 = _polaroid(c, 730, 50, 360, 400)
    c.rect((lx0, ly0, lx1, ly1), fill=CARTON)
    c.rect((lx0 + 40, ly0 + 40, lx1 - 40, ly1 - 40), fill="#ffffff", radius=6)
    bx = lx0 + 60
    for i, w in enumerate([3, 1, 2, 1, 3, 2, 1, 1, 3, 1, 2, 3, 1, 2, 1]):
        if i % 2 == 0:
            c.rect((bx, ly0 + 60, bx + w * 5, ly0 + 140), fill=INK)
        bx += w * 5 + 4
    text_lines(c, lx0 + 60, ly0 + 170, [200, 160, 180], h=16, gap=16, color="#90a4ae")
    # The camera with "2": send both photos.
    camera(c, 1010, 570, 200)
    c.circle(1110, 480, 44, fill=RED)
    c.text((1110, 482), "2", 56, fill="#ffffff")
    return c


@picture("campaign-calendar.png")
def campaign_calendar() -> Canvas:
    c = Canvas(1080, 1080, BG)
    x0, y0, x1 = 60, 60, 1020
    c.rect((x0 + 6, y0 + 10, x1 + 6, 1030), fill=(0, 0, 0, 40), radius=30)
    c.rect((x0, y0, x1, 1020), fill="#ffffff", radius=30)
    c.rect((x0, y0, x1, y0 + 130), fill=RED, radius=30)
    c.rect((x0, y0 + 100, x1, y0 + 130), fill=RED)
    c.text(((x0 + x1) / 2, y0 + 66), "12", 80, fill="#ffffff")
    cw, ch = (x1 - x0 - 40) / 7, 150
    presale, harvest, ship = range(1, 11), 15, 18
    # December 2026 starts on a Tuesday (Monday first).
    for day in range(1, 32):
        k = day + 0
        col, row = k % 7, k // 7
        cx0, cy0 = x0 + 20 + col * cw, y0 + 160 + row * ch
        box = (cx0 + 4, cy0 + 4, cx0 + cw - 4, cy0 + ch - 4)
        if day in presale:
            c.rect(box, fill="#ffe0b2", radius=14)
        elif day == harvest:
            c.rect(box, fill="#dcedc8", radius=14)
        elif day == ship:
            c.rect(box, fill="#bbdefb", radius=14)
        else:
            c.rect(box, fill="#f5f5f5", radius=14)
        c.text((cx0 + 26, cy0 + 30), str(day), 34, fill=INK, anchor="lm")
        mx, my = cx0 + cw / 2, cy0 + ch * 0.64
        if day in presale:
            # Orders taken before the harvest: a shopping cart.
            c.circle(mx, my, 30, fill=(245, 124, 0, 50))
            cart(c, mx, my - 4, 20, color="#e65100")
        if day == harvest:
            orange(c, mx, my, 34, seed=15)
        if day == ship:
            truck(c, mx - 50, my - 30, 100, color=BLUE)
            c.circle(cx0 + cw - 26, cy0 + 28, 24, fill=GREEN)
            check(c, cx0 + cw - 26, cy0 + 28, 22)
    # Harvest day to ship-by day: three days, the promise kept.
    ay = y0 + 160 + 2 * ch + ch * 0.64
    arrow(c, x0 + 20 + 2 * cw - 8, ay, x0 + 20 + 4 * cw + 8, ay, color=mix(BLUE, INK, 0.3), width=9)
    return c
