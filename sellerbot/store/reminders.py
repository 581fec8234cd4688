"""Which learners are due a reminder, kept in the database so restarts send none twice."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from sellerbot.reminder_policy import ReminderPolicy
from sellerbot.store.database import write_transaction
from sellerbot.store.schema import EventRecord, Learner, ModuleCompletion

# The policy lives in its own module so reading settings needs no database library.
__all__ = ["REMINDER_EVENT", "ReminderPolicy", "Reminders"]

REMINDER_EVENT = "reminder_sent"


class Reminders:
    def __init__(self, engine: AsyncEngine):
        self.engine = engine

    async def due(self, now: datetime, policy: ReminderPolicy, limit: int = 100) -> list[int]:
        """User ids to remind now: away long enough, module unfinished, not blocked, not yet
        reminded since they were last active, and under the limit of reminders."""
        mine = (EventRecord.learner_id == Learner.id) & (EventRecord.name == REMINDER_EVENT)
        sent = select(func.count()).where(mine).scalar_subquery()
        last_sent = select(func.max(EventRecord.created_at)).where(mine).scalar_subquery()
        module_done = exists().where(
            ModuleCompletion.learner_id == Learner.id,
            ModuleCompletion.module_id == Learner.module_id,
        )
        query = (
            select(Learner.user_id)
            .where(
                Learner.active.is_(True),
                Learner.module_id.is_not(None),
                ~module_done,
                Learner.last_seen_at < now - timedelta(days=policy.days_away),
                sent < policy.most_per_learner,
                or_(last_sent.is_(None), last_sent < Learner.last_seen_at),
            )
            .order_by(Learner.last_seen_at)
            .limit(limit)
        )
        async with self.engine.connect() as connection:
            return list((await connection.scalars(query)).all())

    async def record(self, user_id: int, now: datetime) -> None:
        """Note the reminder before sending it: a crash then loses one, never doubles one."""
        async with write_transaction(self.engine) as connection:
            learner_id = await connection.scalar(
                select(Learner.id).where(Learner.user_id == user_id)
            )
            if learner_id is not None:
                await connection.execute(
                    insert(EventRecord).values(
                        learner_id=learner_id, name=REMINDER_EVENT, data={}, created_at=now
                    )
                )
