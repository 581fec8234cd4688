"""The table of picture files and the function that draws each one."""

from __future__ import annotations

from collections.abc import Callable

from .canvas import Canvas

PICTURES: dict[str, Callable[[], Canvas]] = {}


def picture(name: str):
    """Register a drawing function under the file name it produces."""

    def register(fn: Callable[[], Canvas]) -> Callable[[], Canvas]:
        PICTURES[name] = fn
        return fn

    return register
