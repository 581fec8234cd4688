"""The broadcast ledger on its own: one sender holds the lease, and every delivery's state moves
only the way the sender's guarantees need (pending -> sending -> final, once)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Select, insert, select, update
from sqlalchemy.exc import DBAPIError

from sellerbot.admin.broadcast import BroadcastSender, create_broadcast
from sellerbot.admin.ledger import (
    LEASE_NAME,
    WRITE_ATTEMPTS,
    Cancelled,
    Lease,
    LeaseLost,
    Ledger,
    Outcome,
    holder_is_dead,
)
from sellerbot.admin.segments import Segment
from sellerbot.store.schema import Broadcast, BroadcastDelivery, BroadcastLease, Learner
from tests.test_broadcast import COURSE, FAST, NOW, _dead_pid, add_learners, deliveries

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime = T0):
        self.now = now

    def __call__(self) -> datetime:
        return self.now


async def lease_row(engine):
    async with engine.connect() as connection:
        return (
            await connection.execute(
                select(BroadcastLease.__table__).where(BroadcastLease.name == LEASE_NAME)
            )
        ).first()


def at(row_time: datetime) -> datetime:
    """SQLite gives back naive times; they are UTC."""
    return row_time if row_time.tzinfo else row_time.replace(tzinfo=UTC)


async def renew(lease: Lease, now: datetime) -> bool:
    async with lease.engine.begin() as connection:
        return await lease.renew(connection, now)


async def _deliveries_in(engine, broadcast_id: int, states: dict[int, str]) -> dict[int, int]:
    """Deliveries of a broadcast being sent, in the given states; returns user id -> delivery id."""
    async with engine.begin() as connection:
        await connection.execute(
            update(Broadcast).where(Broadcast.id == broadcast_id).values(status="sending")
        )
        await connection.execute(
            insert(BroadcastDelivery),
            [
                {
                    "broadcast_id": broadcast_id,
                    "user_id": user_id,
                    "state": state,
                    "attempts": 1,
                    "message_id": 77 if state == "sent" else None,
                    "updated_at": NOW,
                }
                for user_id, state in states.items()
            ],
        )
    return {user_id: row.id for user_id, row in (await deliveries(engine, broadcast_id)).items()}


async def _ledger_for(engine, broadcast_id: int) -> Ledger:
    lease = Lease(engine, "host:1:ledger")
    assert await lease.try_acquire() is not None
    ledger = Ledger(engine, broadcast_id, lease)
    ledger.start()
    return ledger


# ----- who holds it ---------------------------------------------------------------------------


def test_a_holder_is_dead_only_when_its_process_is_gone_from_this_machine():
    host = socket.gethostname()
    assert holder_is_dead(f"{host}:{_dead_pid()}:ab")
    assert not holder_is_dead(f"{host}:{os.getpid()}:ab")
    assert not holder_is_dead(f"elsewhere-{host}:{_dead_pid()}:ab")
    assert not holder_is_dead(f"elsewhere-{host}:notapid:ab")
    assert not holder_is_dead(f"{host}:1:ab")  # init: alive, and not ours to signal
    assert not holder_is_dead("garbage")


def test_a_holder_run_by_another_user_is_alive(monkeypatch):
    """Signalling another user's process is refused: it exists, so its lease stands."""

    def refused(pid: int, signal: int) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "kill", refused)
    assert not holder_is_dead(f"{socket.gethostname()}:4242:ab")


def test_a_pid_too_large_for_the_system_is_no_dead_holder():
    assert not holder_is_dead(f"{socket.gethostname()}:{2**80}:ab")


def test_asking_whether_a_holder_lives_does_not_disturb_it():
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert not holder_is_dead(f"{socket.gethostname()}:{holder.pid}:ab")
        time.sleep(0.2)
        assert holder.poll() is None, "the check signalled the holder"
    finally:
        holder.kill()
        holder.wait()


# ----- the lease ------------------------------------------------------------------------------


async def test_the_first_sender_takes_the_lease_for_its_duration(database):
    grant = await Lease(database, "host:1:a", duration=30, clock=Clock()).try_acquire()
    assert grant is not None and (grant.flood_until, grant.orphans) == (None, 0)
    row = await lease_row(database)
    assert (row.sender_id, at(row.lease_until)) == ("host:1:a", T0 + timedelta(seconds=30))


