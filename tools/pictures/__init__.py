"""The course's pictures: each module registers the files it draws in PICTURES."""

from . import money, photos, screens, shipping, stream  # noqa: F401  (they register)
from .registry import PICTURES

__all__ = ["PICTURES"]
