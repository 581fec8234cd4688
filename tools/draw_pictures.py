"""Draw the course's pictures into content/media/, or check that the committed ones match.

python tools/draw_pictures.py            # redraw every picture
python tools/draw_pictures.py --check    # exit 1 naming each file that differs
python tools/draw_pictures.py --media DIR photo-light.png   # other folder, some files
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image, UnidentifiedImageError

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pictures import PICTURES

MEDIA = Path(__file__).resolve().parent.parent / "content" / "media"


def same_picture(path: Path, drawn: bytes) -> bool:
    """Same pixels, whatever the PNG compressor: another zlib packs the same image otherwise."""
    if not path.is_file():
        return False
    try:
        with Image.open(path) as stored, Image.open(io.BytesIO(drawn)) as fresh:
            return stored.size == fresh.size and (
                stored.convert("RGB").tobytes() == fresh.convert("RGB").tobytes()
            )
    except (OSError, UnidentifiedImageError):
        return False


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("names", nargs="*", help="file names to draw (default: all)")
    p.add_argument("--check", action="store_true", help="compare instead of writing")
    p.add_argument("--media", type=Path, default=MEDIA, help="folder of the pictures")
    args = p.parse_args(argv)
    unknown = [n for n in args.names if n not in PICTURES]
    if unknown:
        p.error("unknown picture: " + ", ".join(unknown))
    names = args.names or sorted(PICTURES)
    differ = []
    for name in names:
        data = PICTURES[name]().png_bytes()
        path = args.media / name
        if args.check:
            if not same_picture(path, data):
                differ.append(name)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            print(f"{name}: {len(data) / 1024:.0f} KB")
    for name in differ:
        print(
            f"{args.media / name}: differs from what tools/draw_pictures.py draws; "
            "run it to redraw",
            file=sys.stderr,
        )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
