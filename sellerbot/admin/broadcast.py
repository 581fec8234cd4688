"""Broadcasts: creating one, and sending it to its segment within Telegram's rate limits.

Each delivery goes pending -> sending (committed before the API call) -> sent, blocked,
failed or unknown (committed after). A sender that dies leaves at most its in-flight
deliveries in 'sending'; the next sender marks them 'unknown' and never sends them again,
so nobody gets a broadcast twice.
"""

from __future__ import annotations

import asyncio
import logging
import math
import random
import time
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, String, func, insert, literal, or_, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from sellerbot.admin.botapi import (
    ApiUnusable,
    BroadcastApi,
    DeliveryError,
    FloodWait,
    RecipientBlocked,
    Rejected,
    TransientError,
    Uncertain,
)
from sellerbot.admin.ledger import (
    FINAL_STATES,
    Cancelled,
    Lease,
    LeaseGrant,
    LeaseLost,
    Ledger,
    Outcome,
    new_sender_id,
    utc_now,
)
from sellerbot.admin.limits import ChatSpacing, FloodGate, TokenBucket
from sellerbot.admin.segments import CourseFacts, Segment, segment_condition
from sellerbot.store.database import write_transaction
from sellerbot.store.schema import Broadcast, BroadcastDelivery, Learner, Timestamp

log = logging.getLogger(__name__)

FREE_RATE = 30.0  # Telegram's limit for a bot's messages a second
PAID_RATE = 1000.0  # with paid broadcasts enabled for the bot
MAX_TEXT = 4096
# Network jitter can bunch evenly spaced sends into one of Telegram's seconds; pacing a
# little under the limit absorbs it.
PACING = 0.97
FLOOD_MARGIN = 0.25  # seconds added to Telegram's retry_after
QUEUE_LOW, QUEUE_PAGE = 500, 1000  # deliveries kept in memory: refill below LOW, by PAGE


class BroadcastError(ValueError):
    """A broadcast that cannot be created or changed as asked; the message says why."""


class LeaseHeld(Exception):
    """Another sender is sending broadcasts from this database."""


def check_rate(rate: float, paid: bool) -> float:
    limit = PAID_RATE if paid else FREE_RATE
    if not rate > 0:
        raise BroadcastError("the rate must be a positive number of messages a second")
    if rate > limit:
        hint = "" if paid else " (more needs paid broadcasts: --paid)"
        raise BroadcastError(f"the rate may be at most {limit:g} messages a second{hint}")
    return float(rate)


async def create_broadcast(
    engine: AsyncEngine,
    segment: Segment,
    *,
    text: str | None = None,
    from_chat_id: int | None = None,
    message_id: int | None = None,
    rate: float = FREE_RATE,
    paid: bool = False,
    at: datetime | None = None,
    draft: bool = False,
    created_by: int | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> int:
    """Store a broadcast of `text`, or a copy of message `message_id` in `from_chat_id`.

    It is sent at `at` (now when None), or kept as a draft until scheduled.
    """
    if (text is None) == (from_chat_id is None or message_id is None):
        raise BroadcastError("give either a text or a chat and message to copy")
    if text is not None and not text.strip():
        raise BroadcastError("the text is empty")
    if text is not None and len(text) > MAX_TEXT:
        raise BroadcastError(f"the text has {len(text)} characters; Telegram takes {MAX_TEXT}")
    now = clock()
    async with write_transaction(engine) as connection:
        broadcast_id = await connection.scalar(
            insert(Broadcast)
            .values(
                created_by=created_by,
                segment=segment.to_json(),
                kind="text" if text is not None else "copy",
                text=text,
                from_chat_id=from_chat_id,
                message_id=message_id,
                status="draft" if draft else "scheduled",
                scheduled_at=None if draft else (at or now),
                created_at=now,
                rate=check_rate(rate, paid),
            )
            .returning(Broadcast.id)
        )
    assert broadcast_id is not None  # RETURNING of a row just inserted
    return broadcast_id


async def schedule_broadcast(
    engine: AsyncEngine,
    broadcast_id: int,
    at: datetime | None = None,
    clock: Callable[[], datetime] = utc_now,
) -> None:
    """A draft is to be sent at `at`, or now."""
    async with write_transaction(engine) as connection:
        changed = await connection.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status.in_(("draft", "scheduled")))
            .values(status="scheduled", scheduled_at=at or clock())
        )
    if changed.rowcount != 1:
        raise BroadcastError(f"broadcast {broadcast_id} is not a draft or scheduled")


