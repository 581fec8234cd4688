"""Fuzz the loader with hundreds of broken copies of the bundled course: never a traceback.

Each case breaks one file of a copy of `content/` the way an editor or an attacker might:
keys deleted or written twice, values of the wrong type, huge or empty values, odd Unicode,
references to nothing, and files that are not files (FIFOs, device links, directories).
The loader must answer every case with `path:line:col: message` lines, within 10 s.

A seeded random.Random keeps the cases the same on every run; a failure names its case, so
no shrinking (what hypothesis would add) is needed to see what broke.
"""

from __future__ import annotations

import copy
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from sellerbot.content.loader import load_course
from sellerbot.paths import bundled_content

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C ones keep the test quick
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

SEED = 20261201
CASES = 520
SLOWEST_ALLOWED = 10.0  # seconds for one load

ODD_TEXTS = [
    "",
    " ",
    "\u200b",  # zero-width space
    "\u202eevil",  # right-to-left override
    "e\u0301\u0301\u0301",  # stacked combining accents
    "🍊" * 300,
    "\x00",
    "\x1b[31m",
    "\ufeff",
    "\ufffe",
    "<b>&amp;</b>",
    "x" * 20000,
    "中" * 5000,
    "../../etc/passwd",
    "media/" + "a" * 5000 + ".png",
    "/dev/zero",
    "https://",
    "a.b",
    "zz.nothing",
    "welcome/nothing",
    "nothing/nothing",
]
ODD_VALUES: list[Any] = [
    None,
    True,
    0,
    -1,
    99999,
    10**30,
    1.5,
    float("inf"),
    [],
    {},
    [None],
    {"en": None},
    {"xx": "text"},
    {"en": ["a", "b"]},
    [[[[["deep"]]]]],
]
HUGE_LINES = [
    "a: " + "9" * 5000,
    "a: " + "{a: " * 990 + "1" + "}" * 990,
    "a: " + "[" * 990 + "]" * 990,
    "a: &x 1\nb: *x",
    "a: !!python/object:os.system ls",
    "--- 1\n--- 2",
    "\t- tab",
    "a: [unclosed",
    "a: 'unclosed",
]


class Tree:
    """A copy of the bundled content that cases break and restore in place."""

    def __init__(self, root: Path):
        shutil.copytree(bundled_content(), root)
        self.root = root
        self.files = sorted(
            path for path in root.rglob("*.yaml") if path.is_file() and "schema" not in path.parts
        )
        self.original = {path: path.read_bytes() for path in self.files}
        self.data = {path: yaml.load(self.original[path], _Loader) for path in self.files}
        self.created: list[Path] = []
        self.touched: list[Path] = []
        media = root / "media" / "welcome.png"
        self.original[media] = media.read_bytes()

    def write(self, path: Path, text: str | bytes) -> None:
        self.touched.append(path)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)

    def replace(self, path: Path) -> Path:
        """Remove `path` so a case can put something else there; restored afterwards."""
        self.touched.append(path)
        path.unlink()
        return path

    def restore(self) -> None:
        for path in reversed(self.created):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif os.path.lexists(path):
                path.unlink()
        for path in self.touched:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            elif os.path.lexists(path):
                path.unlink()
            path.write_bytes(self.original[path])
        self.created.clear()
        self.touched.clear()

    def new_path(self, relative: str) -> Path:
        path = self.root / relative
        self.created.append(path)
        return path


