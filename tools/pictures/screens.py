"""Phone screens: a store page, a listing with its parts numbered, quick replies, a scam chat."""

from __future__ import annotations

from .canvas import Canvas, mix, star_points
from .icons import (
    GREEN,
    INK,
    RED,
    arrow,
    bubble,
    clock,
    cross,
    lightning,
    number_badge,
    padlock,
    person,
    phone,
    shield,
    text_lines,
)
from .produce import jar, kiwi_half, leaf, orange, orange_half
from .registry import picture

SLIDE = "#eef3ea"


def status_bar(c: Canvas, x0, y0, x1, color=INK):
    c.text((x0 + 40, y0 + 24), "9:41", 22, fill=color)
    for i in range(4):
        c.rect((x1 - 110 + i * 10, y0 + 30 - i * 5, x1 - 104 + i * 10, y0 + 34), fill=color)
    c.rect((x1 - 58, y0 + 16, x1 - 22, y0 + 34), outline=color, width=2, radius=4)
    c.rect((x1 - 55, y0 + 19, x1 - 32, y0 + 31), fill=color, radius=2)


def orchard(c: Canvas, box):
    """Rows of orange trees under a blue sky."""
    x0, y0, x1, y1 = box
    c.rect(box, fill="#9fd4f5")
    c.rect((x0, y0 + (y1 - y0) * 0.62, x1, y1), fill="#8cc152")
    k = 0
    for row, (yy, rr) in enumerate(((0.5, 46), (0.7, 58))):
        n = 6 - row
        for i in range(n):
            x = x0 + (i + 0.5 + row * 0.3) * (x1 - x0) / n
            y = y0 + (y1 - y0) * yy
            c.rect((x - 6, y, x + 6, y + rr * 1.2), fill="#6d4c2f")
            c.circle(x, y, rr, fill="#3e8e41" if row else "#57a94f")
            for dx, dy in ((-0.4, -0.2), (0.3, 0.1), (-0.1, 0.45), (0.45, -0.4)):
                k += 1
                c.circle(x + dx * rr, y + dy * rr, rr * 0.14, fill="#f7931e")


def tile(c: Canvas, x, y, w, draw, price: str):
    """A product tile: picture, a grey name bar, a price in red digits."""
    c.rect((x + 3, y + 5, x + w + 3, y + w * 1.45 + 5), fill=(0, 0, 0, 25), radius=16)
    c.rect((x, y, x + w, y + w * 1.45), fill="#ffffff", radius=16)
    c.rect((x, y, x + w, y + w), fill="#fbf4e6", radius=16)
    c.rect((x, y + w - 20, x + w, y + w), fill="#fbf4e6")
    draw(c, x + w / 2, y + w / 2)
    text_lines(c, x + 14, y + w + 16, [w * 0.7], h=12)
    c.text((x + 14, y + w * 1.32), price, 30, fill=RED, anchor="lm")


def _oranges_tile(c, cx, cy):
    orange(c, cx - 30, cy + 14, 42, seed=31, leafy=False)
    orange(c, cx + 32, cy + 18, 40, seed=32)


def _kiwi_tile(c, cx, cy):
    kiwi_half(c, cx - 20, cy + 5, 48)
    kiwi_half(c, cx + 36, cy + 34, 34)


def _honey_tile(c, cx, cy):
    jar(c, cx, cy + 62, 92, 120)


