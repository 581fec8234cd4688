"""The course's pictures: all there, small enough, and exactly what tools/draw_pictures.py draws."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
MEDIA = ROOT / "content" / "media"
SCRIPT = ROOT / "tools" / "draw_pictures.py"

# The agreed list of the course's pictures; the script must draw exactly these.
LISTED = [
    "store-profile.png",
    "label-example.png",
    "photo-light.png",
    "photo-background.png",
    "photo-closeup.png",
    "photo-scale.png",
    "listing-example.png",
    "ripeness.png",
    "packing-layers.png",
    "delivery-promise.png",
    "quick-replies.png",
    "damaged-parcel.png",
    "campaign-calendar.png",
    "stream-setup.png",
    "stream-framing.png",
    "price-sum.png",
    "ledger.png",
    "scam-message.png",
]


def _script():
    spec = importlib.util.spec_from_file_location("draw_pictures", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_script_draws_exactly_the_listed_pictures():
    assert sorted(_script().PICTURES) == sorted(LISTED)


@pytest.mark.parametrize("name", LISTED)
def test_each_picture_is_a_small_png(name):
    path = MEDIA / name
    assert path.is_file(), f"{name} is missing; run python tools/draw_pictures.py"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size < 200 * 1024
    with Image.open(path) as im:
        assert im.format == "PNG"
        assert max(im.size) <= 1280


def test_check_passes_on_the_committed_pictures():
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr


def test_check_names_a_picture_that_was_edited_by_hand(tmp_path, capsys):
    for name in ("photo-light.png", "ledger.png"):
        shutil.copy(MEDIA / name, tmp_path / name)
    # One pixel changed and saved again, as an image editor would.
    with Image.open(tmp_path / "photo-light.png") as im:
        edited = im.convert("RGB")
    edited.putpixel((10, 10), (255, 0, 255))
    edited.save(tmp_path / "photo-light.png")
    draw = _script()
    code = draw.main(["--check", "--media", str(tmp_path), "photo-light.png", "ledger.png"])
    err = capsys.readouterr().err
    assert code == 1
    assert "photo-light.png" in err
    assert "ledger.png" not in err


def test_check_names_a_missing_picture(tmp_path, capsys):
    assert _script().main(["--check", "--media", str(tmp_path), "ledger.png"]) == 1
    assert "ledger.png" in capsys.readouterr().err


def test_drawing_twice_gives_the_same_bytes(tmp_path):
    draw = _script()
    for folder in ("a", "b"):
        assert draw.main(["--media", str(tmp_path / folder), "photo-light.png"]) == 0
    assert (tmp_path / "a/photo-light.png").read_bytes() == (
        tmp_path / "b/photo-light.png"
    ).read_bytes()


def test_check_looks_at_pixels_not_at_how_the_png_was_compressed(tmp_path):
    # Another Pillow or zlib packs the same picture into other bytes; that is no hand edit.
    with Image.open(MEDIA / "ledger.png") as im:
        im.save(tmp_path / "ledger.png", compress_level=1)
    assert (tmp_path / "ledger.png").read_bytes() != (MEDIA / "ledger.png").read_bytes()
    assert _script().main(["--check", "--media", str(tmp_path), "ledger.png"]) == 0
