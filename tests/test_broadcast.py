"""Broadcasts: segments, pacing, the sender against the fake Bot API, crash recovery, the lease."""

from __future__ import annotations

import asyncio
import os
import socket
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import insert, select, update
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut

from sellerbot.admin.botapi import (
    ApiUnusable,
    FloodWait,
    RecipientBlocked,
    Rejected,
    TelegramBroadcastApi,
    TransientError,
    Uncertain,
    delivery_error,
)
from sellerbot.admin.broadcast import (
    BroadcastError,
    BroadcastSender,
    LeaseHeld,
    SenderOptions,
    cancel_broadcast,
    create_broadcast,
    delivery_counts,
    due_broadcasts,
    schedule_broadcast,
)
from sellerbot.admin.ledger import LEASE_NAME
from sellerbot.admin.limits import ChatSpacing, FloodGate, TokenBucket
from sellerbot.admin.segments import (
    CourseFacts,
    Segment,
    SegmentError,
    audience_query,
    audience_size,
    parse_segment,
)
from sellerbot.store.schema import (
    Broadcast,
    BroadcastDelivery,
    BroadcastLease,
    Learner,
    ModuleCompletion,
)
from tests.fakebotapi import FakeBotApi

COURSE = CourseFacts("en", ("en", "zh_Hans"), ("basics", "photos"))
NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
FAST = SenderOptions(backoff=0.05, lease_seconds=5, progress_every=1000, progress_seconds=60)


async def add_learners(engine, count: int, first_id: int = 1000, **values) -> list[int]:
    user_ids = list(range(first_id, first_id + count))
    row = {"mode": "menu", "attempts": 0, "active": True, "created_at": NOW, "last_seen_at": NOW}
    async with engine.begin() as connection:
        await connection.execute(
            insert(Learner), [{**row, **values, "user_id": user_id} for user_id in user_ids]
        )
    return user_ids


async def complete(engine, user_id: int, steps=(), modules=()) -> None:
    async with engine.begin() as connection:
        learner_id = await connection.scalar(select(Learner.id).where(Learner.user_id == user_id))
        progress = {"steps": [list(pair) for pair in steps], "modules": list(modules)}
        await connection.execute(
            update(Learner)
            .where(Learner.id == learner_id)
            .values(progress=progress, steps_done=len(steps))
        )
        for module_id in modules:
            await connection.execute(
                insert(ModuleCompletion).values(
                    learner_id=learner_id, module_id=module_id, completed_at=NOW
                )
            )


async def deliveries(engine, broadcast_id: int) -> dict[int, BroadcastDelivery]:
    async with engine.connect() as connection:
        rows = await connection.execute(
            select(BroadcastDelivery.__table__).where(
                BroadcastDelivery.broadcast_id == broadcast_id
            )
        )
        return {row.user_id: row for row in rows}


def received(api: FakeBotApi, user_id: int) -> int:
    return sum(call.method in ("sendMessage", "copyMessage") for call in api.sent(user_id))


@pytest.fixture
def api():
    with FakeBotApi() as server:
        yield server


@pytest.fixture
async def telegram_api(api):
    async with TelegramBroadcastApi.connect(api.token, api.root_url) as client:
        yield client


