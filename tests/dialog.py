"""Dialog transcripts for tests: say what the learner sends, check what the bot answers.

    assert_dialog(dialog, [
        ("/start", "Hello"),
        ("[Start the course]", "Step 1/4"),
        ("[Next]", ["Step 2/4", "[By the window]"]),
    ])

An input is a /command, `[label]` to press the button whose label contains it, `:photo`,
or free text. An expectation is text (or a list of texts) that the turn's output, rendered
exactly as the terminal preview shows it, must contain; `[label]` expects a button whose
label contains `label`; a text prefixed with `!` must not appear.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from sellerbot.drivers.preview import format_replies, parse_input
from sellerbot.engine.engine import Engine, Outcome
from sellerbot.engine.inputs import Input, Press
from sellerbot.engine.state import Event, LearnerState
from sellerbot.i18n import Translations
from sellerbot.rendering import RenderedButton, Renderer


@dataclass
class Dialog:
    """One learner talking to a pure engine; the state lives here between turns."""

    engine: Engine
    translations: Translations
    language_hint: str | None = "en"
    name: str | None = "Farmer"
    state: LearnerState = field(default_factory=lambda: LearnerState(user_id=1))
    buttons: list[RenderedButton] = field(default_factory=list)
    last: Outcome | None = None
    transcript: list[str] = field(default_factory=list)
    # The time each turn happens at, as the store would give it; None leaves it unset.
    now: datetime | None = None

    def to_input(self, line: str) -> Input:
        if line.startswith("[") and line.endswith("]"):
            return Press(self.button(line[1:-1]).action)
        parsed = parse_input(line, [])
        assert parsed is not None
        return parsed

    def button(self, label: str) -> RenderedButton:
        exact = [button for button in self.buttons if button.label == label]
        partial = [button for button in self.buttons if label in button.label]
        found = exact or partial
        labels = [button.label for button in self.buttons]
        assert len(found) == 1, f"button {label!r} not found once among {labels}"
        return found[0]

    def send(self, line: str | Input) -> str:
        received = self.to_input(line) if isinstance(line, str) else line
        if self.now is not None:
            self.state = replace(self.state, now=self.now)
        self.last = self.engine.handle(
            self.state, received, language_hint=self.language_hint, name=self.name
        )
        self.state = self.last.state
        renderer = Renderer(self.translations)
        rendered = tuple(renderer.render(reply, self.last.locale) for reply in self.last.replies)
        text, self.buttons = format_replies(rendered)
        self.transcript.append(f"> {line}\n{text}")
        return text

    @property
    def event_names(self) -> list[str]:
        return [event.name for event in self.last.events] if self.last else []

    def events_named(self, name: str) -> list[Event]:
        """The events of that name the last turn recorded."""
        return [event for event in self.last.events if event.name == name] if self.last else []


def assert_dialog(dialog: Dialog, turns: list[tuple[str | Input, str | list[str]]]) -> None:
    for line, expected in turns:
        output = dialog.send(line)
        labels = [button.label for button in dialog.buttons]
        for text in [expected] if isinstance(expected, str) else expected:
            if text.startswith("!"):
                assert text[1:] not in output, _explain(dialog, line, f"unexpected {text[1:]!r}")
            elif text.startswith("[") and text.endswith("]"):
                found = any(text[1:-1] in label for label in labels)
                assert found, _explain(dialog, line, f"expected a button {text!r}")
            else:
                assert text in output, _explain(dialog, line, f"expected {text!r}")


def _explain(dialog: Dialog, line: object, problem: str) -> str:
    return f"after {line!r}: {problem}\n\n--- transcript ---\n" + "\n".join(dialog.transcript)
