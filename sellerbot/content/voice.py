"""Check a step's voice note file: in media/, Ogg Opus, small enough and of a sensible length."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sellerbot.content.ogg import NotOggOpus, opus_seconds

MEDIA_FOLDER = "media"
# A farmer on a prepaid mobile plan downloads the note for every step; 1 MB holds about five
# minutes of speech at 24 kbit/s, more than any step needs.
MAX_VOICE_BYTES = 1024 * 1024
# A note reads one step aloud. A step's text read slowly takes a minute or two, so a longer
# note is probably more than the step says (a warning: it may be meant); past ten minutes it
# is a lecture nobody hears to the end on a phone, and belongs split over several steps.
WARN_VOICE_SECONDS = 2 * 60
MAX_VOICE_SECONDS = 10 * 60
CONVERT_HINT = "convert it with `opusenc --bitrate 24 in.wav out.ogg` (package opus-tools)"

Report = Callable[[str, str], None]  # (message, severity)


def clock(seconds: float) -> str:
    """A duration as minutes and seconds, 2:05."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def in_media_folder(directory: Path, target: Path) -> bool:
    """Whether a resolved file is inside the content folder's media/, even through links."""
    return target.is_relative_to((directory / MEDIA_FOLDER).resolve())


def check_voice_file(path: Path, shown: str, report: Report) -> float | None:
    """The note's length in seconds when it can be sent; every problem goes to `report`."""
    try:
        with path.open("rb") as file:  # a plain file: the loader's media check came first
            data = file.read(MAX_VOICE_BYTES + 1)
    except OSError as error:
        report(f"voice note '{shown}' is unreadable ({error.strerror}); fix it", "error")
        return None
    if len(data) > MAX_VOICE_BYTES:
        size = path.stat().st_size / 2**20
        report(
            f"voice note '{shown}' is {size:.1f} MB, over the 1 MB a learner should download"
            " for one step; record it shorter or at a lower bitrate (opusenc --bitrate 24)",
            "error",
        )
        return None
    try:
        seconds = opus_seconds(data)
    except NotOggOpus as error:
        report(
            f"voice note '{shown}' must be Ogg Opus, as Telegram plays voice notes: {error};"
            f" {CONVERT_HINT}",
            "error",
        )
        return None
    if seconds <= 0:
        report(f"voice note '{shown}' holds no sound; record it again", "error")
        return None
    if seconds > MAX_VOICE_SECONDS:
        report(
            f"voice note '{shown}' lasts {clock(seconds)}, over {clock(MAX_VOICE_SECONDS)};"
            " split it over several steps",
            "error",
        )
        return None
    if seconds > WARN_VOICE_SECONDS:
        report(
            f"voice note '{shown}' lasts {clock(seconds)}, over {clock(WARN_VOICE_SECONDS)} for"
            " one step; a shorter note is easier to follow",
            "warning",
        )
    return seconds
