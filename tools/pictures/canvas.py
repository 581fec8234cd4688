"""A drawing surface in picture coordinates, drawn at double size and shrunk for smooth edges."""

from __future__ import annotations

import io
import math

from PIL import Image, ImageDraw, ImageFilter, ImageFont

# Drawing at twice the size and shrinking gives anti-aliased edges that plain ImageDraw lacks.
SS = 2

Color = tuple[int, ...]


def rgb(hex_code: str, alpha: int | None = None) -> Color:
    """'#rrggbb' as a tuple, with an alpha when asked (ImageDraw blends those)."""
    h = hex_code.lstrip("#")
    c = tuple(int(h[i : i + 2], 16) for i in (0, 2, 4))
    return (*c, alpha) if alpha is not None else c


def mix(a: str | Color, b: str | Color, t: float) -> Color:
    """The colour t of the way from a to b."""
    ca = rgb(a) if isinstance(a, str) else a
    cb = rgb(b) if isinstance(b, str) else b
    return tuple(round(x + (y - x) * t) for x, y in zip(ca[:3], cb[:3], strict=True))


def _c(color: str | Color | None) -> Color | None:
    return rgb(color) if isinstance(color, str) else color


class Canvas:
    """An RGB picture of width x height; every method takes coordinates at that size."""

    def __init__(self, width: int, height: int, background: str | Color = "#ffffff") -> None:
        self.width, self.height = width, height
        self.im = Image.new("RGB", (width * SS, height * SS), _c(background))
        self.d = ImageDraw.Draw(self.im, "RGBA")

    # --- primitives -------------------------------------------------------------------
    @staticmethod
    def _s(box):
        return [round(v * SS) for v in box]

    def rect(self, box, fill=None, outline=None, width=0, radius=0):
        w = round(width * SS)
        if radius:
            self.d.rounded_rectangle(
                self._s(box), round(radius * SS), fill=_c(fill), outline=_c(outline), width=w
            )
        else:
            self.d.rectangle(self._s(box), fill=_c(fill), outline=_c(outline), width=w)

    def ellipse(self, box, fill=None, outline=None, width=0):
        self.d.ellipse(self._s(box), fill=_c(fill), outline=_c(outline), width=round(width * SS))

    def circle(self, cx, cy, r, fill=None, outline=None, width=0):
        self.ellipse((cx - r, cy - r, cx + r, cy + r), fill, outline, width)

    def poly(self, points, fill=None, outline=None, width=0):
        pts = [(x * SS, y * SS) for x, y in points]
        self.d.polygon(pts, fill=_c(fill), outline=_c(outline), width=round(width * SS))

    def line(self, points, fill, width=4, round_ends=True):
        pts = [(x * SS, y * SS) for x, y in points]
        w = round(width * SS)
        self.d.line(pts, fill=_c(fill), width=w, joint="curve")
        if round_ends:
            for x, y in (pts[0], pts[-1]):
                self.d.ellipse((x - w / 2, y - w / 2, x + w / 2, y + w / 2), fill=_c(fill))

    def pieslice(self, box, start, end, fill):
        self.d.pieslice(self._s(box), start, end, fill=_c(fill))

    def arc(self, box, start, end, fill, width=4):
        self.d.arc(self._s(box), start, end, fill=_c(fill), width=round(width * SS))

    def text(self, xy, s, size, fill="#222222", anchor="mm", stroke=0, stroke_fill=None):
        font = ImageFont.load_default(size * SS)
        self.d.text(
            (xy[0] * SS, xy[1] * SS),
            s,
            font=font,
            fill=_c(fill),
            anchor=anchor,
            stroke_width=round(stroke * SS),
            stroke_fill=_c(stroke_fill),
        )

    def text_width(self, s, size) -> float:
        return ImageFont.load_default(size * SS).getlength(s) / SS

    # --- effects ----------------------------------------------------------------------
    def glow(self, cx, cy, r, color, strength=200, steps=24):
        """A soft round light: many faint discs, strongest in the middle."""
        c = _c(color)[:3]
        for i in range(steps):
            rr = r * (1 - i / steps)
            self.circle(cx, cy, rr, fill=(*c, max(1, strength // steps)))

    def shade(self, box, color, alpha):
        """A flat tint over a region (darkens or colours part of a scene)."""
        self.rect(box, fill=(*_c(color)[:3], alpha))

    def blur(self, box, radius):
        """Blur one region, as an out-of-focus or shaky photo would look."""
        b = tuple(self._s(box))
        part = self.im.crop(b).filter(ImageFilter.GaussianBlur(radius * SS))
        self.im.paste(part, b[:2])

    def paste(self, other: Canvas, xy, mask_radius=0):
        """Paste another canvas at xy, optionally with rounded corners."""
        x, y = round(xy[0] * SS), round(xy[1] * SS)
        if mask_radius:
            mask = Image.new("L", other.im.size, 0)
            ImageDraw.Draw(mask).rounded_rectangle(
                (0, 0, other.im.size[0] - 1, other.im.size[1] - 1),
                round(mask_radius * SS),
                fill=255,
            )
            self.im.paste(other.im, (x, y), mask)
        else:
            self.im.paste(other.im, (x, y))

    # --- output -----------------------------------------------------------------------
    def png_bytes(self, colors=256) -> bytes:
        """The finished picture: shrunk, reduced to a palette, saved with fixed options."""
        # reduce() is much faster than a resampling filter and exact for a 2x shrink.
        small = self.im.reduce(SS)
        pal = small.quantize(colors, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        buf = io.BytesIO()
        # No time stamps or text chunks are written, so equal pixels give equal bytes.
        pal.save(buf, "PNG", optimize=True)
        return buf.getvalue()


def star_points(cx, cy, r_out, r_in, n=5, rot=-90):
    pts = []
    for i in range(n * 2):
        r = r_out if i % 2 == 0 else r_in
        a = math.radians(rot + i * 180 / n)
        pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
    return pts
