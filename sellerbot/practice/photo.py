"""Coach a produce photo on the CPU: exposure, sharpness, resolution, how much of the frame
the produce fills, and a busy background; each problem with one concrete fix.

The photo is read at most 320 pixels wide (Pillow's draft mode decodes a JPEG at that size
directly), so a check takes a few milliseconds. Produce is told from its background by
colour: fruit and vegetables are saturated, a plain cloth, board or wall is not.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

WORK_SIDE = 320  # pixels on the long side for the checks
MIN_SIDE = 480  # a photo smaller than this on its short side looks poor in a listing
DARK_MEAN, DARK_SHARE = 70, 0.5  # mean brightness (0-255); share of very dark pixels
BLOWN_SHARE = 0.18  # share of white pixels with nothing in them
SHARP_MIN = 0.33  # the steepest edges' step per pixel, as a share of the photo's contrast
FILL_MIN = 0.12  # share of the frame the produce should fill at least
BUSY_MAX = 0.05  # share of strong edges in the background

TOO_DARK, BLOWN_OUT, BLURRY, TOO_SMALL, TOO_FAR, BUSY = (
    "too-dark",
    "blown-out",
    "blurry",
    "too-small",
    "too-far",
    "busy-background",
)


@dataclass(frozen=True)
class PhotoReport:
    problems: tuple[str, ...]  # in the order a learner should fix them
    good: tuple[str, ...]  # what the photo does well, when it passes
    width: int
    height: int

    @property
    def passed(self) -> bool:
        return not self.problems


class NotAPhoto(ValueError):
    pass


def _work_image(data: bytes) -> tuple[Image.Image, int, int]:
    try:
        image: Image.Image = Image.open(io.BytesIO(data))
        width, height = image.size
        image.draft("RGB", (WORK_SIDE, WORK_SIDE))
        image = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError) as error:
        raise NotAPhoto(str(error)) from error
    image.thumbnail((WORK_SIDE, WORK_SIDE))
    return image, width, height


def _gradient(gray: np.ndarray) -> np.ndarray:
    return np.hypot(np.diff(gray, axis=1)[:-1, :], np.diff(gray, axis=0)[:, :-1])


def _sharpness(gradient: np.ndarray, gray: np.ndarray) -> float:
    """How steep the steepest edges are for the photo's contrast: blur spreads every edge
    over more pixels, whatever the light or the amount of detail."""
    contrast = float(np.percentile(gray, 99) - np.percentile(gray, 1))
    return float(np.percentile(gradient, 99.7)) / max(contrast, 1.0)


def _saturation(rgb: np.ndarray) -> np.ndarray:
    high, low = rgb.max(axis=2), rgb.min(axis=2)
    return np.where(high > 0, (high - low) / np.maximum(high, 1), 0.0)


def coach(data: bytes) -> PhotoReport:
    """What is wrong with the photo, most important first, or what is good about it."""
    image, width, height = _work_image(data)
    rgb = np.asarray(image, dtype=np.float32)
    gray = rgb @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
    problems: list[str] = []
    if min(width, height) < MIN_SIDE:
        problems.append(TOO_SMALL)
    mean = float(gray.mean())
    if mean < DARK_MEAN or float((gray < 40).mean()) > DARK_SHARE:
        problems.append(TOO_DARK)
    elif float((gray > 250).mean()) > BLOWN_SHARE:
        problems.append(BLOWN_OUT)
    gradient = _gradient(gray)
    if TOO_DARK not in problems and _sharpness(gradient, gray) < SHARP_MIN:
        problems.append(BLURRY)
    produce = (_saturation(rgb) > 0.35) & (gray > 40)
    if TOO_DARK not in problems and float(produce.mean()) < FILL_MIN:
        problems.append(TOO_FAR)
    background = ~produce[:-1, :-1]
    if background.any() and float((gradient[background] > 40).mean()) > BUSY_MAX:
        problems.append(BUSY)
    good = () if problems else ("light", "sharp", "fills-frame", "plain-background")
    return PhotoReport(tuple(problems), good, width, height)