async def cancel_broadcast(engine: AsyncEngine, broadcast_id: int) -> None:
    """Stop a broadcast; a sender sending it stops within a second, keeping what it sent."""
    async with write_transaction(engine) as connection:
        changed = await connection.execute(
            update(Broadcast)
            .where(
                Broadcast.id == broadcast_id,
                Broadcast.status.in_(("draft", "scheduled", "sending")),
            )
            .values(status="cancelled")
        )
    if changed.rowcount != 1:
        raise BroadcastError(f"broadcast {broadcast_id} does not exist or has ended")


async def delivery_counts(engine: AsyncEngine, broadcast_id: int) -> Counter[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(BroadcastDelivery.state, func.count())
            .where(BroadcastDelivery.broadcast_id == broadcast_id)
            .group_by(BroadcastDelivery.state)
        )
        return Counter({state: count for state, count in rows})


async def due_broadcasts(engine: AsyncEngine, now: datetime) -> list[int]:
    """Broadcasts to send now: those interrupted first, then scheduled ones by time."""
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(Broadcast.id)
            .where(
                or_(
                    Broadcast.status == "sending",
                    (Broadcast.status == "scheduled") & (Broadcast.scheduled_at <= now),
                )
            )
            .order_by(Broadcast.status != "sending", Broadcast.scheduled_at, Broadcast.id)
        )
        return list(rows.scalars())


async def next_scheduled_at(engine: AsyncEngine) -> datetime | None:
    async with engine.connect() as connection:
        moment = await connection.scalar(
            select(func.min(Broadcast.scheduled_at)).where(Broadcast.status == "scheduled")
        )
    return moment


@dataclass(frozen=True)
class Progress:
    """Where a broadcast stands; `stopped` says why a sender left it unfinished."""

    broadcast_id: int
    total: int
    sent: int
    blocked: int
    failed: int
    unknown: int
    left: int
    rate: float  # deliveries a second, lately
    seconds_left: float | None
    api_calls: int = 0  # made by this sender
    flood_waits: int = 0  # 429 answers this sender obeyed
    finished: bool = False
    stopped: str | None = None

    @classmethod
    def from_counts(cls, broadcast_id: int, counts: Counter[str], **extra: Any) -> Progress:
        left = counts.get("pending", 0) + counts.get("sending", 0)
        rate = extra.pop("rate", 0.0)
        return cls(
            broadcast_id,
            total=sum(counts.get(state, 0) for state in FINAL_STATES) + left,
            sent=counts.get("sent", 0),
            blocked=counts.get("blocked", 0),
            failed=counts.get("failed", 0),
            unknown=counts.get("unknown", 0),
            left=left,
            rate=rate,
            seconds_left=left / rate if rate > 0 else None,
            **extra,
        )


@dataclass(frozen=True)
class SenderOptions:
    concurrency: int | None = None  # sends in flight; None: enough for the rate
    max_attempts: int = 5  # for server and connection errors
    backoff: float = 1.0  # seconds before the first retry, doubling after
    lease_seconds: float = 30.0
    lease_poll_seconds: float = 1.0
    progress_every: int = 100  # deliveries
    progress_seconds: float = 1.0


@dataclass
class _Item:
    delivery_id: int
    user_id: int
    attempts: int
    failures: int = 0