@picture("store-profile.png")
def store_profile() -> Canvas:
    c = Canvas(1000, 1200, SLIDE)
    x0, y0, x1, _y1 = phone(c, 200, 40, 600, 1120)
    status_bar(c, x0, y0, x1)
    orchard(c, (x0, y0 + 50, x1, y0 + 330))
    cx = (x0 + x1) / 2
    # The round profile photo: the grower, smiling, in the orchard.
    c.circle(cx, y0 + 330, 112, fill="#ffffff")
    avatar = Canvas(210, 210, "#9fd4f5")
    avatar.rect((0, 140, 210, 210), fill="#8cc152")
    avatar.circle(30, 70, 40, fill="#57a94f")
    avatar.circle(40, 60, 8, fill="#f7931e")
    avatar.circle(185, 90, 44, fill="#3e8e41")
    avatar.circle(175, 80, 8, fill="#f7931e")
    person(avatar, 105, 100, 46, shirt="#d84b3c", hat=True)
    mask_canvas = Canvas(210, 210, "#ffffff")
    c.paste(avatar, (cx - 105, y0 + 225), mask_radius=105)
    del mask_canvas
    c.circle(cx, y0 + 330, 105, outline="#ffffff", width=8)
    # Store name: one short bar, a verified tick and five stars.
    c.rect((cx - 120, y0 + 460, cx + 90, y0 + 490), fill="#455a64", radius=15)
    c.circle(cx + 120, y0 + 475, 18, fill=GREEN)
    from .icons import check

    check(c, cx + 120, y0 + 475, 16)
    for i in range(5):
        c.poly(star_points(cx - 88 + i * 44, y0 + 535, 18, 8), fill="#fbc02d")
    c.rect((cx - 90, y0 + 575, cx + 90, y0 + 625), fill=GREEN, radius=25)
    c.text((cx, y0 + 600), "+", 44, fill="#ffffff")
    c.line([(x0 + 30, y0 + 660), (x1 - 30, y0 + 660)], "#e0e0e0", 3)
    w = (x1 - x0 - 4 * 22) / 3
    for i, (draw, price) in enumerate(
        ((_oranges_tile, "25"), (_kiwi_tile, "32"), (_honey_tile, "48"))
    ):
        tile(c, x0 + 22 + i * (w + 22), y0 + 690, w, draw, price)
    return c


def _main_picture(c: Canvas, box):
    x0, y0, x1, y1 = box
    c.rect(box, fill="#f6ead7")
    c.rect((x0, y0 + (y1 - y0) * 0.62, x1, y1), fill="#d8b07a")
    cx = (x0 + x1) / 2
    for i, (dx, dy, r) in enumerate(((-120, 10, 80), (40, -5, 88), (150, 40, 70))):
        orange(c, cx + dx, y0 + 230 + dy, r, seed=40 + i, leafy=i == 1)
    orange_half(c, cx - 40, y0 + 330, 72)
    leaf(c, cx + 190, y0 + 330, 80, 200)


@picture("listing-example.png")
def listing_example() -> Canvas:
    c = Canvas(1000, 1200, SLIDE)
    x0, y0, x1, _y1 = phone(c, 230, 40, 600, 1120)
    status_bar(c, x0, y0, x1)
    _main_picture(c, (x0, y0 + 50, x1, y0 + 560))
    for i in range(4):
        c.circle((x0 + x1) / 2 - 30 + i * 20, y0 + 540, 6, fill="#ffffff" if i else "#f57c00")
    # Price line and title.
    c.text((x0 + 30, y0 + 615), "29.9", 54, fill=RED, anchor="lm")
    c.rect(
        (x0 + 24, y0 + 660, x1 - 24, y0 + 770),
        fill="#fff8e1",
        outline="#ffb300",
        width=4,
        radius=14,
    )
    text_lines(
        c, x0 + 44, y0 + 682, [x1 - x0 - 110, (x1 - x0) * 0.55], h=22, gap=20, color="#607d8b"
    )
    # Variants: weight buttons with their prices.
    c.rect(
        (x0 + 24, y0 + 800, x1 - 24, y0 + 950),
        fill="#f5f5f5",
        outline="#ffb300",
        width=4,
        radius=14,
    )
    bw = (x1 - x0 - 48 - 3 * 20) / 2
    for i, (kg, price) in enumerate((("2.5 kg", "29.9"), ("5 kg", "49.9"))):
        bx = x0 + 44 + i * (bw + 20)
        sel = i == 0
        c.rect(
            (bx, y0 + 820, bx + bw, y0 + 930),
            fill="#fff3e0" if sel else "#ffffff",
            outline="#f57c00" if sel else "#bdbdbd",
            width=4,
            radius=16,
        )
        c.text((bx + bw / 2, y0 + 853), kg, 34, fill=INK)
        c.text((bx + bw / 2, y0 + 900), price, 32, fill=RED)
    c.rect((x0 + 24, y0 + 980, x1 - 24, y0 + 1050), fill="#f57c00", radius=35)
    _cart(c, (x0 + x1) / 2, y0 + 1015, 40)
    # The numbered markers sit left of the phone with arrows to the part they name.
    for n, y in ((1, y0 + 300), (2, y0 + 715), (3, y0 + 875)):
        number_badge(c, 110, y, n, r=44, color="#f57c00")
        arrow(c, 160, y, x0 + 12, y, color="#f57c00", width=9)
    return c


