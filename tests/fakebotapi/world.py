"""The Telegram side of the fake: chats, messages, files and updates, and the methods on them.

Not thread-safe by itself; FakeBotApi serialises access with its lock.
"""

from __future__ import annotations

import copy
import io
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .html import HtmlParseError, parse_html, utf16_length
from .http import UploadedPart
from .records import (
    ApiError,
    CallbackQueryRecord,
    ChatMessage,
    SentCall,
    StoredFile,
    StoredMessage,
    bad_request,
)
from .spec import BotApiSpec, MethodSpec

MESSAGE_TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_BYTES = 64
CALLBACK_ANSWER_TEXT_LIMIT = 200
# Telegram leaves these out unless the bot asks for them explicitly.
UPDATES_OFF_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
# Fields of InlineKeyboardButton that do not make it do something.
_BUTTON_DECORATIONS = frozenset({"text", "icon_custom_emoji_id", "style"})
_MEDIA_KINDS = (
    "photo",
    "video",
    "document",
    "audio",
    "voice",
    "animation",
    "video_note",
    "sticker",
)
_CHAT_ACTIONS = frozenset(
    {
        "typing",
        "upload_photo",
        "record_video",
        "upload_video",
        "record_voice",
        "upload_voice",
        "upload_document",
        "choose_sticker",
        "find_location",
        "record_video_note",
        "upload_video_note",
    }
)
NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly the "
    "same as a current content and reply markup of the message"
)
WRONG_FILE = "wrong file identifier/HTTP URL specified"
# A user's privacy settings may refuse voice messages; Telegram then answers sendVoice so.
VOICE_MESSAGES_FORBIDDEN = "VOICE_MESSAGES_FORBIDDEN"
QUERY_TOO_OLD = "query is too old and response timeout expired or query ID is invalid"


@dataclass
class ChatRecord:
    chat: dict[str, Any]
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    sent: list[SentCall] = field(default_factory=list)
    last_message_id: int = 0

    def next_message_id(self) -> int:
        self.last_message_id += 1
        return self.last_message_id


@dataclass
class PendingUpdate:
    update_id: int
    kind: str
    payload: dict[str, Any]


def _png_size(content: bytes) -> tuple[int, int] | None:
    if content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) >= 24:
        return struct.unpack(">II", content[16:24])
    return None


