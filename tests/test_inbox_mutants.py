"""The inbox's handling in process: an inbox row's fate after its turn (done, tried again
later, or poison), the worker's claiming, lease renewal and stop, and the admins' queries.

The end-to-end inbox tests run the bot as a child process; these reach the same code
in this process, where a wrong branch shows as a failed assertion."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
from datetime import UTC, datetime, timedelta

import pytest
from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from sellerbot import worker as worker_module
from sellerbot.drivers.telegram import inbound
from sellerbot.drivers.telegram.inbound import (
    MAX_ATTEMPTS,
    InboundUpdates,
    current_row,
    describe,
    passing,
)
from sellerbot.store.handled import mark_handled
from sellerbot.store.inbox import (
    HANDLED,
    PENDING,
    Inbox,
    InboxRow,
    LostClaim,
    learner_key,
    oldest_unfinished_age,
    poison_updates,
)
from sellerbot.worker import Worker, worker_is_gone, worker_name

T0 = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def _payload(update_id: int, user_id: int = 7, text: str = "my secret words") -> str:
    chat = {"id": user_id, "type": "private"}
    sender = {"id": user_id, "is_bot": False, "first_name": "Li"}
    message = {"message_id": 1, "date": 0, "chat": chat, "from": sender, "text": text}
    return json.dumps({"update_id": update_id, "message": message})


def _row(update_id: int = 5, state: str = PENDING, attempts: int = 0, payload=None) -> InboxRow:
    return InboxRow(update_id, 7, payload or _payload(update_id), state, attempts, None)


class RecordingInbox:
    """What InboundUpdates told the inbox about each row."""

    def __init__(self):
        self.calls: list[tuple] = []

    async def done(self, update_id):
        self.calls.append(("done", update_id))

    async def retry_later(self, update_id, delay, error):
        self.calls.append(("retry_later", update_id, delay, error))

    async def quarantine(self, update_id, detail):
        self.calls.append(("quarantine", update_id, detail))


class Application:
    """Stands in for python-telegram-bot's Application: `process_update` runs `behaviour`."""

    bot = object()  # handlers reply through update.get_bot()

    def __init__(self, behaviour=None):
        self.behaviour = behaviour
        self.processed: list[tuple[Update, InboxRow | None]] = []

    async def process_update(self, update):
        self.processed.append((update, current_row.get()))
        if self.behaviour is not None:
            await self.behaviour(update)


def _inbound(behaviour=None):
    resumed = []

    async def resume(update, row):
        resumed.append((update.update_id, row.update_id, current_row.get()))

    inbox = RecordingInbox()
    updates = InboundUpdates(Application(behaviour), inbox, resume)
    return updates, inbox, resumed


def _raise(error: BaseException):
    async def behaviour(update):
        raise error

    return behaviour


# ----- inbound: the row's fate --------------------------------------------------------------


async def test_a_turn_that_goes_well_finishes_its_row_and_the_row_is_current_meanwhile():
    updates, inbox, resumed = _inbound()
    row = _row(5)
    await updates.handle(row)
    [(update, current)] = updates.application.processed
    assert update.update_id == 5 and update.message.text == "my secret words"
    assert update.get_bot() is Application.bot
    assert current == row
    assert current_row.get() is None  # reset once the turn is over
    assert inbox.calls == [("done", 5)] and resumed == []


async def test_a_saved_turn_is_resumed_not_played_again():
    updates, inbox, resumed = _inbound()
    row = _row(6, state=HANDLED)
    await updates.handle(row)
    assert updates.application.processed == []
    assert resumed == [(6, 6, row)]
    assert inbox.calls == [("done", 6)]


async def test_an_update_that_cannot_be_parsed_is_poison_and_its_turn_never_runs(caplog):
    updates, inbox, resumed = _inbound()
    with caplog.at_level(logging.ERROR, logger=inbound.__name__):
        await updates.handle(_row(8, payload="{not json"))
    assert updates.application.processed == [] and resumed == []
    [(what, update_id, detail)] = inbox.calls
    assert (what, update_id) == ("quarantine", 8)
    assert detail.startswith("Traceback (most recent call last):\n  File ")
    assert "JSONDecodeError" in detail
    [record] = caplog.records
    assert record.levelno == logging.ERROR
    assert record.getMessage().startswith("update 8 cannot be parsed (JSONDecodeError at ")
    assert record.getMessage().endswith("); kept as poison")


