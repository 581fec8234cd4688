"""Fruit and jars drawn with soft shading so a grower recognises them at a glance."""

from __future__ import annotations

import math
import random

from .canvas import Canvas, mix

LEAF = "#3f9b3a"
LEAF_DARK = "#2b6f28"
STEM = "#6d4c2f"


def ball(c: Canvas, cx, cy, r, dark, light, steps=18, squash=1.0):
    """A shaded sphere: discs growing lighter toward a highlight at the top left."""
    for i in range(steps):
        t = i / steps
        rr = r * (1 - t * 0.85)
        ox, oy = -r * 0.32 * t, -r * 0.34 * t
        col = mix(dark, light, t**0.8)
        c.ellipse(
            (cx + ox - rr, cy + oy - rr * squash, cx + ox + rr, cy + oy + rr * squash), fill=col
        )


def contact_shadow(c: Canvas, cx, y, r, alpha=70):
    c.ellipse((cx - r * 0.95, y - r * 0.16, cx + r * 0.95, y + r * 0.16), fill=(0, 0, 0, alpha))


def leaf(c: Canvas, x, y, length, angle, color=LEAF):
    """A pointed leaf from (x, y) pointing at angle degrees (0 = right, -90 = up)."""
    a = math.radians(angle)
    ux, uy = math.cos(a), math.sin(a)
    px, py = -uy, ux
    pts = []
    for i in range(13):
        t = i / 12
        w = math.sin(t * math.pi) * length * 0.28
        pts.append((x + ux * length * t + px * w, y + uy * length * t + py * w))
    for i in range(12, -1, -1):
        t = i / 12
        w = math.sin(t * math.pi) * length * 0.28
        pts.append((x + ux * length * t - px * w, y + uy * length * t - py * w))
    c.poly(pts, fill=color)
    c.line(
        [(x, y), (x + ux * length * 0.85, y + uy * length * 0.85)],
        mix(color, "#ffffff", 0.3),
        max(2, length * 0.04),
    )


def orange(c: Canvas, cx, cy, r, seed=1, leafy=True, shadow=True, tone=0.0):
    """A whole orange; tone < 0 darkens it (dim light), > 0 washes it out (glare)."""
    dark, light = "#c85a06", "#ffb347"
    if tone < 0:
        dark, light = mix(dark, "#1a0d00", -tone), mix(light, "#3a2000", -tone)
    if shadow:
        contact_shadow(c, cx + r * 0.1, cy + r * 0.95, r)
    ball(c, cx, cy, r, dark, light)
    rng = random.Random(seed)
    dot = mix(dark, "#000000", 0.1)
    for _ in range(int(r * 0.9)):
        a, d = rng.uniform(0, 2 * math.pi), r * math.sqrt(rng.uniform(0, 0.8))
        x, y = cx + d * math.cos(a), cy + d * math.sin(a)
        c.circle(x, y, max(0.9, r * 0.016), fill=(*dot, 70))
    c.ellipse((cx - r * 0.55, cy - r * 0.62, cx - r * 0.2, cy - r * 0.38), fill=(255, 255, 255, 90))
    c.circle(cx + r * 0.02, cy - r * 0.86, r * 0.07, fill="#6b8e23")
    if leafy:
        leaf(c, cx + r * 0.04, cy - r * 0.88, r * 0.6, -30)


def orange_half(c: Canvas, cx, cy, r, segments=10):
    """An orange cut across: rind, white pith, juicy segments."""
    c.circle(cx, cy, r, fill="#e46f0a")
    c.circle(cx, cy, r * 0.9, fill="#fff3d6")
    c.circle(cx, cy, r * 0.84, fill="#f7a334")
    for i in range(segments):
        a0 = i * 360 / segments
        box = (cx - r * 0.8, cy - r * 0.8, cx + r * 0.8, cy + r * 0.8)
        c.pieslice(box, a0 + 2.5, a0 + 360 / segments - 2.5, fill="#fbb450")
        am = math.radians(a0 + 180 / segments)
        c.ellipse(
            (
                cx + math.cos(am) * r * 0.5 - r * 0.08,
                cy + math.sin(am) * r * 0.5 - r * 0.05,
                cx + math.cos(am) * r * 0.5 + r * 0.08,
                cy + math.sin(am) * r * 0.5 + r * 0.05,
            ),
            fill=(255, 255, 255, 110),
        )
        ar = math.radians(a0)
        c.line(
            [(cx, cy), (cx + math.cos(ar) * r * 0.84, cy + math.sin(ar) * r * 0.84)],
            "#fff3d6",
            r * 0.035,
        )
    c.circle(cx, cy, r * 0.1, fill="#fff3d6")


