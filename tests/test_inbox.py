"""The inbox store: each learner's updates claimed one at a time and in order, a turn saved
only by the worker that holds its update, and leases that a dead worker gives up."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import exc, text

from sellerbot.engine.state import LearnerState
from sellerbot.store.handled import mark_handled
from sellerbot.store.inbox import DONE, HANDLED, POISON, Inbox, LostClaim, inbox_counts, learner_key
from sellerbot.store.learners import LearnerStore
from sellerbot.worker import worker_is_gone, worker_name


class Clock:
    def __init__(self):
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def _update(update_id: int, user_id: int) -> tuple[int, str, int]:
    raw = {"update_id": update_id, "message": {"from": {"id": user_id}, "text": "hi"}}
    return update_id, json.dumps(raw), learner_key(raw)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def inboxes(database, clock):
    return Inbox(database, "host:1:a", clock), Inbox(database, "host:2:b", clock)


def test_learner_key_is_whoever_the_update_names():
    assert learner_key({"update_id": 1, "message": {"from": {"id": 7}, "chat": {"id": 8}}}) == 7
    assert learner_key({"update_id": 1, "poll_answer": {"user": {"id": 9}}}) == 9
    assert learner_key({"update_id": 1, "channel_post": {"chat": {"id": -100}}}) == -100
    assert learner_key({"update_id": 1, "callback_query": {"message": {"chat": {"id": 5}}}}) == 5
    assert learner_key({"update_id": 1, "message": "hello"}) == 0
    assert learner_key({"update_id": 1, "message": {"from": {"id": "7"}}}) == 0
    assert learner_key({"update_id": 1, "message": {"from": {"id": 2**70}}}) == 0
    assert learner_key({"update_id": 1, "message": {"from": {"id": True}}}) == 0


async def test_each_learner_is_claimed_one_update_at_a_time_in_order(inboxes):
    first, second = inboxes
    await first.add([_update(1, 10), _update(2, 10), _update(3, 20), _update(4, 10)])
    await first.add([_update(1, 10)])  # delivered again: kept once
    claimed = await first.claim(10)
    assert [row.update_id for row in claimed] == [1, 3]
    assert await second.claim(10) == []  # both learners are held
    await first.done(1)
    assert [row.update_id for row in await second.claim(10)] == [2]
    assert await first.claim(10) == []  # learner 10 is held by the other worker now


async def test_a_claim_takes_at_most_the_limit(inboxes):
    first, _ = inboxes
    await first.add([_update(n, 100 + n) for n in range(1, 6)])
    assert [row.update_id for row in await first.claim(2)] == [1, 2]
    assert await first.claim(0) == []


async def test_only_the_worker_holding_an_update_can_save_its_turn(database, inboxes, clock):
    first, second = inboxes
    store = LearnerStore(database, clock)
    await first.add([_update(1, 10)])
    (row,) = await first.claim(5)
    clock.now += timedelta(seconds=60)  # the first worker stalled; its lease ran out
    (again,) = await second.claim(5)
    assert again.update_id == row.update_id

    def by(inbox):
        return lambda outcome: inbox.handled(row.update_id, {"replies": []})

    with pytest.raises(LostClaim):
        await store.apply(10, lambda state: _Turn(state), handled=by(first))
    assert (await store.load(10)).is_new  # the stalled worker's turn was rolled back
    await store.apply(10, lambda state: _Turn(state), handled=by(second))
    assert not (await store.load(10)).is_new
    assert (await inbox_counts(database))[HANDLED] == 1
    with pytest.raises(LostClaim):  # handled once; not again
        await store.apply(10, lambda state: _Turn(state), handled=by(second))


class _Turn:
    def __init__(self, state: LearnerState):
        self.state = state
        self.events = ()


async def test_a_handled_update_comes_back_with_its_replies(inboxes):
    first, _ = inboxes
    await first.add([_update(1, 10)])
    assert len(await first.claim(5)) == 1
    async with first.engine.begin() as connection:
        await mark_handled(connection, first.handled(1, {"replies": ["hello"]}))
    restarted = Inbox(first.engine, "host:3:c", first.clock)  # after the first one died
    assert await restarted.release(lambda worker: worker == "host:1:a") == 1
    (resumed,) = await restarted.claim(5)
    assert (resumed.state, resumed.replies) == (HANDLED, {"replies": ["hello"]})


async def test_retry_later_waits_and_counts(inboxes, clock):
    first, _ = inboxes
    await first.add([_update(1, 10), _update(2, 10)])
    await first.claim(5)
    await first.retry_later(1, timedelta(seconds=10), "NetworkError")
    assert await first.claim(5) == []  # update 2 waits behind update 1
    clock.now += timedelta(seconds=11)
    (row,) = await first.claim(5)
    assert (row.update_id, row.attempts) == (1, 1)


async def test_poison_and_done_updates_let_the_next_one_go(database, inboxes):
    first, _ = inboxes
    await first.add([_update(1, 10), _update(2, 10), _update(3, 10)])
    await first.claim(5)
    await first.quarantine(1, "TypeError")
    (row,) = await first.claim(5)
    await first.done(row.update_id)
    (row,) = await first.claim(5)
    assert row.update_id == 3
    counts = await inbox_counts(database)
    assert (counts[POISON], counts[DONE]) == (1, 1)


async def test_turns_finishing_at_once_are_all_marked_done(database, inboxes):
    first, second = inboxes
    await first.add([_update(n, 100 + n) for n in range(1, 41)])
    await first.add([_update(n, 200 + n) for n in range(41, 61)])
    mine, theirs = await first.claim(40), await second.claim(40)
    assert len(mine) == 40 and len(theirs) == 20
    # Done together, as turns finishing at the same moment are; one worker's done never
    # finishes another's lease.
    await asyncio.gather(*(first.done(row.update_id) for row in mine + theirs))
    assert (await inbox_counts(database))[DONE] == 40
    await asyncio.gather(*(second.done(row.update_id) for row in theirs))
    assert (await inbox_counts(database))[DONE] == 60


async def test_release_frees_only_workers_that_are_gone(inboxes):
    first, second = inboxes
    await first.add([_update(1, 10), _update(2, 20)])
    await first.claim(1)
    await second.claim(1)
    assert await first.release(lambda worker: True) == 1  # never its own leases
    assert await first.release(lambda worker: True) == 0


async def test_prune_forgets_old_done_updates_but_keeps_poison(database, inboxes, clock):
    first, _ = inboxes
    await first.add([_update(1, 10), _update(2, 20)])
    await first.claim(5)
    await first.done(1)
    await first.quarantine(2, "TypeError")
    clock.now += timedelta(days=3)
    assert await first.prune() == 1
    assert (await inbox_counts(database))[POISON] == 1


def test_a_worker_of_this_machine_whose_process_ended_is_gone():
    import subprocess
    import sys

    mine = worker_name()
    host = mine.split(":")[0]
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    assert worker_is_gone(f"{host}:{ended.stdout.strip()}:ffff")
    assert worker_is_gone(f"{host}:{mine.split(':')[1]}:0000")  # this process's former life
    assert not worker_is_gone(f"{host}:1:ffff")  # pid 1 is alive
    assert not worker_is_gone(f"elsewhere:{ended.stdout.strip()}:ffff")
    assert not worker_is_gone("garbage")


def _rows_read(node: dict) -> int:
    """Rows an EXPLAIN ANALYZE plan node and those under it produced or threw away."""
    loops = node.get("Actual Loops", 1)
    read = sum(
        node.get(key, 0)
        for key in ("Actual Rows", "Rows Removed by Filter", "Rows Removed by Join Filter")
    )
    return read * loops + sum(_rows_read(child) for child in node.get("Plans", ()))


async def test_a_claim_reads_about_what_it_takes_even_when_statistics_are_stale(database, clock):
    """On a busy day the waiting updates outgrow what PostgreSQL last counted. An earlier
    claim was then planned as a join of every waiting update with every other: 1.26 million
    rows read here, seconds a claim in a surge, and leases ran out before it returned."""
    if database.dialect.name != "postgresql":
        pytest.skip("the planner and its statistics are PostgreSQL's")
    inbox = Inbox(database, "host:1:a", clock)
    await inbox.add(_update(update_id, update_id % 300 + 1) for update_id in range(1, 3001))
    async with database.begin() as connection:
        await connection.execute(text("UPDATE inbox SET state = 'done'"))
    async with database.connect() as connection:
        await connection.execute(text("ANALYZE inbox"))  # counted with nothing waiting
        await connection.commit()
    await inbox.add(_update(update_id, update_id % 300 + 1) for update_id in range(3001, 4501))
    compiled = inbox._claim.compile(dialect=database.dialect)
    values = compiled.construct_params(
        {"now": clock.now, "limit": 32, "until": clock.now + timedelta(seconds=15)}
    )
    async with database.connect() as connection:
        plan = await connection.exec_driver_sql(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + compiled.string,
            tuple(values[name] for name in compiled.positiontup),
        )
        [explained] = plan.scalar()
    assert _rows_read(explained["Plan"]) < 10_000


async def test_renewing_leases_never_waits_for_a_row_another_transaction_holds(database, clock):
    """A renewal that waited for a row being finished, while holding others, met the batched
    done write waiting for those: PostgreSQL broke the deadlock by failing the done write,
    and five turns already sent were sent again when their leases ran out."""
    if database.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite has one writer at a time")
    inbox = Inbox(database, "host:1:a", clock)
    await inbox.add([_update(1, 10), _update(2, 20)])
    await inbox.claim(5)
    clock.now += timedelta(seconds=5)
    async with database.connect() as holder:
        await holder.execute(text("SELECT 1 FROM inbox WHERE update_id = 2 FOR UPDATE"))
        # Waiting for the holder here would wait for ever: the holder goes on only after.
        await asyncio.wait_for(inbox.renew([1, 2]), timeout=10)
        await holder.rollback()
    async with database.connect() as connection:
        leases = dict(
            (await connection.execute(text("SELECT update_id, lease_until FROM inbox"))).all()
        )
    assert leases[1] == clock.now + inbox.lease  # renewed
    assert leases[2] == clock.now - timedelta(seconds=5) + inbox.lease  # left for next time


class _Deadlock(Exception):
    sqlstate = "40P01"


async def test_a_done_write_the_database_refused_for_a_moment_is_written_again(database, inboxes):
    """A failed done write left the update unfinished under its lease: its learner's next
    update waited for the lease to run out, and the replies already sent went again."""
    first, _ = inboxes
    await first.add([_update(1, 10), _update(2, 10)])
    await first.claim(5)
    write = first._finish_in
    refusals = []

    async def refused_once(*args):
        if not refusals:
            refusals.append(args)
            raise exc.DBAPIError("UPDATE inbox", {}, _Deadlock("deadlock detected"))
        await write(*args)

    first._finish_in = refused_once
    await first.done(1)
    assert len(refusals) == 1
    assert (await inbox_counts(database))[DONE] == 1
    assert [row.update_id for row in await first.claim(5)] == [2]


async def test_a_done_write_that_fails_for_a_reason_of_its_own_is_not_repeated(inboxes):
    first, _ = inboxes
    await first.add([_update(1, 10)])
    await first.claim(5)
    calls = []

    async def broken(*args):
        calls.append(args)
        raise exc.DBAPIError("UPDATE inbox", {}, ValueError("no such column"))

    first._finish_in = broken
    with pytest.raises(exc.DBAPIError):
        await first.done(1)
    assert len(calls) == 1
