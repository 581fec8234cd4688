"""Money pictures: the price worked out from costs and the fee, and a ledger page."""

from __future__ import annotations

from .canvas import Canvas
from .icons import GREEN, INK, RED, arrow, calendar, coin, truck
from .produce import orange
from .registry import picture
from .shipping import parcel_icon

BG = "#f3efe6"


def math_text(c: Canvas, cx, cy, tokens, size, fill=INK):
    """A line of digits with ÷ and − drawn as strokes (the default font lacks them)."""
    gw = size * 0.62
    widths = [gw if t in ("÷", "−") else c.text_width(t, size) for t in tokens]
    gap = size * 0.18
    x = cx - (sum(widths) + gap * (len(tokens) - 1)) / 2
    for t, w in zip(tokens, widths, strict=True):
        mid = x + w / 2
        if t in ("÷", "−"):
            c.line([(x + w * 0.12, cy), (x + w * 0.88, cy)], fill, size * 0.08)
            if t == "÷":
                c.circle(mid, cy - size * 0.22, size * 0.07, fill=fill)
                c.circle(mid, cy + size * 0.22, size * 0.07, fill=fill)
        else:
            c.text((mid, cy), t, size, fill=fill)
        x += w + gap


@picture("price-sum.png")
def price_sum() -> Canvas:
    c = Canvas(1280, 720, BG)
    costs = (("box", 3, "#c8955a"), ("fruit", 20, "#f28c28"), ("courier", 8, "#1e88e5"))
    total = sum(v for _, v, _ in costs)
    fee = 0.05
    price = total / (1 - fee)
    unit = 17  # pixels per unit of money
    base, bx, bw = 670, 200, 250
    y = base
    # The cost bars, stacked from the bottom, each with its icon and amount.
    for name, v, col in costs:
        h = v * unit
        c.rect((bx, y - h, bx + bw, y), fill=col, outline="#ffffff", width=4)
        cy = y - h / 2
        if name == "box":
            parcel_icon(c, bx - 60, cy, 30)
        elif name == "fruit":
            orange(c, bx - 60, cy, 36, seed=2, shadow=False)
        else:
            truck(c, bx - 120, cy - 28, 100, color=col)
        size = 60 if h > 80 else 44
        c.text((bx + bw / 2, cy), str(v), size, fill="#ffffff", stroke=2, stroke_fill=col)
        y -= h
    # The platform's fee: a thin slice on top, 5% of the price.
    fh = (price - total) * unit
    c.rect((bx, y - fh, bx + bw, y), fill=RED, outline="#ffffff", width=2)
    # The price bar beside the stack: exactly as tall as costs plus fee.
    px = 600
    ph = price * unit
    c.rect((px, base - ph, px + bw, base), fill=GREEN, radius=10)
    c.text((px + bw / 2, base - ph / 2), f"{price:.1f}", 70, fill="#ffffff")
    for x in range(bx, px + bw, 30):
        c.line([(x, base - ph), (x + 16, base - ph)], INK, 3, False)
    # The fee label goes over the dashed line, not under it.
    c.rect((bx + bw + 14, y - fh / 2 - 26, bx + bw + 124, y - fh / 2 + 26), fill=RED, radius=26)
    c.text((bx + bw + 69, y - fh / 2), "5%", 38, fill="#ffffff")
    c.line([(140, base), (px + bw + 30, base)], INK, 5)
    # The sum written out with digits and symbols only.
    c.rect((905, 90, 1265, 640), fill="#ffffff", radius=26)
    parts = [str(v) for _, v, _ in costs]
    math_text(c, 1085, 165, [parts[0], "+", parts[1], "+", parts[2]], 50)
    math_text(c, 1085, 240, ["=", str(total)], 54)
    c.line([(935, 300), (1235, 300)], "#cfd8dc", 4)
    math_text(c, 1085, 375, [str(total), "÷", "(1", "−", "0.05)"], 46)
    math_text(c, 1085, 460, [str(total), "÷", "0.95"], 52)
    c.rect((945, 520, 1225, 605), fill=GREEN, radius=20)
    math_text(c, 1085, 563, ["=", f"{price:.1f}"], 58, fill="#ffffff")
    return c


@picture("ledger.png")
def ledger() -> Canvas:
    c = Canvas(1080, 1080, "#e9e4d8")
    x0, y0, x1, y1 = 80, 60, 1000, 1020
    c.rect((x0 + 8, y0 + 12, x1 + 8, y1 + 12), fill=(0, 0, 0, 45), radius=18)
    c.rect((x0, y0, x1, y1), fill="#fffdf5", radius=18)
    for k in range(7):
        c.circle(x0 + 40, y0 + 120 + k * 130, 12, fill="#e9e4d8")
    cols = (x0 + 90, x0 + 300, x0 + 420, x0 + 680)
    # Header row: date, in/out, amount, balance.
    c.rect((x0 + 70, y0 + 30, x1 - 30, y0 + 130), fill="#eceff1", radius=12)
    calendar(c, cols[0] + 50, y0 + 45, 70, 70)
    arrow(c, cols[1] + 20, y0 + 55, cols[1] + 20, y0 + 110, color=GREEN, width=8)
    arrow(c, cols[1] + 60, y0 + 110, cols[1] + 60, y0 + 55, color=RED, width=8)
    coin(c, cols[2] + 110, y0 + 80, 32)
    c.rect((cols[3] + 60, y0 + 50, cols[3] + 210, y0 + 110), fill="#c8e6c9", radius=10)
    coin(c, cols[3] + 100, y0 + 80, 22)
    coin(c, cols[3] + 150, y0 + 80, 22)
    rows = (
        ("12.01", 500),
        ("12.02", -60),
        ("12.03", 320),
        ("12.03", -45),
        ("12.05", -180),
        ("12.06", 260),
        ("12.08", -30),
    )
    balance = 0
    for i, (day, amount) in enumerate(rows):
        y = y0 + 190 + i * 115
        balance += amount
        c.line([(x0 + 70, y + 55), (x1 - 30, y + 55)], "#d7ccc8", 2)
        c.text((cols[0], y), day, 40, fill=INK, anchor="lm")
        if amount > 0:
            arrow(c, cols[1] + 40, y - 30, cols[1] + 40, y + 30, color=GREEN, width=10)
        else:
            arrow(c, cols[1] + 40, y + 30, cols[1] + 40, y - 30, color=RED, width=10)
        colour = GREEN if amount > 0 else RED
        c.text((cols[3] - 40, y), f"{amount:+d}", 46, fill=colour, anchor="rm")
        c.text((x1 - 60, y), str(balance), 46, fill=INK, anchor="rm")
    c.line([(cols[3] + 10, y0 + 30), (cols[3] + 10, y1 - 40)], "#bcaaa4", 3)
    return c