def _cart(c: Canvas, cx, cy, s, color="#ffffff"):
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


def chat_header(c: Canvas, x0, y0, x1, avatar_draw, badge=None):
    c.rect((x0, y0 + 50, x1, y0 + 150), fill="#f7f7f7")
    c.line([(x0, y0 + 150), (x1, y0 + 150)], "#e0e0e0", 2)
    c.line([(x0 + 40, y0 + 100), (x0 + 25, y0 + 85), (x0 + 40, y0 + 70)], INK, 5)
    c.line([(x0 + 25, y0 + 85), (x0 + 40, y0 + 100)], INK, 5)
    avatar_draw(c, x0 + 100, y0 + 100)
    c.rect((x0 + 150, y0 + 85, x0 + 330, y0 + 112), fill="#455a64", radius=13)
    if badge:
        badge(c, x0 + 360, y0 + 98)


@picture("quick-replies.png")
def quick_replies() -> Canvas:
    c = Canvas(1000, 1200, SLIDE)
    x0, y0, x1, y1 = phone(c, 200, 40, 600, 1120, screen="#e8eef2")
    status_bar(c, x0, y0, x1)

    def buyer(cc, cx, cy):
        cc.circle(cx, cy, 36, fill="#ffcc80")
        p = Canvas(72, 72, "#ffcc80")
        person(p, 36, 34, 18, shirt="#7e57c2")
        cc.paste(p, (cx - 36, cy - 36), mask_radius=36)

    chat_header(c, x0, y0, x1, buyer)
    # The buyer's question.
    bubble(c, (x0 + 40, y0 + 200, x0 + 420, y0 + 320), "#ffffff")
    text_lines(c, x0 + 70, y0 + 228, [300, 200], h=20, gap=22)
    c.circle(x0 + 460, y0 + 260, 34, fill="#ffb300")
    c.text((x0 + 460, y0 + 262), "?", 48, fill="#ffffff")
    # The sent reply, and the clock: answered within one minute.
    bubble(c, (x1 - 420, y0 + 380, x1 - 40, y0 + 500), "#c8f0c0", tail_left=False)
    text_lines(c, x1 - 390, y0 + 408, [320, 230], h=20, gap=22, color="#7cb987")
    lightning(c, x1 - 74, y0 + 520, 44)
    clock(c, x0 + 110, y0 + 450, 62, digits="1", color=GREEN)
    # The saved-reply menu under the keyboard bar.
    top = y0 + 640
    c.rect((x0, top, x1, y1), fill="#ffffff", radius=30)
    c.rect((x0, top + 40, x1, y1 - 40), fill="#ffffff")
    c.circle(x0 + 70, top + 60, 38, fill="#fff3c4")
    lightning(c, x0 + 70, top + 60, 56)
    c.rect((x0 + 130, top + 44, x1 - 40, top + 78), fill="#eceff1", radius=17)
    for i, w in enumerate((0.78, 0.62, 0.7)):
        by = top + 120 + i * 110
        sel = i == 0
        c.rect(
            (x0 + 36, by, x1 - 36, by + 86),
            fill="#e8f5e9" if sel else "#f5f5f5",
            outline=GREEN if sel else "#cfd8dc",
            width=4,
            radius=20,
        )
        c.rect(
            (x0 + 70, by + 32, x0 + 70 + (x1 - x0 - 160) * w, by + 54),
            fill="#9e9e9e" if not sel else "#66bb6a",
            radius=11,
        )
    # A tap on the first saved reply.
    _finger(c, x1 - 120, top + 200)
    arrow(c, x1 - 60, top + 100, x1 - 60, y0 + 530, color=GREEN, width=8)
    return c


