"""Broadcasts from Telegram: an admin's /broadcast, its preview and buttons, the sender task.

The admin sends any message; the bot shows it back with the audience size and Send /
Schedule / Cancel buttons. Sending runs in the bot process under the database's sender
lease, so with several bot processes exactly one sends; a status message shows progress.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MaybeInaccessibleMessage,
    Message,
    Update,
)
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes, filters

from sellerbot.admin.botapi import TelegramBroadcastApi
from sellerbot.admin.broadcast import (
    BroadcastError,
    BroadcastSender,
    Progress,
    cancel_broadcast,
    create_broadcast,
    due_broadcasts,
    schedule_broadcast,
)
from sellerbot.admin.segments import (
    CourseFacts,
    Segment,
    SegmentError,
    audience_size,
    parse_segment,
)
from sellerbot.app import App
from sellerbot.drivers.telegram.sending import ReplySender, answer_quietly
from sellerbot.engine import messages as m
from sellerbot.store.learners import utc_now
from sellerbot.store.schema import Broadcast

log = logging.getLogger(__name__)

BUTTON_PREFIX = "adm."  # callback data of the admins' buttons, apart from the course's
STATUS_EVERY_SECONDS = 3.0  # edits of the status message; Telegram limits edits too


@dataclass
class _AwaitingMessage:
    """The admin's next message is the broadcast itself, for this audience."""

    segment: Segment


@dataclass
class _AwaitingTime:
    """The admin's next message is the time to send this draft."""

    schedule_id: int


# What an admin's next message means: the broadcast itself, or the time to send it.
_Pending = _AwaitingMessage | _AwaitingTime


@dataclass
class _Status:
    chat_id: int
    message_id: int | None = None
    shown_at: float = 0.0
    last_text: str = ""
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class AwaitingAdmin(filters.MessageFilter):
    """Messages from an admin whose next message the broadcast desk is waiting for."""

    def __init__(self, desk: BroadcastDesk):
        super().__init__(name="AwaitingAdmin")
        self.desk = desk

    def filter(self, message: Message) -> bool:
        user = message.from_user
        return user is not None and user.id in self.desk.pending


