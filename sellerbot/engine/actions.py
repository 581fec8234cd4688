"""Button actions as short, versioned tokens that fit Telegram's 64-byte callback data.

A token names what to do and, for lesson buttons, the step it was made for, so a button
pressed on an old message can be recognised as old instead of acting on the wrong step.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

VERSION = "1"
MAX_TOKEN_BYTES = 64

# Action names, one or two letters to keep tokens short.
NEXT = "n"
BACK = "b"
ANSWER = "a"  # quiz option: ref, option index
SKIP = "s"
MENU = "m"
CONTINUE = "c"
MODULES = "l"
OPEN_MODULE = "o"  # ref of the module
PROGRESS = "p"
ASK = "q"
LANGUAGE = "g"  # optional locale
FAQ = "f"  # ref of the entry
FEEDBACK = "fb"  # ref of the entry, "up" or "down"
DELETE_YES = "dy"
DELETE_NO = "dn"
REVIEW_START = "rv"
REVIEW_ANSWER = "ra"  # ref of the quiz, option index, how many in this review
REVIEW_SKIP = "rx"
CERTIFICATE = "ct"  # show the certificate, or ask for the name to put on it
CERTIFICATE_NAME = "cn"  # put the name the chat app gave on the certificate


def ref(*names: str) -> str:
    """A short stable reference to a module, step or FAQ entry (8 characters)."""
    digest = hashlib.blake2b("/".join(names).encode(), digest_size=6).digest()
    return base64.urlsafe_b64encode(digest).decode()


@dataclass(frozen=True)
class Action:
    name: str
    args: tuple[str, ...] = ()

    def encode(self) -> str:
        token = ".".join((VERSION, self.name, *self.args))
        if len(token.encode()) > MAX_TOKEN_BYTES:
            raise ValueError(f"action token over {MAX_TOKEN_BYTES} bytes: {token}")
        return token


def option_number(text: str) -> int | None:
    """A quiz option's number as the engine wrote it (ASCII digits only), else None.

    str.isdigit() also accepts '²' (which int() refuses) and '١' (which int() reads as 1).
    """
    if not (0 < len(text) <= 2 and text.isascii() and text.isdigit()):
        return None
    return int(text)


def make(name: str, *args: str) -> str:
    return Action(name, args).encode()


def decode(token: str) -> Action | None:
    """The action in a token, or None for a token of another version or no token at all.

    Tokens are made of ASCII only; anything else came from a forged or garbled button.
    """
    if not token.isascii() or len(token) > MAX_TOKEN_BYTES:
        return None
    parts = token.split(".")
    if len(parts) < 2 or parts[0] != VERSION or not parts[1]:
        return None
    return Action(parts[1], tuple(parts[2:]))
