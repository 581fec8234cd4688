"""The bot's link as a QR code picture, with the link written under it for a projected slide."""

from __future__ import annotations

import io

import segno
from PIL import Image, ImageDraw

from sellerbot.reports.fonts import font

SCALE = 10
BORDER = 4
TEXT_SIZE = 28


def qr_png(link: str) -> bytes:
    """A PNG: the QR code of `link`, and under it the link itself, for who cannot scan."""
    code = io.BytesIO()
    segno.make(link, error="m").save(code, kind="png", scale=SCALE, border=BORDER)
    code.seek(0)
    qr = Image.open(code).convert("RGB")
    text_font = font(TEXT_SIZE, cjk=False)
    probe = ImageDraw.Draw(qr)
    text_width = int(probe.textlength(link, font=text_font))
    width = max(qr.width, text_width + 2 * SCALE * BORDER)
    band = TEXT_SIZE * 2
    picture = Image.new("RGB", (width, qr.height + band), "white")
    picture.paste(qr, ((width - qr.width) // 2, 0))
    draw = ImageDraw.Draw(picture)
    draw.text(((width - text_width) // 2, qr.height - SCALE), link, fill="black", font=text_font)
    out = io.BytesIO()
    picture.save(out, format="PNG", optimize=True)
    return out.getvalue()
