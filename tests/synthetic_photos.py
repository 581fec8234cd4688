"""Synthetic produce photos, good and with each defect, for tests and the benchmark.

Oranges on a plain board in soft light, drawn with texture and shading; the defects are
made the way they happen: a dark room, an overexposed sky, a shaking hand, a photo taken
from far away, a small image, a cluttered table.
"""

from __future__ import annotations

import io
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

DEFECTS = ("too-dark", "blown-out", "blurry", "too-small", "too-far", "busy-background")


def _scene(rng: random.Random, size: tuple[int, int], fruit_scale: float, busy: bool):
    width, height = size
    tone = rng.randint(170, 215)
    base = np.full((height, width, 3), (tone, tone - 12, tone - 30), dtype=np.float32)
    base += np.random.default_rng(rng.randint(0, 10**6)).normal(0, 3, base.shape)
    image = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8))
    draw = ImageDraw.Draw(image)
    if busy:
        for _ in range(260):
            x, y = rng.randrange(width), rng.randrange(height)
            colour = tuple(rng.randint(0, 90) for _ in range(3))
            draw.line(
                (x, y, x + rng.randint(-90, 90), y + rng.randint(-90, 90)),
                fill=colour,
                width=rng.randint(2, 6),
            )
    count = rng.randint(3, 7)
    for _ in range(count):
        radius = int(min(width, height) * fruit_scale * rng.uniform(0.8, 1.2))
        cx = rng.randint(radius, max(radius + 1, width - radius))
        cy = rng.randint(radius, max(radius + 1, height - radius))
        hue = (rng.randint(225, 250), rng.randint(110, 150), rng.randint(10, 40))
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=hue)
        spot = radius // 3
        draw.ellipse(
            (
                cx - spot - radius // 3,
                cy - spot - radius // 3,
                cx + spot - radius // 3,
                cy + spot - radius // 3,
            ),
            fill=tuple(min(255, c + 20) for c in hue),
        )
        for _ in range(40):  # peel pores: fine detail a sharp photo keeps
            px = cx + rng.randint(-radius // 2, radius // 2)
            py = cy + rng.randint(-radius // 2, radius // 2)
            draw.point((px, py), fill=tuple(max(0, c - 60) for c in hue))
    return image.filter(ImageFilter.SMOOTH_MORE) if not busy else image


def make_photo(defect: str | None, seed: int) -> bytes:
    """A JPEG of oranges on a board; `defect` is None for a good photo or one of DEFECTS."""
    rng = random.Random(seed)
    size = (rng.choice((1280, 1024, 960)), rng.choice((960, 768, 720)))
    image = _scene(rng, size, 0.05 if defect == "too-far" else 0.16, defect == "busy-background")
    if defect == "too-dark":
        image = Image.eval(image, lambda value: int(value * rng.uniform(0.12, 0.25)))
    elif defect == "blown-out":
        image = Image.eval(image, lambda value: min(255, int(value * rng.uniform(1.9, 2.6))))
    elif defect == "blurry":
        image = image.filter(ImageFilter.GaussianBlur(rng.uniform(4, 7)))
    elif defect == "too-small":
        image.thumbnail((rng.randint(240, 400), rng.randint(240, 400)))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=88)
    return buffer.getvalue()