async def test_a_turn_that_raises_is_poison_logged_without_the_learners_words(caplog):
    updates, inbox, _ = _inbound(_raise(ValueError("my secret words")))
    with caplog.at_level(logging.ERROR, logger=inbound.__name__):
        await updates.handle(_row(9))
    [(what, update_id, detail)] = inbox.calls
    assert (what, update_id) == ("quarantine", 9)
    assert "ValueError: my secret words" in detail  # kept for admins, not logged
    [record] = caplog.records
    message = record.getMessage()
    assert message.startswith("update 9 failed (ValueError at test_inbox_mutants.py:")
    assert message.endswith("); kept as poison")
    assert "secret" not in message
    assert current_row.get() is None


async def test_a_turn_another_worker_now_holds_is_left_to_it_not_called_poison(caplog):
    updates, inbox, _ = _inbound(_raise(LostClaim(11)))
    with caplog.at_level(logging.INFO, logger=inbound.__name__):
        await updates.handle(_row(11))
    assert inbox.calls == []  # the holder finishes it; this worker's turn was rolled back
    [record] = caplog.records
    assert record.levelno == logging.INFO
    assert record.getMessage() == "update 11 is held by another worker now; left to it"


async def test_an_error_the_application_reported_decides_the_rows_fate():
    """python-telegram-bot catches a handler's error and gives it to the error handler,
    which hands it to record_error; process_update itself returns normally."""
    updates = None

    async def report(update):
        if update.update_id == 10:
            assert updates.record_error(update, NetworkError("connection reset"))

    updates, inbox, _ = _inbound(report)
    await updates.handle(_row(10))
    [(what, update_id, delay, error)] = inbox.calls
    assert (what, update_id, delay) == ("retry_later", 10, timedelta(seconds=2))
    assert error.startswith("NetworkError")
    await updates.handle(_row(11))  # the error was for update 10 alone
    assert inbox.calls[-1] == ("done", 11)


@pytest.mark.parametrize(
    ("attempts", "delay"), [(0, 2), (1, 4), (2, 8), (MAX_ATTEMPTS - 2, 2 * 2 ** (MAX_ATTEMPTS - 2))]
)
async def test_a_network_failure_is_tried_again_after_a_doubling_wait(attempts, delay, caplog):
    updates, inbox, _ = _inbound(_raise(TimedOut("timed out")))
    with caplog.at_level(logging.WARNING, logger=inbound.__name__):
        await updates.handle(_row(12, attempts=attempts))
    [(what, update_id, waited, error)] = inbox.calls
    assert (what, update_id, waited) == ("retry_later", 12, timedelta(seconds=delay))
    assert error.startswith("TimedOut at test_inbox_mutants.py:")  # kind and place, no message
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert record.getMessage() == f"update 12: {error}; trying again in {delay} s"


async def test_a_flood_wait_is_tried_again():
    updates, inbox, _ = _inbound(_raise(RetryAfter(3)))
    await updates.handle(_row(13))
    assert inbox.calls[0][:3] == ("retry_later", 13, timedelta(seconds=2))


async def test_after_the_last_attempt_a_network_failure_is_poison():
    updates, inbox, _ = _inbound(_raise(NetworkError("down")))
    await updates.handle(_row(14, attempts=MAX_ATTEMPTS - 1))
    [(what, update_id, detail)] = inbox.calls
    assert (what, update_id) == ("quarantine", 14) and "NetworkError" in detail


async def test_a_learner_who_blocked_the_bot_is_not_tried_again():
    updates, inbox, _ = _inbound(_raise(Forbidden("bot was blocked by the user")))
    await updates.handle(_row(15))
    assert [call[0] for call in inbox.calls] == ["quarantine"]


def test_only_network_failures_flood_waits_and_database_outages_pass():
    assert passing(NetworkError("x")) and passing(TimedOut()) and passing(RetryAfter(1))
    assert passing(BadRequest("x"))  # python-telegram-bot files it under NetworkError
    assert passing(ConnectionRefusedError(111, "the database is not there"))
    assert not passing(Forbidden("x")) and not passing(ValueError("x"))


