"""The sender's record in the database: its lease, and every delivery's state, written in batches.

Lock order, on both backends: every transaction that writes here updates the lease row
first, so two senders never wait on each other in opposite orders.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, exists, insert, or_, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from sellerbot.store.database import write_transaction
from sellerbot.store.schema import Broadcast, BroadcastDelivery, BroadcastLease, Learner

log = logging.getLogger(__name__)

LEASE_NAME = "broadcast"
FINAL_STATES = ("sent", "blocked", "failed", "unknown")
WRITE_ATTEMPTS = 4  # a busy SQLite file or a dropped PostgreSQL connection is retried


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_sender_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def holder_is_dead(sender_id: str) -> bool:
    """True when the holder ran on this machine and its process is gone (killed, crashed)."""
    host, _, rest = sender_id.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False


class LeaseLost(Exception):
    """Another sender holds the lease now; this one must stop sending."""


class Cancelled(Exception):
    """The broadcast was cancelled while it was being sent."""


@dataclass
class LeaseGrant:
    """What a sender learns when it takes the lease."""

    flood_until: datetime | None
    orphans: int  # deliveries left in flight by a previous sender, now 'unknown'


class Lease:
    """One sender per database: a row naming the sender, renewed while it sends.

    Another process takes over once the lease has expired, or at once when the holder
    ran on this machine and its process no longer exists.
    """

    def __init__(
        self,
        engine: AsyncEngine,
        sender_id: str,
        duration: float = 30.0,
        clock: Callable[[], datetime] = utc_now,
    ):
        self.engine = engine
        self.sender_id = sender_id
        self.duration = timedelta(seconds=duration)
        self.clock = clock

    async def try_acquire(self) -> LeaseGrant | None:
        """Take the lease if it is free; None while another live sender holds it."""
        now = self.clock()
        try:
            async with write_transaction(self.engine) as connection:
                return await self._acquire(connection, now)
        except IntegrityError:
            return None  # another sender created the row at the same moment

    async def _acquire(self, connection: AsyncConnection, now: datetime) -> LeaseGrant | None:
        # The no-op update takes the row's lock (and SQLite's write lock) before reading.
        await connection.execute(
            update(BroadcastLease)
            .where(BroadcastLease.name == LEASE_NAME)
            .values(name=BroadcastLease.name)
        )
        row = (
            await connection.execute(
                select(BroadcastLease).where(BroadcastLease.name == LEASE_NAME)
            )
        ).first()
        until = now + self.duration
        if row is None:
            await connection.execute(
                insert(BroadcastLease).values(
                    name=LEASE_NAME, sender_id=self.sender_id, lease_until=until
                )
            )
            flood_until = None
        else:
            free = row.lease_until <= now or holder_is_dead(row.sender_id)
            if row.sender_id != self.sender_id and not free:
                return None
            await connection.execute(
                update(BroadcastLease)
                .where(BroadcastLease.name == LEASE_NAME)
                .values(sender_id=self.sender_id, lease_until=until)
            )
            flood_until = row.flood_until if row.flood_until else None
        # Whatever was in flight when the last holder stopped may or may not have arrived.
        orphaned = await connection.execute(
            update(BroadcastDelivery)
            .where(BroadcastDelivery.state == "sending")
            .values(state="unknown", error="in flight when its sender stopped", updated_at=now)
        )
        return LeaseGrant(flood_until, orphaned.rowcount or 0)

    async def renew(self, connection: AsyncConnection, now: datetime) -> bool:
        """Extend the lease within the caller's transaction; False if it was lost."""
        result = await connection.execute(
            update(BroadcastLease)
            .where(
                BroadcastLease.name == LEASE_NAME,
                BroadcastLease.sender_id == self.sender_id,
                BroadcastLease.lease_until > now,
            )
            .values(lease_until=now + self.duration)
        )
        return result.rowcount == 1

    async def release(self) -> None:
        now = self.clock()
        async with write_transaction(self.engine) as connection:
            await connection.execute(
                update(BroadcastLease)
                .where(
                    BroadcastLease.name == LEASE_NAME, BroadcastLease.sender_id == self.sender_id
                )
                .values(lease_until=now)
            )


@dataclass
class Outcome:
    """A delivery's new state: final, or back to pending for another try."""

    delivery_id: int
    user_id: int
    state: str  # a final state, or "pending"
    attempts: int
    message_id: int | None = None
    error: str | None = None


