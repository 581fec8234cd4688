"""Certificate codes such as SB-7K3M-Q9XD: random, unguessable, easy to read out and type."""

from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L: a code read from paper or over the phone has one reading.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
GROUPS, GROUP_LENGTH = 2, 4  # 31**8, about 8.5e11 codes
PREFIX = "SB"
CODE = re.compile(rf"^{PREFIX}(-[{ALPHABET}]{{{GROUP_LENGTH}}}){{{GROUPS}}}$")


def new_certificate_code() -> str:
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join((PREFIX, *groups))


def normalize_code(text: str) -> str | None:
    """The code in what someone typed (any case, spaces, with or without dashes), or None."""
    letters = re.sub(r"[\s-]", "", text.upper())
    if letters.startswith(PREFIX):
        letters = letters[len(PREFIX) :]
    size = GROUPS * GROUP_LENGTH
    if len(letters) != size:
        return None
    groups = [letters[i : i + GROUP_LENGTH] for i in range(0, size, GROUP_LENGTH)]
    code = "-".join((PREFIX, *groups))
    return code if CODE.match(code) else None