class BroadcastSender:
    """Sends due broadcasts one after another while holding the database's sender lease."""

    def __init__(
        self,
        engine: AsyncEngine,
        api: BroadcastApi,
        course: CourseFacts,
        *,
        options: SenderOptions | None = None,
        progress: Callable[[Progress], None] | None = None,
        sender_id: str | None = None,
        clock: Callable[[], datetime] = utc_now,
    ):
        self.engine = engine
        self.api = api
        self.course = course
        self.options = options or SenderOptions()
        self.progress = progress
        self.clock = clock
        self.lease = Lease(engine, sender_id or new_sender_id(), self.options.lease_seconds, clock)
        self.gate = FloodGate()
        self.spacing = ChatSpacing(1.0)
        self.grant: LeaseGrant | None = None
        self._stop_reason: str | None = None
        self._current: _BroadcastRun | None = None
        self._lease_lost = False

    def stop(self, reason: str = "stopped on request") -> None:
        """Finish the sends in flight, record them, and return."""
        self._stop_reason = reason
        if self._current is not None:
            self._current.halt(reason)

    async def run(self, wait_for_lease: bool = True) -> list[Progress]:
        """Send every due broadcast; returns a final report for each one it worked on."""
        self.grant = await self._acquire(wait_for_lease)
        if self.grant is None:
            return []
        if self.grant.flood_until is not None:
            self.gate.close_for((self.grant.flood_until - self.clock()).total_seconds())
        reports: list[Progress] = []
        try:
            while self._stop_reason is None:
                due = await due_broadcasts(self.engine, self.clock())
                if not due:
                    break
                report = await self._send(due[0])
                reports.append(report)
                if report.stopped is not None:
                    break
        finally:
            self._current = None
            if not self._lease_lost:
                await self.lease.release()
        return reports

    async def _acquire(self, wait: bool) -> LeaseGrant | None:
        while (grant := await self.lease.try_acquire()) is None:
            if not wait:
                raise LeaseHeld("another sender is sending broadcasts from this database")
            if self._stop_reason is not None:
                return None
            await asyncio.sleep(self.options.lease_poll_seconds)
        return grant

    async def _send(self, broadcast_id: int) -> Progress:
        broadcast = await self._materialise(broadcast_id)
        if broadcast is None:
            counts = await delivery_counts(self.engine, broadcast_id)
            return Progress.from_counts(broadcast_id, counts, finished=True)
        run = _BroadcastRun(self, broadcast)
        self._current = run
        if self._stop_reason is not None:
            run.halt(self._stop_reason)
        try:
            await run.execute()
        finally:
            self._lease_lost = isinstance(run.failure, LeaseLost)
        counts = await delivery_counts(self.engine, broadcast_id)
        left = counts.get("pending", 0) + counts.get("sending", 0)
        if left == 0:
            await self._mark_done(broadcast_id)
        report = Progress.from_counts(
            broadcast_id,
            counts,
            rate=run.recent_rate(),
            api_calls=run.api_calls,
            flood_waits=run.flood_waits,
            finished=left == 0,
            stopped=run.stop_reason if left else None,
        )
        if self.progress is not None:
            self.progress(report)
        return report

    async def _materialise(self, broadcast_id: int):
        """Fill in the deliveries from the segment, once: the broadcast moves to 'sending'."""
        now = self.clock()
        async with write_transaction(self.engine) as connection:
            if not await self.lease.renew(connection, now):
                raise LeaseLost(self.lease.sender_id)
            broadcast = (
                await connection.execute(
                    select(Broadcast.__table__).where(Broadcast.id == broadcast_id)
                )
            ).first()
            if broadcast is None or broadcast.status not in ("scheduled", "sending"):
                return None
            if broadcast.status == "scheduled":
                segment = Segment.from_json(broadcast.segment)
                audience = select(
                    literal(broadcast_id, Integer),
                    Learner.user_id,
                    literal("pending", String),
                    literal(0, Integer),
                    literal(now, Timestamp),
                ).where(segment_condition(segment, self.course, now))
                await connection.execute(
                    insert(BroadcastDelivery).from_select(
                        ["broadcast_id", "user_id", "state", "attempts", "updated_at"], audience
                    )
                )
                await connection.execute(
                    update(Broadcast).where(Broadcast.id == broadcast_id).values(status="sending")
                )
            return broadcast

    async def _mark_done(self, broadcast_id: int) -> None:
        async with write_transaction(self.engine) as connection:
            await connection.execute(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id, Broadcast.status == "sending")
                .values(status="done", finished_at=self.clock())
            )