def kiwi(c: Canvas, cx, cy, r, ripe=False):
    c.ellipse((cx - r * 1.05, cy + r * 0.6, cx + r * 1.05, cy + r * 0.95), fill=(0, 0, 0, 60))
    base = "#7a5530" if ripe else "#8d6e3f"
    c.ellipse(
        (cx - r * 1.15, cy - r * 0.85, cx + r * 1.15, cy + r * 0.85), fill=mix(base, "#000000", 0.2)
    )
    c.ellipse((cx - r * 1.05, cy - r * 0.8, cx + r * 0.95, cy + r * 0.7), fill=base)
    c.ellipse(
        (cx - r * 0.8, cy - r * 0.65, cx + r * 0.2, cy - r * 0.1), fill=mix(base, "#ffffff", 0.2)
    )
    rng = random.Random(int(cx + cy))
    for _ in range(60):
        a, d = rng.uniform(0, 2 * math.pi), rng.uniform(0, 0.9)
        x, y = cx + d * r * math.cos(a), cy + d * r * 0.75 * math.sin(a)
        c.line([(x, y), (x + 3, y - 3)], mix(base, "#000000", 0.35), 1.5, False)
    if ripe:
        # A ripe kiwi gives under the thumb: a small dent.
        c.ellipse(
            (cx + r * 0.15, cy - r * 0.2, cx + r * 0.55, cy + r * 0.1),
            fill=mix(base, "#000000", 0.25),
        )


def kiwi_half(c: Canvas, cx, cy, r):
    c.circle(cx, cy, r, fill="#7a5530")
    c.circle(cx, cy, r * 0.93, fill="#8bc34a")
    c.circle(cx, cy, r * 0.55, fill="#aed581")
    c.circle(cx, cy, r * 0.3, fill="#f1f8e9")
    for i in range(28):
        a = math.radians(i * 360 / 28)
        c.ellipse(
            (
                cx + math.cos(a) * r * 0.42 - 3,
                cy + math.sin(a) * r * 0.42 - 3,
                cx + math.cos(a) * r * 0.42 + 3,
                cy + math.sin(a) * r * 0.42 + 3,
            ),
            fill="#212121",
        )


def peach(c: Canvas, cx, cy, r, ripe=True):
    contact_shadow(c, cx, cy + r * 0.95, r)
    if ripe:
        ball(c, cx, cy, r, "#d9473f", "#ffc48a")
    else:
        ball(c, cx, cy, r, "#9fb34c", "#efe39a")
        c.ellipse((cx - r * 0.3, cy - r * 0.6, cx + r * 0.6, cy + r * 0.3), fill=(220, 90, 60, 70))
    c.arc(
        (cx - r * 0.9, cy - r * 0.95, cx + r * 0.3, cy + r * 0.9),
        -80,
        60,
        (150, 40, 30, 120),
        r * 0.06,
    )
    leaf(c, cx + r * 0.05, cy - r * 0.9, r * 0.65, -40)


