"""The staff chat: questions the FAQ could not answer go there, staff replies come back."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from sellerbot.app import App
from sellerbot.drivers.telegram.sending import RecipientGone, ReplySender
from sellerbot.engine import messages as m
from sellerbot.i18n import display_name
from sellerbot.store.staff import StaffDesk

log = logging.getLogger(__name__)


class StaffRelay:
    def __init__(self, app: App, sender: ReplySender, staff_chat: int):
        self.app = app
        self.sender = sender
        self.staff_chat = staff_chat
        self.desk = StaffDesk(app.database)

    async def post_question(self, user_id: int, name: str | None, question: dict) -> None:
        """Post a learner's question with who asked and where they are in the course."""
        module, step = question.get("module"), question.get("step")
        where = f"{module}/{step}" if module else self.app.team_text(m.STAFF_QUESTION_NOWHERE)
        text = "\n\n".join(
            [
                self.app.team_text(m.STAFF_QUESTION, question=question["text"]),
                self.app.team_text(
                    m.STAFF_QUESTION_FROM,
                    name=name or "?",
                    user_id=str(user_id),
                    language=display_name(question["locale"]),
                    place=where,
                ),
                self.app.team_text(m.STAFF_QUESTION_HOW),
            ]
        )
        try:
            posted = await self.sender.post(self.staff_chat, text)
        except (RecipientGone, TelegramError) as error:
            log.error("could not post a question to the staff chat %s: %s", self.staff_chat, error)
            return
        await self.desk.record(user_id, self.staff_chat, posted.message_id, question["text"])

    async def on_reply(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A staff member answered a posted question: pass the answer on to the learner."""
        if update.message is None:  # an edit of a reply already passed on is not a new answer
            log.info("staff reply edited in chat %s; not relayed again", update.effective_chat.id)
            return
        message = update.message
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != context.bot.id:
            return  # staff talking among themselves
        user_id = await self.desk.answer(message.chat_id, replied.message_id)
        if user_id is None:
            unknown = self.app.team_text(m.STAFF_REPLY_UNKNOWN)
            await self.sender.post(message.chat_id, unknown, message.message_id)
            return
        header = self.app.translations.gettext(
            m.STAFF_REPLY, await self.app.conversation.locale_of(user_id)
        )
        try:
            await self.sender.relay(user_id, header, message.chat_id, message.message_id)
        except RecipientGone:
            await self.app.store.mark_inactive(user_id)
            outcome = m.STAFF_REPLY_BLOCKED
        else:
            outcome = m.STAFF_REPLY_SENT
        await self.sender.post(message.chat_id, self.app.team_text(outcome), message.message_id)
