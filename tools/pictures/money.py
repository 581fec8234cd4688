"""Money pictures: the price worked out from costs and the fee, and a ledger page."""

from __future__ import annotations

from .canvas import Canvas
from .icons import GREEN, INK, RED, arrow, calendar, coin, truck
from .produce import orange
from .registry import picture
from .shipping import parcel_icon

BG = "#f3efe6"


@picture("price-sum.png")
def price_sum() -> Canvas:
    c = Canvas(1280, 720, BG)
    costs = (("box", 3, "#c8955a"), ("fruit", 20, "#f28c28"), ("courier", 8, "#1e88e5"))
    total = sum(v for _, v, _ in costs)
    fee = 0.05
    price = total / (1 - fee)
    unit = 15  # pixels per unit of money
    base, bx, bw = 640, 200, 260
    y = base
    # The cost bars, stacked from the bottom, each with its icon and amount.
    for name, v, col in costs:
        h = v * unit
        c.rect((bx, y - h, bx + bw, y), fill=col, outline="#ffffff", width=4)
        cy = y - h / 2
        if name == "box":
            parcel_icon(c, bx - 60, cy, 30)
        elif name == "fruit":
            orange(c, bx - 60, cy, 34, seed=2, shadow=False)
        else:
            truck(c, bx - 115, cy - 28, 100, color=col)
        c.text(
            (bx + bw / 2, cy),
            str(v),
            54 if h > 70 else 40,
            fill="#ffffff",
            stroke=2,
            stroke_fill=col,
        )
        y -= h
    # The platform's fee: a thin slice on top, 5% of the price.
    fh = (price - total) * unit
    c.rect((bx, y - fh, bx + bw, y), fill=RED, outline="#ffffff", width=3)
    c.text((bx + bw + 30, y - fh / 2), "5%", 40, fill=RED, anchor="lm")
    coin(c, bx - 60, y - fh / 2 - 10, 24)
    # The price bar beside the stack: exactly as tall as costs plus fee.
    px = 620
    ph = price * unit
    c.rect((px, base - ph, px + bw, base), fill=GREEN, radius=10)
    c.text((px + bw / 2, base - ph / 2), f"{price:.1f}", 64, fill="#ffffff")
    c.line([(bx, base - ph), (px + bw, base - ph)], INK, 3)
    c.line([(150, base), (px + bw + 40, base)], INK, 5)
    # The sum written out with digits and symbols only.
    c.rect((930, 120, 1250, 560), fill="#ffffff", radius=24)
    c.text((1090, 190), f"{costs[0][1]} + {costs[1][1]} + {costs[2][1]}", 40, fill=INK)
    c.text((1090, 250), f"= {total}", 44, fill=INK)
    c.line([(960, 295), (1220, 295)], "#cfd8dc", 3)
    c.text((1090, 350), f"{total} ÷ (1 − 0.05)", 38, fill=INK)
    c.text((1090, 420), f"{total} ÷ 0.95", 38, fill=INK)
    c.rect((980, 460, 1200, 530), fill=GREEN, radius=16)
    c.text((1090, 496), f"= {price:.1f}", 46, fill="#ffffff")
    arrow(c, 900, 496, px + bw + 20, base - ph / 2, color=GREEN, width=7)
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