def mango(c: Canvas, cx, cy, r, ripe=True):
    """A mango standing tilted: plump egg shape with a small beak, blushing when ripe."""
    contact_shadow(c, cx, cy + r * 1.0, r)
    rot = math.radians(-28)

    def shape(scale, dx=0.0, dy=0.0):
        pts = []
        for i in range(72):
            t = 2 * math.pi * i / 72
            x = math.cos(t) * r * 0.82
            y = math.sin(t) * r * 1.08
            x += r * 0.16 * math.sin(t) ** 2 * (1 if math.sin(t) > 0 else 0)  # the beak
            y -= r * 0.08 * math.cos(t) ** 2
            x, y = x * scale + dx, y * scale + dy
            pts.append(
                (
                    cx + x * math.cos(rot) - y * math.sin(rot),
                    cy + x * math.sin(rot) + y * math.cos(rot),
                )
            )
        return pts

    if ripe:
        layers = (
            ("#c9541b", 1.0, 0, 0),
            ("#f39a2b", 0.9, -r * 0.06, -r * 0.05),
            ("#fcc23f", 0.62, -r * 0.16, r * 0.12),
            ("#fde07a", 0.3, -r * 0.2, r * 0.2),
        )
    else:
        layers = (
            ("#3f7a25", 1.0, 0, 0),
            ("#5f9c35", 0.9, -r * 0.06, -r * 0.05),
            ("#86b94b", 0.62, -r * 0.16, r * 0.12),
            ("#b2d46e", 0.3, -r * 0.2, r * 0.2),
        )
    for col, k, dx, dy in layers:
        c.poly(shape(k, dx, dy), fill=col)
    if ripe:
        c.ellipse(
            (cx - r * 0.1, cy - r * 0.95, cx + r * 0.75, cy - r * 0.15), fill=(210, 40, 40, 110)
        )
    top = shape(1.0)[54]
    c.line([top, (top[0] + r * 0.08, top[1] - r * 0.2)], STEM, r * 0.1)
    leaf(c, top[0] + r * 0.06, top[1] - r * 0.16, r * 0.7, -10)


def banana(c: Canvas, cx, cy, r, ripe=True):
    """A single banana lying on its side, curved upward."""
    col = "#f6d13a" if ripe else "#8fbf3f"
    edge = mix(col, "#000000", 0.25)
    top, bot = [], []
    for i in range(31):
        t = i / 30
        x = cx + (t - 0.5) * r * 2.6
        yc = cy + r * 0.55 - math.sin(t * math.pi) * r * 0.7
        th = math.sin(t * math.pi) ** 0.6 * r * 0.32 + r * 0.03
        top.append((x, yc - th - r * 0.15 * (1 - abs(2 * t - 1))))
        bot.append((x, yc + th))
    c.ellipse((cx - r * 1.1, cy + r * 0.62, cx + r * 1.1, cy + r * 0.85), fill=(0, 0, 0, 60))
    c.poly(top + bot[::-1], fill=edge)
    inner = [(x, y + (2 if i < 31 else -2)) for i, (x, y) in enumerate(top + bot[::-1])]
    c.poly([(cx + (x - cx) * 0.97, cy + (y - cy) * 0.9) for x, y in inner], fill=col)
    c.line(top[4:27], mix(col, "#ffffff", 0.45), r * 0.06)
    c.line(
        [top[30], (top[30][0] + r * 0.25, top[30][1] - r * 0.12)],
        STEM if ripe else "#5b7f2a",
        r * 0.12,
    )
    c.circle(bot[0][0] + 3, (bot[0][1] + top[0][1]) / 2, r * 0.06, fill="#3e2a1a")
    if ripe:
        rng = random.Random(7)
        for _ in range(8):
            i = rng.randint(6, 24)
            c.circle(
                top[i][0],
                (top[i][1] + bot[i][1]) / 2 + rng.uniform(-5, 5),
                r * 0.03,
                fill="#7a5a1e",
            )


def tomato(c: Canvas, cx, cy, r, ripe=True):
    contact_shadow(c, cx, cy + r * 0.85, r)
    if ripe:
        ball(c, cx, cy, r, "#a8160f", "#ff6a4d", squash=0.88)
    else:
        ball(c, cx, cy, r, "#6f9c2c", "#cfe27a", squash=0.88)
        c.ellipse((cx - r * 0.2, cy - r * 0.1, cx + r * 0.8, cy + r * 0.7), fill=(240, 140, 40, 80))
    for i in range(5):
        a = math.radians(-90 + i * 72)
        c.poly(
            [
                (cx, cy - r * 0.78),
                (cx + math.cos(a - 0.3) * r * 0.14, cy - r * 0.78 + math.sin(a - 0.3) * r * 0.1),
                (cx + math.cos(a) * r * 0.48, cy - r * 0.78 + math.sin(a) * r * 0.22),
                (cx + math.cos(a + 0.3) * r * 0.14, cy - r * 0.78 + math.sin(a + 0.3) * r * 0.1),
            ],
            fill=LEAF_DARK,
        )
    c.line([(cx, cy - r * 0.8), (cx + r * 0.05, cy - r * 1.0)], LEAF_DARK, r * 0.08)