async def test_a_live_holders_lease_is_refused_to_others_until_it_expires(database):
    clock = Clock()
    assert await Lease(database, "host:1:a", duration=30, clock=clock).try_acquire()
    other = Lease(database, "host:2:b", duration=30, clock=clock)
    clock.now = T0 + timedelta(seconds=29)
    assert await other.try_acquire() is None
    assert (await lease_row(database)).sender_id == "host:1:a"
    clock.now = T0 + timedelta(seconds=30)  # expired at that very moment
    grant = await other.try_acquire()
    assert grant is not None
    row = await lease_row(database)
    assert (row.sender_id, at(row.lease_until)) == ("host:2:b", T0 + timedelta(seconds=60))


async def test_the_holder_takes_its_own_lease_again(database):
    clock = Clock()
    lease = Lease(database, "host:1:a", duration=30, clock=clock)
    assert await lease.try_acquire()
    clock.now = T0 + timedelta(seconds=10)
    assert await lease.try_acquire() is not None
    assert at((await lease_row(database)).lease_until) == T0 + timedelta(seconds=40)


async def test_a_dead_holder_on_this_machine_gives_the_lease_up_at_once(database):
    clock = Clock()
    dead = f"{socket.gethostname()}:{_dead_pid()}:0"
    assert await Lease(database, dead, duration=3600, clock=clock).try_acquire()
    assert await Lease(database, "host:2:b", clock=clock).try_acquire() is not None


async def test_taking_the_lease_marks_what_was_in_flight_unknown_and_keeps_the_flood_ban(
    database,
):
    assert await Lease(database, "host:1:a", clock=Clock()).try_acquire()
    await add_learners(database, 3)
    broadcast_id = await create_broadcast(database, Segment(), text="hello")
    ids = await _deliveries_in(
        database, broadcast_id, {1000: "sending", 1001: "sending", 1002: "pending"}
    )
    banned_until = T0 + timedelta(minutes=5)
    async with database.begin() as connection:
        await connection.execute(update(BroadcastLease).values(flood_until=banned_until))
    clock = Clock(T0 + timedelta(hours=1))
    grant = await Lease(database, "host:2:b", clock=clock).try_acquire()
    assert grant.orphans == 2
    assert at(grant.flood_until) == banned_until
    rows = await deliveries(database, broadcast_id)
    assert {user: row.state for user, row in rows.items()} == {
        1000: "unknown",
        1001: "unknown",
        1002: "pending",
    }
    assert rows[1000].error == "in flight when its sender stopped"
    assert at(rows[1000].updated_at) == clock.now
    assert ids[1002] == rows[1002].id


async def test_renewing_extends_the_lease_only_while_it_is_held(database):
    clock = Clock()
    lease = Lease(database, "host:1:a", duration=30, clock=clock)
    assert await lease.try_acquire()
    assert await renew(lease, T0 + timedelta(seconds=20))
    assert at((await lease_row(database)).lease_until) == T0 + timedelta(seconds=50)
    assert not await renew(lease, T0 + timedelta(seconds=50)), "renewed after it had expired"
    clock.now = T0 + timedelta(seconds=51)
    assert await Lease(database, "host:2:b", clock=clock).try_acquire()
    assert not await renew(lease, T0 + timedelta(seconds=52)), "renewed another's lease"
    assert (await lease_row(database)).sender_id == "host:2:b"


async def test_a_released_lease_is_free_for_the_next_sender_at_once(database):
    clock = Clock()
    lease = Lease(database, "host:1:a", duration=30, clock=clock)
    assert await lease.try_acquire()
    await Lease(database, "host:9:z", clock=clock).release()  # not the holder: no effect
    assert await Lease(database, "host:2:b", clock=clock).try_acquire() is None
    await lease.release()
    assert await Lease(database, "host:2:b", clock=clock).try_acquire() is not None