# ----- segments -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("everyone", Segment()),
        (
            " locale=zh_Hans , source=county-3,inactive=7 ",
            Segment("zh_Hans", "county-3", inactive_days=7),
        ),
        ("completed=basics", Segment(completed="basics")),
        ("not-started", Segment(not_started=True)),
        ("in-progress,locale=en", Segment(locale="en", in_progress=True)),
    ],
)
def test_segments_parse(text, expected):
    segment = parse_segment(text, COURSE)
    assert segment == expected
    assert parse_segment(segment.describe(), COURSE) == segment
    assert Segment.from_json(segment.to_json()) == segment


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty segment"),
        ("locale=en,,source=x", "empty filter"),
        ("colour=red", "unknown filter 'colour'"),
        ("locale=fr", "unknown locale 'fr'; the course has en, zh_Hans"),
        ("completed=cooking", "unknown module 'cooking'"),
        ("inactive=soon", "whole number of days"),
        ("inactive=0", "whole number of days"),
        ("source=", "source needs a value"),
        ("locale=en,locale=zh_Hans", "locale is given twice"),
        ("everyone,locale=en", "everyone cannot be combined"),
        ("not-started=yes", "not-started takes no value"),
        ("not-started,in-progress", "exclude each other"),
        ("not-started,completed=basics", "exclude each other"),
    ],
)
def test_bad_segments_say_what_is_wrong(text, message):
    with pytest.raises(SegmentError, match=message.replace("(", r"\(")):
        parse_segment(text, COURSE)


async def test_segments_select_the_right_learners(database):
    old = NOW - timedelta(days=10)
    await add_learners(database, 1, 1, locale="en", source="county-3")
    await add_learners(database, 1, 2, locale=None, source="county-3", last_seen_at=old)
    await add_learners(database, 1, 3, locale="zh_Hans", last_seen_at=old)
    await add_learners(database, 1, 4, locale="zh_Hans", active=False)
    await add_learners(database, 1, 5, locale="en")
    await complete(database, 1, steps=[("basics", "intro")])
    await complete(database, 3, steps=[("basics", "intro")], modules=["basics"])
    await complete(database, 5, steps=[("basics", "intro")], modules=["basics", "photos"])

    async def members(text: str) -> set[int]:
        query = audience_query(parse_segment(text, COURSE), COURSE, NOW)
        async with database.connect() as connection:
            found = set((await connection.execute(query)).scalars())
        assert await audience_size(database, parse_segment(text, COURSE), COURSE, NOW) == len(found)
        return found

    assert await members("everyone") == {1, 2, 3, 5}  # 4 blocked the bot
    assert await members("locale=en") == {1, 2, 5}  # 2 never chose: the default locale
    assert await members("locale=zh_Hans") == {3}
    assert await members("source=county-3") == {1, 2}
    assert await members("not-started") == {2}
    assert await members("in-progress") == {1, 3}
    assert await members("completed=basics") == {3, 5}
    assert await members("inactive=7") == {2, 3}
    assert await members("locale=en,source=county-3,inactive=7") == {2}


# ----- pacing ---------------------------------------------------------------------------------


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_token_bucket_spaces_sends_evenly():
    clock = FakeClock()
    bucket = TokenBucket(rate=10, capacity=1, clock=clock)
    assert [bucket.reserve() for _ in range(4)] == pytest.approx([0, 0.1, 0.2, 0.3])
    clock.now += 1.0  # the reservations are used; a second later one token is saved up
    assert bucket.reserve() == pytest.approx(0)
    assert bucket.reserve() == pytest.approx(0.1)


def test_token_bucket_saves_up_to_its_capacity():
    clock = FakeClock()
    bucket = TokenBucket(rate=30, capacity=3, clock=clock)
    clock.now += 60
    assert [bucket.reserve() for _ in range(4)] == pytest.approx([0, 0, 0, 1 / 30])
    with pytest.raises(ValueError):
        TokenBucket(rate=0)


def test_token_bucket_allows_a_slow_rate_and_never_asks_for_a_negative_wait():
    clock = FakeClock()
    bucket = TokenBucket(rate=0.5, capacity=2, clock=clock)  # one send every two seconds
    assert [bucket.reserve() for _ in range(3)] == pytest.approx([0, 0, 2.0])
    clock.now += 5  # 2.5 tokens come back; 1.5 are left after paying the debt
    assert bucket.reserve() == 0.0  # half a token is still saved, so no wait
    assert bucket.reserve() == pytest.approx(1.0)