async def test_errors_of_other_updates_or_outside_a_row_are_not_ours():
    updates, inbox, _ = _inbound()
    update = Update.de_json(json.loads(_payload(20)), None)
    assert not updates.record_error(update, NetworkError("x"))  # no row being handled
    token = current_row.set(_row(20))
    try:
        assert not updates.record_error("not an update", NetworkError("x"))
    finally:
        current_row.reset(token)
    await updates.handle(_row(20))
    assert inbox.calls == [("done", 20)]  # nothing was kept for it


def test_describe_names_the_kind_and_the_place_but_never_the_message():
    try:
        raise KeyError("my secret words")
    except KeyError as error:
        caught = error
    text = describe(caught)
    line = caught.__traceback__.tb_lineno
    assert text == f"KeyError at test_inbox_mutants.py:{line}"
    assert describe(ValueError("never raised")) == "ValueError"


# ----- the worker ---------------------------------------------------------------------------


class QueueInbox:
    """Hands out the rows it is given, records renewals and releases."""

    def __init__(self, rows=(), lease=timedelta(seconds=0.3), failures=0):
        self.waiting = list(rows)
        self.lease = lease
        self.limits: list[int] = []
        self.renewed: list[list[int]] = []
        self.released = 0
        self.freed = 0
        self.failures = failures

    async def claim(self, limit):
        self.limits.append(limit)
        if self.failures:
            self.failures -= 1
            raise ConnectionRefusedError("database away")
        taken, self.waiting = self.waiting[:limit], self.waiting[limit:]
        return taken

    async def release(self, holders):
        assert holders is worker_is_gone
        self.released += 1
        freed, self.freed = self.freed, 0
        return freed

    async def renew(self, update_ids):
        self.renewed.append(sorted(update_ids))


async def _until(condition, seconds: float = 5.0):
    async def wait():
        while not condition():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(wait(), seconds)


async def test_the_worker_handles_every_claimed_row_claiming_no_more_than_it_can_run():
    inbox = QueueInbox([_row(i) for i in range(1, 6)])
    handled = []
    gate = asyncio.Event()

    async def handle(row):
        await gate.wait()
        handled.append(row.update_id)

    worker = Worker(inbox, handle, concurrency=2, idle_poll=0.05)
    running = asyncio.create_task(worker.run())
    await _until(lambda: len(worker._running) == 2)
    assert inbox.limits[0] == 2
    await asyncio.sleep(0.15)  # idle polls while both run claim nothing: no room
    assert all(limit == 0 for limit in inbox.limits[1:]), inbox.limits
    gate.set()
    await _until(lambda: len(handled) == 5)
    assert sorted(handled) == [1, 2, 3, 4, 5]
    await worker.stop()
    await asyncio.wait_for(running, 2)
    assert worker._running == {}


async def test_a_finished_turn_wakes_the_worker_for_the_next_claim_at_once():
    inbox = QueueInbox([_row(1)])
    handled = []

    async def handle(row):
        handled.append(row.update_id)
        if row.update_id == 1:
            inbox.waiting.append(_row(2))  # this learner's next update

    worker = Worker(inbox, handle, concurrency=1, idle_poll=30)
    running = asyncio.create_task(worker.run())
    await _until(lambda: handled == [1, 2], seconds=2)
    worker.notify()
    await worker.stop()
    await asyncio.wait_for(running, 2)


async def test_notify_wakes_an_idle_worker():
    inbox = QueueInbox()
    handled = []

    async def handle(row):
        handled.append(row.update_id)

    worker = Worker(inbox, handle, idle_poll=30)
    running = asyncio.create_task(worker.run())
    await _until(lambda: len(inbox.limits) == 1)
    inbox.waiting.append(_row(3))
    worker.notify()
    await _until(lambda: handled == [3], seconds=2)
    await worker.stop()
    await asyncio.wait_for(running, 2)


async def test_a_turn_that_escapes_its_handler_is_logged_and_the_worker_goes_on(caplog):
    inbox = QueueInbox([_row(1), _row(2)])
    handled = []

    async def handle(row):
        if row.update_id == 1:
            raise RuntimeError("escaped")
        handled.append(row.update_id)

    worker = Worker(inbox, handle, concurrency=1, idle_poll=0.02)
    with caplog.at_level(logging.WARNING, logger=worker_module.__name__):
        running = asyncio.create_task(worker.run())
        await _until(lambda: handled == [2])
        await worker.stop()
        await asyncio.wait_for(running, 2)
    [record] = caplog.records
    # One line, the error's kind only: its text may quote a learner's words.
    assert record.getMessage() == "update 1 was not finished (RuntimeError); it will be tried again"
    assert record.exc_info is None
    assert worker._running == {}


