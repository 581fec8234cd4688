"""Content the loader must refuse with a placed message, never a traceback or a hang.

Each test breaks a small valid tree the way a careless editor or an attacker would: empty
files, files that are not files, numbers and nesting past what Python can build, paths past
what the system allows, and rules no answer can pass.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sellerbot.cli import main
from sellerbot.content.loader import LoadResult
from sellerbot.content.yamlfile import MAX_DEPTH, YamlError, read_yaml
from tests.content_samples import ContentTree, describe

SCHEMA_LINE = "# yaml-language-server: $schema=../schema/faq.schema.json\n"


@pytest.fixture
def tree(tmp_path: Path) -> ContentTree:
    return ContentTree(tmp_path / "content")


def the_error(tree: ContentTree, relative: str, *gist: str) -> str:
    """Loading fails with exactly one error, in `relative`, whose text holds every `gist`."""
    result: LoadResult = tree.load()
    assert result.course is None, "a course was built despite the error"
    errors = [str(problem) for problem in result.errors]
    assert len(errors) == 1, describe(result.errors)
    assert errors[0].startswith(f"{tree.path(relative)}:"), errors[0]
    assert all(piece in errors[0] for piece in gist), errors[0]
    return errors[0]


# --- item 5: empty files ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", SCHEMA_LINE, SCHEMA_LINE + "\n\n"])
def test_an_empty_faq_file_is_refused_with_what_it_needs(tree: ContentTree, text: str) -> None:
    tree.write("faq/listing.yaml", text)
    message = the_error(tree, "faq/listing.yaml", "empty", "entries", "out_of_scope")
    assert message.startswith(f"{tree.path('faq/listing.yaml')}:1:1: ")


def test_an_empty_module_file_is_refused(tree: ContentTree) -> None:
    tree.write("modules/basics.yaml", SCHEMA_LINE)
    the_error(tree, "modules/basics.yaml", "empty", "id", "title", "steps")


# --- item 6: values Python cannot build ----------------------------------------------------


def test_an_integer_of_thousands_of_digits_is_refused_at_its_place(tree: ContentTree) -> None:
    tree.replace("modules/basics.yaml", "en: 20", "en: " + "9" * 5000)
    message = the_error(tree, "modules/basics.yaml", "5000 digits")
    line, column = tree.position_of("modules/basics.yaml", "9999")
    assert f":{line}:{column}: " in message


@pytest.mark.parametrize(
    "nested",
    [
        "{a: " * 990 + "1" + "}" * 990,
        "[" * 990 + "1" + "]" * 990,
        "".join(f"\n{'  ' * depth}a:" for depth in range(1, 400)) + " 1",
    ],
    ids=["flow-mappings", "flow-lists", "block-mappings"],
)
def test_deep_nesting_is_refused_without_a_recursion_error(tree: ContentTree, nested: str) -> None:
    tree.write("faq/listing.yaml", "entries: " + nested + "\n")
    the_error(tree, "faq/listing.yaml", f"{MAX_DEPTH} levels")


def test_deep_nesting_is_refused_however_deep_the_caller_is(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("a: " + "[" * 200 + "]" * 200)

    def read_from_depth(depth: int) -> None:
        if depth:
            return read_from_depth(depth - 1)
        with pytest.raises(YamlError, match="levels"):
            read_yaml(path)

    read_from_depth(800)  # most of Python's limit used: the reader must stay shallow


def test_a_media_path_too_long_for_the_system_is_refused(tree: ContentTree) -> None:
    tree.replace("modules/basics.yaml", "media/light.png", "media/" + "a" * 5000 + ".png")
    the_error(tree, "modules/basics.yaml", "too long")


def test_a_media_name_too_long_for_the_system_is_refused(tree: ContentTree) -> None:
    tree.replace("modules/basics.yaml", "media/light.png", "media/" + "a" * 300 + ".png")
    the_error(tree, "modules/basics.yaml", "too long")


def test_a_directory_named_like_a_module_file_is_refused(tree: ContentTree) -> None:
    tree.path("modules/extra.yaml").mkdir()
    the_error(tree, "modules/extra.yaml", "not a regular file", "directory")


def test_course_yaml_as_a_directory_is_refused(tree: ContentTree) -> None:
    tree.path("course.yaml").unlink()
    tree.path("course.yaml").mkdir()
    the_error(tree, "course.yaml", "not a regular file")


def test_an_unreadable_file_is_refused(tree: ContentTree, monkeypatch) -> None:
    target = tree.path("faq/listing.yaml")
    if os.geteuid() == 0:  # root reads any file: make the system say no as it would
        real_open = os.open

        def refusing_open(path, *args, **kwargs):
            if os.fspath(path) == os.fspath(target):
                raise PermissionError(13, "Permission denied", os.fspath(path))
            return real_open(path, *args, **kwargs)

        monkeypatch.setattr(os, "open", refusing_open)
    else:
        target.chmod(0)
    the_error(tree, "faq/listing.yaml", "cannot read", "ermission")


# --- item 7: files that are not files -------------------------------------------------------


@pytest.mark.timeout(10)
def test_a_fifo_among_the_faq_files_is_refused_at_once(tree: ContentTree) -> None:
    os.mkfifo(tree.path("faq/pipe.yaml"))
    the_error(tree, "faq/pipe.yaml", "not a regular file")


@pytest.mark.timeout(10)
def test_course_yaml_as_a_fifo_is_refused_at_once(tree: ContentTree) -> None:
    tree.path("course.yaml").unlink()
    os.mkfifo(tree.path("course.yaml"))
    the_error(tree, "course.yaml", "not a regular file")


@pytest.mark.timeout(10)
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_symlink_to_a_device_is_refused_at_once(tree: ContentTree, device: str) -> None:
    tree.path("modules/basics.yaml").unlink()
    tree.path("modules/basics.yaml").symlink_to(device)
    the_error(tree, "modules/basics.yaml", "not a regular file")


@pytest.mark.timeout(10)
def test_a_fifo_as_media_is_refused(tree: ContentTree) -> None:
    tree.path("media/light.png").unlink()
    os.mkfifo(tree.path("media/light.png"))
    the_error(tree, "modules/basics.yaml", "media/light.png")


@pytest.mark.timeout(20)
def test_validate_exits_1_on_a_fifo_and_an_empty_faq(tree: ContentTree, capsys) -> None:
    os.mkfifo(tree.path("faq/pipe.yaml"))
    tree.write("faq/listing.yaml", SCHEMA_LINE)
    assert main(["validate", str(tree.root)]) == 1
    printed = capsys.readouterr().out
    assert f"{tree.path('faq/pipe.yaml')}: " in printed or "pipe.yaml:1:1:" in printed
    assert "listing.yaml:1:1:" in printed
    assert "Traceback" not in printed


# --- item 9: rules and options that validate but cannot work --------------------------------


def test_a_min_length_no_telegram_message_can_reach_is_refused(tree: ContentTree) -> None:
    tree.replace("modules/basics.yaml", "en: 20", "en: 99999")
    message = the_error(tree, "modules/basics.yaml", "99999", "4096")
    line, column = tree.position_of("modules/basics.yaml", "99999")
    assert f":{line}:{column - 4}: " in message  # at the locale key


def test_a_shared_min_length_no_message_can_reach_is_refused(tree: ContentTree) -> None:
    tree.replace(
        "modules/basics.yaml",
        "- min_length:\n          en: 20\n          zh_Hans: 8",
        "- min_length: 5000",
    )
    the_error(tree, "modules/basics.yaml", "5000", "4096")


def test_a_min_length_above_the_tasks_max_length_is_refused(tree: ContentTree) -> None:
    tree.insert_after(
        "modules/basics.yaml",
        "          zh_Hans: 再长一点。",
        "      - max_length: 10\n        feedback: {en: Shorter., zh_Hans: 短一点。}",
    )
    the_error(tree, "modules/basics.yaml", "min_length 20", "max_length 10", "en")


def test_a_quiz_option_too_long_for_a_button_is_refused(tree: ContentTree) -> None:
    tree.replace("modules/basics.yaml", "en: Next to a window", "en: " + "w" * 5000)
    message = the_error(tree, "modules/basics.yaml", "5000 characters", "option")
    line, _ = tree.position_of("modules/basics.yaml", "wwww")
    assert f":{line}:" in message
