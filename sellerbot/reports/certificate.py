"""Draws a certificate of completion as a PNG, in its holder's language when a font allows.

Chinese needs a CJK font (fonts-noto-cjk). Without one the certificate is drawn in the
course's default language, with a line saying what is missing: never boxes for characters.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageDraw

from sellerbot.engine import messages as m
from sellerbot.i18n import Translations
from sellerbot.reports import fonts

WIDTH, HEIGHT = 1400, 990
INK, ACCENT, PAPER, MUTED = "#1f2d1f", "#2f7d32", "#fffdf5", "#6b6b6b"


@dataclass(frozen=True)
class Line:
    text: str
    size: int
    colour: str = INK


@dataclass(frozen=True)
class Drawn:
    png: bytes
    # False when the holder's language could not be drawn here and another was used.
    complete: bool


def certificate_lines(
    translations: Translations,
    *,
    name: str,
    course: str,
    course_fallback: str,
    issued_on: date,
    code: str,
    locale: str,
    fallback_locale: str,
) -> tuple[list[Line], bool]:
    """The certificate's lines, and whether they are in the holder's language as asked."""

    def say(key: str, where: str, **params: object) -> str:
        return translations.format(key, params, where)

    wanted = [
        say(m.CERT_TITLE, locale),
        say(m.CERT_CERTIFIES, locale),
        name,
        say(m.CERT_COMPLETED, locale),
        course,
        say(m.CERT_DATE, locale, date=issued_on.isoformat()),
        say(m.CERT_CODE, locale, code=code),
    ]
    complete = fonts.cjk_font_path() is not None or not any(map(fonts.needs_cjk, wanted))
    if complete:
        texts, notes = wanted, []
    else:
        texts = [
            say(m.CERT_TITLE, fallback_locale),
            say(m.CERT_CERTIFIES, fallback_locale),
            # A name in Chinese characters cannot be drawn here; the code tells whose it is.
            fonts.drawable(name, f"({code})"),
            say(m.CERT_COMPLETED, fallback_locale),
            fonts.drawable(course, course_fallback),
            say(m.CERT_DATE, fallback_locale, date=issued_on.isoformat()),
            say(m.CERT_CODE, fallback_locale, code=code),
        ]
        notes = [say(m.CERT_FONT_MISSING, fallback_locale)]
    title, certifies, holder, completed, course_line, when, code_line = texts
    lines = [
        Line(title, 64, ACCENT),
        Line(certifies, 32, MUTED),
        Line(holder, 72),
        Line(completed, 32, MUTED),
        Line(course_line, 48),
        Line(when, 28, MUTED),
        Line(code_line, 28, MUTED),
        *(Line(note, 22, MUTED) for note in notes),
    ]
    return lines, complete


def _fitted(draw: ImageDraw.ImageDraw, line: Line, cjk: bool):
    """The line's font, smaller until the text fits within the border."""
    size = line.size
    while True:
        font = fonts.font(size, cjk)
        left, _, right, _ = draw.textbbox((0, 0), line.text, font=font)
        if right - left <= WIDTH - 240 or size <= 14:
            return font
        size -= 4


def draw_lines(lines: list[Line]) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((30, 30, WIDTH - 30, HEIGHT - 30), outline=ACCENT, width=8)
    draw.rectangle((52, 52, WIDTH - 52, HEIGHT - 52), outline=ACCENT, width=2)
    gaps = [150, 110, 80, 120, 90, 110, 70, 50, 40]  # the space above each line
    y = 0
    for line, gap in zip(lines, gaps, strict=False):
        y += gap
        font = _fitted(draw, line, fonts.needs_cjk(line.text))
        draw.text((WIDTH / 2, y), line.text, font=font, fill=line.colour, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def draw_certificate(translations: Translations, **details) -> Drawn:
    """The PNG of a certificate; see certificate_lines for the details it takes."""
    lines, complete = certificate_lines(translations, **details)
    return Drawn(draw_lines(lines), complete)
