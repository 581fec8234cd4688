"""Where the course and translations are: the editor's folder, a clone or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _bundled(name: str) -> Path:
    # An installed wheel carries copies inside the package; a clone (or an editable
    # install) uses the folders at the top of the repository, so edits show at once.
    in_clone = _PACKAGE.parent / name
    if (in_clone / ".." / "pyproject.toml").resolve().is_file() and in_clone.is_dir():
        return in_clone
    return _PACKAGE / "bundled" / name


def bundled_content() -> Path:
    return _bundled("content")


def bundled_locales() -> Path:
    return _bundled("locales")


def default_content() -> Path:
    """./content when the current folder holds a course (an editor in a clone), else the bundled.

    `pip install .` copies the course into site-packages; serving that copy would hide the
    editor's changes, so the folder they are working in comes first.
    """
    here = Path.cwd() / "content"
    if (here / "course.yaml").is_file():
        return here
    return bundled_content()
