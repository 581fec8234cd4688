"""The inbox: updates stored on arrival, claimed per learner in order, finished exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Table,
    and_,
    bindparam,
    delete,
    func,
    literal_column,
    or_,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from sellerbot.store.coalesce import Coalescer
from sellerbot.store.database import one_statement, upsert, write_transaction
from sellerbot.store.handled import HandledUpdate
from sellerbot.store.handled import LostClaim as LostClaim  # raised here, caught by callers
from sellerbot.store.learners import utc_now
from sellerbot.store.outage import database_was_away
from sellerbot.store.schema import (
    INBOX_DONE,
    INBOX_HANDLED,
    INBOX_PENDING,
    INBOX_POISON,
    InboxUpdate,
)

PENDING, HANDLED, DONE, POISON = INBOX_PENDING, INBOX_HANDLED, INBOX_DONE, INBOX_POISON
UNFINISHED = (PENDING, HANDLED)
# A worker renews its leases well within this; a dead worker's updates wait this long.
LEASE = timedelta(seconds=15)
# Finished updates are kept this long, so one delivered again is recognised.
DONE_KEPT = timedelta(days=2)
BIGINT = 2**63
# Seconds between tries of a refused done write: a deadlock passes at once, a dropped
# connection in a moment; about 4 s in all, well within the lease.
DONE_RETRY_PAUSES = (0.05, 0.2, 0.8, 3.2)

_inbox = cast(Table, InboxUpdate.__table__)  # a mapped class's table is a Table


def _unfinished(table) -> ColumnElement[bool]:
    """The state test of the partial indexes, with the states written out as theirs are."""
    return table.c.state.in_([literal_column(f"'{state}'") for state in UNFINISHED])


@dataclass(frozen=True)
class InboxRow:
    update_id: int
    learner_key: int
    payload: str
    state: str
    attempts: int
    replies: dict[str, Any] | None


def _id(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and -BIGINT < value < BIGINT:
        return value
    return None


def learner_key(update: dict[str, Any]) -> int:
    """Whose update this is, read from its JSON without parsing it: updates of one key are
    handled one at a time, in order. 0 for an update that names nobody."""
    for field, body in update.items():
        if field == "update_id" or not isinstance(body, dict):
            continue
        for path in (("from", "id"), ("user", "id"), ("chat", "id"), ("message", "chat", "id")):
            value: Any = body
            for step in path:
                value = value.get(step) if isinstance(value, dict) else None
            if _id(value) is not None:
                return value
    return 0


class Inbox:
    """One worker's view of the shared inbox; `worker` names it in the leases it takes."""

    def __init__(
        self,
        engine: AsyncEngine,
        worker: str,
        clock: Callable[[], datetime] = utc_now,
        lease: timedelta = LEASE,
    ):
        self.engine = engine
        self.worker = worker
        self.clock = clock
        self.lease = lease
        self._dones: Coalescer[int] = Coalescer(self._done_many)
        # Built once: they run for every update, and building one costs about as much as
        # running it on SQLite.
        self._insert = upsert(engine, InboxUpdate).on_conflict_do_nothing(
            index_elements=["update_id"]
        )
        # The learner's oldest unanswered update, looked up in an index for each candidate.
        # Not "no earlier one exists": planned from statistics a busy day has outrun, that
        # join compared every waiting update with every other, seconds for each claim,
        # long enough for leases to run out before the claim returned.
        earlier = _inbox.alias("earlier")
        oldest_of_learner = (
            select(func.min(earlier.c.update_id))
            .where(earlier.c.learner_key == _inbox.c.learner_key, _unfinished(earlier))
            .scalar_subquery()
        )
        claimable = (
            select(_inbox.c.update_id)
            .where(
                _unfinished(_inbox),
                _inbox.c.update_id == oldest_of_learner,
                or_(_inbox.c.lease_until.is_(None), _inbox.c.lease_until < bindparam("now")),
            )
            .order_by(_inbox.c.update_id)
            .limit(bindparam("limit"))
            .with_for_update(skip_locked=True)
        )
        # One statement leases and returns them: one round trip on PostgreSQL.
        self._claim = (
            update(_inbox)
            .where(_inbox.c.update_id.in_(claimable.scalar_subquery()))
            .values(worker=self.worker, lease_until=bindparam("until"))
            .returning(
                _inbox.c.update_id,
                _inbox.c.learner_key,
                _inbox.c.payload,
                _inbox.c.state,
                _inbox.c.attempts,
                _inbox.c.replies,
            )
        )
        # Rows another transaction holds are skipped, not waited for: they are being finished
        # (or saved), and a renewal that waited while holding the rest met the batched done
        # write waiting for those, a deadlock. A skipped lease is renewed next time.
        free_of_mine = (
            select(_inbox.c.update_id)
            .where(
                _inbox.c.update_id.in_(bindparam("ids", expanding=True)),
                _inbox.c.worker == self.worker,
            )
            .with_for_update(skip_locked=True)
        )
        self._renew = (
            update(_inbox)
            .where(_inbox.c.update_id.in_(free_of_mine.scalar_subquery()))
            .values(lease_until=bindparam("until"))
        )
        self._finish_many = (
            update(_inbox)
            .where(
                _inbox.c.update_id.in_(bindparam("ids", expanding=True)),
                _inbox.c.state.in_(UNFINISHED),
                _inbox.c.worker == self.worker,
            )
            .values(
                state=bindparam("state"),
                error=bindparam("error"),
                finished_at=bindparam("now"),
                worker=None,
                lease_until=None,
            )
        )

    async def add(self, updates: Iterable[tuple[int, str, int]]) -> None:
        """Store (update id, JSON, learner key) triples; ones stored before are left alone."""
        now = self.clock()
        rows = [
            {
                "update_id": update_id,
                "learner_key": key,
                "payload": payload,
                "state": PENDING,
                "received_at": now,
                "attempts": 0,
            }
            for update_id, payload, key in updates
        ]
        if not rows:
            return
        async with one_statement(self.engine) as connection:
            await connection.execute(self._insert, rows)

    async def claim(self, limit: int) -> list[InboxRow]:
        """Lease up to `limit` updates: each the oldest unfinished one of its learner."""
        if limit <= 0:
            return []
        async with one_statement(self.engine) as connection:
            now = self.clock()  # once a connection is ours: waiting for one shortens no lease
            rows = (
                await connection.execute(
                    self._claim, {"now": now, "limit": limit, "until": now + self.lease}
                )
            ).all()
        return sorted(
            (
                InboxRow(
                    row.update_id,
                    row.learner_key,
                    row.payload,
                    row.state,
                    row.attempts,
                    row.replies,
                )
                for row in rows
            ),
            key=lambda row: row.update_id,
        )

    async def renew(self, update_ids: Iterable[int]) -> None:
        ids = list(update_ids)
        if not ids:
            return
        async with one_statement(self.engine) as connection:
            await connection.execute(self._renew, {"ids": ids, "until": self.clock() + self.lease})

    async def release(self, holders: Callable[[str], bool]) -> int:
        """Free the leases of every worker for which `holders(worker)` says it is gone, so
        their updates need not wait for the leases to run out; how many were freed."""
        async with write_transaction(self.engine) as connection:
            workers = await connection.scalars(
                select(InboxUpdate.worker)
                .where(InboxUpdate.state.in_(UNFINISHED), InboxUpdate.worker.is_not(None))
                .distinct()
            )
            gone = [w for w in workers if w is not None and w != self.worker and holders(w)]
            if not gone:
                return 0
            result = await connection.execute(
                update(InboxUpdate)
                .where(InboxUpdate.state.in_(UNFINISHED), InboxUpdate.worker.in_(gone))
                .values(worker=None, lease_until=None)
            )
        return result.rowcount

    def handled(self, update_id: int, replies: dict[str, Any]) -> HandledUpdate:
        """What a turn answering this update saves with itself: the update marked handled,
        with its replies, while this worker still holds it."""
        return HandledUpdate(update_id, self.worker, replies)

    async def done(self, update_id: int) -> None:
        """Finish a handled update. A write the database refused for a moment is written
        again: left unfinished, the update would hold its learner's next one until its lease
        ran out, and then send its replies a second time."""
        for pause in DONE_RETRY_PAUSES:
            try:
                await self._dones.add(update_id)
                return
            except Exception as error:
                if not database_was_away(error):
                    raise
            await asyncio.sleep(pause)
        await self._dones.add(update_id)

    async def _done_many(self, update_ids: list[int]) -> None:
        await self._finish(update_ids, DONE, None)

    async def forget(self, update_id: int) -> None:
        """Delete an update outright: the learner asked to be forgotten."""
        async with one_statement(self.engine) as connection:
            await connection.execute(delete(InboxUpdate).where(InboxUpdate.update_id == update_id))

    async def quarantine(self, update_id: int, error: str) -> None:
        await self._finish([update_id], POISON, error)

    async def _finish(self, update_ids: list[int], state: str, error: str | None) -> None:
        async with one_statement(self.engine) as connection:
            await self._finish_in(connection, update_ids, state, error, self.clock())

    async def _finish_in(
        self,
        connection: AsyncConnection,
        update_ids: list[int],
        state: str,
        error: str | None,
        now: datetime,
    ) -> None:
        await connection.execute(
            self._finish_many, {"ids": update_ids, "state": state, "error": error, "now": now}
        )

    async def retry_later(self, update_id: int, delay: timedelta, error: str) -> None:
        """Leave an update for a later try (the network or the API failed), counting tries."""
        async with one_statement(self.engine) as connection:
            await connection.execute(
                update(InboxUpdate)
                .where(InboxUpdate.update_id == update_id, InboxUpdate.worker == self.worker)
                .values(
                    attempts=InboxUpdate.attempts + 1,
                    error=error,
                    worker=None,
                    lease_until=self.clock() + delay,
                )
            )

    async def prune(self) -> int:
        """Forget updates finished long ago; poison ones are kept for admins to look at."""
        async with one_statement(self.engine) as connection:
            result = await connection.execute(
                delete(InboxUpdate).where(
                    and_(
                        InboxUpdate.state == DONE,
                        InboxUpdate.finished_at < self.clock() - DONE_KEPT,
                    )
                )
            )
        return result.rowcount


