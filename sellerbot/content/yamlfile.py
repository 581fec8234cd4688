"""Read one YAML file strictly, keeping the line and column of every key and item.

Content files are written by hand, so the reader refuses what hides mistakes: anchors and
aliases (an edit in one place silently changes another), duplicate keys (the second one
wins unnoticed), custom tags, and oversized files. It reads only regular files, and at most
a bounded number of bytes, so a FIFO or a link to a device is refused instead of read forever.
Plain scalars follow YAML 1.2's core schema, so an answer option written as `No` stays the
text "No" instead of turning into False as YAML 1.1 would have it.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 64  # levels of nesting; a course needs about 8

# YAML 1.2 core schema for plain (unquoted) scalars.
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INFINITY_OR_NAN = re.compile(r"^(?:[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")

# Characters YAML does not allow in a file (the parser's own test, found before parsing so the
# problem can be placed on its line).
_UNPRINTABLE = yaml.reader.Reader.NON_PRINTABLE

_CORE_TAG_PREFIX = "tag:yaml.org,2002:"

Position = tuple[int, int]  # 1-based line and column
KeyPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing an editor must fix, pointing at the place to fix it."""

    path: Path
    line: int
    column: int
    message: str
    severity: str = "error"

    def __str__(self) -> str:
        prefix = "" if self.severity == "error" else f"{self.severity}: "
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"


@dataclass
class YamlDocument:
    """The plain data of a file plus where each part of it was written."""

    path: Path
    data: Any
    positions: dict[KeyPath, Position] = field(default_factory=dict)

    def position(self, key_path: KeyPath) -> Position:
        """Where `key_path` was written, or its nearest written ancestor."""
        while key_path not in self.positions and key_path:
            key_path = key_path[:-1]
        return self.positions.get(key_path, (1, 1))

    def problem(self, key_path: KeyPath, message: str, severity: str = "error") -> Problem:
        line, column = self.position(key_path)
        return Problem(self.path, line, column, message, severity)


class YamlError(Exception):
    """A file that cannot be read at all; carries the one problem that says why."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _position(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


# Only a plain scalar starting with one of these can be anything but text.
_NOT_TEXT_STARTS = frozenset("0123456789+-.~nNtTfF")


def _plain_scalar(value: str) -> Any:
    """The value of an unquoted scalar; ValueError for an integer too long for Python."""
    if value and value[0] not in _NOT_TEXT_STARTS:
        return value
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value, 0) if value.lstrip("+-")[:2] in ("0o", "0x") else int(value)
    if _FLOAT.match(value):
        return float(value)
    if _INFINITY_OR_NAN.match(value):
        return float(value.replace(".", "", 1))  # Python spells them without YAML's dot
    return value


def _tag_as_written(tag: str) -> str:
    """`!!python/object` rather than the parser's expanded `tag:yaml.org,2002:python/object`."""
    return "!!" + tag.removeprefix(_CORE_TAG_PREFIX) if tag.startswith(_CORE_TAG_PREFIX) else tag


def _unprintable_character(path: Path, text: str) -> Problem | None:
    found = _UNPRINTABLE.search(text)
    if found is None:
        return None
    line = text.count("\n", 0, found.start()) + 1
    line_start = text.rfind("\n", 0, found.start()) + 1
    if line_start == 0 and text.startswith("\ufeff"):
        line_start = 1  # a byte order mark takes no column
    column = found.start() - line_start + 1
    character = found.group()
    kind = "control character" if unicodedata.category(character) == "Cc" else "character"
    message = f"{kind} U+{ord(character):04X} is not allowed; delete it"
    return Problem(path, line, column, message)