@contextlib.asynccontextmanager
async def _both_read_before_either_writes(monkeypatch):
    """Each lease transaction waits after its read of the lease row until the other has read
    it too, or half a second: two senders at the same instant. Yields how many read."""
    from sellerbot.admin import ledger as ledger_module

    real = ledger_module.write_transaction
    reads = {"count": 0}
    both_read = asyncio.Event()

    class PausingAfterRead:
        def __init__(self, connection):
            self.connection = connection

        def __getattr__(self, name):
            return getattr(self.connection, name)

        async def execute(self, statement, *arguments, **options):
            result = await self.connection.execute(statement, *arguments, **options)
            if isinstance(statement, Select):
                reads["count"] += 1
                if reads["count"] == 2:
                    both_read.set()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(both_read.wait(), 0.5)
            return result

    @contextlib.asynccontextmanager
    async def pausing(engine):
        async with real(engine) as connection:
            yield PausingAfterRead(connection)

    monkeypatch.setattr(ledger_module, "write_transaction", pausing)
    yield reads


async def test_two_senders_taking_a_free_lease_at_the_same_instant_get_it_once(
    database, monkeypatch
):
    """The first statement locks the lease row, so the second sender reads the first one's
    lease, not the expired one both found: never two senders at once."""
    clock = Clock()
    assert await Lease(database, "host:1:old", duration=30, clock=clock).try_acquire()
    clock.now = T0 + timedelta(minutes=5)
    async with _both_read_before_either_writes(monkeypatch) as reads:
        grants = await asyncio.gather(
            Lease(database, "host:2:a", duration=30, clock=clock).try_acquire(),
            Lease(database, "host:3:b", duration=30, clock=clock).try_acquire(),
        )
    assert reads["count"] == 2
    senders = ("host:2:a", "host:3:b")
    winners = [sender for sender, grant in zip(senders, grants, strict=True) if grant]
    assert len(winners) == 1, grants
    assert (await lease_row(database)).sender_id == winners[0]


# ----- the ledger -----------------------------------------------------------------------------


@pytest.fixture
async def ledger(database):
    """A ledger of a broadcast being sent, whose sender holds the lease."""
    lease = Lease(database, "host:1:ledger", duration=30)
    assert await lease.try_acquire() is not None
    await add_learners(database, 3)
    broadcast_id = await create_broadcast(database, Segment(), text="hello")
    ledger = Ledger(database, broadcast_id, lease)
    ledger.start()
    yield ledger
    await ledger.close()


async def within(awaitable, seconds: float = 10):
    """A broken ledger leaves its futures unresolved; fail rather than wait for ever."""
    return await asyncio.wait_for(awaitable, seconds)


async def test_a_claim_settles_learners_who_blocked_the_bot_or_left(database, ledger):
    async with database.begin() as connection:
        await connection.execute(
            update(Learner).where(Learner.user_id == 1001).values(active=False)
        )
    ids = await _deliveries_in(
        database, ledger.broadcast_id, {1000: "pending", 1001: "pending", 4242: "pending"}
    )
    result = await within(ledger.claim([ids[1000], ids[1001], ids[4242]]))
    assert result.claimed == {ids[1000]}
    assert result.settled == {ids[1001]: "blocked", ids[4242]: "failed"}
    rows = await deliveries(database, ledger.broadcast_id)
    assert [rows[user].state for user in (1000, 1001, 4242)] == ["sending", "blocked", "failed"]
    assert rows[1001].error == "blocked the bot before this broadcast reached them"
    assert rows[4242].error == "no longer a learner"
    assert all(at(rows[user].updated_at) > NOW for user in (1000, 1001, 4242))


async def test_settling_a_claim_leaves_deliveries_it_did_not_ask_for_alone(database, ledger):
    """Only the claimed rows are settled, whatever state the rest of the table is in."""
    async with database.begin() as connection:
        await connection.execute(
            update(Learner).where(Learner.user_id == 1001).values(active=False)
        )
    ids = await _deliveries_in(
        database, ledger.broadcast_id, {1000: "pending", 1001: "pending", 4242: "pending"}
    )
    result = await within(ledger.claim([ids[4242]]))
    assert (result.claimed, result.settled) == (set(), {ids[4242]: "failed"})
    rows = await deliveries(database, ledger.broadcast_id)
    assert [rows[user].state for user in (1000, 1001, 4242)] == ["pending", "pending", "failed"]


async def test_claims_made_together_each_get_their_own_answer(database, ledger):
    ids = await _deliveries_in(
        database, ledger.broadcast_id, {1000: "pending", 1001: "sent", 1002: "pending"}
    )
    first, second = await within(
        asyncio.gather(ledger.claim([ids[1000], ids[1001]]), ledger.claim([ids[1002]]))
    )
    assert (first.claimed, second.claimed) == ({ids[1000]}, {ids[1002]})


