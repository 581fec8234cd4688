"""Finds a font that can draw a chart's texts, Chinese included, among the fonts installed."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PIL import ImageFont

# Fonts with Chinese glyphs that Linux distributions install (fonts-noto-cjk,
# fonts-wqy-microhei, fonts-wqy-zenhei, fonts-droid-fallback), then macOS's.
CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/System/Library/Fonts/PingFang.ttc",
)


def needs_cjk(text: str) -> bool:
    """True when `text` has characters beyond what Pillow's default font draws."""
    return any(ord(character) >= 0x2E80 for character in text)


@cache
def cjk_font_path() -> str | None:
    return next((path for path in CJK_FONTS if Path(path).is_file()), None)


def font(size: int, cjk: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font of `size` pixels; one with Chinese glyphs when `cjk` and one is installed."""
    path = cjk_font_path() if cjk else None
    if path is not None:
        return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def drawable(text: str, fallback: str) -> str:
    """`text` when a font can draw it here, else `fallback` (boxes help nobody)."""
    if needs_cjk(text) and cjk_font_path() is None:
        return fallback
    return text
