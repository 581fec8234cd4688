"""FakeBotApi: a Telegram Bot API server on loopback for end-to-end tests of a real bot."""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .faults import SERVER_ERROR_DESCRIPTIONS, FloodControl, PlannedFailure
from .http import (
    HttpRequest,
    HttpResponse,
    MalformedRequest,
    UploadedPart,
    json_response,
    serve_connection,
)
from .records import ApiError, Call, ChatMessage, SentCall
from .spec import BotApiSpec, MethodSpec
from .world import BotWorld

DEFAULT_TOKEN = "123456:TEST-TOKEN"
CONFLICT_OTHER_POLL = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)
CONFLICT_WEBHOOK = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
    "delete the webhook first"
)
# Sends that Telegram's flood control counts; chat actions are not messages.
_FLOOD_COUNTED_PREFIXES = ("send", "copy", "forward", "edit")
_CONTROL_COMMANDS = frozenset(
    {
        "push_message",
        "push_photo",
        "push_callback",
        "push_update",
        "block_chat",
        "unblock_chat",
        "forbid_voice_messages",
        "fail_next",
        "fail_connections_next",
        "set_flood_limit",
        "stats_snapshot",
        "violations_snapshot",
        "chat",
        "sent",
    }
)


class FakeBotApi:
    """Serves the Bot API for one bot token and records everything the bot does.

    Thread-safe: the server runs on its own thread and event loop; tests inject updates,
    faults and read state from any thread.
    """

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        spec_path: Path | str | None = None,
        bot_username: str = "sellerbot_test_bot",
        bot_first_name: str = "SellerBot",
    ):
        self.token = token
        self.host = host
        self.port = port
        self.spec = BotApiSpec.load(spec_path)
        self.violations: list[str] = []
        self.calls: list[Call] = []
        self.stats: dict[str, Any] = {
            "requests": 0,
            "by_method": Counter(),
            "status_400": 0,
            "status_403": 0,
            "status_429": 0,
            "status_5xx": 0,
            "sends_during_ban": 0,
            "dropped_connections": 0,
            "conflicts": 0,
        }
        self._world = BotWorld(self.spec, token, bot_username, bot_first_name)
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._blocked_chats: set[int | str] = set()
        self._planned_failures: list[PlannedFailure] = []
        self._connections_to_drop = 0
        self._delays: dict[str, float] = {}  # method -> seconds before it is answered
        self._flood: FloodControl | None = None
        self._last_request_at = time.monotonic()
        self._poll_generation = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: threading.Thread | None = None
        self._server: asyncio.AbstractServer | None = None
        self._updates_arrived: asyncio.Event | None = None
        self._connection_tasks: set[asyncio.Task] = set()

    # ----- lifecycle ------------------------------------------------------------------------

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.root_url + "/bot"

    @property
    def base_file_url(self) -> str:
        return self.root_url + "/file/bot"

    def start(self) -> FakeBotApi:
        """Starts serving on a background thread; returns once the port accepts connections."""
        if self._loop_thread is not None:
            raise RuntimeError("FakeBotApi is already running")
        ready = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            asyncio.set_event_loop(loop)
            try:
                loop.run_until_complete(self._open())
            except BaseException as error:
                failure.append(error)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

        self._loop_thread = threading.Thread(target=run, name="fake-bot-api", daemon=True)
        self._loop_thread.start()
        ready.wait()
        if failure:
            self._loop_thread = None
            raise failure[0]
        return self

    async def _open(self) -> None:
        self._updates_arrived = asyncio.Event()
        self._server = await asyncio.start_server(self._on_connection, self.host, self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    def stop(self) -> None:
        """Closes every connection (ending pending long polls) and stops the thread."""
        if self._loop_thread is None or self._loop is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._close(), self._loop)
        future.result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._loop_thread.join(timeout=10)
        self._loop_thread = None
        self._loop = None

    async def _close(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in list(self._connection_tasks):
            task.cancel()
        if self._connection_tasks:
            await asyncio.wait(self._connection_tasks, timeout=5)
        await self._server.wait_closed()

    def __enter__(self) -> FakeBotApi:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ----- reading what happened --------------------------------------------------------------

    def chat(self, chat_id: int) -> list[ChatMessage]:
        """The bot's messages in a chat as the user now sees them, oldest first."""
        with self._lock:
            return self._world.chat_view(chat_id)

    def sent(self, chat_id: int) -> list[SentCall]:
        """Successful sends, edits and deletes in a chat, in order."""
        with self._lock:
            return self._world.sent_calls(chat_id)

    def calls_to(self, method: str) -> list[Call]:
        with self._lock:
            return [call for call in self.calls if call.method.lower() == method.lower()]

    def unanswered_callback_queries(self) -> list[str]:
        with self._lock:
            return [
                query.query_id
                for query in self._world.callback_queries.values()
                if not query.answered
            ]

    def file_content(self, file_id: str) -> bytes | None:
        with self._lock:
            stored = self._world.files.get(file_id)
            return stored.content if stored else None

    def stats_snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {**self.stats, "by_method": dict(self.stats["by_method"])}

    def violations_snapshot(self) -> list[str]:
        with self._lock:
            return list(self.violations)

    # ----- injecting updates ----------------------------------------------------------------

    def make_message_update(
        self,
        user_id: int,
        text: str | None = None,
        *,
        language_code: str | None = "en",
        first_name: str = "Farmer",
        chat_type: str = "private",
        chat_id: int | None = None,
        photo: bool | bytes = False,
        caption: str | None = None,
        update_id: int | None = None,
    ) -> dict:
        """An update with a new user message, stored in the chat but not queued.

        Commands ("/start ...") get their bot_command entity; use this for webhook tests.
        """
        with self._lock:
            user = self._world.user(user_id, first_name, language_code)
            record = self._world.incoming_chat(user, chat_type, chat_id)
            content: dict[str, Any] = {}
            if photo:
                image = photo if isinstance(photo, bytes) else None
                content.update(self._world.photo_content(caption, image))
            if text is not None:
                content["text"] = text
                if text.startswith("/"):
                    command_length = len(text.split(maxsplit=1)[0])
                    content["entities"] = [
                        {"type": "bot_command", "offset": 0, "length": command_length}
                    ]
            message = self._world.incoming_message(record, user, content)
            return self._numbered({"message": message}, update_id)

    def make_callback_update(
        self,
        user_id: int,
        data: str | None,
        message_id: int,
        *,
        chat_id: int | None = None,
        first_name: str = "Farmer",
        language_code: str | None = "en",
        update_id: int | None = None,
    ) -> dict:
        """An update with a button press on the bot's message `message_id`, not queued."""
        with self._lock:
            user = self._world.user(user_id, first_name, language_code)
            query = self._world.callback_query(
                user, data, chat_id if chat_id is not None else user_id, message_id
            )
            return self._numbered({"callback_query": query}, update_id)

    def _numbered(self, update: dict, update_id: int | None) -> dict:
        if update_id is None:
            update_id = self._world.last_update_id + 1
        self._world.last_update_id = max(self._world.last_update_id, update_id)
        return {"update_id": update_id, **update}

    @staticmethod
    def webhook_update_json(update: dict) -> bytes:
        """The body Telegram would POST to a webhook for this update."""
        return json.dumps(update, ensure_ascii=False).encode("utf-8")

    def push_message(self, user_id: int, text: str | None = None, **options: Any) -> int:
        """Queues a user message (see make_message_update); returns its update_id."""
        return self.push_update(self.make_message_update(user_id, text, **options))

    def push_photo(
        self, user_id: int, caption: str | None = None, image: bytes | None = None, **options: Any
    ) -> int:
        """A photo from the user; getFile and the file URL then serve `image` when given."""
        return self.push_message(user_id, None, photo=image or True, caption=caption, **options)

    def push_callback(self, user_id: int, data: str | None, message_id: int, **options: Any) -> str:
        """Queues a button press on the bot's message; returns the callback query id."""
        update = self.make_callback_update(user_id, data, message_id, **options)
        self.push_update(update)
        return update["callback_query"]["id"]

    def push_update(self, update: dict) -> int:
        """Queues any update; an explicit update_id is kept, even if it repeats an earlier one."""
        with self._lock:
            self._world.adopt_raw_update(update)
            update_id = self._world.enqueue(update)
            self._changed.notify_all()
        self._wake_pollers()
        return update_id

    def _wake_pollers(self) -> None:
        loop, event = self._loop, self._updates_arrived
        if loop is None or event is None:
            return
        if threading.current_thread() is self._loop_thread:
            event.set()
        else:
            loop.call_soon_threadsafe(event.set)

    # ----- waiting ----------------------------------------------------------------------------

    def wait_for(self, predicate: Callable[[FakeBotApi], bool], timeout: float = 10) -> None:
        """Blocks until predicate(api) holds; on timeout fails with the recent calls."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(self._timeout_report(f"condition not met in {timeout}s"))
                self._changed.wait(min(remaining, 0.05))

    async def await_for(self, predicate: Callable[[FakeBotApi], bool], timeout: float = 10) -> None:
        """wait_for for coroutines: polls without blocking the caller's event loop."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                if predicate(self):
                    return
            if time.monotonic() >= deadline:
                raise AssertionError(self._timeout_report(f"condition not met in {timeout}s"))
            await asyncio.sleep(0.005)

    def _is_idle(self, quiet: float) -> bool:
        world = self._world
        delivered = world.last_delivered_update_id >= world.last_queued_update_id
        return delivered and time.monotonic() - self._last_request_at >= quiet

    def wait_idle(self, quiet: float = 0.2, timeout: float = 10) -> None:
        """Waits until every queued update was fetched and no request came for `quiet` s."""
        self.wait_for(lambda api: api._is_idle(quiet), timeout)

    async def await_idle(self, quiet: float = 0.2, timeout: float = 10) -> None:
        await self.await_for(lambda api: api._is_idle(quiet), timeout)

    def _timeout_report(self, headline: str, recent: int = 25) -> str:
        with self._lock:
            lines = [headline, f"last {min(recent, len(self.calls))} of {len(self.calls)} calls:"]
            lines += [f"  {call}" for call in self.calls[-recent:]]
            if self.violations:
                lines.append("violations:")
                lines += [f"  {violation}" for violation in self.violations[-recent:]]
        return "\n".join(lines)

    # ----- fault injection --------------------------------------------------------------------

    def block_chat(self, chat_id: int | str) -> None:
        """From now on the user has blocked the bot: sends to the chat get 403."""
        with self._lock:
            self._blocked_chats.add(chat_id)

    def unblock_chat(self, chat_id: int | str) -> None:
        with self._lock:
            self._blocked_chats.discard(chat_id)

    def forbid_voice_messages(self, chat_id: int | str) -> None:
        """From now on the user's privacy settings refuse voice messages: sendVoice gets 400."""
        with self._lock:
            self._world.voice_forbidden.add(chat_id)

    def fail_next(self, method: str | None = None, count: int = 1, status: int = 502) -> None:
        """Answers the next `count` calls (of `method`, or of any method) with a server error."""
        with self._lock:
            self._planned_failures.append(PlannedFailure(method, count, status))

    def delay(self, method: str, seconds: float) -> None:
        """Answers every later call of `method` only after `seconds`, as a slow network would."""
        with self._lock:
            self._delays[method] = seconds

    def clear_failures(self) -> None:
        """Calls are answered normally again."""
        with self._lock:
            self._planned_failures.clear()

    def fail_connections_next(self, count: int = 1) -> None:
        """Drops the next `count` requests' connections without answering."""
        with self._lock:
            self._connections_to_drop += count

    def set_flood_limit(
        self,
        global_per_second: int | None = 30,
        per_chat_per_second: int | None = 1,
        retry_after: int | None = None,
    ) -> None:
        """Enables flood control (None lifts a limit); retry_after fixes the announced wait."""
        with self._lock:
            if global_per_second is None and per_chat_per_second is None:
                self._flood = None
            else:
                self._flood = FloodControl(global_per_second, per_chat_per_second, retry_after)

    # ----- serving ----------------------------------------------------------------------------

    async def _on_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connection_tasks.add(task)
        try:
            await serve_connection(reader, writer, self._handle, self._malformed)
        finally:
            self._connection_tasks.discard(task)

    def _malformed(self, reason: str) -> HttpResponse:
        error = ApiError(400, f"Bad Request: {reason}")
        with self._lock:
            self.stats["requests"] += 1
            self.stats["status_400"] += 1
            self.violations.append(f"malformed request -> {error.description}")
            self._changed.notify_all()
        return json_response(400, error.payload())

    async def _handle(self, request: HttpRequest) -> HttpResponse | None:
        with self._lock:
            self._last_request_at = time.monotonic()
            self.stats["requests"] += 1
            if self._connections_to_drop > 0:
                self._connections_to_drop -= 1
                self.stats["dropped_connections"] += 1
                return None
        path = request.path
        if path.startswith("/bot"):
            token, _, method = path[len("/bot") :].partition("/")
            return await self._handle_api(request, token, method)
        if path.startswith("/file/bot"):
            token, _, file_path = path[len("/file/bot") :].partition("/")
            return self._serve_file(token, file_path)
        if path.startswith("/_control/"):
            return self._handle_control(request, path[len("/_control/") :])
        return self._error_response(f"{request.method} {path}", ApiError(404, "Not Found"))

    async def _handle_api(self, request: HttpRequest, token: str, method_name: str) -> HttpResponse:
        if token != self.token:
            return self._error_response(method_name, ApiError(401, "Unauthorized"))
        try:
            raw = request.form()
        except MalformedRequest as error:
            return self._error_response(method_name, ApiError(400, f"Bad Request: {error}"))
        with self._lock:
            delay = self._delays.get(method_name, 0.0)
        if delay:
            await asyncio.sleep(delay)
        with self._lock:
            prepared = self._prepare(method_name, raw)
            if isinstance(prepared, HttpResponse):
                return prepared
            method, params, parts, call = prepared
            if method.name != "getUpdates":
                return self._execute(method, params, parts, call)
        return await self._get_updates(params, call)

    def _prepare(
        self, method_name: str, raw: dict[str, Any]
    ) -> HttpResponse | tuple[MethodSpec, dict, dict[str, UploadedPart], Call]:
        """Logs the call and checks it against the spec, planned failures and flood control."""
        method = self.spec.method(method_name)
        if method is None:
            return self._error_response(method_name, ApiError(404, "Not Found: method not found"))
        self.stats["by_method"][method.name] += 1
        # Upload parts referenced as attach://name are not parameters in their own right.
        parts = {
            name: value
            for name, value in raw.items()
            if isinstance(value, UploadedPart) and name not in method.fields
        }
        params, problems = self.spec.decode_params(
            method, {name: value for name, value in raw.items() if name not in parts}
        )
        call = Call(method.name, params)
        self.calls.append(call)
        for problem in problems.soft:
            self.violations.append(f"{method.name}: {problem}")
        failure = self._planned_failure(method.name)
        if failure is not None:
            return self._error_response(method.name, failure, call)
        if problems.fatal:
            error = ApiError(400, f"Bad Request: {problems.fatal[0]}")
            for problem in problems.fatal[1:]:
                self.violations.append(f"{method.name}: {problem}")
            return self._error_response(method.name, error, call)
        chat_id = params.get("chat_id")
        if chat_id is not None and chat_id in self._blocked_chats:
            blocked = ApiError(403, "Forbidden: bot was blocked by the user", violation=False)
            return self._error_response(method.name, blocked, call)
        if self._counts_for_flood(method.name):
            flooded = self._flood_check(chat_id)
            if flooded is not None:
                return self._error_response(method.name, flooded, call)
        return method, params, parts, call

    def _counts_for_flood(self, method_name: str) -> bool:
        return (
            self._flood is not None
            and method_name.startswith(_FLOOD_COUNTED_PREFIXES)
            and method_name != "sendChatAction"
        )

    def _planned_failure(self, method_name: str) -> ApiError | None:
        for plan in self._planned_failures:
            if plan.matches(method_name):
                plan.count -= 1
                if plan.count <= 0:
                    self._planned_failures.remove(plan)
                description = SERVER_ERROR_DESCRIPTIONS.get(plan.status, "Internal Server Error")
                return ApiError(plan.status, description, violation=False)
        return None

    def _flood_check(self, chat_id: Any) -> ApiError | None:
        assert self._flood is not None
        retry_after, during_ban = self._flood.check(chat_id, time.monotonic())
        if during_ban:
            self.stats["sends_during_ban"] += 1
        if retry_after is None:
            return None
        return ApiError(
            429,
            f"Too Many Requests: retry after {retry_after}",
            retry_after=retry_after,
            violation=False,
        )

    def _execute(
        self, method: MethodSpec, params: dict, parts: dict[str, UploadedPart], call: Call
    ) -> HttpResponse:
        try:
            result = self._world.call(method, params, parts)
        except ApiError as error:
            return self._error_response(method.name, error, call)
        except (KeyError, TypeError, AttributeError, ValueError) as error:
            # A parameter of an unexpected shape that the spec check let through.
            bad = ApiError(400, f"Bad Request: can't process parameters: {error!r}")
            return self._error_response(method.name, bad, call)
        self._changed.notify_all()
        return json_response(200, {"ok": True, "result": result})

    def _error_response(
        self, method: str, error: ApiError, call: Call | None = None
    ) -> HttpResponse:
        with self._lock:
            if call is not None:
                call.status, call.error = error.status, error.description
            status_key = "status_5xx" if error.status >= 500 else f"status_{error.status}"
            if status_key in self.stats:
                self.stats[status_key] += 1
            if error.violation:
                self.violations.append(f"{method} -> {error.status} {error.description}")
            self._changed.notify_all()
        return json_response(error.status, error.payload())

    async def _get_updates(self, params: dict, call: Call) -> HttpResponse:
        assert self._updates_arrived is not None
        with self._lock:
            if self._world.webhook.get("url"):
                return self._error_response("getUpdates", ApiError(409, CONFLICT_WEBHOOK), call)
            self._world.confirm_updates(params.get("offset"))
            if params.get("allowed_updates"):
                self._world.allowed_updates = frozenset(params["allowed_updates"])
            elif params.get("allowed_updates") == []:
                self._world.allowed_updates = None
            self._poll_generation += 1
            generation = self._poll_generation
        # A newer poll ends an older one, as on Telegram.
        self._updates_arrived.set()
        deadline = time.monotonic() + max(0, params.get("timeout") or 0)
        limit = params.get("limit") or 100
        while True:
            with self._lock:
                if generation != self._poll_generation:
                    self.stats["conflicts"] += 1
                    return self._error_response(
                        "getUpdates", ApiError(409, CONFLICT_OTHER_POLL, violation=False), call
                    )
                updates = self._world.take_updates(limit)
                remaining = deadline - time.monotonic()
                if updates or remaining <= 0:
                    self._last_request_at = time.monotonic()
                    self._changed.notify_all()
                    return json_response(200, {"ok": True, "result": updates})
            self._updates_arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._updates_arrived.wait(), remaining)

    def _serve_file(self, token: str, file_path: str) -> HttpResponse:
        with self._lock:
            stored = self._world.files_by_path.get(file_path)
        if token != self.token or stored is None or stored.content is None:
            return self._error_response(f"file {file_path}", ApiError(404, "Not Found"))
        return HttpResponse(200, stored.content, stored.mime_type or "application/octet-stream")

    def _handle_control(self, request: HttpRequest, command: str) -> HttpResponse:
        """Lets a process that started the server standalone drive it over HTTP."""
        if command not in _CONTROL_COMMANDS:
            return json_response(404, {"ok": False, "description": f"unknown command {command}"})
        try:
            arguments = json.loads(request.body) if request.body else {}
            result = getattr(self, command)(**arguments)
        except (TypeError, ValueError) as error:
            return json_response(400, {"ok": False, "description": str(error)})
        return json_response(200, {"ok": True, "result": _jsonable(result)})


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_jsonable(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        return {name: _jsonable(getattr(value, name)) for name in value.__dataclass_fields__}
    if isinstance(value, tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, UploadedPart):
        return repr(value)
    return value
