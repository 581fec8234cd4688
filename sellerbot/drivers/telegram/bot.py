"""The python-telegram-bot Application: handlers registered in one place, start and stop hooks.

Handlers only translate: update -> engine input -> conversation -> replies sent back.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime
from typing import Any

from telegram import BotCommand, Message, Update
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from sellerbot.app import App, build_app
from sellerbot.content.model import Course
from sellerbot.content.watch import ContentWatcher
from sellerbot.conversation import TurnResult
from sellerbot.drivers.telegram.broadcasts import BUTTON_PREFIX, AwaitingAdmin, BroadcastDesk
from sellerbot.drivers.telegram.certificates import CertificatePictures, read_verify_link
from sellerbot.drivers.telegram.ids import id_handler
from sellerbot.drivers.telegram.inbound import InboundUpdates, current_row, describe, passing
from sellerbot.drivers.telegram.photos import with_photo_data
from sellerbot.drivers.telegram.request import RetryingRequest
from sellerbot.drivers.telegram.sending import RecipientGone, ReplySender, answer_quietly
from sellerbot.drivers.telegram.staff import StaffRelay
from sellerbot.drivers.telegram.updates import Inbound, to_inbound
from sellerbot.engine import messages as m
from sellerbot.i18n import Translations, language_code
from sellerbot.rendering import replies_from_json, replies_to_json
from sellerbot.reports import barchart
from sellerbot.reports.chart import admin_charts
from sellerbot.reports.stats import collect, format_report
from sellerbot.settings import Settings
from sellerbot.store.handled import HandledUpdate
from sellerbot.store.inbox import Inbox, InboxRow
from sellerbot.store.learners import DuplicateUpdate
from sellerbot.store.media import MediaCache
from sellerbot.store.reminders import Reminders
from sellerbot.worker import worker_name

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", m.COMMAND_START),
    ("menu", m.COMMAND_MENU),
    ("modules", m.COMMAND_MODULES),
    ("progress", m.COMMAND_PROGRESS),
    ("ask", m.COMMAND_ASK),
    ("language", m.COMMAND_LANGUAGE),
    ("help", m.COMMAND_HELP),
    ("deleteme", m.COMMAND_DELETEME),
)
ADMIN_COMMANDS = ("reload", "stats")
RELOAD_PROBLEMS_SHOWN = 15  # a phone screen's worth; `sellerbot validate` shows them all
BROADCAST_CHECK_SECONDS = 15
INBOX_PRUNE_SECONDS = 3600  # how soon a scheduled broadcast starts after its time
# Turns under way at once, across learners; one learner's turns stay in order.
CONCURRENT_UPDATES = 32


def turn_record(inbound: Inbound, result: TurnResult) -> dict:
    """What the inbox keeps of a turn until its replies are out: enough to send them again."""
    return {
        "chat_id": inbound.chat_id,
        "user_id": inbound.user_id,
        "name": inbound.name,
        "replies": replies_to_json(result.replies),
        # A learner who asked to be forgotten leaves no update behind either.
        "forget": any(event.name == "learner_deleted" for event in result.outcome.events),
        "escalations": [
            dict(event.data)
            for event in result.outcome.events
            if event.name == "question_escalated"
        ],
    }


def command_menu(translations: Translations, locale: str) -> list[BotCommand]:
    return [
        BotCommand(name, translations.gettext(description, locale))
        for name, description in COMMANDS
    ]


class TelegramDriver:
    """Owns the Application; the App (store, engine) is built when the Application starts."""

    def __init__(self, settings: Settings, course: Course | None = None):
        self.settings = settings
        self.course = course
        self.app: App | None = None
        self.sender: ReplySender | None = None
        self.staff: StaffRelay | None = None
        self.watcher: ContentWatcher | None = None
        self.reminders: Reminders | None = None
        self.broadcasts = BroadcastDesk()
        self.inbox: Inbox | None = None
        self.inbound: InboundUpdates | None = None

    def build(self) -> Application:
        api_root = (self.settings.api_url or "https://api.telegram.org").rstrip("/")
        application = (
            ApplicationBuilder()
            # `sellerbot run` refuses to start without a token; PTB refuses "" as it did None.
            .token(self.settings.telegram_token or "")
            .base_url(f"{api_root}/bot")
            .base_file_url(f"{api_root}/file/bot")
            .request(RetryingRequest(connection_pool_size=CONCURRENT_UPDATES + 8))
            .updater(None)  # updates come from the inbox, stored before Telegram is told
            .post_init(self._post_init)
            .post_shutdown(self._post_shutdown)
            .build()
        )
        private = filters.ChatType.PRIVATE
        application.add_handler(id_handler(lambda: self.sender, self.settings.admins))
        if self.settings.admins:
            # Anyone else's admin command falls through to the engine: an unknown command.
            # New messages only: an edit of an older message is no command, and while the
            # broadcast desk waits for the text, an edit taken as it would go to everyone.
            admins = (
                private
                & filters.UpdateType.MESSAGE
                & filters.User(user_id=sorted(self.settings.admins))
            )
            commands = filters.Regex(rf"^/({'|'.join(ADMIN_COMMANDS)})(@\w+)?\s*$")
            broadcast = filters.Regex(r"^/broadcast(@\w+)?(\s|$)")
            application.add_handlers(
                [
                    MessageHandler(admins & commands, self.on_admin_command),
                    MessageHandler(admins & broadcast, self.broadcasts.on_command),
                    MessageHandler(
                        admins & AwaitingAdmin(self.broadcasts), self.broadcasts.on_message
                    ),
                    CallbackQueryHandler(self.broadcasts.on_button, pattern=rf"^{BUTTON_PREFIX}"),
                ]
            )
        if self.settings.staff_chat is not None:
            staff_replies = filters.Chat(self.settings.staff_chat) & filters.REPLY
            application.add_handler(MessageHandler(staff_replies, self.on_staff_reply))
        application.add_handlers(
            [
                CallbackQueryHandler(self.on_update),
                MessageHandler(private & filters.UpdateType.MESSAGE, self.on_update),
                MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, self.on_update),
                ChatMemberHandler(self.on_membership, ChatMemberHandler.MY_CHAT_MEMBER),
            ]
        )
        application.add_error_handler(self.on_error)
        return application

    async def _post_init(self, application: Application) -> None:
        self.app = await build_app(self.settings, course=self.course)
        self.inbox = Inbox(self.app.database, worker_name())
        self.inbound = InboundUpdates(application, self.inbox, self.resume)
        self.sender = ReplySender(
            application.bot, MediaCache(self.app.database), CertificatePictures(self.app)
        )
        if self.settings.staff_chat is not None:
            self.staff = StaffRelay(self.app, self.sender, self.settings.staff_chat)
        await self._register_commands(application)
        if self.settings.reminder_check_seconds > 0:
            self.reminders = Reminders(self.app.database)
            application.job_queue.run_repeating(
                self._send_reminders, interval=self.settings.reminder_check_seconds
            )
        self.broadcasts.app, self.broadcasts.sender = self.app, self.sender
        self.broadcasts.bot = application.bot
        application.job_queue.run_repeating(
            self.broadcasts.check_due, interval=BROADCAST_CHECK_SECONDS, first=1
        )
        if self.settings.watch_seconds > 0:
            self.watcher = ContentWatcher(self.settings.content_dir)
            application.job_queue.run_repeating(
                self._watch_content, interval=self.settings.watch_seconds
            )
        application.job_queue.run_repeating(self._prune_inbox, interval=INBOX_PRUNE_SECONDS)
        me = application.bot.username
        log.info("sellerbot is running as @%s with %d modules", me, len(self.app.course.modules))

    async def _register_commands(self, application: Application) -> None:
        course = self.app.course
        translations = self.app.translations
        await application.bot.set_my_commands(command_menu(translations, course.default_locale))
        for locale in course.locales:
            language = language_code(locale)
            if language is not None:
                await application.bot.set_my_commands(
                    command_menu(translations, locale), language_code=language
                )

    async def _post_shutdown(self, application: Application) -> None:
        await self.broadcasts.stop()
        if self.app is not None:
            await self.app.close()

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        inbound = to_inbound(update)
        if inbound is None:
            if update.callback_query is not None:
                await answer_quietly(context.bot, update.callback_query.id)
            return
        answering = None
        if inbound.callback_query_id is not None:
            # Beside the turn, not before it: the spinner stops as soon, and the reply does
            # not wait for one more round trip to Telegram.
            answering = asyncio.create_task(answer_quietly(context.bot, inbound.callback_query_id))
        try:
            await self._turn(update, context, inbound)
        finally:
            if answering is not None:
                await answering

    async def _turn(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, inbound: Inbound
    ) -> None:
        """Run the learner's turn and send its replies."""
        row = current_row.get()
        saved: list[dict] = []

        def answering(result: TurnResult) -> HandledUpdate:
            saved.append(turn_record(inbound, result))
            assert row is not None, "passed to the turn only with an inbox row"
            return self.inbox.handled(row.update_id, saved[-1])

        assert self.app is not None, "post_init builds the app before any update is handled"
        received = await with_photo_data(context.bot, update.effective_message, inbound.received)
        received = await read_verify_link(self.app, received)
        try:
            result = await self.app.conversation.handle(
                inbound.user_id,
                received,
                language_hint=inbound.language_hint,
                name=inbound.name,
                update_id=None if row is not None else inbound.update_id,
                answering=answering if row is not None else None,
            )
        except DuplicateUpdate:
            log.info("update %s was handled before; ignored", inbound.update_id)
            return
        await self.finish_turn(update, saved[-1] if saved else turn_record(inbound, result))

    async def resume(self, update: Update, row: InboxRow) -> None:
        """Send the replies of a turn saved before the process stopped or the network failed."""
        assert row.replies is not None, "a row is marked handled together with its replies"
        await self.finish_turn(update, row.replies)

    async def finish_turn(self, update: Update, record: dict) -> None:
        """Deliver a saved turn's replies, then pass its questions on to the staff."""
        message = update.callback_query.message if update.callback_query else None
        # One Telegram no longer gives the bot (an InaccessibleMessage) has no text to edit.
        pressed = message if isinstance(message, Message) else None
        try:
            await self.sender.deliver(
                record["chat_id"], replies_from_json(record["replies"]), pressed_message=pressed
            )
        except RecipientGone:
            log.info("learner %s blocked the bot; marked inactive", record["user_id"])
            await self.app.store.mark_inactive(record["user_id"])
        if self.staff is not None:
            for question in record["escalations"]:
                await self.staff.post_question(record["user_id"], record["name"], question)
        row = current_row.get()
        if record.get("forget") and row is not None:
            await self.inbox.forget(row.update_id)

    async def on_staff_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.staff.on_reply(update, context)

    async def _reload(self) -> tuple[str, ...]:
        """Reload the content; the lines to tell an admin, in the course's default locale."""
        if self.watcher is not None:
            self.watcher.changed()  # this reload covers the change, whoever noticed it
        result = await self.app.reload_content()
        if result.course is not None:
            course = result.course
            done = self.app.team_text(
                m.RELOAD_DONE,
                modules=len(course.modules),
                steps=course.step_count,
                faq=len(course.faq),
            )
            return (done,)
        shown = [str(problem) for problem in result.errors[:RELOAD_PROBLEMS_SHOWN]]
        return (self.app.team_text(m.RELOAD_FAILED, count=len(result.errors)), *shown)

    async def on_admin_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        chat_id = update.effective_chat.id
        text = update.effective_message.text
        assert text is not None, "the admin command filter matched this text"
        command = text[1:].split("@")[0].split()[0].lower()
        if command == "reload":
            await self.sender.post(chat_id, "\n\n".join(await self._reload()))
            return
        now, course = datetime.now(UTC), self.app.course
        stats = await collect(self.app.database, course, now)
        await self.sender.post(chat_id, format_report(stats, course))
        charts = await admin_charts(
            self.app.database, stats, course, course.default_locale, now, self.app.translations
        )
        for chart in charts.values():
            await self.sender.post_picture(chat_id, barchart.png(chart))

    async def _watch_content(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not self.watcher.changed():
            return
        log.info("content changed on disk; reloading")
        text = "\n\n".join(await self._reload())
        log.info("%s", text)
        for admin in sorted(self.settings.admins):
            try:
                await self.sender.post(admin, text)
            except (RecipientGone, TelegramError) as error:
                log.warning("could not tell admin %s about the reload: %s", admin, error)

    async def _prune_inbox(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        forgotten = await self.inbox.prune()
        if forgotten:
            log.info("forgot %d updates handled more than two days ago", forgotten)

    async def _send_reminders(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        policy = self.settings.reminders
        now = datetime.now(UTC)
        if policy.is_quiet(now):
            return
        for user_id in await self.reminders.due(now, policy):
            await self.reminders.record(user_id, now)
            replies = await self.app.conversation.nudge(user_id)
            try:
                await self.sender.deliver(user_id, replies)
            except RecipientGone:
                await self.app.store.mark_inactive(user_id)
            except TelegramError as error:
                log.warning("reminder to %s not delivered: %s", user_id, error)

    async def on_membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        assert change is not None, "the handler is registered for MY_CHAT_MEMBER updates only"
        if change.chat.type == "private" and change.new_chat_member.status in (
            ChatMemberStatus.BANNED,
            ChatMemberStatus.LEFT,
        ):
            await self.app.store.mark_inactive(change.from_user.id)

    async def on_error(self, update: Any, context: ContextTypes.DEFAULT_TYPE) -> None:
        error = context.error
        if (
            self.inbound is not None
            and error is not None
            and self.inbound.record_error(update, error)
        ):
            return  # the inbox keeps the update as poison, or tries it again
        if update is None and error is not None and passing(error):
            # A timed job (reminders, broadcasts, the inbox's upkeep) met an outage: one
            # line, as the job runs again on schedule; a traceback a second helps nobody.
            log.warning(
                "a timed job could not run (%s); it runs again on schedule", describe(error)
            )
            return
        update_id = update.update_id if isinstance(update, Update) else None
        log.error("error while handling update %s", update_id, exc_info=context.error)
