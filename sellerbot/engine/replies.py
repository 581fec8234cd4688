"""What the engine answers with: translatable messages, content text, buttons, media, voice."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True)
class Percent:
    """A ratio (0..1) to be shown as a percentage in the learner's locale."""

    value: float


@dataclass(frozen=True)
class Message:
    """A message of the bot's own, looked up in the translation catalogs by its source text."""

    key: str
    params: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class Content:
    """Text from the course content, already in the learner's language."""

    text: str


@dataclass(frozen=True)
class Lines:
    """Several parts shown one per line, as in a list."""

    items: tuple[Message | Content, ...]


Part = Message | Content | Lines


def msg(key: str, **params: Any) -> Message:
    return Message(key, MappingProxyType(params))


@dataclass(frozen=True)
class Button:
    label: Part
    action: str


@dataclass(frozen=True)
class Media:
    """A picture or video: an absolute file path or an https URL."""

    kind: str  # "image" or "video"
    source: str


@dataclass(frozen=True)
class Voice:
    """A recorded voice note, sent after the step's text: an Ogg Opus file checked at load."""

    reference: str  # as the editor wrote it: media/why-en.ogg
    source: str  # the absolute path checked at load
    seconds: float

    @property
    def duration(self) -> int:
        """Whole seconds, as Telegram shows under the note."""
        return max(1, round(self.seconds))


@dataclass(frozen=True)
class Reply:
    """One message to the learner: paragraphs, then button rows."""

    parts: tuple[Part, ...]
    buttons: tuple[tuple[Button, ...], ...] = ()
    media: Media | None = None
    # True when this reply takes the place of the message whose button was pressed
    # (menus), so a chat app may edit that message instead of sending a new one.
    replaces_pressed: bool = False
    voice: Voice | None = None
