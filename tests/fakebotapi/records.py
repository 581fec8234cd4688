"""Plain records the fake Bot API keeps and hands to tests: calls, messages, files, errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ApiError(Exception):
    """A Bot API error answer; `violation` says whether the bot's request was at fault."""

    def __init__(
        self,
        status: int,
        description: str,
        *,
        retry_after: int | None = None,
        violation: bool = True,
    ):
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after
        self.violation = violation

    def payload(self) -> dict:
        answer: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.retry_after is not None:
            answer["parameters"] = {"retry_after": self.retry_after}
        return answer


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class Call:
    """One request as the server understood it, with how it was answered."""

    method: str
    params: dict[str, Any]
    status: int = 200
    error: str | None = None

    def __str__(self) -> str:
        shown = {key: _shorten(value) for key, value in self.params.items()}
        outcome = "ok" if self.error is None else f"{self.status} {self.error}"
        return f"{self.method}({shown}) -> {outcome}"


def _shorten(value: Any, limit: int = 80) -> Any:
    text = repr(value)
    return value if len(text) <= limit else text[: limit - 3] + "..."


@dataclass
class SentCall:
    """A successful send, edit or delete in one chat, in the order the bot made them."""

    method: str
    params: dict[str, Any]
    message_id: int | None


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    kind: str
    content: bytes | None
    file_name: str | None = None
    mime_type: str | None = None
    url: str | None = None
    width: int = 1280
    height: int = 720

    @property
    def file_path(self) -> str:
        return f"{self.kind}s/{self.file_unique_id}"

    @property
    def file_size(self) -> int:
        return len(self.content) if self.content is not None else 0


@dataclass
class StoredMessage:
    """A message as Telegram would return it, plus who sent it and how often it was edited."""

    payload: dict[str, Any]
    from_bot: bool
    edits: int = 0

    @property
    def message_id(self) -> int:
        return self.payload["message_id"]


@dataclass(frozen=True)
class ChatMessage:
    """The transcript view of one bot message: what the user currently sees."""

    message_id: int
    text: str | None
    caption: str | None
    photo: str | None
    video: str | None
    document: str | None
    buttons: list[list[tuple[str, str | None]]]
    edits: int
    raw: dict[str, Any] = field(repr=False)
    voice: str | None = None

    @property
    def content(self) -> str | None:
        """Text or caption, whichever the message has."""
        return self.text if self.text is not None else self.caption


@dataclass
class CallbackQueryRecord:
    query_id: str
    user_id: int
    data: str | None
    message_id: int
    answered: bool = False