def grapes(c: Canvas, cx, cy, r):
    """A bunch of purple grapes; r is the bunch's half width."""
    g = r * 0.26
    rows = [4, 4, 3, 3, 2, 1]
    c.ellipse((cx - r * 0.8, cy + r * 1.35, cx + r * 0.8, cy + r * 1.6), fill=(0, 0, 0, 50))
    for j, n in enumerate(rows):
        y = cy - r * 0.6 + j * g * 1.55
        for i in range(n):
            x = cx + (i - (n - 1) / 2) * g * 1.7 + (g * 0.3 if j % 2 else 0)
            ball(c, x, y, g, "#3d1f5c", "#9a6cc4", steps=8)
    c.line([(cx, cy - r * 0.85), (cx + r * 0.1, cy - r * 1.15)], STEM, r * 0.08)
    leaf(c, cx + r * 0.08, cy - r * 1.0, r * 0.8, -20)


def strawberry(c: Canvas, cx, cy, r):
    pts = []
    for i in range(40):
        t = 2 * math.pi * i / 40
        x = math.sin(t) * r * (0.95 - 0.35 * (1 - math.cos(t)) / 2)
        y = -math.cos(t) * r * 1.05
        pts.append((cx + x * (1 + 0.15 * math.cos(t)), cy + y))
    contact_shadow(c, cx, cy + r * 1.0, r * 0.7)
    c.poly(pts, fill="#b71c1c")
    c.poly(
        [(cx + (x - cx) * 0.82 - r * 0.1, cy + (y - cy) * 0.85 - r * 0.08) for x, y in pts],
        fill="#e53935",
    )
    c.ellipse((cx - r * 0.55, cy - r * 0.6, cx - r * 0.2, cy - r * 0.1), fill=(255, 255, 255, 70))
    for j in range(5):
        for i in range(5 - j // 2):
            x = cx + (i - (4 - j // 2) / 2) * r * 0.32 + (r * 0.16 if j % 2 else 0)
            y = cy - r * 0.5 + j * r * 0.28
            if abs(x - cx) < r * (0.8 - j * 0.12):
                c.ellipse((x - r * 0.04, y - r * 0.06, x + r * 0.04, y + r * 0.06), fill="#ffe082")
    for a in (-150, -115, -65, -30, -90):
        leaf(c, cx, cy - r * 0.95, r * 0.55, a, LEAF)


def cherries(c: Canvas, cx, cy, r):
    for dx, dy in ((-0.55, 0.1), (0.6, 0.25)):
        x, y = cx + dx * r, cy + dy * r
        contact_shadow(c, x, y + r * 0.45, r * 0.45)
        ball(c, x, y, r * 0.45, "#5c0a14", "#e04050", steps=10)
        c.line([(x, y - r * 0.4), (cx + r * 0.1, cy - r * 1.1)], "#4e6b2a", r * 0.07)
    leaf(c, cx + r * 0.1, cy - r * 1.1, r * 0.7, -15)


def jar(c: Canvas, cx, bottom, w, h, fill="#f2a51a", lid="#c0392b", lid_on=True):
    """A glass jar of honey or jam; bottom is the y of its base."""
    x0, x1 = cx - w / 2, cx + w / 2
    top = bottom - h
    c.ellipse((x0 - 8, bottom - 12, x1 + 8, bottom + 12), fill=(0, 0, 0, 50))
    c.rect(
        (x0, top + h * 0.12, x1, bottom),
        fill="#dfeef5",
        outline="#9fb8c4",
        width=3,
        radius=w * 0.18,
    )
    c.rect(
        (x0 + w * 0.06, top + h * 0.3, x1 - w * 0.06, bottom - h * 0.04), fill=fill, radius=w * 0.14
    )
    c.rect(
        (x0 + w * 0.12, top + h * 0.36, x0 + w * 0.22, bottom - h * 0.16),
        fill=(255, 255, 255, 120),
        radius=6,
    )
    c.rect(
        (cx - w * 0.36, top + h * 0.04, cx + w * 0.36, top + h * 0.16),
        fill="#dfeef5",
        outline="#9fb8c4",
        width=3,
    )
    if lid_on:
        c.rect((cx - w * 0.42, top - h * 0.06, cx + w * 0.42, top + h * 0.1), fill=lid, radius=8)
        for i in range(6):
            x = cx - w * 0.36 + i * w * 0.144
            c.line([(x, top - h * 0.03), (x, top + h * 0.07)], (0, 0, 0, 50), 3, False)
