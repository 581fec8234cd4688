"""The staff desk: which staff-chat post carries which learner's question."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from sellerbot.store.database import writing
from sellerbot.store.learners import utc_now
from sellerbot.store.schema import Learner, StaffQuestion


class StaffDesk:
    """Kept in the database: the staff chat's privacy settings may hide who forwarded what."""

    def __init__(self, engine: AsyncEngine, clock: Callable[[], datetime] = utc_now):
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.clock = clock

    async def record(self, user_id: int, staff_chat_id: int, staff_message_id: int, text: str):
        async with writing(self.engine), self.sessions.begin() as session:
            learner_id = await session.scalar(select(Learner.id).where(Learner.user_id == user_id))
            if learner_id is None:  # the learner deleted their data meanwhile
                return
            session.add(
                StaffQuestion(
                    learner_id=learner_id,
                    staff_chat_id=staff_chat_id,
                    staff_message_id=staff_message_id,
                    text=text,
                    asked_at=self.clock(),
                )
            )

    async def answer(self, staff_chat_id: int, staff_message_id: int) -> int | None:
        """The user id of the learner who asked the question in that post, marked answered."""
        async with writing(self.engine), self.sessions.begin() as session:
            row = await session.execute(
                select(StaffQuestion.id, Learner.user_id)
                .join(Learner, Learner.id == StaffQuestion.learner_id)
                .where(
                    StaffQuestion.staff_chat_id == staff_chat_id,
                    StaffQuestion.staff_message_id == staff_message_id,
                )
            )
            found = row.first()
            if found is None:
                return None
            await session.execute(
                update(StaffQuestion)
                .where(StaffQuestion.id == found.id)
                .values(answered_at=self.clock())
            )
            return found.user_id