class BroadcastDesk:
    """Made with the Application; given the app, sender and bot once they exist at start."""

    def __init__(self):
        self.app: App | None = None
        self.sender: ReplySender | None = None
        self.bot: Bot | None = None
        self.pending: dict[int, _Pending] = {}
        self.statuses: dict[int, _Status] = {}
        self.task: asyncio.Task | None = None
        self.running: BroadcastSender | None = None

    @property
    def facts(self) -> CourseFacts:
        return CourseFacts.of(self.app.course)

    # ----------------------------------------------------------------- the admin's dialog

    async def on_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """/broadcast [segment]: ask for the message to send."""
        message = update.effective_message
        _, _, argument = message.text.partition(" ")
        try:
            segment = parse_segment(argument.strip() or "everyone", self.facts)
        except SegmentError as error:
            await self.sender.post(
                message.chat_id, self.app.team_text(m.BROADCAST_BAD_SEGMENT, error=error)
            )
            return
        size = await audience_size(self.app.database, segment, self.facts, utc_now())
        self.pending[message.from_user.id] = _AwaitingMessage(segment)
        prompt = self.app.team_text(m.BROADCAST_ASK, segment=segment.describe(), count=size)
        await self.sender.post(message.chat_id, prompt)

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None, "AwaitingAdmin passes only updates with a message"
        pending = self.pending.pop(message.from_user.id)
        if message.text and message.text.strip().lower() in ("/cancel", "cancel"):
            await self.sender.post(message.chat_id, self.app.team_text(m.BROADCAST_CANCELLED))
        elif isinstance(pending, _AwaitingTime):
            await self._schedule_at(message, pending.schedule_id)
        else:
            await self._draft(message, pending.segment)

    async def _draft(self, message: Message, segment: Segment) -> None:
        """Store the message as a draft, show it back, and offer the buttons."""
        text_only = message.text is not None and not message.entities
        try:
            broadcast_id = await create_broadcast(
                self.app.database,
                segment,
                text=message.text if text_only else None,
                from_chat_id=None if text_only else message.chat_id,
                message_id=None if text_only else message.message_id,
                draft=True,
                created_by=message.from_user.id,
            )
        except BroadcastError as error:
            await self.sender.post(message.chat_id, str(error))
            return
        await self.bot.copy_message(message.chat_id, message.chat_id, message.message_id)
        size = await audience_size(self.app.database, segment, self.facts, utc_now())
        buttons = InlineKeyboardMarkup(
            [
                [
                    self._button(m.BROADCAST_SEND, "send", broadcast_id),
                    self._button(m.BROADCAST_SCHEDULE, "at", broadcast_id),
                ],
                [self._button(m.BROADCAST_CANCEL, "cancel", broadcast_id)],
            ]
        )
        summary = self.app.team_text(m.BROADCAST_PREVIEW, segment=segment.describe(), count=size)
        await self.bot.send_message(message.chat_id, summary, reply_markup=buttons)

    def _button(self, key: str, action: str, broadcast_id: int) -> InlineKeyboardButton:
        return InlineKeyboardButton(
            self.app.team_text(key), callback_data=f"{BUTTON_PREFIX}{action}.{broadcast_id}"
        )

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        await answer_quietly(context.bot, query.id)
        if query.from_user.id not in self.app.settings.admins or query.message is None:
            return
        action, _, number = query.data.removeprefix(BUTTON_PREFIX).partition(".")
        if not number.isdigit():
            return
        broadcast_id, chat_id = int(number), query.message.chat.id
        try:
            if action == "send":
                await schedule_broadcast(self.app.database, broadcast_id)
                outcome = self.app.team_text(m.BROADCAST_STARTING, id=broadcast_id)
                self.statuses[broadcast_id] = _Status(chat_id)
                self.kick()
            elif action == "at":
                self.pending[query.from_user.id] = _AwaitingTime(broadcast_id)
                zone = self.app.settings.reminders.timezone
                outcome = self.app.team_text(m.BROADCAST_WHEN, timezone=zone)
            elif action == "cancel":
                await cancel_broadcast(self.app.database, broadcast_id)
                outcome = self.app.team_text(m.BROADCAST_CANCELLED)
            else:
                return
        except BroadcastError as error:
            outcome = str(error)
        await self._replace_buttons(query.message, outcome)

    async def _replace_buttons(self, message: MaybeInaccessibleMessage, text: str) -> None:
        try:
            if isinstance(message, Message):  # an inaccessible one cannot be edited
                await message.edit_text(text, reply_markup=None)
                return
        except BadRequest as error:  # too old to edit, or already showing this
            log.info("could not edit the broadcast prompt: %s", error)
        await self.sender.post(message.chat.id, text)

    async def _schedule_at(self, message: Message, broadcast_id: int) -> None:
        zone = ZoneInfo(self.app.settings.reminders.timezone)
        try:
            moment = datetime.fromisoformat((message.text or "").strip().replace(" ", "T"))
        except ValueError:
            self.pending[message.from_user.id] = _AwaitingTime(broadcast_id)
            await self.sender.post(
                message.chat_id, self.app.team_text(m.BROADCAST_WHEN, timezone=zone.key)
            )
            return
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone)
        try:
            await schedule_broadcast(self.app.database, broadcast_id, moment)
        except BroadcastError as error:
            await self.sender.post(message.chat_id, str(error))
            return
        self.statuses[broadcast_id] = _Status(message.chat_id)
        shown = moment.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        await self.sender.post(
            message.chat_id,
            self.app.team_text(m.BROADCAST_SCHEDULED, when=shown, timezone=zone.key),
        )

    # ----------------------------------------------------------------- sending

    def kick(self) -> None:
        """Start sending due broadcasts, unless this process is sending already."""
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._send_due())

    async def check_due(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Regularly: scheduled broadcasts whose time came, or ones a crash interrupted."""
        if await due_broadcasts(self.app.database, utc_now()):
            self.kick()

    async def _send_due(self) -> None:
        assert self.bot is not None, "the driver gives the desk its bot before any sending"
        self.running = BroadcastSender(
            self.app.database,
            TelegramBroadcastApi(self.bot),
            self.facts,
            progress=self._progress,
        )
        try:
            await self.running.run(wait_for_lease=False)  # another process holds it: theirs
        except TelegramError as error:
            log.error("broadcast stopped by the Bot API: %s", error)
        finally:
            self.running = None

    async def stop(self) -> None:
        if self.running is not None:
            self.running.stop("the bot is shutting down")
        if self.task is not None:
            await asyncio.gather(self.task, return_exceptions=True)

    def _progress(self, progress: Progress) -> None:
        asyncio.get_running_loop().create_task(self._show(progress))

    async def _show(self, progress: Progress) -> None:
        status = self.statuses.get(progress.broadcast_id)
        if status is None:
            created_by = await self._created_by(progress.broadcast_id)
            if created_by is None:
                return
            status = self.statuses.setdefault(progress.broadcast_id, _Status(created_by))
        async with status.lock:
            done = progress.finished or progress.stopped is not None
            if not done and time.monotonic() - status.shown_at < STATUS_EVERY_SECONDS:
                return
            text = self._status_text(progress)
            if text == status.last_text:
                return
            status.shown_at, status.last_text = time.monotonic(), text
            try:
                if status.message_id is None:
                    posted = await self.sender.post(status.chat_id, text)
                    status.message_id = posted.message_id
                else:
                    await self.bot.edit_message_text(text, status.chat_id, status.message_id)
            except TelegramError as error:
                log.warning("broadcast status not shown: %s", error)
            if done:
                self.statuses.pop(progress.broadcast_id, None)

    def _status_text(self, progress: Progress) -> str:
        counts = {
            "id": progress.broadcast_id,
            "sent": progress.sent,
            "blocked": progress.blocked,
            "failed": progress.failed,
            "unknown": progress.unknown,
            "left": progress.left,
        }
        if progress.finished:
            return self.app.team_text(m.BROADCAST_DONE, **counts)
        if progress.stopped is not None:
            return self.app.team_text(m.BROADCAST_STOPPED, reason=progress.stopped, **counts)
        minutes = round((progress.seconds_left or 0) / 60)
        return self.app.team_text(
            m.BROADCAST_PROGRESS, rate=round(progress.rate, 1), minutes=minutes, **counts
        )

    async def _created_by(self, broadcast_id: int) -> int | None:
        async with self.app.database.connect() as connection:
            return await connection.scalar(
                select(Broadcast.created_by).where(Broadcast.id == broadcast_id)
            )