@dataclass
class ClaimResult:
    claimed: set[int]
    settled: dict[int, str]  # deliveries found unsendable (learner gone or blocked) -> state


@dataclass
class _Claim:
    delivery_ids: list[int]
    result: asyncio.Future = field(repr=False)


@dataclass
class _Batch:
    outcomes: list[Outcome] = field(default_factory=list)
    claims: list[_Claim] = field(default_factory=list)
    flood_until: datetime | None = None
    flushed: list[asyncio.Future] = field(default_factory=list)


class Ledger:
    """Writes one broadcast's deliveries from a single task, in batches (group commit).

    Operations are written in the order they were made, so an outcome is always stored
    before a later claim of the same delivery. A claim's future resolves only once the
    claim is committed, which is what lets a send start: pending -> sending is durable
    before any message leaves.
    """

    CANCEL_CHECK_SECONDS = 1.0

    def __init__(
        self,
        engine: AsyncEngine,
        broadcast_id: int,
        lease: Lease,
        clock: Callable[[], datetime] = utc_now,
    ):
        self.engine = engine
        self.broadcast_id = broadcast_id
        self.lease = lease
        self.clock = clock
        self.failure: BaseException | None = None  # LeaseLost, Cancelled or a database error
        self._batch = _Batch()
        self._wakeup = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._cancel_checked_at: datetime | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"ledger-{self.broadcast_id}")

    async def close(self) -> None:
        """Write what is queued, then stop."""
        if self._task is None:
            return
        with contextlib.suppress(LeaseLost, Cancelled, DBAPIError):
            await self.flush()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    def record(self, outcome: Outcome) -> None:
        self._batch.outcomes.append(outcome)
        self._wakeup.set()

    def note_flood(self, until: datetime) -> None:
        current = self._batch.flood_until
        self._batch.flood_until = until if current is None else max(current, until)
        self._wakeup.set()

    async def claim(self, delivery_ids: list[int]) -> ClaimResult:
        """Move pending deliveries to sending; returns which ones this sender may now send."""
        if self.failure is not None:
            raise self.failure
        claim = _Claim(delivery_ids, asyncio.get_running_loop().create_future())
        self._batch.claims.append(claim)
        self._wakeup.set()
        return await claim.result

    async def flush(self) -> None:
        """Wait until everything queued so far is written."""
        done = asyncio.get_running_loop().create_future()
        self._batch.flushed.append(done)
        self._wakeup.set()
        await done

    async def _run(self) -> None:
        renew_every = self.lease.duration.total_seconds() / 3
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wakeup.wait(), renew_every)
            self._wakeup.clear()
            batch, self._batch = self._batch, _Batch()
            try:
                results = await self._write_with_retries(batch)
            except BaseException as error:
                if isinstance(error, asyncio.CancelledError):
                    raise
                self.failure = error
                self._fail(batch, error)
                # Later operations fail the same way; the sender stops on the first one.
                continue
            for claim, result in zip(batch.claims, results, strict=True):
                if not claim.result.done():
                    claim.result.set_result(result)
            for done in batch.flushed:
                if not done.done():
                    done.set_result(None)

    @staticmethod
    def _fail(batch: _Batch, error: BaseException) -> None:
        for future in [claim.result for claim in batch.claims] + batch.flushed:
            if not future.done():
                future.set_exception(error)

    async def _write_with_retries(self, batch: _Batch) -> list[ClaimResult]:
        for attempt in range(WRITE_ATTEMPTS):
            try:
                async with write_transaction(self.engine) as connection:
                    return await self._write(connection, batch)
            except (LeaseLost, Cancelled):
                # Outcomes are facts whoever holds the lease: keep them, refuse the claims.
                async with write_transaction(self.engine) as connection:
                    await self._write(connection, _Batch(outcomes=batch.outcomes), claims=False)
                raise
            except DBAPIError as error:
                if attempt == WRITE_ATTEMPTS - 1:
                    raise
                log.warning("database write failed (%s); retrying", error.orig)
                await asyncio.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")

    async def _write(
        self, connection: AsyncConnection, batch: _Batch, claims: bool = True
    ) -> list[ClaimResult]:
        now = self.clock()
        held = await self.lease.renew(connection, now)
        await self._write_outcomes(connection, batch.outcomes, now)
        if batch.flood_until is not None:
            await connection.execute(
                update(BroadcastLease)
                .where(BroadcastLease.name == LEASE_NAME)
                .values(flood_until=batch.flood_until)
            )
        if not claims or not batch.claims:
            return []
        if not held:
            raise LeaseLost(self.lease.sender_id)
        await self._check_not_cancelled(connection, now)
        wanted = [delivery_id for claim in batch.claims for delivery_id in claim.delivery_ids]
        claimed, settled = await self._claim(connection, wanted, now)
        return [
            ClaimResult(
                {i for i in claim.delivery_ids if i in claimed},
                {i: settled[i] for i in claim.delivery_ids if i in settled},
            )
            for claim in batch.claims
        ]

    async def _check_not_cancelled(self, connection: AsyncConnection, now: datetime) -> None:
        checked = self._cancel_checked_at
        if checked is not None and (now - checked).total_seconds() < self.CANCEL_CHECK_SECONDS:
            return
        status = await connection.scalar(
            select(Broadcast.status).where(Broadcast.id == self.broadcast_id)
        )
        self._cancel_checked_at = now
        if status != "sending":
            raise Cancelled(self.broadcast_id)

    async def _write_outcomes(
        self, connection: AsyncConnection, outcomes: list[Outcome], now: datetime
    ) -> None:
        if not outcomes:
            return
        final = [outcome for outcome in outcomes if outcome.state != "pending"]
        retried = [outcome for outcome in outcomes if outcome.state == "pending"]
        if final:
            # 'unknown' too: a sender presumed dead that reports back knows better.
            await connection.execute(
                update(BroadcastDelivery)
                .where(
                    BroadcastDelivery.id == bindparam("delivery_id"),
                    or_(BroadcastDelivery.state == "sending", BroadcastDelivery.state == "unknown"),
                )
                .values(
                    state=bindparam("new_state"),
                    message_id=bindparam("new_message_id"),
                    error=bindparam("new_error"),
                    attempts=bindparam("new_attempts"),
                    updated_at=now,
                ),
                [_row(outcome) for outcome in final],
            )
        if retried:
            await connection.execute(
                update(BroadcastDelivery)
                .where(
                    BroadcastDelivery.id == bindparam("delivery_id"),
                    BroadcastDelivery.state == "sending",
                )
                .values(
                    state="pending",
                    error=bindparam("new_error"),
                    attempts=bindparam("new_attempts"),
                    updated_at=now,
                ),
                [
                    {
                        "delivery_id": outcome.delivery_id,
                        "new_error": outcome.error,
                        "new_attempts": outcome.attempts,
                    }
                    for outcome in retried
                ],
            )
        blocked = sorted({outcome.user_id for outcome in final if outcome.state == "blocked"})
        if blocked:
            await connection.execute(
                update(Learner).where(Learner.user_id.in_(blocked)).values(active=False)
            )

    async def _claim(
        self, connection: AsyncConnection, wanted: list[int], now: datetime
    ) -> tuple[set[int], dict[int, str]]:
        # Correlated EXISTS, not IN (subquery): SQLite would list every learner per claim.
        def learner(active: bool):
            return exists().where(
                Learner.user_id == BroadcastDelivery.user_id, Learner.active.is_(active)
            )

        claimed = set(
            (
                await connection.execute(
                    update(BroadcastDelivery)
                    .where(
                        BroadcastDelivery.id.in_(wanted),
                        BroadcastDelivery.state == "pending",
                        learner(active=True),
                    )
                    .values(state="sending", updated_at=now)
                    .returning(BroadcastDelivery.id)
                )
            ).scalars()
        )
        leftover = [delivery_id for delivery_id in wanted if delivery_id not in claimed]
        if not leftover:
            return claimed, {}
        # Learners who blocked the bot or deleted their data since the audience was taken.
        settled: dict[int, str] = {}
        for state, error, condition in (
            ("blocked", "blocked the bot before this broadcast reached them", learner(False)),
            ("failed", "no longer a learner", None),
        ):
            query = update(BroadcastDelivery).where(
                BroadcastDelivery.id.in_(leftover), BroadcastDelivery.state == "pending"
            )
            if condition is not None:
                query = query.where(condition)
            rows = await connection.execute(
                query.values(state=state, error=error, updated_at=now).returning(
                    BroadcastDelivery.id
                )
            )
            settled.update(dict.fromkeys(rows.scalars(), state))
        return claimed, settled


def _row(outcome: Outcome) -> dict:
    return {
        "delivery_id": outcome.delivery_id,
        "new_state": outcome.state,
        "new_message_id": outcome.message_id,
        "new_error": outcome.error,
        "new_attempts": outcome.attempts,
    }
