"""The terminal driver: walk the course in a terminal, or replay a scripted dialog.

Replies are printed with their buttons numbered; the user types a number to press one,
a /command, `:photo` to send a photo to a practice task, or any text. When standard input
is not a terminal, each line of it is one input and the preview ends at end of input.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import TextIO

from sellerbot.content.voice import clock
from sellerbot.conversation import Conversation
from sellerbot.engine.inputs import Command, Input, Photo, Press, Start, Text
from sellerbot.rendering import RenderedButton, RenderedReply

PREVIEW_USER = 1
PHOTO_COMMAND = ":photo"
QUIT_COMMANDS = (":q", ":quit", ":exit")


def parse_input(line: str, buttons: list[RenderedButton]) -> Input | None:
    """What a typed line means; None for a button number that is not on screen."""
    line = line.strip()
    if line.isdigit() and buttons:
        number = int(line)
        return Press(buttons[number - 1].action) if 1 <= number <= len(buttons) else None
    if line.startswith(PHOTO_COMMAND):
        return Photo(reference="preview-photo", caption=line[len(PHOTO_COMMAND) :].strip())
    if line.startswith("/") and len(line) > 1:
        name, _, argument = line[1:].partition(" ")
        name = name.split("@")[0].lower()
        if name == "start":
            return Start(argument.strip() or None)
        return Command(name, argument.strip())
    return Text(line)


def format_replies(replies: tuple[RenderedReply, ...]) -> tuple[str, list[RenderedButton]]:
    """The replies as terminal text, buttons numbered across the whole turn."""
    lines: list[str] = []
    buttons: list[RenderedButton] = []
    for reply in replies:
        if reply.media:
            lines.append(f"[{reply.media.kind}: {reply.media.source}]")
        lines.append(reply.text)
        if reply.voice:
            lines.append(f"[voice: {reply.voice.reference}, {clock(reply.voice.seconds)}]")
        for row in reply.buttons:
            labels = []
            for button in row:
                buttons.append(button)
                labels.append(f"[{len(buttons)}] {button.label}")
            lines.append("   ".join(labels))
        lines.append("")
    return "\n".join(lines), buttons


def _lines(source: TextIO, interactive: bool, output: TextIO) -> Iterator[str]:
    while True:
        if interactive:
            output.write("> ")
            output.flush()
        line = source.readline()
        if not line:
            return
        yield line.rstrip("\n")


async def run_preview(
    conversation: Conversation,
    *,
    locale: str | None = None,
    source: TextIO = sys.stdin,
    output: TextIO = sys.stdout,
) -> int:
    """Run a dialog in the terminal. It opens with /start, as tapping Start in a chat app does."""
    interactive = source.isatty()
    if interactive:
        output.write(
            "sellerbot preview: type a button's number, a /command, :photo, or any text; "
            ":quit ends.\n\n"
        )
    buttons: list[RenderedButton] = []
    received: Input | None = Start()
    lines = _lines(source, interactive, output)
    while True:
        if received is not None:
            result = await conversation.handle(
                PREVIEW_USER, received, language_hint=locale, name="Preview"
            )
            text, buttons = format_replies(result.replies)
            output.write(text + "\n")
        line = next(lines, None)
        if line is None or line.strip() in QUIT_COMMANDS:
            return 0
        if not interactive:
            output.write(f"> {line}\n")
        received = parse_input(line, buttons) if line.strip() else None
        if received is None and line.strip():
            output.write(f"(there is no button {line.strip()}; choose 1 to {len(buttons)})\n\n")