def _places(value: Any, found: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key) pair in a loaded YAML value."""
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((value, key))
            _places(item, found)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.append((value, index))
            _places(item, found)
    return found


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def _data_case(rng: random.Random, tree: Tree) -> tuple[str, Callable[[], None]]:
    """A change to one value of one file, written back as YAML."""
    path = rng.choice(tree.files)
    data = copy.deepcopy(tree.data[path])
    places = _places(data, [])
    container, key = rng.choice(places)
    kind = rng.choice(["delete", "odd-text", "odd-value", "swap", "empty", "copy-sibling"])
    if kind == "delete":
        del container[key]
    elif kind == "odd-text":
        container[key] = rng.choice(ODD_TEXTS)
    elif kind == "odd-value":
        container[key] = rng.choice(ODD_VALUES)
    elif kind == "swap" and isinstance(container, list) and len(container) > 1:
        other = rng.randrange(len(container))
        container[key], container[other] = container[other], container[key]
    elif kind == "copy-sibling" and isinstance(container, list):
        container.append(container[key])  # a duplicated step, option, entry or id
    else:
        container[key] = type(container[key])() if container[key] is not None else ""
    text = _dump(data)
    return f"{kind} at {key!r} in {path.name}", lambda: tree.write(path, text)


def _text_case(rng: random.Random, tree: Tree) -> tuple[str, Callable[[], None]]:
    """A change to the lines of one file: duplicated keys, lost lines, truncation."""
    path = rng.choice(tree.files)
    lines = tree.original[path].decode("utf-8").splitlines(keepends=True)
    index = rng.randrange(len(lines))
    kind = rng.choice(["duplicate-line", "delete-line", "truncate", "huge-line", "indent", "empty"])
    if kind == "duplicate-line":
        lines.insert(index, lines[index])
    elif kind == "delete-line":
        del lines[index]
    elif kind == "truncate":
        lines = [*lines[:index], lines[index][: rng.randrange(len(lines[index]) + 1)]]
    elif kind == "huge-line":
        lines[index] = rng.choice(HUGE_LINES) + "\n"
    elif kind == "indent":
        lines[index] = " " * rng.randrange(1, 5) + lines[index]
    else:
        lines = lines[:1] if rng.random() < 0.5 else []  # the schema line alone, or nothing
    text = "".join(lines)
    return f"{kind} at line {index + 1} of {path.name}", lambda: tree.write(path, text)


def _file_case(rng: random.Random, tree: Tree) -> tuple[str, Callable[[], None]]:
    """A content file replaced by, or joined by, something that is not a file."""
    folder = rng.choice(["modules", "faq"])
    kind = rng.choice(
        [
            "fifo",
            "dev-zero",
            "dev-urandom",
            "directory",
            "loop",
            "dangling",
            "media-fifo",
            "media-passwd",
            "media-directory",
            "replace-with-fifo",
            "binary",
        ]
    )
    target = rng.choice([path for path in tree.files if path.parent.name == folder])
    noise = bytes(rng.randrange(256) for _ in range(2000))

    def apply() -> None:
        if kind == "fifo":
            os.mkfifo(tree.new_path(f"{folder}/pipe.yaml"))
        elif kind in ("dev-zero", "dev-urandom"):
            tree.new_path(f"{folder}/device.yaml").symlink_to(f"/dev/{kind[4:]}")
        elif kind == "directory":
            tree.new_path(f"{folder}/folder.yaml").mkdir()
        elif kind == "loop":
            tree.new_path(f"{folder}/loop.yaml").symlink_to(tree.root / folder / "loop.yaml")
        elif kind == "dangling":
            tree.new_path(f"{folder}/gone.yaml").symlink_to(tree.root / "nowhere.yaml")
        elif kind.startswith("media-"):
            media = tree.replace(tree.root / "media" / "welcome.png")
            if kind == "media-fifo":
                os.mkfifo(media)
            elif kind == "media-passwd":
                media.symlink_to("/etc/passwd")
            else:
                media.mkdir()
        elif kind == "replace-with-fifo":
            os.mkfifo(tree.replace(target))
        else:
            tree.write(target, noise)

    return f"{kind} in {folder} ({target.name})", apply


def cases(tree: Tree) -> list[tuple[str, Callable[[], None]]]:
    rng = random.Random(SEED)
    makers = [_data_case] * 6 + [_text_case] * 3 + [_file_case]
    return [rng.choice(makers)(rng, tree) for _ in range(CASES)]


class _TooSlow(Exception):
    pass


def _too_slow(signum, frame):
    raise _TooSlow()


@pytest.mark.timeout(240)
def test_hundreds_of_broken_courses_give_messages_never_tracebacks(tmp_path: Path) -> None:
    tree = Tree(tmp_path / "content")
    failures: list[str] = []
    slowest = (0.0, "")
    outcomes = {"refused": 0, "loaded": 0}
    previous = signal.signal(signal.SIGALRM, _too_slow)
    try:
        for number, (name, apply) in enumerate(cases(tree)):
            apply()
            started = time.perf_counter()
            signal.alarm(int(SLOWEST_ALLOWED) + 1)  # a hang fails this case, not the run
            try:
                result = load_course(tree.root)
            except _TooSlow:
                failures.append(f"case {number} ({name}): still loading after {SLOWEST_ALLOWED} s")
                continue
            except Exception as error:  # the very thing this test exists to find
                failures.append(f"case {number} ({name}): {type(error).__name__}: {error}"[:300])
                continue
            finally:
                signal.alarm(0)
                elapsed = time.perf_counter() - started
                slowest = max(slowest, (elapsed, name))
                tree.restore()
            outcomes["loaded" if result.course is not None else "refused"] += 1
            if result.course is None and not result.errors:
                failures.append(f"case {number} ({name}): refused without saying why")
            for problem in result.problems:
                line = str(problem)
                if "\n" in line or not line.startswith(f"{problem.path}:"):
                    failures.append(f"case {number} ({name}): badly formed problem {line!r}")
                if not Path(problem.path).is_relative_to(tree.root):
                    failures.append(f"case {number} ({name}): problem outside the tree {line!r}")
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert not failures, "\n".join(failures[:20]) + f"\n({len(failures)} failures)"
    assert slowest[0] < SLOWEST_ALLOWED, f"slowest case took {slowest[0]:.1f} s: {slowest[1]}"
    # The cases must mostly break something, or the test proves little.
    assert outcomes["refused"] >= CASES // 2, outcomes


@pytest.mark.timeout(120)
@pytest.mark.parametrize("breakage", ["fifo", "empty-faq", "huge-integer", "deep-nesting"])
def test_validate_exits_1_without_a_traceback(tmp_path: Path, breakage: str) -> None:
    tree = Tree(tmp_path / "content")
    faq = tree.root / "faq" / "live.yaml"
    if breakage == "fifo":
        os.mkfifo(tree.root / "modules" / "pipe.yaml")
    elif breakage == "empty-faq":
        faq.write_text("# yaml-language-server: $schema=../schema/faq.schema.json\n")
    elif breakage == "huge-integer":
        faq.write_text("entries: " + "9" * 5000 + "\n")
    else:
        faq.write_text("entries: " + "{a: " * 990 + "1" + "}" * 990 + "\n")
    command = Path(sys.executable).parent / "sellerbot"
    started = time.perf_counter()
    finished = subprocess.run(
        [str(command), "validate", str(tree.root)], capture_output=True, text=True, timeout=60
    )
    assert time.perf_counter() - started < SLOWEST_ALLOWED + 5
    assert finished.returncode == 1, finished.stdout + finished.stderr
    assert "Traceback" not in finished.stdout + finished.stderr
    assert str(tree.root) in finished.stdout