def test_token_bucket_never_exceeds_its_rate_in_any_second():
    clock = FakeClock()
    bucket = TokenBucket(rate=30, clock=clock)
    sends = []
    for _ in range(300):
        clock.now += 0.004  # callers arrive faster than the rate
        sends.append(clock.now + bucket.reserve())
    for index, start in enumerate(sends):
        assert sum(start <= other < start + 1 for other in sends[index:]) <= 30


def test_chat_spacing_allows_one_send_a_second_per_chat():
    clock = FakeClock()
    spacing = ChatSpacing(1.0, clock=clock)
    assert spacing.reserve(1) == 0
    assert spacing.reserve(2) == 0
    assert spacing.reserve(1) == pytest.approx(1.0)
    assert spacing.reserve(1) == pytest.approx(2.0)
    clock.now += 5
    assert spacing.reserve(1) == 0


def test_chat_spacing_forgets_chats_whose_slot_has_passed():
    clock = FakeClock()
    spacing = ChatSpacing(1.0, clock=clock)
    for chat in range(ChatSpacing.PRUNE_EVERY - 1):
        spacing.reserve(chat)
    clock.now += 2
    spacing.reserve(-1)
    assert len(spacing) == 1


async def test_flood_gate_waits_out_a_ban_even_when_extended():
    clock = FakeClock()
    slept = []

    async def sleep(seconds):
        slept.append(seconds)
        clock.now += seconds
        if len(slept) == 1:
            gate.close_for(3)  # another 429 while waiting

    gate = FloodGate(clock=clock, sleep=sleep)
    await gate.wait_open()
    assert slept == []
    gate.close_for(2)
    await gate.wait_open()
    assert slept == [2, 3]
    assert gate.remaining() == 0


async def test_flood_gate_waits_out_a_ban_shorter_than_a_second():
    clock = FakeClock()
    slept = []

    async def sleep(seconds):
        slept.append(seconds)
        clock.now += seconds

    gate = FloodGate(clock=clock, sleep=sleep)
    gate.close_for(0.4)
    await gate.wait_open()
    assert slept == pytest.approx([0.4])
    assert gate.remaining() == 0


# ----- Bot API errors ---------------------------------------------------------------------------


def _caused(error, cause):
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "kind"),
    [
        (RetryAfter(7), FloodWait),
        (Forbidden("Forbidden: bot was blocked by the user"), RecipientBlocked),
        (BadRequest("Bad Request: chat not found"), Rejected),
        (InvalidToken("Unauthorized"), ApiUnusable),
        (NetworkError("Bad Gateway"), TransientError),
        (NetworkError("Internal Server Error (500)"), TransientError),
        (_caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("x")), TransientError),
        (_caused(TimedOut(), httpx.ConnectTimeout("x")), TransientError),
        (_caused(TimedOut(), httpx.ReadTimeout("x")), Uncertain),
        (_caused(NetworkError("x"), httpx.RemoteProtocolError("x")), Uncertain),
    ],
)
def test_api_errors_are_sorted_by_what_to_do(error, kind):
    mapped = delivery_error(error)
    assert type(mapped) is kind
    if kind is FloodWait:
        assert mapped.retry_after == 7


# ----- creating broadcasts ---------------------------------------------------------------------


async def test_creating_checks_the_message_and_rate(database):
    with pytest.raises(BroadcastError, match="either a text or a chat"):
        await create_broadcast(database, Segment())
    with pytest.raises(BroadcastError, match="either a text or a chat"):
        await create_broadcast(database, Segment(), text="hi", from_chat_id=1, message_id=2)
    with pytest.raises(BroadcastError, match="empty"):
        await create_broadcast(database, Segment(), text="  ")
    with pytest.raises(BroadcastError, match="4097 characters"):
        await create_broadcast(database, Segment(), text="x" * 4097)
    with pytest.raises(BroadcastError, match="--paid"):
        await create_broadcast(database, Segment(), text="hi", rate=31)
    with pytest.raises(BroadcastError, match="at most 1000"):
        await create_broadcast(database, Segment(), text="hi", rate=1001, paid=True)
    with pytest.raises(BroadcastError, match="positive"):
        await create_broadcast(database, Segment(), text="hi", rate=0)


