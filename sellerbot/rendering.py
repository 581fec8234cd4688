"""Turn engine replies into plain text and labelled buttons in the learner's language."""

from __future__ import annotations

from dataclasses import dataclass

from sellerbot.engine.replies import Content, Lines, Media, Message, Part, Reply, Voice
from sellerbot.i18n import Translations


@dataclass(frozen=True)
class RenderedButton:
    label: str
    action: str


@dataclass(frozen=True)
class RenderedReply:
    text: str
    buttons: tuple[tuple[RenderedButton, ...], ...]
    media: Media | None
    replaces_pressed: bool
    voice: Voice | None = None  # sent after the text


class Renderer:
    """Shared by every driver, so the preview shows exactly the words Telegram shows."""

    def __init__(self, translations: Translations):
        self.translations = translations

    def part(self, part: Part, locale: str) -> str:
        if isinstance(part, Content):
            return part.text
        if isinstance(part, Message):
            return self.translations.format(part.key, part.params, locale)
        if isinstance(part, Lines):
            return "\n".join(self.part(item, locale) for item in part.items)
        raise TypeError(f"cannot render {part!r}")

    def render(self, reply: Reply, locale: str) -> RenderedReply:
        return RenderedReply(
            text="\n\n".join(self.part(part, locale) for part in reply.parts),
            buttons=tuple(
                tuple(
                    RenderedButton(self.part(button.label, locale), button.action) for button in row
                )
                for row in reply.buttons
            ),
            media=reply.media,
            replaces_pressed=reply.replaces_pressed,
            voice=reply.voice,
        )


def replies_to_json(replies: tuple[RenderedReply, ...]) -> list[dict]:
    """Rendered replies as JSON, kept with the turn until they have been sent."""
    return [
        {
            "text": reply.text,
            "buttons": [[[button.label, button.action] for button in row] for row in reply.buttons],
            "media": [reply.media.kind, reply.media.source] if reply.media else None,
            "replaces_pressed": reply.replaces_pressed,
            "voice": (
                [reply.voice.reference, reply.voice.source, reply.voice.seconds]
                if reply.voice
                else None
            ),
        }
        for reply in replies
    ]


def replies_from_json(data: list[dict]) -> tuple[RenderedReply, ...]:
    return tuple(
        RenderedReply(
            text=reply["text"],
            buttons=tuple(
                tuple(RenderedButton(label, action) for label, action in row)
                for row in reply["buttons"]
            ),
            media=Media(*reply["media"]) if reply["media"] else None,
            replaces_pressed=reply["replaces_pressed"],
            # Replies kept before voice notes existed have no such key.
            voice=Voice(*reply["voice"]) if reply.get("voice") else None,
        )
        for reply in data
    )