class BotWorld:
    """Everything Telegram remembers about one bot, and how each method changes it."""

    def __init__(self, spec: BotApiSpec, token: str, bot_username: str, bot_first_name: str):
        self.spec = spec
        self.bot_user = {
            "id": int(token.split(":", 1)[0]) if token.split(":", 1)[0].isdigit() else 123456,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.chats: dict[int, ChatRecord] = {}
        self.voice_forbidden: set[int | str] = set()  # chats whose user takes no voice messages
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.callback_queries: dict[str, CallbackQueryRecord] = {}
        self.commands: dict[str, list[dict]] = {}
        self.menu_buttons: dict[str, dict] = {}
        self.webhook: dict[str, Any] = {"url": ""}
        self.pending_updates: list[PendingUpdate] = []
        self.allowed_updates: frozenset[str] | None = None
        self.last_update_id = 0
        self.last_queued_update_id = 0
        self.last_delivered_update_id = 0
        self._file_counter = 0
        self._callback_counter = 0
        self._handlers: dict[str, Callable[[dict, dict[str, UploadedPart]], Any]] = {
            "getme": lambda params, parts: dict(self.bot_user),
            "logout": lambda params, parts: True,
            "close": lambda params, parts: True,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
            "sendmessage": self._send_message,
            **{"send" + kind.replace("_", ""): self._media_sender(kind) for kind in _MEDIA_KINDS},
            "sendvoice": self._send_voice,
            "sendmediagroup": self._send_media_group,
            "editmessagetext": self._edit_message_text,
            "editmessagecaption": self._edit_message_caption,
            "editmessagereplymarkup": self._edit_message_reply_markup,
            "editmessagemedia": self._edit_message_media,
            "deletemessage": self._delete_message,
            "answercallbackquery": self._answer_callback_query,
            "sendchataction": self._send_chat_action,
            "copymessage": self._copy_message,
            "forwardmessage": self._forward_message,
            "setmycommands": self._set_my_commands,
            "getmycommands": self._get_my_commands,
            "deletemycommands": self._delete_my_commands,
            "setchatmenubutton": self._set_chat_menu_button,
            "getchatmenubutton": self._get_chat_menu_button,
            "getchat": self._get_chat,
            "getchatmember": self._get_chat_member,
            "getfile": self._get_file,
        }

    # ----- dispatch -------------------------------------------------------------------------

    def call(self, method: MethodSpec, params: dict, parts: dict[str, UploadedPart]) -> Any:
        handler = self._handlers.get(method.name.lower())
        if handler is not None:
            return handler(params, parts)
        if method.name.startswith("send") and "Message" in method.returns:
            return self._send_generic(method, params)
        return True

    # ----- chats ----------------------------------------------------------------------------

    def chat_record(self, chat_id: int | str) -> ChatRecord:
        """The chat for a chat_id parameter; unknown numeric ids become plausible new chats."""
        if isinstance(chat_id, str):
            username = chat_id.removeprefix("@").lower()
            for record in self.chats.values():
                if str(record.chat.get("username", "")).lower() == username:
                    return record
            raise bad_request("chat not found")
        record = self.chats.get(chat_id)
        if record is None:
            if chat_id > 0:
                chat = {"id": chat_id, "type": "private", "first_name": "User"}
            elif chat_id < -(10**12):
                chat = {"id": chat_id, "type": "supergroup", "title": "Supergroup"}
            else:
                chat = {"id": chat_id, "type": "group", "title": "Group"}
            record = self.chats[chat_id] = ChatRecord(chat)
        return record

    def register_chat(self, chat: dict) -> ChatRecord:
        record = self.chat_record(chat["id"])
        record.chat.update(chat)
        return record

    def chat_view(self, chat_id: int) -> list[ChatMessage]:
        record = self.chats.get(chat_id)
        if record is None:
            return []
        return [_chat_message(stored) for stored in record.messages.values() if stored.from_bot]

    def sent_calls(self, chat_id: int) -> list[SentCall]:
        record = self.chats.get(chat_id)
        return list(record.sent) if record else []

    def _store(self, record: ChatRecord, content: dict, *, from_user: dict | None) -> dict:
        """Stores a new message in the chat; a from_user of None means the bot sent it."""
        payload = {
            "message_id": record.next_message_id(),
            "date": int(time.time()),
            "chat": dict(record.chat),
        }
        sender = from_user if from_user is not None else self.bot_user
        # Channel posts carry no sender.
        if record.chat["type"] != "channel":
            payload["from"] = dict(sender)
        payload.update(content)
        record.messages[payload["message_id"]] = StoredMessage(payload, from_bot=from_user is None)
        return payload

    def _bot_message(self, method: str, params: dict, content: dict) -> dict:
        record = self.chat_record(params["chat_id"])
        reply_markup = self._reply_markup(params.get("reply_markup"))
        if reply_markup is not None:
            content["reply_markup"] = reply_markup
        payload = self._store(record, content, from_user=None)
        record.sent.append(SentCall(method, params, payload["message_id"]))
        # Answers are serialised under the lock before anything can change them: no copy needed.
        return payload

    # ----- formatting and markup --------------------------------------------------------------

    def _formatted(
        self,
        text: str | None,
        parse_mode: str | None,
        entities: list | None,
        *,
        limit: int,
        is_caption: bool,
    ) -> tuple[str, list[dict]]:
        """Plain text and entities of a text or caption, enforcing Telegram's length limits."""
        text = text or ""
        formatted_entities: list[dict] = list(entities or [])
        if parse_mode:
            mode = parse_mode.lower()
            if mode == "html":
                try:
                    text, parsed = parse_html(text)
                except HtmlParseError as error:
                    raise bad_request(f"can't parse entities: {error}") from None
                formatted_entities = [entity.to_dict() for entity in parsed]
            elif mode not in ("markdown", "markdownv2"):
                raise bad_request("unsupported parse_mode")
        if not is_caption and not text.strip():
            raise bad_request("message text is empty")
        if utf16_length(text) > limit:
            raise bad_request(
                "message caption is too long" if is_caption else "message is too long"
            )
        return text, formatted_entities

    def _text_content(self, params: dict) -> dict:
        text, entities = self._formatted(
            params.get("text"),
            params.get("parse_mode"),
            params.get("entities"),
            limit=MESSAGE_TEXT_LIMIT,
            is_caption=False,
        )
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        return content

    def _caption_content(self, source: dict) -> dict:
        if source.get("caption") is None:
            return {}
        caption, entities = self._formatted(
            source.get("caption"),
            source.get("parse_mode"),
            source.get("caption_entities"),
            limit=CAPTION_LIMIT,
            is_caption=True,
        )
        content: dict[str, Any] = {"caption": caption} if caption else {}
        if entities:
            content["caption_entities"] = entities
        return content

    def _reply_markup(self, markup: Any) -> dict | None:
        """Checks a reply_markup; returns it when Telegram would echo it (inline keyboards)."""
        if not isinstance(markup, dict):
            return None
        if "inline_keyboard" not in markup:
            return None
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise bad_request(
                'can\'t parse inline keyboard button: field "inline_keyboard" '
                "must be an Array of Arrays"
            )
        for row in rows:
            for button in row:
                self._check_button(button)
        return {"inline_keyboard": rows}

    @staticmethod
    def _check_button(button: Any) -> None:
        if not isinstance(button, dict) or not isinstance(button.get("text"), str):
            raise bad_request(
                "can't parse inline keyboard button: Text buttons are unallowed "
                "in the inline keyboard"
            )
        actions = [key for key in button if key not in _BUTTON_DECORATIONS]
        if not actions:
            raise bad_request("text buttons are unallowed in the inline keyboard")
        if len(actions) > 1:
            raise bad_request(
                f"can't parse inline keyboard button: more than one action "
                f"specified: {', '.join(sorted(actions))}"
            )
        if "callback_data" in button:
            size = len(str(button["callback_data"]).encode("utf-8"))
            if not 1 <= size <= CALLBACK_DATA_BYTES:
                raise bad_request("BUTTON_DATA_INVALID")
        if "url" in button and not str(button["url"]).startswith(("http://", "https://", "tg://")):
            raise bad_request("BUTTON_URL_INVALID")

    # ----- files ----------------------------------------------------------------------------

    def new_file(
        self,
        kind: str,
        *,
        content: bytes | None = None,
        url: str | None = None,
        file_name: str | None = None,
        mime_type: str | None = None,
    ) -> StoredFile:
        self._file_counter += 1
        unique = f"{kind[:2].upper()}Q{self._file_counter:08d}"
        stored = StoredFile(
            f"{kind}-{unique}-fake", unique, kind, content, file_name, mime_type, url
        )
        size = _png_size(content) if content else None
        if size:
            stored.width, stored.height = size
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    def _resolve_file(self, value: Any, kind: str, parts: dict[str, UploadedPart]) -> StoredFile:
        if isinstance(value, str) and value.startswith("attach://"):
            value = parts.get(value.removeprefix("attach://"))
            if value is None:
                raise bad_request(WRONG_FILE)
        if isinstance(value, UploadedPart):
            return self.new_file(
                kind, content=value.content, file_name=value.filename, mime_type=value.content_type
            )
        if isinstance(value, str) and value.startswith(("http://", "https://")):
            return self.new_file(kind, url=value, file_name=value.rsplit("/", 1)[-1])
        if isinstance(value, str) and value in self.files:
            return self.files[value]
        raise bad_request(WRONG_FILE)

    def _media_object(self, kind: str, stored: StoredFile, params: dict) -> Any:
        base = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
        }
        if kind == "photo":
            thumbnail = {
                **base,
                "file_id": stored.file_id + "-thumb",
                "file_unique_id": stored.file_unique_id + "t",
                "width": 90,
                "height": max(1, 90 * stored.height // max(stored.width, 1)),
            }
            self.files.setdefault(thumbnail["file_id"], stored)
            return [thumbnail, {**base, "width": stored.width, "height": stored.height}]
        duration = params.get("duration") or 1
        extras: dict[str, dict[str, Any]] = {
            "video": {"width": stored.width, "height": stored.height, "duration": duration},
            "animation": {"width": stored.width, "height": stored.height, "duration": duration},
            "video_note": {"length": min(stored.width, stored.height), "duration": duration},
            "audio": {"duration": duration},
            "voice": {"duration": duration},
            "sticker": {
                "width": 512,
                "height": 512,
                "type": "regular",
                "is_animated": False,
                "is_video": False,
            },
            "document": {},
        }
        media = {**base, **extras[kind]}
        if kind in ("video", "document", "audio", "animation") and stored.file_name:
            media["file_name"] = stored.file_name
        if stored.mime_type and kind != "sticker":
            media["mime_type"] = stored.mime_type
        return media

    # ----- sending --------------------------------------------------------------------------

    def _send_message(self, params: dict, parts: dict) -> dict:
        return self._bot_message("sendMessage", params, self._text_content(params))

    def _media_sender(self, kind: str) -> Callable[[dict, dict], dict]:
        method = "send" + kind.title().replace("_", "")

        def send_media(params: dict, parts: dict) -> dict:
            stored = self._resolve_file(params[kind], kind, parts)
            content = {
                kind: self._media_object(kind, stored, params),
                **self._caption_content(params),
            }
            return self._bot_message(method, params, content)

        return send_media

    def _send_voice(self, params: dict, parts: dict) -> dict:
        if params["chat_id"] in self.voice_forbidden:
            raise ApiError(400, f"Bad Request: {VOICE_MESSAGES_FORBIDDEN}", violation=False)
        message = self._media_sender("voice")(params, parts)
        stored = self.files[message["voice"]["file_id"]]
        if stored.content is not None and stored.content.startswith(b"OggS"):
            # Telegram names the type of an Ogg voice note whatever the upload said.
            stored.mime_type = message["voice"]["mime_type"] = "audio/ogg"
        return message

    def _send_media_group(self, params: dict, parts: dict) -> list[dict]:
        media_list = params["media"]
        if not 2 <= len(media_list) <= 10:
            raise bad_request("wrong number of media items; must be 2-10")
        contents = []
        for media in media_list:
            kind = media["type"]
            stored = self._resolve_file(media["media"], kind, parts)
            contents.append(
                {kind: self._media_object(kind, stored, media), **self._caption_content(media)}
            )
        group_id = str(self._file_counter)
        return [
            self._bot_message("sendMediaGroup", params, {**content, "media_group_id": group_id})
            for content in contents
        ]

    def _send_generic(self, method: MethodSpec, params: dict) -> Any:
        if "chat_id" not in params:
            return True
        return self._bot_message(method.name, params, {})

    def _send_chat_action(self, params: dict, parts: dict) -> bool:
        if params["action"] not in _CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        self.chat_record(params["chat_id"])
        return True

    def _source_message(self, params: dict, verb: str) -> StoredMessage:
        source = self.chat_record(params["from_chat_id"]).messages.get(params["message_id"])
        if source is None:
            raise bad_request(f"message to {verb} not found")
        return source

    def _copy_message(self, params: dict, parts: dict) -> dict:
        source = self._source_message(params, "copy")
        content = {
            key: copy.deepcopy(value)
            for key, value in source.payload.items()
            if key in ("text", "entities", "caption", "caption_entities", *_MEDIA_KINDS)
        }
        if "caption" in params:
            content.pop("caption_entities", None)
            content.update(self._caption_content(params))
        message = self._bot_message("copyMessage", params, content)
        return {"message_id": message["message_id"]}

    def _forward_message(self, params: dict, parts: dict) -> dict:
        source = self._source_message(params, "forward")
        content = {
            key: copy.deepcopy(value)
            for key, value in source.payload.items()
            if key in ("text", "entities", "caption", "caption_entities", *_MEDIA_KINDS)
        }
        origin_user = source.payload.get("from", self.bot_user)
        content["forward_origin"] = {
            "type": "user",
            "date": source.payload["date"],
            "sender_user": origin_user,
        }
        return self._bot_message("forwardMessage", params, content)

    # ----- editing --------------------------------------------------------------------------

    def _edit_target(self, params: dict) -> tuple[ChatRecord, StoredMessage] | None:
        """The bot message an edit refers to; None for inline messages, which are not kept."""
        if params.get("inline_message_id"):
            return None
        if params.get("chat_id") is None or params.get("message_id") is None:
            raise bad_request("message identifier is not specified")
        record = self.chat_record(params["chat_id"])
        stored = record.messages.get(params["message_id"])
        if stored is None:
            raise bad_request("message to edit not found")
        if not stored.from_bot:
            raise bad_request("message can't be edited")
        return record, stored

    def _apply_edit(self, method: str, params: dict, target, changes: dict, removed: tuple) -> Any:
        record, stored = target
        current = {key: stored.payload.get(key) for key in (*changes, *removed)}
        wanted = {**changes, **dict.fromkeys(removed)}
        if current == wanted:
            raise bad_request(NOT_MODIFIED)
        for key in removed:
            stored.payload.pop(key, None)
        stored.payload.update(changes)
        stored.payload["edit_date"] = int(time.time())
        stored.edits += 1
        record.sent.append(SentCall(method, params, stored.message_id))
        return stored.payload

    def _markup_change(self, params: dict) -> tuple[dict, tuple]:
        markup = self._reply_markup(params.get("reply_markup"))
        return ({"reply_markup": markup}, ()) if markup else ({}, ("reply_markup",))

    def _edit_message_text(self, params: dict, parts: dict) -> Any:
        target = self._edit_target(params)
        content = self._text_content(params)
        markup, removed = self._markup_change(params)
        if target is None:
            return True
        if "text" not in target[1].payload:
            raise bad_request("there is no text in the message to edit")
        removed += () if "entities" in content else ("entities",)
        return self._apply_edit("editMessageText", params, target, {**content, **markup}, removed)

    def _edit_message_caption(self, params: dict, parts: dict) -> Any:
        target = self._edit_target(params)
        content = self._caption_content(params)
        markup, removed = self._markup_change(params)
        if target is None:
            return True
        if not any(kind in target[1].payload for kind in _MEDIA_KINDS):
            raise bad_request("there is no caption in the message to edit")
        removed += tuple(key for key in ("caption", "caption_entities") if key not in content)
        return self._apply_edit(
            "editMessageCaption", params, target, {**content, **markup}, removed
        )

    def _edit_message_reply_markup(self, params: dict, parts: dict) -> Any:
        target = self._edit_target(params)
        markup, removed = self._markup_change(params)
        if target is None:
            return True
        return self._apply_edit("editMessageReplyMarkup", params, target, markup, removed)

    def _edit_message_media(self, params: dict, parts: dict) -> Any:
        target = self._edit_target(params)
        media = params["media"]
        kind = media["type"]
        stored_file = self._resolve_file(media["media"], kind, parts)
        content = {
            kind: self._media_object(kind, stored_file, media),
            **self._caption_content(media),
        }
        markup, removed = self._markup_change(params)
        if target is None:
            return True
        removed += tuple(
            key
            for key in (*_MEDIA_KINDS, "caption", "caption_entities", "text", "entities")
            if key not in content
        )
        return self._apply_edit("editMessageMedia", params, target, {**content, **markup}, removed)

    def _delete_message(self, params: dict, parts: dict) -> bool:
        record = self.chat_record(params["chat_id"])
        if record.messages.pop(params["message_id"], None) is None:
            raise bad_request("message to delete not found")
        record.sent.append(SentCall("deleteMessage", params, params["message_id"]))
        return True

    # ----- callback queries, commands, menu, chats, files ----------------------------------

    def _answer_callback_query(self, params: dict, parts: dict) -> bool:
        query = self.callback_queries.get(params["callback_query_id"])
        if query is None or query.answered:
            raise bad_request(QUERY_TOO_OLD)
        if len(params.get("text") or "") > CALLBACK_ANSWER_TEXT_LIMIT:
            raise bad_request("MESSAGE_TOO_LONG")
        query.answered = True
        return True

    @staticmethod
    def _commands_key(params: dict) -> str:
        scope = params.get("scope") or {"type": "default"}
        return f"{sorted(scope.items())}|{params.get('language_code') or ''}"

    def _set_my_commands(self, params: dict, parts: dict) -> bool:
        commands = params["commands"]
        if len(commands) > 100:
            raise bad_request("too many commands")
        for command in commands:
            name = command.get("command", "")
            if not (
                1 <= len(name) <= 32 and all(c.islower() or c.isdigit() or c == "_" for c in name)
            ):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise bad_request("command description must be 1-256 characters")
        self.commands[self._commands_key(params)] = commands
        return True

    def _get_my_commands(self, params: dict, parts: dict) -> list:
        return self.commands.get(self._commands_key(params), [])

    def _delete_my_commands(self, params: dict, parts: dict) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _set_chat_menu_button(self, params: dict, parts: dict) -> bool:
        self.menu_buttons[str(params.get("chat_id", ""))] = params.get("menu_button") or {
            "type": "default"
        }
        return True

    def _get_chat_menu_button(self, params: dict, parts: dict) -> dict:
        chat_key = str(params.get("chat_id", ""))
        return self.menu_buttons.get(chat_key, self.menu_buttons.get("", {"type": "default"}))

    def _get_chat(self, params: dict, parts: dict) -> dict:
        chat = dict(self.chat_record(params["chat_id"]).chat)
        chat.update(
            accent_color_id=0,
            max_reaction_count=11,
            accepted_gift_types={
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        )
        return chat

    def _get_chat_member(self, params: dict, parts: dict) -> dict:
        self.chat_record(params["chat_id"])
        user_id = params["user_id"]
        if user_id == self.bot_user["id"]:
            return {"status": "member", "user": dict(self.bot_user)}
        return {"status": "member", "user": {"id": user_id, "is_bot": False, "first_name": "User"}}

    def _get_file(self, params: dict, parts: dict) -> dict:
        stored = self.files.get(params["file_id"])
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": params["file_id"],
            "file_unique_id": stored.file_unique_id,
            "file_size": stored.file_size,
            "file_path": stored.file_path,
        }

    # ----- webhook and updates --------------------------------------------------------------

    def _set_webhook(self, params: dict, parts: dict) -> bool:
        url = params.get("url", "")
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        if params.get("drop_pending_updates"):
            self.pending_updates.clear()
        self.webhook = {"url": url}
        for key in ("max_connections", "allowed_updates", "ip_address"):
            if key in params:
                self.webhook[key] = params[key]
        return True

    def _delete_webhook(self, params: dict, parts: dict) -> bool:
        if params.get("drop_pending_updates"):
            self.pending_updates.clear()
        self.webhook = {"url": ""}
        return True

    def _get_webhook_info(self, params: dict, parts: dict) -> dict:
        return {
            **self.webhook,
            "has_custom_certificate": False,
            "pending_update_count": len(self.pending_updates),
        }

    def enqueue(self, update: dict) -> int:
        """Queues an update for getUpdates; assigns the next update_id unless it has one."""
        if "update_id" not in update:
            update["update_id"] = self.last_update_id + 1
        self.last_update_id = max(self.last_update_id, update["update_id"])
        self.last_queued_update_id = max(self.last_queued_update_id, update["update_id"])
        kind = next((key for key in update if key != "update_id"), "unknown")
        self.pending_updates.append(PendingUpdate(update["update_id"], kind, update))
        return update["update_id"]

    def confirm_updates(self, offset: int | None) -> None:
        if offset is None:
            return
        if offset < 0:
            self.pending_updates = self.pending_updates[offset:]
        else:
            self.pending_updates = [u for u in self.pending_updates if u.update_id >= offset]

    def take_updates(self, limit: int) -> list[dict]:
        """Updates for one getUpdates answer; they stay queued until an offset confirms them."""
        allowed = self.allowed_updates
        wanted = [
            u
            for u in self.pending_updates
            if (u.kind in allowed if allowed else u.kind not in UPDATES_OFF_BY_DEFAULT)
        ]
        if len(wanted) != len(self.pending_updates):
            # Telegram drops updates of types the bot did not ask for.
            self.pending_updates = wanted
        batch = wanted[: max(1, min(limit, 100))]
        if batch:
            self.last_delivered_update_id = max(self.last_delivered_update_id, batch[-1].update_id)
        elif not self.pending_updates:
            self.last_delivered_update_id = self.last_queued_update_id
        return [u.payload for u in batch]

    # ----- building incoming updates ----------------------------------------------------------

    @staticmethod
    def user(user_id: int, first_name: str, language_code: str | None) -> dict:
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        return user

    def incoming_chat(self, user: dict, chat_type: str, chat_id: int | None) -> ChatRecord:
        if chat_type == "private":
            chat = {
                "id": chat_id or user["id"],
                "type": "private",
                "first_name": user["first_name"],
            }
        else:
            default_id = -user["id"] if chat_type == "group" else -(10**12) - user["id"]
            chat = {"id": chat_id or default_id, "type": chat_type, "title": "Test group"}
        return self.register_chat(chat)

    def incoming_message(self, record: ChatRecord, user: dict, content: dict) -> dict:
        return copy.deepcopy(self._store(record, content, from_user=user))

    def photo_content(self, caption: str | None, image: bytes | None = None) -> dict:
        """A photo message's content; `image` (PNG or JPEG) is what getFile then serves."""
        stored = self.new_file(
            "photo", content=image or b"\xff\xd8\xff\xe0 fake jpeg", mime_type="image/jpeg"
        )
        if image and not _png_size(image):
            from PIL import Image

            stored.width, stored.height = Image.open(io.BytesIO(image)).size
        content: dict[str, Any] = {"photo": self._media_object("photo", stored, {})}
        if caption is not None:
            content["caption"] = caption
        return content

    def callback_query(self, user: dict, data: str | None, chat_id: int, message_id: int) -> dict:
        record = self.chats.get(chat_id)
        stored = record.messages.get(message_id) if record else None
        if stored is None or not stored.from_bot:
            raise ValueError(f"the bot has no message {message_id} in chat {chat_id}")
        self._callback_counter += 1
        query_id = f"{4_000_000_000_000 + self._callback_counter}"
        self.callback_queries[query_id] = CallbackQueryRecord(
            query_id, user["id"], data, message_id
        )
        query = {
            "id": query_id,
            "from": user,
            "chat_instance": f"{chat_id}-instance",
            "message": copy.deepcopy(stored.payload),
        }
        if data is not None:
            query["data"] = data
        return query

    def adopt_raw_update(self, update: dict) -> None:
        """Lets raw updates name chats and messages the bot can later answer and edit."""
        for key in ("message", "edited_message", "channel_post", "edited_channel_post"):
            message = update.get(key)
            if not isinstance(message, dict) or not isinstance(message.get("chat"), dict):
                continue
            record = self.register_chat(message["chat"])
            message.setdefault("date", int(time.time()))
            if "message_id" not in message:
                message["message_id"] = record.next_message_id()
            record.last_message_id = max(record.last_message_id, message["message_id"])
            if key in ("message", "channel_post"):
                record.messages[message["message_id"]] = StoredMessage(
                    copy.deepcopy(message), from_bot=False
                )


def _button_target(button: dict) -> str | None:
    for key in ("callback_data", "url"):
        if key in button:
            return button[key]
    return next((str(v) for k, v in button.items() if k not in _BUTTON_DECORATIONS), None)


def _file_id(payload: dict, kind: str) -> str | None:
    media = payload.get(kind)
    if isinstance(media, list):
        return media[-1]["file_id"] if media else None
    return media["file_id"] if media else None


def _chat_message(stored: StoredMessage) -> ChatMessage:
    payload = stored.payload
    keyboard = (payload.get("reply_markup") or {}).get("inline_keyboard", [])
    return ChatMessage(
        message_id=stored.message_id,
        text=payload.get("text"),
        caption=payload.get("caption"),
        photo=_file_id(payload, "photo"),
        video=_file_id(payload, "video"),
        voice=_file_id(payload, "voice"),
        document=_file_id(payload, "document"),
        buttons=[[(button["text"], _button_target(button)) for button in row] for row in keyboard],
        edits=stored.edits,
        raw=copy.deepcopy(payload),
    )