async def test_outcomes_are_written_with_their_details(database, ledger):
    ids = await _deliveries_in(
        database,
        ledger.broadcast_id,
        {1000: "sending", 1001: "sending", 1002: "sending"},
    )
    ledger.record(Outcome(ids[1000], 1000, "sent", attempts=1, message_id=901))
    ledger.record(Outcome(ids[1001], 1001, "blocked", attempts=2, error="Forbidden: blocked"))
    ledger.record(Outcome(ids[1002], 1002, "pending", attempts=3, error="502 Bad Gateway"))
    await within(ledger.flush())
    rows = await deliveries(database, ledger.broadcast_id)
    assert (rows[1000].state, rows[1000].message_id, rows[1000].attempts) == ("sent", 901, 1)
    assert (rows[1001].state, rows[1001].error, rows[1001].attempts) == (
        "blocked",
        "Forbidden: blocked",
        2,
    )
    assert (rows[1002].state, rows[1002].error, rows[1002].attempts) == (
        "pending",
        "502 Bad Gateway",
        3,
    )
    async with database.connect() as connection:
        active = dict((await connection.execute(select(Learner.user_id, Learner.active))).all())
    assert active == {1000: True, 1001: False, 1002: True}  # no more broadcasts to 1001


async def test_the_latest_flood_ban_noted_is_saved_for_whoever_sends_next(database, ledger):
    later = datetime.now(UTC) + timedelta(minutes=10)
    ledger.note_flood(later)
    ledger.note_flood(later - timedelta(minutes=5))  # an older answer arriving late
    await within(ledger.flush())
    assert at((await lease_row(database)).flood_until) == later
    ledger.note_flood(later + timedelta(minutes=1))
    await within(ledger.flush())
    assert at((await lease_row(database)).flood_until) == later + timedelta(minutes=1)


async def test_a_cancelled_broadcast_refuses_claims_but_keeps_outcomes(database, ledger):
    ids = await _deliveries_in(database, ledger.broadcast_id, {1000: "sending", 1001: "pending"})
    async with database.begin() as connection:
        await connection.execute(
            update(Broadcast).where(Broadcast.id == ledger.broadcast_id).values(status="cancelled")
        )
    ledger.record(Outcome(ids[1000], 1000, "sent", attempts=1, message_id=5))
    with pytest.raises(Cancelled):
        await within(ledger.claim([ids[1001]]))
    with pytest.raises(Cancelled):  # and every claim after it, without asking the database
        await ledger.claim([ids[1001]])
    rows = await deliveries(database, ledger.broadcast_id)
    assert (rows[1000].state, rows[1001].state) == ("sent", "pending")


async def test_a_lost_lease_refuses_claims_but_keeps_outcomes(database, ledger):
    ids = await _deliveries_in(database, ledger.broadcast_id, {1000: "sending", 1001: "pending"})
    async with database.begin() as connection:
        await connection.execute(
            update(BroadcastLease).values(sender_id="host:2:other", lease_until=T0)
        )
    ledger.record(Outcome(ids[1000], 1000, "failed", attempts=5, error="gave up"))
    with pytest.raises(LeaseLost):
        await within(ledger.claim([ids[1001]]))
    rows = await deliveries(database, ledger.broadcast_id)
    assert (rows[1000].state, rows[1000].error, rows[1001].state) == (
        "failed",
        "gave up",
        "pending",
    )


async def test_an_idle_ledger_keeps_its_lease(database):
    lease = Lease(database, "host:1:idle", duration=0.6)
    assert await lease.try_acquire() is not None
    ledger = Ledger(database, 1, lease)
    ledger.start()
    try:
        await asyncio.sleep(1.2)
        assert at((await lease_row(database)).lease_until) > datetime.now(UTC)
    finally:
        await ledger.close()


async def test_a_closed_ledger_writes_nothing_more(database, ledger):
    ids = await _deliveries_in(database, ledger.broadcast_id, {1000: "sending"})
    await within(ledger.close())
    ledger.record(Outcome(ids[1000], 1000, "sent", attempts=1, message_id=3))
    await asyncio.sleep(0.3)
    assert (await deliveries(database, ledger.broadcast_id))[1000].state == "sending"


