"""The header every benchmark prints (commit, cores, load) and its one-line verdicts."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def commit() -> str:
    """The checked-out commit, marked when the work tree has uncommitted changes."""

    def git(*arguments: str) -> str:
        try:
            done = subprocess.run(
                ["git", *arguments], cwd=ROOT, capture_output=True, text=True, timeout=10
            )
        except (OSError, subprocess.TimeoutExpired):
            return ""
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short=10", "HEAD")
    if not head:
        return "unknown (not a git checkout)"
    dirty = git("status", "--porcelain", "--untracked-files=no")
    return f"{head} with uncommitted changes" if dirty else head


def load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:
        return "load unknown"
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} (1, 5, 15 min)"


def header(name: str) -> str:
    """Where a result came from, so figures from different machines are not compared."""
    return f"{name}: commit {commit()}; {os.cpu_count()} cores; {load()}"


def busy_warning() -> str | None:
    """A warning when other work was using most of the cores: timings are then low."""
    try:
        one = os.getloadavg()[0]
    except OSError:
        return None
    cores = os.cpu_count() or 1
    if one > 0.75 * cores:
        return f"warning: load {one:.2f} on {cores} cores; timings are likely lower than usual"
    return None


def verdict(what: str, figure: float, goal: float, unit: str = "", higher_is_better=True) -> str:
    """'meets' or 'misses' the goal, with both numbers, as one line."""
    met = figure >= goal if higher_is_better else figure <= goal
    bound = "at least" if higher_is_better else "at most"
    return (
        f"{what}: {figure:g}{unit} ({'meets' if met else 'misses'} the goal of "
        f"{bound} {goal:g}{unit})"
    )