async def test_an_unreachable_database_is_waited_out(monkeypatch, caplog):
    monkeypatch.setattr(worker_module, "DB_RETRY", 0.05)
    inbox = QueueInbox([_row(1)], failures=2)
    handled = []

    async def handle(row):
        handled.append(row.update_id)

    worker = Worker(inbox, handle, idle_poll=0.02)
    with caplog.at_level(logging.WARNING, logger=worker_module.__name__):
        running = asyncio.create_task(worker.run())
        await _until(lambda: handled == [1])
        await worker.stop()
        await asyncio.wait_for(running, 2)
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert messages == ["cannot read the inbox (ConnectionRefusedError); retrying"] * 2


async def test_leases_of_running_turns_are_renewed_every_third_of_the_lease(caplog):
    inbox = QueueInbox([_row(4), _row(9)], lease=timedelta(seconds=0.3))
    inbox.freed = 3
    gate = asyncio.Event()

    async def handle(row):
        await gate.wait()

    worker = Worker(inbox, handle, idle_poll=0.02)
    with caplog.at_level(logging.INFO, logger=worker_module.__name__):
        running = asyncio.create_task(worker.run())
        await asyncio.sleep(0.45)
    gate.set()
    await worker.stop()
    await asyncio.wait_for(running, 2)
    # 0.1 s apart: renewed at 0.1, 0.2, 0.3 and 0.4 s (a half-lease wait would give 0.15, 0.3).
    assert 3 <= len(inbox.renewed) <= 5, inbox.renewed
    assert inbox.renewed[0] == [4, 9]
    assert inbox.released == len(inbox.renewed) + 1 or inbox.released == len(inbox.renewed)
    infos = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert infos == ["3 updates held by a stopped worker are free again"]


async def test_a_failed_renewal_is_logged_and_tried_again(caplog):
    inbox = QueueInbox(lease=timedelta(seconds=0.15))
    real_release = inbox.release
    failures = [ConnectionResetError("gone")]

    async def release_failing_once(holders):
        if failures:
            raise failures.pop()
        return await real_release(holders)

    inbox.release = release_failing_once
    gate = asyncio.Event()

    async def handle(row):
        await gate.wait()

    inbox.waiting.append(_row(5))
    worker = Worker(inbox, handle, idle_poll=0.02)
    with caplog.at_level(logging.WARNING, logger=worker_module.__name__):
        running = asyncio.create_task(worker.run())
        await _until(lambda: inbox.renewed)
        gate.set()
        await worker.stop()
        await asyncio.wait_for(running, 2)
    assert inbox.renewed[0] == [5]
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["cannot renew inbox leases (ConnectionResetError)"]


async def test_a_failed_renewal_waits_before_trying_again():
    inbox = QueueInbox(lease=timedelta(seconds=0.3))
    calls = []

    async def failing_release(holders):
        calls.append(holders)
        await asyncio.sleep(0)  # a refused connection answers at once
        raise ConnectionRefusedError("database away")

    inbox.release = failing_release

    async def handle(row):
        pass

    worker = Worker(inbox, handle, idle_poll=0.02)
    logging.getLogger(worker_module.__name__).disabled = True  # thousands of lines otherwise
    try:
        running = asyncio.create_task(worker.run())
        await asyncio.sleep(0.25)
        await worker.stop()
        await asyncio.wait_for(running, 2)
    finally:
        logging.getLogger(worker_module.__name__).disabled = False
    assert len(calls) <= 5, f"{len(calls)} tries in 0.25 s"