@pytest.mark.parametrize("stop", ["lease lost", "cancelled"])
async def test_closing_while_a_claim_is_refused_does_not_raise(database, ledger, stop):
    """The sender closes its ledger on the way out of a lost lease or a cancel."""
    ids = await _deliveries_in(database, ledger.broadcast_id, {1000: "pending"})
    async with database.begin() as connection:
        if stop == "lease lost":
            await connection.execute(
                update(BroadcastLease).values(sender_id="host:2:other", lease_until=T0)
            )
        else:
            await connection.execute(
                update(Broadcast)
                .where(Broadcast.id == ledger.broadcast_id)
                .values(status="cancelled")
            )
    claim = asyncio.ensure_future(ledger.claim([ids[1000]]))
    await asyncio.sleep(0)  # the claim is queued in the batch the close flushes
    await within(ledger.close())
    with pytest.raises((LeaseLost, Cancelled)):
        await claim


async def test_closing_writes_what_is_still_queued(database, ledger):
    ids = await _deliveries_in(database, ledger.broadcast_id, {1000: "sending"})
    ledger.record(Outcome(ids[1000], 1000, "sent", attempts=1, message_id=3))
    await within(ledger.close())
    assert (await deliveries(database, ledger.broadcast_id))[1000].state == "sent"


# ----- the state guards, through the sender's use of them ------------------------------------


async def test_a_late_outcome_never_overwrites_a_settled_or_unclaimed_delivery(database):
    await add_learners(database, 7)
    broadcast_id = await create_broadcast(database, Segment(), text="hello")
    ledger = await _ledger_for(database, broadcast_id)  # before any delivery is in flight
    states = {
        1000: "sending",
        1001: "unknown",
        1002: "sent",
        1003: "pending",
        1004: "blocked",
        1005: "sent",
        1006: "sending",
    }
    ids = await _deliveries_in(database, broadcast_id, states)
    for user_id in range(1000, 1005):
        ledger.record(Outcome(ids[user_id], user_id, "failed", attempts=2, error="late"))
    for user_id in (1005, 1006):
        ledger.record(Outcome(ids[user_id], user_id, "pending", attempts=2, error="again"))
    await ledger.flush()
    await ledger.close()

    rows = await deliveries(database, broadcast_id)
    assert {user_id: row.state for user_id, row in rows.items()} == {
        1000: "failed",  # in flight: the outcome settles it
        1001: "failed",  # presumed lost, but its sender reported back
        1002: "sent",
        1003: "pending",
        1004: "blocked",
        1005: "sent",  # a retry may only put back a delivery in flight
        1006: "pending",
    }
    assert (rows[1002].message_id, rows[1002].error, rows[1005].message_id) == (77, None, 77)


async def test_a_claim_takes_only_pending_deliveries(database):
    await add_learners(database, 6)
    broadcast_id = await create_broadcast(database, Segment(), text="hello")
    ledger = await _ledger_for(database, broadcast_id)
    states = {
        1000: "pending",
        1001: "sending",
        1002: "sent",
        1003: "unknown",
        1004: "failed",
        1005: "pending",
    }
    ids = await _deliveries_in(database, broadcast_id, states)
    result = await ledger.claim(list(ids.values()))
    await ledger.close()

    assert result.claimed == {ids[1000], ids[1005]}
    assert result.settled == {}
    rows = await deliveries(database, broadcast_id)
    assert {user_id: row.state for user_id, row in rows.items()} == {
        **states,
        1000: "sending",
        1005: "sending",
    }


async def test_a_sender_that_takes_over_obeys_the_flood_ban_its_predecessor_saved(database):
    await add_learners(database, 3)
    await create_broadcast(database, Segment(), text="hello", rate=30)
    ban = 2.0
    banned_until = datetime.now(UTC) + timedelta(seconds=ban)
    dead = f"{socket.gethostname()}:{_dead_pid()}:0"
    async with database.begin() as connection:
        await connection.execute(
            insert(BroadcastLease).values(
                name=LEASE_NAME,
                sender_id=dead,
                lease_until=NOW + timedelta(days=365),
                flood_until=banned_until,
            )
        )

    class TimedApi:
        def __init__(self):
            self.sent_at: list[datetime] = []

        async def send_text(self, chat_id, text):
            self.sent_at.append(datetime.now(UTC))
            return len(self.sent_at)

    api = TimedApi()
    (report,) = await BroadcastSender(database, api, COURSE, options=FAST).run()
    assert report.sent == 3
    # A tenth of a second for the wall clock and the event loop's clock to disagree.
    early = banned_until - min(api.sent_at)
    assert early < timedelta(seconds=0.1), f"a message went out {early} before the saved ban ended"