class _Builder:
    """Turns the parser's event stream into plain data, recording positions on the way."""

    def __init__(self, path: Path, next_event: Callable[[], Any]):
        self.path = path
        self.next_event = next_event
        self.positions: dict[KeyPath, Position] = {}

    def fail(self, mark: Any, message: str) -> YamlError:
        line, column = _position(mark)
        return YamlError(Problem(self.path, line, column, message))

    def plain(self, event: Any) -> Any:
        try:
            return _plain_scalar(event.value)
        except ValueError:  # Python refuses to convert integers of over 4,300 digits
            raise self.fail(
                event.start_mark,
                f"a number of {len(event.value.lstrip('+-'))} digits is too long;"
                " write it in quotes if it is meant as text",
            ) from None

    def build(self) -> Any:
        self.next_event()  # StreamStartEvent
        if isinstance(self.next_event(), yaml.StreamEndEvent):  # an empty file
            return None
        document = self.node(self.next_event(), ())
        self.next_event()  # DocumentEndEvent
        following = self.next_event()
        if not isinstance(following, yaml.StreamEndEvent):
            raise self.fail(
                following.start_mark, "only one YAML document per file; remove the extra '---'"
            )
        return document

    def node(self, event: Any, key_path: KeyPath) -> Any:
        if event.__class__ is yaml.ScalarEvent and event.anchor is None and event.tag is None:
            # The common case, kept short: most of a course is untagged scalars.
            if event.implicit[0] and not event.style:
                return self.plain(event)
            return event.value
        if isinstance(event, yaml.AliasEvent):
            raise self.fail(
                event.start_mark,
                f"alias '*{event.anchor}' is not allowed; write the value out in full",
            )
        if getattr(event, "anchor", None):
            raise self.fail(
                event.start_mark,
                f"anchor '&{event.anchor}' is not allowed; write each value out in full",
            )
        tag = getattr(event, "tag", None)
        if isinstance(event, yaml.ScalarEvent):
            if tag and not event.implicit[0] and not event.implicit[1]:
                raise self.fail(
                    event.start_mark, f"tag '{_tag_as_written(tag)}' is not allowed; remove it"
                )
            if event.implicit[0] and not event.style:  # plain, unquoted
                return self.plain(event)
            return event.value
        if len(key_path) >= MAX_DEPTH:  # before Python's own recursion limit, wherever called
            raise self.fail(
                event.start_mark,
                f"nested more than {MAX_DEPTH} levels deep; a course needs only a few",
            )
        if tag and tag not in (f"{_CORE_TAG_PREFIX}map", f"{_CORE_TAG_PREFIX}seq"):
            raise self.fail(
                event.start_mark, f"tag '{_tag_as_written(tag)}' is not allowed; remove it"
            )
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            while not isinstance(child := self.next_event(), yaml.SequenceEndEvent):
                item_path = (*key_path, len(items))
                self.positions[item_path] = _position(child.start_mark)
                items.append(self.node(child, item_path))
            return items
        mapping: dict[Any, Any] = {}
        while not isinstance(key_event := self.next_event(), yaml.MappingEndEvent):
            key = self.node(key_event, key_path)
            if isinstance(key, (dict, list)):
                raise self.fail(key_event.start_mark, "a key must be a plain word")
            child_path = (*key_path, key)
            if key in mapping:
                first_line = self.positions[child_path][0]
                raise self.fail(
                    key_event.start_mark,
                    f"duplicate key '{key}' (first given on line {first_line}); keep only one",
                )
            self.positions[child_path] = _position(key_event.start_mark)
            mapping[key] = self.node(self.next_event(), child_path)
        return mapping


def _file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a plain file"


class NotARegularFile(OSError):
    """A directory, FIFO, device or socket where a file was expected."""


class FileTooLarge(OSError):
    """A file holding more than the bytes a reader accepts."""


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """At most `max_bytes` of a regular file (a symlink to one is fine); OSError otherwise.

    Opened without blocking, so a FIFO with no writer cannot stall the open, and read with a
    bound, since stat() says 0 bytes for a FIFO or a device that never ends.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise NotARegularFile(errno.EINVAL, _file_kind(status.st_mode))
        data = file.read(max_bytes + 1)  # the file may have grown since fstat()
    if len(data) > max_bytes:
        raise FileTooLarge(errno.EFBIG, f"{max(status.st_size, len(data))} bytes")
    return data


def _unreadable(path: Path, error: OSError, max_bytes: int) -> Problem:
    """What to tell the editor about a content file the system would not let us read."""
    if isinstance(error, FileTooLarge):
        return Problem(
            path, 1, 1, f"file is {error.strerror}, over the {max_bytes}-byte limit; split it"
        )
    if isinstance(error, NotARegularFile | IsADirectoryError):
        return Problem(
            path, 1, 1, f"not a regular file ({error.strerror}); content files must be plain files"
        )
    if error.errno == errno.ENAMETOOLONG:
        return Problem(path, 1, 1, "the file's path is too long for the system; shorten it")
    reason = error.strerror or type(error).__name__
    return Problem(
        path, 1, 1, f"cannot read the file ({reason}); check that it exists and its permissions"
    )


def read_yaml(path: Path, max_bytes: int = MAX_FILE_BYTES) -> YamlDocument:
    """Read `path` into a YamlDocument, or raise YamlError naming the first problem."""
    try:
        raw = read_regular_file(path, max_bytes)
    except OSError as error:
        raise YamlError(_unreadable(path, error, max_bytes)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlError(Problem(path, line, 1, "not UTF-8 text; save the file as UTF-8")) from None
    unprintable = _unprintable_character(path, text)
    if unprintable is not None:
        raise YamlError(unprintable)
    # The parser's own get_event, not yaml.parse(): the generator around it costs more
    # than the C parser itself.
    parser = _Parser(text)
    builder = _Builder(path, parser.get_event)
    try:
        data = builder.build()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = _position(mark) if mark else (1, 1)
        reason = error.problem or "not valid YAML"
        raise YamlError(Problem(path, line, column, f"YAML syntax: {reason}")) from None
    except RecursionError:  # deep nesting is refused before this; kept as the last guard
        raise YamlError(Problem(path, 1, 1, "nested too deeply; simplify the file")) from None
    except yaml.YAMLError as error:  # unplaced; its text may run over several lines
        reason = " ".join(str(error).split())
        raise YamlError(Problem(path, 1, 1, f"YAML syntax: {reason}")) from None
    finally:
        parser.dispose()
    builder.positions.setdefault((), (1, 1))
    return YamlDocument(path, data, builder.positions)