def _finger(c: Canvas, x, y, skin="#f0c090"):
    """A pointing finger whose tip is at (x, y)."""
    edge = mix(skin, "#8d5a3a", 0.4)
    c.rect((x - 18, y - 6, x + 18, y + 90), fill=skin, outline=edge, width=3, radius=18)
    c.rect((x - 30, y + 60, x + 60, y + 170), fill=skin, outline=edge, width=3, radius=30)
    c.circle(x, y + 10, 30, outline=(255, 255, 255, 200), width=5)


@picture("scam-message.png")
def scam_message() -> Canvas:
    c = Canvas(1000, 1200, "#fbeeee")
    x0, y0, x1, y1 = phone(c, 200, 40, 600, 1120, screen="#e8eef2")
    status_bar(c, x0, y0, x1)

    def fake_support(cc, cx, cy):
        cc.circle(cx, cy, 36, fill="#1e88e5")
        cc.circle(cx, cy - 8, 14, fill="#ffffff")
        cc.arc((cx - 22, cy - 24, cx + 22, cy + 14), 180, 360, "#ffffff", 5)
        cc.rect((cx - 26, cy - 10, cx - 18, cy + 6), fill="#ffffff", radius=3)
        cc.rect((cx + 18, cy - 10, cx + 26, cy + 6), fill="#ffffff", radius=3)
        cc.ellipse((cx - 18, cy + 8, cx + 18, cy + 30), fill="#ffffff")

    def official_badge(cc, cx, cy):
        cc.poly(star_points(cx, cy, 24, 17, n=10), fill="#1e88e5")
        from .icons import check

        check(cc, cx, cy, 14)

    chat_header(c, x0, y0, x1, fake_support, badge=official_badge)
    # "Send me the 6-digit code": six boxes with a padlock.
    bubble(c, (x0 + 40, y0 + 200, x1 - 60, y0 + 400), "#ffffff")
    text_lines(c, x0 + 70, y0 + 226, [330], h=20)
    padlock(c, x0 + 100, y0 + 320, 70)
    for i, dgt in enumerate("482913"):
        bx = x0 + 160 + i * 58
        c.rect(
            (bx, y0 + 285, bx + 48, y0 + 355), fill="#eceff1", outline="#90a4ae", width=3, radius=8
        )
        c.text((bx + 24, y0 + 321), dgt, 36, fill=INK)
    # "Transfer money": coins going to an account number.
    bubble(c, (x0 + 40, y0 + 440, x1 - 60, y0 + 620), "#ffffff")
    text_lines(c, x0 + 70, y0 + 466, [260], h=20)
    for i in range(3):
        c.ellipse(
            (x0 + 70, y0 + 560 - i * 16, x0 + 150, y0 + 590 - i * 16),
            fill="#c9a227",
            outline="#a07d12",
            width=2,
        )
    arrow(c, x0 + 170, y0 + 555, x0 + 260, y0 + 555, color=RED, width=9)
    c.text((x0 + 275, y0 + 555), "5000", 44, fill=RED, anchor="lm")
    c.rect((x0 + 40, y0 + 660, x1 - 60, y0 + 740), fill="#ffffff", radius=26)
    text_lines(c, x0 + 70, y0 + 690, [300], h=20)
    # Big red ✗ over the chat, and a shield: do not answer.
    cx, cy = (x0 + x1) / 2, y0 + 470
    c.circle(cx, cy, 250, outline=(216, 58, 52, 235), width=34)
    cross(c, cx, cy, 250, color=(216, 58, 52, 235), width=42)
    shield(c, x1 - 10, y1 - 170, 200, color=GREEN)
    return c
