"""Run the real bot in its own process against the fake Bot API, and talk to it as a farmer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.fakebotapi import FakeBotApi
from tests.fakebotapi.records import ChatMessage

SELLERBOT = Path(sys.executable).parent / "sellerbot"


@dataclass
class BotProcess:
    """`sellerbot run` (or another subcommand) as a child process with its own log file."""

    api: FakeBotApi
    database: Path
    log: Path
    arguments: tuple[str, ...] = ("run",)
    extra_env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen | None = None

    def start(self, wait_for_polling: bool = True) -> BotProcess:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": self.api.token,
            "SELLERBOT_DATABASE_URL": f"sqlite:///{self.database}",
            "SELLERBOT_API_URL": self.api.root_url,
            **self.extra_env,
        }
        polls_before = len(self.api.calls_to("getUpdates"))
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(SELLERBOT), *self.arguments], env=env, stdout=log, stderr=log
            )
        if wait_for_polling:
            self.api.wait_for(
                lambda api: len(api.calls_to("getUpdates")) > polls_before or self.exited,
                timeout=30,
            )
            assert not self.exited, self.log.read_text()
        return self

    @property
    def exited(self) -> bool:
        return self.process is not None and self.process.poll() is not None

    def kill(self) -> None:
        """As a crash would: no goodbye, nothing flushed."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        if self.process is None or self.exited:
            return self.process.returncode if self.process else 0
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.kill()
            raise


class Farmer:
    """One Telegram user: sends messages, taps buttons, reads what the bot shows."""

    def __init__(self, api: FakeBotApi, user_id: int, language_code: str = "en", name: str = "Li"):
        self.api = api
        self.user_id = user_id
        self.language_code = language_code
        self.name = name

    @property
    def messages(self) -> list[ChatMessage]:
        return self.api.chat(self.user_id)

    @property
    def last(self) -> ChatMessage:
        return self.messages[-1]

    def _after(self, push) -> ChatMessage:
        before = len(self.api.sent(self.user_id))
        push()
        self.api.wait_for(lambda api: len(api.sent(self.user_id)) > before, timeout=15)
        self.api.wait_idle(quiet=0.15, timeout=15)
        return self.last

    def send(self, text: str) -> ChatMessage:
        return self._after(
            lambda: self.api.push_message(
                self.user_id, text, language_code=self.language_code, first_name=self.name
            )
        )

    def send_photo(self, caption: str | None = None, image: bytes | None = None) -> ChatMessage:
        return self._after(
            lambda: self.api.push_photo(
                self.user_id,
                caption,
                image,
                language_code=self.language_code,
                first_name=self.name,
            )
        )

    def button_on(self, label: str, message: ChatMessage | None = None) -> tuple[str, int]:
        """The callback data and message id of a button, on the given or newest message."""
        candidates = [message] if message else reversed(self.messages)
        for candidate in candidates:
            for row in candidate.buttons:
                for text, data in row:
                    if label in text:
                        return data, candidate.message_id
        shown = [[text for text, _ in row] for row in self.last.buttons]
        raise AssertionError(f"no button {label!r}; the newest message shows {shown}")

    def tap(self, label: str, message: ChatMessage | None = None) -> ChatMessage:
        data, message_id = self.button_on(label, message)
        return self._after(
            lambda: self.api.push_callback(
                self.user_id,
                data,
                message_id,
                language_code=self.language_code,
                first_name=self.name,
            )
        )

    def text_since(self, count: int) -> str:
        return "\n".join(message.content or "" for message in self.messages[count:])