# ----- database errors ------------------------------------------------------------------------


@pytest.fixture
def failing_writes(monkeypatch):
    """The ledger's next `n` write transactions fail as a locked SQLite file would."""
    from sellerbot.admin import ledger as ledger_module

    real = ledger_module.write_transaction
    left = {"failures": 0}

    @contextlib.asynccontextmanager
    async def flaky(engine):
        if left["failures"]:
            left["failures"] -= 1
            raise DBAPIError("UPDATE broadcast_leases", {}, Exception("database is locked"))
        async with real(engine) as connection:
            yield connection

    monkeypatch.setattr(ledger_module, "write_transaction", flaky)

    def fail(n: int) -> None:
        left["failures"] = n

    return fail


async def test_a_write_that_fails_is_retried_with_growing_waits(
    database, ledger, failing_writes, caplog
):
    ids = await _deliveries_in(database, ledger.broadcast_id, {1000: "sending"})
    failing_writes(WRITE_ATTEMPTS - 1)
    ledger.record(Outcome(ids[1000], 1000, "sent", attempts=1, message_id=8))
    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="sellerbot.admin.ledger"):
        await within(ledger.flush(), 20)
    waited = time.monotonic() - started
    assert (await deliveries(database, ledger.broadcast_id))[1000].state == "sent"
    # 0.2, 0.4 and 0.8 s: long enough for a busy file to free up, short enough to keep sending.
    assert 1.4 <= waited < 5, waited
    messages = [record.getMessage() for record in caplog.records]
    assert messages == ["database write failed (database is locked); retrying"] * 3


async def test_a_write_that_keeps_failing_stops_the_ledger(database, ledger, failing_writes):
    ids = await _deliveries_in(database, ledger.broadcast_id, {1000: "pending"})
    failing_writes(WRITE_ATTEMPTS)
    with pytest.raises(DBAPIError):
        await within(ledger.claim([ids[1000]]), 20)
    with pytest.raises(DBAPIError):  # the sender stops on it rather than sending unrecorded
        await ledger.claim([ids[1000]])
    assert (await deliveries(database, ledger.broadcast_id))[1000].state == "pending"


async def test_closing_while_the_database_fails_keeps_the_error_and_does_not_raise(
    database, ledger, failing_writes
):
    """The sender closes its ledger on the way out of a database failure: the close must not
    raise over the error the sender is about to report, and must stop the ledger's task."""
    ids = await _deliveries_in(database, ledger.broadcast_id, {1000: "sending"})
    failing_writes(WRITE_ATTEMPTS)
    ledger.record(Outcome(ids[1000], 1000, "sent", attempts=1, message_id=8))
    await within(ledger.close(), 20)
    assert isinstance(ledger.failure, DBAPIError)
    failing_writes(0)
    ledger.record(Outcome(ids[1000], 1000, "sent", attempts=1, message_id=8))
    await asyncio.sleep(0.3)
    assert (await deliveries(database, ledger.broadcast_id))[1000].state == "sending"


async def test_an_outcome_changes_only_its_own_delivery_and_stamps_it(database, ledger):
    ids = await _deliveries_in(
        database, ledger.broadcast_id, {1000: "sending", 1001: "sending", 1002: "sending"}
    )
    ledger.record(Outcome(ids[1000], 1000, "pending", attempts=2, error="502 Bad Gateway"))
    ledger.record(Outcome(ids[1001], 1001, "sent", attempts=1, message_id=4))
    await within(ledger.flush())
    rows = await deliveries(database, ledger.broadcast_id)
    assert [rows[user].state for user in (1000, 1001, 1002)] == ["pending", "sent", "sending"]
    assert (rows[1002].error, rows[1002].attempts) == (None, 1)
    assert at(rows[1000].updated_at) > NOW and at(rows[1001].updated_at) > NOW
    assert at(rows[1002].updated_at) == NOW
