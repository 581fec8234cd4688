"""Read an Ogg Opus file's header and length: enough to check a voice note before sending it."""

from __future__ import annotations

import struct
from collections.abc import Iterator

# Opus granule positions count 48 kHz samples, whatever rate the sound was recorded at.
OPUS_RATE = 48_000
_PAGE_HEADER = struct.Struct("<4sBBqIIIB")  # capture pattern ... number of segments
_BEGINS_STREAM = 0x02


class NotOggOpus(ValueError):
    """What is wrong with the file, in words for an editor."""


def _looks_like(data: bytes) -> str:
    """A guess at what a file that is not Ogg holds, so the editor knows what to convert."""
    if data.startswith(b"ID3") or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return "it looks like MP3"
    if data.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return "it looks like WAV"
    if data[4:8] == b"ftyp":
        return "it looks like M4A or MP4"
    if data.startswith(b"fLaC"):
        return "it looks like FLAC"
    return "it does not start with 'OggS'"


def _pages(data: bytes) -> Iterator[tuple[int, int, int, bytes]]:
    """Each page's (header type, granule position, stream serial, body), in file order."""
    offset = 0
    while offset < len(data):
        if len(data) < offset + _PAGE_HEADER.size:
            raise NotOggOpus(f"the file is cut short at byte {offset}")
        pattern, version, header_type, granule, serial, _, _, segments = _PAGE_HEADER.unpack_from(
            data, offset
        )
        if pattern != b"OggS" or version != 0:
            raise NotOggOpus(f"no Ogg page at byte {offset}; the file is damaged")
        body_start = offset + _PAGE_HEADER.size + segments
        body_end = body_start + sum(data[offset + _PAGE_HEADER.size : body_start])
        if body_end > len(data):
            raise NotOggOpus(f"the file is cut short at byte {len(data)}")
        yield header_type, granule, serial, data[body_start:body_end]
        offset = body_end


def opus_seconds(data: bytes) -> float:
    """How long the Opus stream of an Ogg file plays: its last granule position, less the
    decoder's pre-skip, at 48 kHz. NotOggOpus when the file is not Ogg Opus."""
    if not data.startswith(b"OggS"):
        raise NotOggOpus(f"not an Ogg file ({_looks_like(data)})")
    pages = _pages(data)
    header_type, _, serial, body = next(pages)
    if not body.startswith(b"OpusHead") or len(body) < 19:
        raise NotOggOpus("an Ogg file, but its sound is not Opus (Vorbis, perhaps)")
    if not header_type & _BEGINS_STREAM:
        raise NotOggOpus("the Ogg file's first page does not begin its stream; it is damaged")
    version, _, pre_skip = struct.unpack_from("<BBH", body, 8)
    if version >> 4:  # the high bits are a major version no player would know
        raise NotOggOpus(f"Opus header version {version} is not one players know")
    last = None
    for _, granule, page_serial, _ in pages:
        if page_serial == serial and granule != -1:  # -1: no packet ends on this page
            last = granule
    if last is None:
        return 0.0
    return max(0, last - pre_skip) / OPUS_RATE