class _BroadcastRun:
    """One broadcast being sent: a loader, workers, retries on timers, progress reports."""

    def __init__(self, sender: BroadcastSender, broadcast):
        self.sender = sender
        self.broadcast = broadcast
        options = sender.options
        self.bucket = TokenBucket(broadcast.rate * PACING)
        self.concurrency = options.concurrency or max(1, math.ceil(broadcast.rate / 100))
        self.ledger = Ledger(sender.engine, broadcast.id, sender.lease, sender.clock)
        self.queue: asyncio.Queue[_Item | None] = asyncio.Queue()
        self.room = asyncio.Event()
        self.room.set()
        self.outstanding = 0
        self.loaded_all = False
        self.stop_reason: str | None = None
        self.failure: BaseException | None = None
        self.timers: set[asyncio.TimerHandle] = set()
        self.counts: Counter[str] = Counter()
        self.api_calls = 0
        self.flood_waits = 0
        self._since_report = 0
        self._marks: deque[tuple[float, int]] = deque()

    async def execute(self) -> None:
        self.counts = await delivery_counts(self.sender.engine, self.broadcast.id)
        self._marks.append((time.monotonic(), self._settled_total()))
        self.ledger.start()
        loader = asyncio.create_task(self._load())
        ticker = asyncio.create_task(self._tick())
        workers = [asyncio.create_task(self._work()) for _ in range(self.concurrency)]
        try:
            await asyncio.gather(*workers)
        finally:
            for task in (loader, ticker, *workers):
                task.cancel()
            await asyncio.gather(loader, ticker, *workers, return_exceptions=True)
            for timer in self.timers:
                timer.cancel()
            await self.ledger.close()

    def halt(self, reason: str, failure: BaseException | None = None) -> None:
        if self.stop_reason is None:
            self.stop_reason = reason
            self.failure = failure
        self._release_workers()

    def _release_workers(self) -> None:
        for _ in range(self.concurrency):
            self.queue.put_nowait(None)

    async def _load(self) -> None:
        last_id = 0
        try:
            while self.stop_reason is None:
                await self.room.wait()
                async with self.sender.engine.connect() as connection:
                    rows = (
                        await connection.execute(
                            select(
                                BroadcastDelivery.id,
                                BroadcastDelivery.user_id,
                                BroadcastDelivery.attempts,
                            )
                            .where(
                                BroadcastDelivery.broadcast_id == self.broadcast.id,
                                BroadcastDelivery.state == "pending",
                                BroadcastDelivery.id > last_id,
                            )
                            .order_by(BroadcastDelivery.id)
                            .limit(QUEUE_PAGE)
                        )
                    ).all()
                if not rows:
                    break
                for row in rows:
                    self.queue.put_nowait(_Item(row.id, row.user_id, row.attempts))
                self.outstanding += len(rows)
                last_id = rows[-1].id
                if self.queue.qsize() >= QUEUE_LOW:
                    self.room.clear()
        except DBAPIError as error:
            self.halt(f"database error: {error.orig}", error)
            return
        self.loaded_all = True
        self._finish_if_done()

    def _finish_if_done(self) -> None:
        if self.loaded_all and self.outstanding == 0:
            self._release_workers()

    async def _work(self) -> None:
        while True:
            item = await self.queue.get()
            if item is None or self.stop_reason is not None:
                return
            if self.queue.qsize() < QUEUE_LOW:
                self.room.set()
            try:
                await self._deliver(item)
            except LeaseLost as error:
                self.halt("another sender took over the broadcast", error)
            except Cancelled as error:
                self.halt("the broadcast was cancelled", error)
            except DBAPIError as error:
                self.halt(f"database error: {error.orig}", error)

    async def _deliver(self, item: _Item) -> None:
        sender = self.sender
        await sender.gate.wait_open()
        if delay := sender.spacing.reserve(item.user_id):
            await asyncio.sleep(delay)
        claim = await self.ledger.claim([item.delivery_id])
        if item.delivery_id not in claim.claimed:
            if state := claim.settled.get(item.delivery_id):
                self._count(state)
            self._settle()
            return
        if delay := self.bucket.reserve():
            await asyncio.sleep(delay)
        await sender.gate.wait_open()  # a ban may have begun while this one waited its turn
        item.attempts += 1
        self.api_calls += 1
        try:
            message_id = await self._call(item.user_id)
        except FloodWait as flood:
            self._obey_flood(flood)
            self._retry(item, flood.description, delay=0.0)
        except RecipientBlocked as error:
            self._finish(item, "blocked", error=error.description)
        except TransientError as error:
            item.failures += 1
            if item.failures >= sender.options.max_attempts:
                self._finish(item, "failed", error=error.description)
            else:
                backoff = sender.options.backoff * 2 ** (item.failures - 1)
                self._retry(item, error.description, backoff * (0.75 + random.random() / 2))
        except Rejected as error:
            self._finish(item, "failed", error=error.description)
        except Uncertain as error:
            self._finish(item, "unknown", error=error.description)
        except ApiUnusable as error:
            self._retry(item, error.description, delay=0.0)
            self.halt(f"the Bot API refuses this bot: {error.description}", error)
        else:
            self._finish(item, "sent", message_id=message_id)

    async def _call(self, chat_id: int) -> int:
        broadcast = self.broadcast
        try:
            if broadcast.kind == "text":
                return await self.sender.api.send_text(chat_id, broadcast.text)
            return await self.sender.api.copy_message(
                chat_id, broadcast.from_chat_id, broadcast.message_id
            )
        except DeliveryError:
            raise
        except Exception as error:
            # Whatever broke inside the transport, the request may have gone out.
            raise Uncertain(f"{type(error).__name__}: {error}") from error

    def _obey_flood(self, flood: FloodWait) -> None:
        wait = flood.retry_after + FLOOD_MARGIN
        self.sender.gate.close_for(wait)
        self.ledger.note_flood(self.sender.clock() + timedelta(seconds=wait))
        self.flood_waits += 1
        log.info("flood control: pausing every send for %.1f s", wait)

    def _retry(self, item: _Item, error: str, delay: float) -> None:
        self.ledger.record(
            Outcome(item.delivery_id, item.user_id, "pending", item.attempts, error=error)
        )
        if self.stop_reason is not None:
            self._settle()
            return
        timer = asyncio.get_running_loop().call_later(delay, self._requeue, item)
        self.timers.add(timer)

    def _requeue(self, item: _Item) -> None:
        self.timers = {timer for timer in self.timers if not timer.cancelled()}
        self.queue.put_nowait(item)

    def _finish(self, item: _Item, state: str, **details) -> None:
        self.ledger.record(Outcome(item.delivery_id, item.user_id, state, item.attempts, **details))
        self._count(state)
        self._settle()

    def _count(self, state: str) -> None:
        self.counts[state] += 1
        self.counts["pending"] -= 1
        self._since_report += 1
        if self._since_report >= self.sender.options.progress_every:
            self._report()

    def _settle(self) -> None:
        self.outstanding -= 1
        self._finish_if_done()

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(self.sender.options.progress_seconds)
            self._report()

    def _settled_total(self) -> int:
        return sum(self.counts.get(state, 0) for state in FINAL_STATES)

    def recent_rate(self) -> float:
        """Deliveries a second over about the last ten seconds."""
        now, settled = time.monotonic(), self._settled_total()
        while len(self._marks) > 1 and now - self._marks[1][0] >= 10:
            self._marks.popleft()
        self._marks.append((now, settled))
        first_at, first_settled = self._marks[0]
        return (settled - first_settled) / (now - first_at) if now > first_at else 0.0

    def _report(self) -> None:
        self._since_report = 0
        if self.sender.progress is None:
            return
        self.sender.progress(
            Progress.from_counts(
                self.broadcast.id,
                self.counts,
                rate=self.recent_rate(),
                api_calls=self.api_calls,
                flood_waits=self.flood_waits,
            )
        )
