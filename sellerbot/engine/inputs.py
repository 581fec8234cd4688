"""What a learner can send, independent of the chat app that carried it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Start:
    """The learner opened the bot, perhaps through a link carrying a payload."""

    payload: str | None = None


@dataclass(frozen=True)
class Command:
    """A slash command such as /menu; `name` without the slash, lower-case."""

    name: str
    argument: str = ""


@dataclass(frozen=True)
class Press:
    """A button press; `action` is the token the engine put on the button."""

    action: str


@dataclass(frozen=True)
class Text:
    """Free text typed by the learner."""

    text: str


@dataclass(frozen=True)
class Photo:
    """A photo; `reference` is the transport's handle for it, kept with task answers."""

    reference: str
    caption: str = ""
    # The image itself when the transport fetched it, for the photo coach; None when not.
    data: bytes | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Unsupported:
    """Something the course cannot use, such as a sticker or a voice message."""

    kind: str


@dataclass(frozen=True)
class Verify:
    """A certificate code to check (a /start verify-CODE link) and what the store found.

    status: "genuine", "revoked" (its holder deleted their data) or "unknown".
    """

    code: str
    status: str
    name: str | None = None
    course: str | None = None
    issued_on: date | None = None


Input = Start | Command | Press | Text | Photo | Unsupported | Verify