async def test_drafts_and_scheduled_broadcasts_wait_their_turn(database):
    draft = await create_broadcast(database, Segment(), text="later", draft=True)
    future = await create_broadcast(database, Segment(), text="b", at=NOW + timedelta(hours=1))
    now = await create_broadcast(database, Segment(), text="a", at=NOW)
    assert await due_broadcasts(database, NOW) == [now]
    await schedule_broadcast(database, draft, at=NOW - timedelta(minutes=1))
    assert await due_broadcasts(database, NOW) == [draft, now]
    assert await due_broadcasts(database, NOW + timedelta(hours=2)) == [draft, now, future]
    await cancel_broadcast(database, future)
    with pytest.raises(BroadcastError, match="has ended"):
        await cancel_broadcast(database, future)
    with pytest.raises(BroadcastError, match="not a draft"):
        await schedule_broadcast(database, future)


# ----- sending ----------------------------------------------------------------------------------


async def test_a_text_reaches_every_learner_in_the_segment_once(database, api, telegram_api):
    await add_learners(database, 5, 100, locale="en")
    await add_learners(database, 2, 200, locale="zh_Hans")
    text = "New lesson <b>today</b> & tomorrow"
    broadcast_id = await create_broadcast(database, parse_segment("locale=en", COURSE), text=text)
    reports = []
    sender = BroadcastSender(database, telegram_api, COURSE, options=FAST, progress=reports.append)
    (report,) = await sender.run()
    assert (report.sent, report.left, report.total, report.finished) == (5, 0, 5, True)
    assert reports[-1] == report
    for user_id in range(100, 105):
        (message,) = api.chat(user_id)
        assert message.text == text  # escaped for HTML, so shown as written
    assert api.chat(200) == []
    rows = await deliveries(database, broadcast_id)
    assert {row.state for row in rows.values()} == {"sent"}
    assert all(row.message_id == api.chat(user)[0].message_id for user, row in rows.items())
    async with database.connect() as connection:
        status = await connection.scalar(select(Broadcast.status))
    assert status == "done"
    assert await sender.run() == []  # nothing is sent twice


async def test_a_message_is_copied(database, api, telegram_api):
    await add_learners(database, 3)
    admin_chat = 77
    update_ = api.make_message_update(admin_chat, "Market day on Saturday!")
    api.push_update(update_)
    source_id = update_["message"]["message_id"]
    await create_broadcast(database, Segment(), from_chat_id=admin_chat, message_id=source_id)
    (report,) = await BroadcastSender(database, telegram_api, COURSE, options=FAST).run()
    assert report.sent == 3
    assert [m.text for m in api.chat(1000)] == ["Market day on Saturday!"]
    assert len(api.calls_to("copyMessage")) == 3


async def test_a_flood_ban_pauses_every_send_until_it_ends(database, api, telegram_api):
    user_ids = await add_learners(database, 12)
    api.set_flood_limit(global_per_second=5, per_chat_per_second=None, retry_after=1)
    await create_broadcast(database, Segment(), text="hello", rate=30)
    (report,) = await BroadcastSender(database, telegram_api, COURSE, options=FAST).run()
    stats = api.stats_snapshot()
    assert stats["status_429"] >= 1
    assert report.flood_waits == stats["status_429"]
    assert stats["sends_during_ban"] == 0
    assert report.sent == 12
    assert all(received(api, user_id) == 1 for user_id in user_ids)


async def test_a_learner_who_blocked_the_bot_is_marked(database, api, telegram_api):
    await add_learners(database, 3)
    api.block_chat(1001)
    broadcast_id = await create_broadcast(database, Segment(), text="hello")
    (report,) = await BroadcastSender(database, telegram_api, COURSE, options=FAST).run()
    assert (report.sent, report.blocked) == (2, 1)
    row = (await deliveries(database, broadcast_id))[1001]
    assert (row.state, row.attempts) == ("blocked", 1)
    assert "blocked" in row.error
    async with database.connect() as connection:
        active = await connection.scalar(select(Learner.active).where(Learner.user_id == 1001))
    assert active is False


