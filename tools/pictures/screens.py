"""Phone screens: a store page, a listing with its parts numbered, quick replies, a scam chat."""

from __future__ import annotations

from .canvas import Canvas, mix, star_points
from .icons import (
    GREEN,
    INK,
    RED,
    arrow,
    bubble,
    cart,
    check,
    clock,
    lightning,
    number_badge,
    on_screen,
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


def bottom_nav(s: Canvas):
    """Home, shop and chat icons along the bottom of the app."""
    w, h = s.width, s.height
    s.rect((0, h - 80, w, h), fill="#fafafa")
    s.line([(0, h - 80), (w, h - 80)], "#e0e0e0", 2)
    cx = w / 6
    s.poly([(cx - 26, h - 38), (cx, h - 62), (cx + 26, h - 38)], fill="#f57c00")
    s.rect((cx - 18, h - 40, cx + 18, h - 16), fill="#f57c00")
    gx = w / 2
    for i in range(4):
        x, y = gx - 22 + (i % 2) * 26, h - 62 + (i // 2) * 26
        s.rect((x, y, x + 18, y + 18), fill="#9e9e9e", radius=4)
    bx = w * 5 / 6
    s.rect((bx - 26, h - 62, bx + 26, h - 26), fill="#9e9e9e", radius=12)
    s.poly([(bx - 14, h - 28), (bx - 20, h - 14), (bx - 2, h - 28)], fill="#9e9e9e")


def _store_screen(s: Canvas):
    w = s.width
    cx = w / 2
    status_bar(s, 0, 0, w)
    orchard(s, (0, 50, w, 340))
    # The round profile photo: the grower, smiling, in the orchard.
    avatar = Canvas(210, 210, "#9fd4f5")
    avatar.rect((0, 140, 210, 210), fill="#8cc152")
    avatar.circle(20, 80, 44, fill="#57a94f")
    avatar.circle(30, 70, 9, fill="#f7931e")
    avatar.circle(190, 95, 46, fill="#3e8e41")
    avatar.circle(180, 84, 9, fill="#f7931e")
    person(avatar, 105, 104, 44, shirt="#d84b3c", hat=True)
    s.circle(cx, 340, 114, fill="#ffffff")
    s.paste(avatar, (cx - 105, 235), mask_radius=105)
    # Store name: one short bar, a verified tick and five stars.
    s.rect((cx - 120, 470, cx + 90, 502), fill="#455a64", radius=16)
    s.circle(cx + 122, 486, 19, fill=GREEN)
    check(s, cx + 122, 486, 17)
    for i in range(5):
        s.poly(star_points(cx - 88 + i * 44, 538, 18, 8), fill="#fbc02d")
    s.rect((cx - 90, 568, cx + 90, 614), fill=GREEN, radius=25)
    s.text((cx, 591), "+", 44, fill="#ffffff")
    s.line([(30, 640), (w - 30, 640)], "#e0e0e0", 3)
    tw = (w - 4 * 20) / 3
    tiles = ((_oranges_tile, "25"), (_kiwi_tile, "32"), (_honey_tile, "48"))
    for i, (draw, price) in enumerate(tiles):
        tile(s, 20 + i * (tw + 20), 662, tw, draw, price)
    bottom_nav(s)


@picture("store-profile.png")
def store_profile() -> Canvas:
    c = Canvas(1000, 1200, SLIDE)
    on_screen(c, phone(c, 200, 40, 600, 1120), _store_screen)
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


def _listing_screen(s: Canvas):
    w = s.width
    status_bar(s, 0, 0, w)
    _main_picture(s, (0, 50, w, 520))
    for i in range(4):
        s.circle(w / 2 - 30 + i * 20, 496, 6, fill="#ffffff" if i else "#f57c00")
    s.text((30, 565), "29.9", 54, fill=RED, anchor="lm")
    # Title: two lines of words, drawn as bars.
    s.rect((20, 605, w - 20, 705), fill="#fff8e1", outline="#ffb300", width=4, radius=14)
    text_lines(s, 42, 626, [w - 110, w * 0.55], h=22, gap=20, color="#607d8b")
    # Variants: weight buttons with their prices.
    s.rect((20, 730, w - 20, 870), fill="#f5f5f5", outline="#ffb300", width=4, radius=14)
    bw = (w - 40 - 3 * 18) / 2
    for i, (kg, price) in enumerate((("2.5 kg", "29.9"), ("5 kg", "49.9"))):
        bx = 38 + i * (bw + 18)
        sel = i == 0
        s.rect(
            (bx, 748, bx + bw, 852),
            fill="#fff3e0" if sel else "#ffffff",
            outline="#f57c00" if sel else "#bdbdbd",
            width=4,
            radius=16,
        )
        s.text((bx + bw / 2, 780), kg, 34, fill=INK)
        s.text((bx + bw / 2, 826), price, 32, fill=RED)
    s.rect((20, 900, w - 20, 972), fill="#f57c00", radius=36)
    cart(s, w / 2, 934, 36)


@picture("listing-example.png")
def listing_example() -> Canvas:
    c = Canvas(1000, 1200, SLIDE)
    box = phone(c, 250, 40, 600, 1120)
    on_screen(c, box, _listing_screen)
    x0, y0 = box[0], box[1]
    # The numbered markers sit left of the phone with arrows to the part they name.
    for n, y in ((1, y0 + 285), (2, y0 + 655), (3, y0 + 800)):
        number_badge(c, 110, y, n, r=46, color="#f57c00")
        arrow(c, 162, y, x0 + 14, y, color="#f57c00", width=10)
    return c


def chat_header(s: Canvas, avatar_draw, badge=None):
    w = s.width
    status_bar(s, 0, 0, w)
    s.rect((0, 50, w, 150), fill="#f7f7f7")
    s.line([(0, 150), (w, 150)], "#e0e0e0", 2)
    s.line([(40, 70), (25, 100 - 15), (40, 100)], INK, 5)
    avatar_draw(s, 100, 100)
    s.rect((150, 86, 330, 114), fill="#455a64", radius=14)
    if badge:
        badge(s, 362, 100)


def _buyer(s: Canvas, cx, cy):
    p = Canvas(72, 72, "#ffcc80")
    person(p, 36, 34, 18, shirt="#7e57c2")
    s.paste(p, (cx - 36, cy - 36), mask_radius=36)


def _quick_screen(s: Canvas):
    w, h = s.width, s.height
    chat_header(s, _buyer)
    # The buyer's question.
    bubble(s, (40, 190, 400, 300), "#ffffff")
    text_lines(s, 70, 216, [290, 190], h=20, gap=22)
    s.circle(450, 245, 36, fill="#ffb300")
    s.text((450, 247), "?", 50, fill="#ffffff")
    # The sent reply, answered within one minute.
    bubble(s, (170, 350, w - 40, 460), "#c8f0c0", tail_left=False)
    text_lines(s, 200, 376, [270, 190], h=20, gap=22, color="#7cb987")
    clock(s, 82, 405, 56, digits="1", color=GREEN)
    # Two small ticks: the reply has been delivered and read.
    for dx in (0, 16):
        check(s, w - 100 + dx, 440, 14, color="#2e7d32", width=4)
    # The saved-reply menu: three ready answers, the first one tapped.
    top = 540
    s.rect((0, top, w, h), fill="#ffffff")
    s.line([(0, top), (w, top)], "#cfd8dc", 3)
    s.circle(70, top + 62, 40, fill="#fff3c4")
    lightning(s, 70, top + 62, 58)
    for i, frac in enumerate((0.78, 0.6, 0.7)):
        by = top + 130 + i * 108
        sel = i == 0
        s.rect(
            (30, by, w - 30, by + 88),
            fill="#e8f5e9" if sel else "#f5f5f5",
            outline=GREEN if sel else "#cfd8dc",
            width=4,
            radius=20,
        )
        s.rect(
            (62, by + 33, 62 + (w - 150) * frac, by + 55),
            fill="#66bb6a" if sel else "#9e9e9e",
            radius=11,
        )
    _finger(s, w - 110, top + 178)
    arrow(s, w - 50, top + 120, w - 50, 470, color=GREEN, width=8)


@picture("quick-replies.png")
def quick_replies() -> Canvas:
    c = Canvas(1000, 1200, SLIDE)
    on_screen(c, phone(c, 200, 40, 600, 1120), _quick_screen, background="#e8eef2")
    return c


def _finger(c: Canvas, x, y, skin="#f0c090"):
    """A pointing finger whose tip is at (x, y)."""
    edge = mix(skin, "#8d5a3a", 0.4)
    c.circle(x, y + 10, 34, outline=(46, 125, 50, 160), width=6)
    c.rect((x - 18, y - 6, x + 18, y + 90), fill=skin, outline=edge, width=3, radius=18)
    c.rect((x - 34, y + 62, x + 58, y + 190), fill=skin, outline=edge, width=3, radius=30)


def _fake_support(s: Canvas, cx, cy):
    s.circle(cx, cy, 36, fill="#1e88e5")
    s.circle(cx, cy - 8, 14, fill="#ffffff")
    s.arc((cx - 22, cy - 24, cx + 22, cy + 14), 180, 360, "#ffffff", 5)
    s.rect((cx - 26, cy - 10, cx - 18, cy + 6), fill="#ffffff", radius=3)
    s.rect((cx + 18, cy - 10, cx + 26, cy + 6), fill="#ffffff", radius=3)
    s.ellipse((cx - 18, cy + 8, cx + 18, cy + 30), fill="#ffffff")


def _official_badge(s: Canvas, cx, cy):
    s.poly(star_points(cx, cy, 26, 19, n=10), fill="#1e88e5")
    check(s, cx, cy, 15)


def _scam_screen(s: Canvas):
    w = s.width
    chat_header(s, _fake_support, badge=_official_badge)
    # "Send me the 6-digit code": six boxes next to a padlock.
    bubble(s, (36, 190, w - 50, 380), "#ffffff")
    text_lines(s, 66, 214, [320], h=20)
    padlock(s, 86, 300, 70)
    for i, dgt in enumerate("482913"):
        bx = 136 + i * 56
        s.rect((bx, 266, bx + 48, 336), fill="#eceff1", outline="#90a4ae", width=3, radius=8)
        s.text((bx + 24, 302), dgt, 36, fill=INK)
    # "Transfer money": coins going to an account.
    bubble(s, (36, 420, w - 50, 590), "#ffffff")
    text_lines(s, 66, 444, [260], h=20)
    for i in range(3):
        s.ellipse((66, 535 - i * 16, 146, 565 - i * 16), fill="#e0b83a", outline="#a07d12", width=2)
    arrow(s, 166, 530, 256, 530, color=RED, width=9)
    s.text((272, 530), "5000", 46, fill=RED, anchor="lm")
    s.rect((36, 630, w - 50, 710), fill="#ffffff", radius=26)
    text_lines(s, 66, 660, [300], h=20)
    # Outlined in red: these are the lines to refuse.
    s.rect((20, 176, w - 34, 606), outline=RED, width=6, radius=30)


@picture("scam-message.png")
def scam_message() -> Canvas:
    c = Canvas(1000, 1200, "#fbeeee")
    on_screen(c, phone(c, 150, 40, 600, 1120), _scam_screen, background="#e8eef2")
    # A big red ✗ on the chat, and the shield: keep the code and the money to yourself.
    from .icons import mark

    mark(c, 790, 420, good=False, r=120)
    shield(c, 790, 900, 260, color=GREEN, good=None)
    padlock(c, 790, 905, 100, color="#ffffff")
    return c
