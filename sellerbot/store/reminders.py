"""Which learners are due a reminder, kept in the database so restarts send none twice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import exists, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from sellerbot.store.database import write_transaction
from sellerbot.store.schema import EventRecord, Learner, ModuleCompletion

REMINDER_EVENT = "reminder_sent"


@dataclass(frozen=True)
class ReminderPolicy:
    days_away: int = 3  # no activity for this long, with a module unfinished
    most_per_learner: int = 2
    timezone: str = "Asia/Shanghai"  # Telegram does not tell a learner's own time zone
    quiet_from: time = time(21, 0)
    quiet_until: time = time(8, 0)

    def is_quiet(self, now: datetime) -> bool:
        """Night where the learners live: no reminders then."""
        local = now.astimezone(ZoneInfo(self.timezone)).time()
        if self.quiet_from > self.quiet_until:
            return local >= self.quiet_from or local < self.quiet_until
        return self.quiet_from <= local < self.quiet_until


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
