"""One turn in the making: the replies and events collected while the state evolves."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sellerbot.engine import actions
from sellerbot.engine.replies import Button, Media, Part, Reply, Voice, msg
from sellerbot.engine.state import Event, LearnerState


class Turn:
    """Collects the replies and events of one turn while the state evolves."""

    def __init__(self, state: LearnerState, locale: str, name: str | None = None):
        self.state = state
        self.locale = locale
        self.name = name  # the learner's name as the chat app gave it this turn
        self.replies: list[Reply] = []
        self.events: list[Event] = []

    def say(
        self,
        *parts: Part,
        buttons: tuple[tuple[Button, ...], ...] = (),
        media: Media | None = None,
        replaces_pressed: bool = False,
        voice: Voice | None = None,
    ) -> None:
        self.replies.append(Reply(tuple(parts), buttons, media, replaces_pressed, voice))

    def record(self, name: str, **data: Any) -> None:
        self.events.append(Event(name, data))

    def update(self, **changes: Any) -> None:
        self.state = replace(self.state, **changes)


def button(key: str, name: str, *args: str, **params: Any) -> Button:
    return Button(msg(key, **params), actions.make(name, *args))