async def test_stopping_lets_short_turns_finish_and_cancels_long_ones():
    inbox = QueueInbox([_row(1), _row(2)])
    finished, cancelled = [], []

    async def handle(row):
        try:
            await asyncio.sleep(0.05 if row.update_id == 1 else 30)
            finished.append(row.update_id)
        except asyncio.CancelledError:
            cancelled.append(row.update_id)
            raise

    worker = Worker(inbox, handle, idle_poll=0.02)
    running = asyncio.create_task(worker.run())
    await _until(lambda: len(worker._running) == 2)
    await worker.stop(grace=0.5)
    assert finished == [1] and cancelled == [2]  # cancelled turns have ended when stop returns
    assert worker._running == {}
    await asyncio.wait_for(running, 2)
    claims = len(inbox.limits)
    await asyncio.sleep(0.1)
    assert len(inbox.limits) == claims  # a stopped worker claims nothing more


async def test_stopping_an_idle_worker_returns_at_once():
    worker = Worker(QueueInbox(), lambda row: None, idle_poll=30)
    running = asyncio.create_task(worker.run())
    await asyncio.sleep(0.02)
    await asyncio.wait_for(worker.stop(grace=10), 1)
    await asyncio.wait_for(running, 1)


def test_a_worker_name_is_this_machine_this_process_and_a_random_tag():
    host, pid, tag = worker_name().split(":")
    assert host == socket.gethostname()[:40] and pid == str(os.getpid())
    assert len(tag) == 8 and int(tag, 16) >= 0
    assert worker_name() != worker_name()


def test_a_worker_run_by_another_user_is_not_gone(monkeypatch):
    def refused(pid, signal):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "kill", refused)
    assert not worker_is_gone(f"{socket.gethostname()[:40]}:4242:ffff")


def test_a_worker_name_of_another_shape_is_never_gone(monkeypatch):
    monkeypatch.setattr(os, "kill", lambda pid, signal: pytest.fail("signalled"))
    host = socket.gethostname()[:40]
    assert not worker_is_gone(f"{host}:4242")
    assert not worker_is_gone(f"{host}:4242:ffff:extra")
    assert not worker_is_gone(f"{host}:pid:ffff")
    assert not worker_is_gone(f"{host}x:4242:ffff")


# ----- the inbox store ----------------------------------------------------------------------


def test_an_update_naming_nobody_or_an_impossible_id_has_key_zero():
    assert learner_key({"update_id": 1}) == 0
    assert learner_key({"update_id": 1, "message": {"from": {"id": True}}}) == 0
    assert learner_key({"update_id": 1, "message": {"from": {"id": 2**63}}}) == 0
    assert learner_key({"update_id": 1, "message": {"from": {"id": -(2**63)}}}) == 0
    assert learner_key({"update_id": 1, "message": {"from": {"id": 2**63 - 1}}}) == 2**63 - 1
    assert learner_key({"update_id": 1, "message": {"from": {"id": -(2**63) + 1}}}) == -(2**63) + 1
    assert learner_key({"update_id": 1, "message": {"from": {"id": "7"}}}) == 0


def test_the_update_id_is_never_taken_for_a_learner():
    assert learner_key({"update_id": {"from": {"id": 5}}, "message": {"chat": {"id": 6}}}) == 6


def test_the_first_id_found_wins_in_field_order():
    update = {"update_id": 1, "callback_query": {"from": {"id": 3}, "message": {"chat": {"id": 4}}}}
    assert learner_key(update) == 3
    assert learner_key({"update_id": 1, "my_chat_member": {"chat": {"id": 8}}}) == 8
    assert learner_key({"update_id": 1, "poll_answer": {"user": {"id": 9}}}) == 9
    assert learner_key({"update_id": 1, "x": {"message": {"chat": {"id": 10}}}}) == 10


async def test_the_oldest_unanswered_update_says_how_long_it_waited(database):
    clock = type("Clock", (), {"now": T0, "__call__": lambda self: self.now})()
    inbox = Inbox(database, "host:1:a", clock)
    assert await oldest_unfinished_age(database, T0) is None
    await inbox.add([(1, _payload(1), 7)])
    clock.now = T0 + timedelta(seconds=30)
    await inbox.add([(2, _payload(2), 8)])
    assert await oldest_unfinished_age(database, T0 + timedelta(minutes=1)) == timedelta(minutes=1)
    [row] = await inbox.claim(1)
    await inbox.done(row.update_id)
    waited = await oldest_unfinished_age(database, T0 + timedelta(minutes=1))
    assert waited == timedelta(seconds=30)


