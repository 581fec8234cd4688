"""Voice notes on steps: the validator refuses a file Telegram could not play or a learner
should not have to download, each time at the `voice:` line and column to fix."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from sellerbot.content.ogg import NotOggOpus, opus_seconds
from tests.conftest import TEST_COURSE
from tests.content_samples import ContentTree, describe
from tests.test_content_validation import assert_error_at

MODULE = "modules/basics.yaml"
NOTE = TEST_COURSE / "media" / "why-en.ogg"  # 2.0 s, made with opusenc
ZH = "zh_Hans: media/welcome-zh.ogg"  # where a problem with the Chinese note is reported
VOICE_LINE = "    voice: {en: media/welcome-en.ogg, zh_Hans: media/welcome-zh.ogg}"


def with_length(data: bytes, seconds: float) -> bytes:
    """The same Ogg Opus file claiming another length: its last page's granule position moved
    (the reader does not check page checksums, so no other byte needs to change)."""
    pre_skip = struct.unpack_from("<H", data, data.find(b"OpusHead") + 10)[0]
    last_page = data.rfind(b"OggS")
    granule = struct.pack("<q", round(seconds * 48_000) + pre_skip)
    return data[: last_page + 6] + granule + data[last_page + 14 :]


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    tree = ContentTree(tmp_path / "content")
    tree.write_bytes("media/welcome-en.ogg", NOTE.read_bytes())
    tree.write_bytes("media/welcome-zh.ogg", NOTE.read_bytes())
    tree.insert_after(MODULE, "      zh_Hans: 欢迎来到课程。", VOICE_LINE)
    return tree


def test_the_sample_note_is_read_to_the_sample() -> None:
    assert opus_seconds(NOTE.read_bytes()) == 2.0
    assert opus_seconds(with_length(NOTE.read_bytes(), 42.5)) == 42.5


def test_a_step_with_a_voice_note_per_locale_loads_with_its_length(tree: ContentTree) -> None:
    result = tree.load()
    assert result.problems == [], describe(result.problems)
    step = result.course.modules[0].steps[0]
    assert dict(step.voice) == {"en": "media/welcome-en.ogg", "zh_Hans": "media/welcome-zh.ogg"}
    source, seconds = result.course.voice_note("media/welcome-en.ogg")
    assert source == str(tree.path("media/welcome-en.ogg").resolve()) and seconds == 2.0


def test_a_note_for_one_locale_only_is_no_missing_translation(tree: ContentTree) -> None:
    tree.replace(MODULE, ", zh_Hans: media/welcome-zh.ogg", "")
    result = tree.load()
    assert result.problems == [], describe(result.problems)
    voice = result.course.modules[0].steps[0].voice
    assert "zh_Hans" not in voice
    assert voice.get_for("zh_Hans", fallback="en") is None  # no English note instead


def test_a_note_for_an_unknown_locale_is_refused(tree: ContentTree) -> None:
    tree.replace(MODULE, "zh_Hans: media/welcome-zh.ogg", "zh: media/welcome-zh.ogg")
    assert_error_at(tree, MODULE, "zh: media", "unknown locale 'zh'", "zh_Hans")


def test_one_file_for_every_language_is_refused(tree: ContentTree) -> None:
    tree.replace(MODULE, VOICE_LINE.strip(), "voice: media/welcome-en.ogg")
    assert_error_at(tree, MODULE, "voice:", "one file per language", "en: media/")


def test_a_missing_note_is_refused(tree: ContentTree) -> None:
    tree.path("media/welcome-zh.ogg").unlink()
    assert_error_at(tree, MODULE, ZH, "'media/welcome-zh.ogg' does not exist")


@pytest.mark.parametrize(
    ("data", "gist"),
    [
        (b"ID3\x04" + bytes(400), "not an Ogg file (it looks like MP3)"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt " + bytes(400), "not an Ogg file (it looks like WAV)"),
        (b"\x00\x00\x00\x20ftypM4A " + bytes(400), "it looks like M4A"),
        (b"\x89PNG\r\n\x1a\n" + bytes(400), "does not start with 'OggS'"),
        (b"", "does not start with 'OggS'"),
    ],
    ids=["mp3", "wav", "m4a", "png", "empty"],
)
def test_a_note_that_is_not_ogg_is_refused(tree: ContentTree, data: bytes, gist: str) -> None:
    tree.write_bytes("media/welcome-zh.ogg", data)
    problem = assert_error_at(tree, MODULE, ZH, gist, "must be Ogg Opus")
    assert "opusenc" in problem.message


def test_ogg_that_is_not_opus_is_refused(tree: ContentTree) -> None:
    data = NOTE.read_bytes()
    tree.write_bytes("media/welcome-zh.ogg", data.replace(b"OpusHead", b"\x01vorbis\x00", 1))
    assert_error_at(tree, MODULE, ZH, "its sound is not Opus")


def test_a_note_cut_short_is_refused(tree: ContentTree) -> None:
    tree.write_bytes("media/welcome-zh.ogg", NOTE.read_bytes()[:-10])
    assert_error_at(tree, MODULE, ZH, "cut short")


def test_a_damaged_page_is_refused(tree: ContentTree) -> None:
    data = NOTE.read_bytes()
    second_page = data.find(b"OggS", 1)
    tree.write_bytes("media/welcome-zh.ogg", data[:second_page] + b"Ogg!" + data[second_page + 4 :])
    assert_error_at(tree, MODULE, ZH, f"no Ogg page at byte {second_page}")


def test_a_note_over_one_megabyte_is_refused(tree: ContentTree) -> None:
    data = NOTE.read_bytes()
    tree.write_bytes("media/welcome-zh.ogg", data + bytes(1024 * 1024 + 1 - len(data)))
    assert_error_at(tree, MODULE, ZH, "over the 1 MB")


def test_a_note_of_exactly_one_megabyte_is_not_refused_for_its_size(tree: ContentTree) -> None:
    # Padded with zeros to the limit: the padding is refused as a damaged page, the size not.
    data = NOTE.read_bytes()
    tree.write_bytes("media/welcome-zh.ogg", data + bytes(1024 * 1024 - len(data)))
    assert_error_at(tree, MODULE, ZH, "no Ogg page at byte")


def test_a_note_over_ten_minutes_is_refused(tree: ContentTree) -> None:
    tree.write_bytes("media/welcome-zh.ogg", with_length(NOTE.read_bytes(), 10 * 60 + 1))
    assert_error_at(tree, MODULE, ZH, "lasts 10:01, over 10:00", "split")


def test_a_note_over_two_minutes_is_a_warning(tree: ContentTree) -> None:
    tree.write_bytes("media/welcome-zh.ogg", with_length(NOTE.read_bytes(), 2 * 60 + 5))
    result = tree.load()
    assert result.course is not None, describe(result.problems)
    (warning,) = result.warnings
    assert (warning.line, warning.column) == tree.position_of(MODULE, ZH)
    assert "lasts 2:05, over 2:00" in warning.message
    assert result.course.voice_note("media/welcome-zh.ogg")[1] == 125


def test_a_note_of_two_minutes_is_no_warning(tree: ContentTree) -> None:
    tree.write_bytes("media/welcome-zh.ogg", with_length(NOTE.read_bytes(), 2 * 60))
    assert tree.load().problems == []


def test_a_silent_note_is_refused(tree: ContentTree) -> None:
    tree.write_bytes("media/welcome-zh.ogg", with_length(NOTE.read_bytes(), 0))
    assert_error_at(tree, MODULE, ZH, "holds no sound")


def test_a_note_outside_media_is_refused(tree: ContentTree) -> None:
    tree.write_bytes("modules/welcome-zh.ogg", NOTE.read_bytes())
    tree.replace(MODULE, "media/welcome-zh.ogg", "modules/welcome-zh.ogg")
    assert_error_at(tree, MODULE, "zh_Hans: modules/", "outside media/")


def test_a_note_outside_the_content_folder_is_refused(tree: ContentTree) -> None:
    tree.root.parent.joinpath("x.ogg").write_bytes(NOTE.read_bytes())
    tree.replace(MODULE, "media/welcome-zh.ogg", "../x.ogg")
    assert_error_at(tree, MODULE, "zh_Hans: ../x.ogg", "outside the content folder")


def test_a_symlink_in_media_leading_out_of_it_is_refused(tree: ContentTree) -> None:
    tree.write_bytes("modules/hidden.ogg", NOTE.read_bytes())
    tree.path("media/welcome-zh.ogg").unlink()
    tree.path("media/welcome-zh.ogg").symlink_to(tree.path("modules/hidden.ogg"))
    assert_error_at(tree, MODULE, ZH, "outside media/")


def test_a_fifo_as_a_note_is_refused(tree: ContentTree) -> None:
    tree.path("media/welcome-zh.ogg").unlink()
    os.mkfifo(tree.path("media/welcome-zh.ogg"))
    assert_error_at(tree, MODULE, ZH, "not a plain file")


def test_a_web_address_as_a_note_is_refused(tree: ContentTree) -> None:
    tree.replace(MODULE, "media/welcome-zh.ogg", "https://example.com/n.ogg")
    assert_error_at(tree, MODULE, "zh_Hans: https", "must be a file in media/")


def test_the_reader_says_what_is_wrong() -> None:
    with pytest.raises(NotOggOpus, match="cut short"):
        opus_seconds(NOTE.read_bytes()[:30])
