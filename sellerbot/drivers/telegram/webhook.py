"""The webhook receiver: Telegram posts each update; it is stored in the inbox before the
200 answer tells Telegram it arrived. Also `GET /healthz` for the operator's monitoring.

Cheap refusals come first: the secret header is checked before any of the body is read,
the body is capped (updates are a few kilobytes), and connections are capped, so a stranger
cannot make the bot read 90 MB or hold a thousand sockets open.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import text
from telegram import Update
from telegram.error import NetworkError
from tornado.httpserver import HTTPServer
from tornado.web import Application, RequestHandler, stream_request_body

from sellerbot.drivers.telegram.receiver import inbox_rows
from sellerbot.store.inbox import Inbox, oldest_unfinished_age

log = logging.getLogger(__name__)

MAX_BODY = 1024 * 1024  # bytes; Telegram's updates are far smaller
MAX_CONNECTIONS = 100  # Telegram opens at most TELEGRAM_CONNECTIONS of them
TELEGRAM_CONNECTIONS = 40
IDLE_SECONDS = 30
BODY_SECONDS = 10
HEALTHY_BACKLOG = timedelta(minutes=2)  # an update waiting longer means the workers are stuck
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass(frozen=True)
class WebhookOptions:
    url: str  # the public https address Telegram posts to
    listen: str
    port: int
    path: str  # the path part of the url, which the proxy passes on
    secret: str


@stream_request_body
class _Updates(RequestHandler):
    """POST: one update."""

    def initialize(self, inbox: Inbox, secret: str, on_stored: Callable[[], None]) -> None:
        self.inbox = inbox
        self.secret = secret
        self.on_stored = on_stored
        self.body_parts: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        if self.request.method != "POST":
            self.send_error(405)
            return
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.secret.encode()):
            self.send_error(403)
            return
        declared = self.request.headers.get("Content-Length")
        if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
            self.send_error(413)
            return
        self.request.connection.set_max_body_size(MAX_BODY)

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size <= MAX_BODY:
            self.body_parts.append(chunk)

    async def post(self) -> None:
        try:
            update = json.loads(b"".join(self.body_parts))
        except ValueError:
            self.send_error(400)
            return
        rows = inbox_rows([update])
        if not rows:
            self.send_error(400)
            return
        try:
            await self.inbox.add(rows)
        except Exception as error:  # Telegram sends it again after an error answer
            log.warning("cannot store an update (%s); Telegram will retry", type(error).__name__)
            self.send_error(503)
            return
        self.on_stored()
        self.set_status(200)
        self.finish()


class _Health(RequestHandler):
    """GET: 200 when the database answers and no update has waited too long."""

    def initialize(self, inbox: Inbox) -> None:
        self.inbox = inbox

    async def get(self) -> None:
        try:
            async with self.inbox.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
            waited = await oldest_unfinished_age(self.inbox.engine, self.inbox.clock())
        except Exception as error:
            self.set_status(503)
            self.finish({"ok": False, "database": type(error).__name__})
            return
        healthy = waited is None or waited < HEALTHY_BACKLOG
        self.set_status(200 if healthy else 503)
        self.finish(
            {"ok": healthy, "oldest_waiting_seconds": waited.total_seconds() if waited else 0}
        )


class _CappedServer(HTTPServer):
    """Refuses connections beyond a cap instead of running out of file descriptors."""

    open_streams = 0

    def handle_stream(self, stream, address) -> None:
        if self.open_streams >= MAX_CONNECTIONS:
            stream.close()
            return
        self.open_streams += 1
        super().handle_stream(stream, address)

    def on_close(self, server_conn) -> None:  # tornado calls it when a connection ends
        self.open_streams -= 1
        super().on_close(server_conn)


async def receive_by_webhook(
    bot, inbox: Inbox, options: WebhookOptions, on_stored: Callable[[], None]
) -> None:
    """Serve until cancelled. The webhook stays set at a stop, so Telegram keeps the
    updates that arrive meanwhile and sends them once the bot is back."""
    path = "/" + options.path.strip("/")
    web = Application(
        [
            (path, _Updates, {"inbox": inbox, "secret": options.secret, "on_stored": on_stored}),
            ("/healthz", _Health, {"inbox": inbox}),
        ],
        log_function=lambda handler: None,  # no access log lines for every update
    )
    server = _CappedServer(
        web,
        max_body_size=MAX_BODY,
        idle_connection_timeout=IDLE_SECONDS,
        body_timeout=BODY_SECONDS,
        xheaders=True,
    )
    server.listen(options.port, options.listen)
    try:
        delay = 1.0
        while True:
            try:
                await bot.set_webhook(
                    url=options.url,
                    secret_token=options.secret,
                    allowed_updates=Update.ALL_TYPES,
                    max_connections=TELEGRAM_CONNECTIONS,
                )
                break
            except NetworkError as error:
                log.warning("cannot set the webhook (%s); next try in %.0f s", error, delay)
                await asyncio.sleep(delay)
                delay = min(30.0, delay * 2)
        log.info("webhook set; listening on %s:%s%s", options.listen, options.port, path)
        await asyncio.Event().wait()
    finally:
        server.stop()
        await server.close_all_connections()