async def test_server_errors_are_retried(database, api, telegram_api):
    await add_learners(database, 1)
    api.fail_next("sendMessage", count=1, status=502)
    broadcast_id = await create_broadcast(database, Segment(), text="hello")
    (report,) = await BroadcastSender(database, telegram_api, COURSE, options=FAST).run()
    row = (await deliveries(database, broadcast_id))[1000]
    assert (report.sent, row.state, row.attempts) == (1, "sent", 2)
    assert received(api, 1000) == 1


async def test_lasting_server_errors_fail_the_delivery(database, api, telegram_api):
    await add_learners(database, 1)
    api.fail_next("sendMessage", count=5, status=503)
    broadcast_id = await create_broadcast(database, Segment(), text="hello")
    options = SenderOptions(max_attempts=2, backoff=0.05, progress_seconds=60)
    (report,) = await BroadcastSender(database, telegram_api, COURSE, options=options).run()
    row = (await deliveries(database, broadcast_id))[1000]
    assert (report.failed, row.state, row.attempts) == (1, "failed", 2)
    assert "Service Unavailable" in row.error
    assert report.finished


async def test_a_lost_answer_is_unknown_and_not_sent_again(database, api, telegram_api):
    await add_learners(database, 2)
    api.fail_connections_next(1)
    broadcast_id = await create_broadcast(database, Segment(), text="hello")
    (report,) = await BroadcastSender(database, telegram_api, COURSE, options=FAST).run()
    assert (report.sent, report.unknown) == (1, 1)
    rows = await deliveries(database, broadcast_id)
    assert rows[1000].state == "unknown" and rows[1000].attempts == 1
    assert len(api.calls_to("sendMessage")) == 1


class RevokedToken:
    async def send_text(self, chat_id: int, text: str) -> int:
        raise ApiUnusable("Unauthorized")


async def test_a_revoked_token_stops_the_broadcast_for_later(database, telegram_api):
    await add_learners(database, 2)
    broadcast_id = await create_broadcast(database, Segment(), text="hello")
    (report,) = await BroadcastSender(database, RevokedToken(), COURSE, options=FAST).run()
    assert report.stopped == "the Bot API refuses this bot: Unauthorized"
    assert (await delivery_counts(database, broadcast_id))["pending"] == 2
    (report,) = await BroadcastSender(database, telegram_api, COURSE, options=FAST).run()
    assert (report.sent, report.finished) == (2, True)


async def test_learners_gone_since_the_audience_was_taken_are_skipped(database, api, telegram_api):
    await add_learners(database, 3)
    broadcast_id = await create_broadcast(database, Segment(), text="hello")
    await _interrupted(database, broadcast_id, sending=[], pending=[1000, 1001, 1002])
    async with database.begin() as connection:
        await connection.execute(
            update(Learner).where(Learner.user_id == 1001).values(active=False)
        )
        await connection.execute(Learner.__table__.delete().where(Learner.user_id == 1002))
    (report,) = await BroadcastSender(database, telegram_api, COURSE, options=FAST).run()
    states = {user: row.state for user, row in (await deliveries(database, broadcast_id)).items()}
    assert states == {1000: "sent", 1001: "blocked", 1002: "failed"}
    assert (report.sent, report.blocked, report.failed) == (1, 1, 1)
    assert received(api, 1001) == received(api, 1002) == 0