async def test_poison_updates_are_listed_newest_first_up_to_the_limit(database):
    inbox = Inbox(database, "host:1:a", lambda: T0)
    await inbox.add([(i, _payload(i, user_id=i), i) for i in range(1, 5)])
    for row in await inbox.claim(10):
        if row.update_id == 3:
            await inbox.done(3)
        else:
            await inbox.quarantine(row.update_id, f"error {row.update_id}")
    listed = await poison_updates(database)
    assert [(row.update_id, row.learner_key, row.error) for row in listed] == [
        (4, 4, "error 4"),
        (2, 2, "error 2"),
        (1, 1, "error 1"),
    ]
    assert json.loads(listed[0].payload)["update_id"] == 4
    assert [row.update_id for row in await poison_updates(database, limit=2)] == [4, 2]


# ----- the inbox store: each row's columns after each step -----------------------------------


class Clock:
    def __init__(self):
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


async def _stored(engine) -> dict[int, dict]:
    from sqlalchemy import select

    from sellerbot.store.schema import InboxUpdate

    async with engine.connect() as connection:
        rows = (await connection.execute(select(InboxUpdate.__table__))).mappings().all()
    return {row["update_id"]: dict(row) for row in rows}


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


async def test_a_claimed_row_carries_the_stored_update(database):
    inbox = Inbox(database, "host:1:a", Clock())
    await inbox.add([(1, _payload(1), 70), (2, _payload(2), 80)])
    first, second = await inbox.claim(5)
    assert (first.update_id, first.learner_key, first.payload) == (1, 70, _payload(1))
    assert (first.state, first.attempts, first.replies) == (PENDING, 0, None)
    assert (second.update_id, second.learner_key) == (2, 80)
    assert (await _stored(database))[1]["attempts"] == 0


async def test_a_claim_of_fewer_than_waiting_takes_the_oldest(database):
    inbox = Inbox(database, "host:1:a", Clock())
    await inbox.add([(n, _payload(n), 100 + n) for n in (9, 3, 7, 5)])
    assert [row.update_id for row in await inbox.claim(2)] == [3, 5]


async def test_finishing_records_the_outcome_and_frees_the_row(database):
    clock = Clock()
    inbox = Inbox(database, "host:1:a", clock)
    await inbox.add([(1, _payload(1), 7), (2, _payload(2), 8)])
    await inbox.claim(5)
    clock.now = T0 + timedelta(seconds=5)
    await inbox.quarantine(1, "Traceback: ValueError")
    await inbox.done(2)
    stored = await _stored(database)
    assert (stored[1]["state"], stored[1]["error"]) == ("poison", "Traceback: ValueError")
    assert (stored[2]["state"], stored[2]["error"]) == ("done", None)
    for row in stored.values():
        assert (row["worker"], row["lease_until"]) == (None, None)
        assert _aware(row["finished_at"]) == T0 + timedelta(seconds=5)


async def test_only_the_holder_finishes_a_row_and_a_finished_row_stays_finished(database):
    holder, other = Inbox(database, "host:1:a", Clock()), Inbox(database, "host:2:b", Clock())
    await holder.add([(1, _payload(1), 7)])
    await holder.claim(5)
    await other.done(1)
    assert (await _stored(database))[1]["state"] == PENDING
    await holder.quarantine(1, "TypeError")
    await holder.done(1)
    assert (await _stored(database))[1]["state"] == "poison"


async def test_a_handled_turn_stores_its_replies_for_that_update_only(database):
    inbox = Inbox(database, "host:1:a", Clock())
    await inbox.add([(1, _payload(1), 7), (2, _payload(2), 8)])
    await inbox.claim(5)
    async with database.begin() as connection:
        await mark_handled(connection, inbox.handled(2, {"replies": ["hello"]}))
    stored = await _stored(database)
    assert (stored[2]["state"], stored[2]["replies"]) == (HANDLED, {"replies": ["hello"]})
    assert (stored[1]["state"], stored[1]["replies"]) == (PENDING, None)