async def inbox_counts(engine: AsyncEngine) -> Counter[str]:
    """How many updates are in each state."""
    query = select(InboxUpdate.state, func.count()).group_by(InboxUpdate.state)
    async with engine.connect() as connection:
        return Counter({state: count for state, count in (await connection.execute(query)).all()})


async def oldest_unfinished_age(engine: AsyncEngine, now: datetime) -> timedelta | None:
    """How long the oldest update not yet answered has waited; None when none waits."""
    query = select(func.min(InboxUpdate.received_at)).where(InboxUpdate.state.in_(UNFINISHED))
    async with engine.connect() as connection:
        oldest = await connection.scalar(query)
    if oldest is None:
        return None
    if oldest.tzinfo is None:  # min() bypasses the column type on SQLite
        oldest = oldest.replace(tzinfo=UTC)
    return now - oldest


async def poison_updates(engine: AsyncEngine, limit: int = 100) -> list[Any]:
    """The newest poison updates with their errors, for admins."""
    query = (
        select(
            InboxUpdate.update_id,
            InboxUpdate.learner_key,
            InboxUpdate.received_at,
            InboxUpdate.error,
            InboxUpdate.payload,
        )
        .where(InboxUpdate.state == POISON)
        .order_by(InboxUpdate.update_id.desc())
        .limit(limit)
    )
    async with engine.connect() as connection:
        return list((await connection.execute(query)).all())