async def test_cancelling_stops_a_broadcast(database, api):
    await add_learners(database, 50)
    broadcast_id = await create_broadcast(database, Segment(), text="hello", rate=30)

    class CancelsAfterFive:
        calls = 0

        async def send_text(self, chat_id, text):
            self.calls += 1
            if self.calls == 5:
                await cancel_broadcast(database, broadcast_id)
            return self.calls

    (report,) = await BroadcastSender(database, CancelsAfterFive(), COURSE, options=FAST).run()
    assert report.stopped == "the broadcast was cancelled"
    counts = await delivery_counts(database, broadcast_id)
    assert counts["sent"] < 50 and counts["sending"] == 0
    assert counts["sent"] + counts["pending"] == 50


# ----- crashes and the lease ----------------------------------------------------------------------


async def _interrupted(engine, broadcast_id: int, sending: list[int], pending: list[int]) -> None:
    """The state a sender killed mid-broadcast leaves behind."""
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
                    "attempts": int(state == "sending"),
                    "updated_at": NOW,
                }
                for state, users in (("sending", sending), ("pending", pending))
                for user_id in users
            ],
        )


async def test_after_a_crash_in_flight_deliveries_are_unknown_and_the_rest_sent(
    database, api, telegram_api
):
    await add_learners(database, 6)
    broadcast_id = await create_broadcast(database, Segment(), text="hello")
    await _interrupted(
        database, broadcast_id, sending=[1000, 1001], pending=[1002, 1003, 1004, 1005]
    )
    dead = f"{socket.gethostname()}:{_dead_pid()}:0"
    async with database.begin() as connection:
        await connection.execute(
            insert(BroadcastLease).values(
                name=LEASE_NAME, sender_id=dead, lease_until=NOW + timedelta(days=365)
            )
        )
    sender = BroadcastSender(database, telegram_api, COURSE, options=FAST)
    (report,) = await sender.run()
    assert sender.grant.orphans == 2
    assert (report.sent, report.unknown, report.finished) == (4, 2, True)
    assert [received(api, user) for user in range(1000, 1006)] == [0, 0, 1, 1, 1, 1]


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


class GatedApi:
    """Sends instantly, except to one chat, whose send waits until released."""

    def __init__(self, slow_chat: int):
        self.slow_chat = slow_chat
        self.sent: list[int] = []
        self.started = asyncio.Event()
        self.release = asyncio.Event()

    async def send_text(self, chat_id: int, text: str) -> int:
        if chat_id == self.slow_chat:
            self.started.set()
            await self.release.wait()
        self.sent.append(chat_id)
        return len(self.sent)


async def test_one_sender_at_a_time_and_a_takeover_when_the_lease_expires(database):
    await add_learners(database, 20)
    broadcast_id = await create_broadcast(database, Segment(), text="hello", rate=30)
    first_api = GatedApi(slow_chat=1003)
    first = BroadcastSender(database, first_api, COURSE, options=FAST, sender_id="host:1:first")
    first_run = asyncio.create_task(first.run())
    await first_api.started.wait()  # the first sender holds the lease, one send in flight

    second_api = GatedApi(slow_chat=-1)
    second = BroadcastSender(database, second_api, COURSE, options=FAST, sender_id="host:2:two")
    with pytest.raises(LeaseHeld):
        await second.run(wait_for_lease=False)
    assert second_api.sent == []

    # Later, the first sender's lease has run out (it is stuck): the second takes over.
    later = BroadcastSender(
        database,
        second_api,
        COURSE,
        options=FAST,
        sender_id="host:2:two",
        clock=lambda: datetime.now(UTC) + timedelta(hours=1),
    )
    (report,) = await later.run(wait_for_lease=False)
    assert later.grant.orphans == 1
    first_api.release.set()
    (first_report,) = await asyncio.wait_for(first_run, 10)
    assert first_api.sent == [1000, 1001, 1002, 1003]  # it stopped once it lost the lease
    assert first_report.finished  # by the second sender

    everyone = first_api.sent + second_api.sent
    assert sorted(everyone) == list(range(1000, 1020))  # each learner exactly once
    assert 1003 not in second_api.sent
    rows = await deliveries(database, broadcast_id)
    assert rows[1003].state == "sent"  # the first sender reported back after all
    assert report.finished