async def test_retry_later_changes_only_that_update_and_only_for_its_holder(database):
    clock = Clock()
    holder, other = Inbox(database, "host:1:a", clock), Inbox(database, "host:2:b", clock)
    await holder.add([(1, _payload(1), 7), (2, _payload(2), 8)])
    await holder.claim(5)
    await other.retry_later(1, timedelta(seconds=10), "NetworkError")
    assert (await _stored(database))[1]["attempts"] == 0
    await holder.retry_later(1, timedelta(seconds=10), "NetworkError at x.py:3")
    stored = await _stored(database)
    assert (stored[1]["attempts"], stored[1]["error"]) == (1, "NetworkError at x.py:3")
    assert stored[1]["worker"] is None
    assert _aware(stored[1]["lease_until"]) == T0 + timedelta(seconds=10)
    assert (stored[2]["attempts"], stored[2]["worker"], stored[2]["error"]) == (0, "host:1:a", None)


async def test_prune_keeps_done_updates_until_they_are_two_days_old(database):
    clock = Clock()
    inbox = Inbox(database, "host:1:a", clock)
    await inbox.add([(1, _payload(1), 7)])
    await inbox.claim(5)
    await inbox.done(1)
    clock.now = T0 + timedelta(days=2)
    assert await inbox.prune() == 0  # exactly two days: kept
    clock.now = T0 + timedelta(days=2, seconds=1)
    assert await inbox.prune() == 1


async def test_a_poison_updates_listing_says_when_each_arrived(database):
    inbox = Inbox(database, "host:1:a", lambda: T0)
    await inbox.add([(1, _payload(1), 7)])
    await inbox.claim(5)
    await inbox.quarantine(1, "TypeError")
    [row] = await poison_updates(database)
    assert _aware(row.received_at) == T0


def test_asking_whether_a_worker_is_gone_does_not_disturb_it():
    import subprocess
    import sys
    import time

    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert not worker_is_gone(f"{socket.gethostname()[:40]}:{holder.pid}:ffff")
        time.sleep(0.2)
        assert holder.poll() is None, "the check signalled the worker"
    finally:
        holder.kill()
        holder.wait()


async def test_an_idle_worker_looks_at_the_inbox_every_poll_without_being_told():
    inbox = QueueInbox()
    handled = []

    async def handle(row):
        handled.append(row.update_id)

    worker = Worker(inbox, handle, idle_poll=0.05)
    running = asyncio.create_task(worker.run())
    await _until(lambda: len(inbox.limits) >= 1)
    inbox.waiting.append(_row(4))  # stored by another process: no notify here
    await _until(lambda: handled == [4], seconds=2)
    await worker.stop()
    await asyncio.wait_for(running, 2)


async def test_renewing_extends_only_this_workers_leases_by_a_whole_lease(database):
    clock = Clock()
    first, second = Inbox(database, "host:1:a", clock), Inbox(database, "host:2:b", clock)
    await first.add([(1, _payload(1), 7), (2, _payload(2), 8), (3, _payload(3), 9)])
    await first.claim(2)
    await second.claim(1)
    clock.now = T0 + timedelta(seconds=10)
    await first.renew([1, 3])  # 3 is the other worker's
    await first.renew([])
    stored = await _stored(database)
    assert _aware(stored[1]["lease_until"]) == T0 + timedelta(seconds=10) + first.lease
    assert _aware(stored[2]["lease_until"]) == T0 + first.lease
    assert _aware(stored[3]["lease_until"]) == T0 + second.lease


async def test_forgetting_an_update_deletes_it_and_no_other(database):
    inbox = Inbox(database, "host:1:a", Clock())
    await inbox.add([(1, _payload(1), 7), (2, _payload(2), 8)])
    await inbox.forget(1)
    assert list(await _stored(database)) == [2]


async def test_an_update_claimed_again_while_its_turn_runs_is_not_started_twice(caplog):
    """A lease can run out while a slow turn goes on (the database stalled): claiming the
    update again must only keep it, not run a second turn that is then refused as lost."""
    inbox = QueueInbox([_row(7)])
    started = []
    gate = asyncio.Event()

    async def handle(row):
        started.append(row.update_id)
        inbox.waiting.append(_row(7))  # the next claim hands back the same update
        await gate.wait()

    worker = Worker(inbox, handle, concurrency=4, idle_poll=0.01)
    with caplog.at_level(logging.WARNING):
        running = asyncio.create_task(worker.run())
        await _until(lambda: len(inbox.limits) >= 5)  # claimed again, several times
        gate.set()
        await _until(lambda: worker._running == {})
        await worker.stop()
        await asyncio.wait_for(running, 2)
    assert started == [7]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
