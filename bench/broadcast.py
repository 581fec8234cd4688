"""Benchmark: a broadcast to 100,000 learners against the fake Bot API's flood control.

The fake Bot API runs in its own process and enforces Telegram's limits (30 messages a
second, 1 a second per chat: 429 with retry_after beyond them); 2% of the learners have
blocked the bot and 1 in 100 sendMessage calls is answered with a transient 5xx error.
Printed, each next to a baseline measured in the same run (a naive loop sending as fast
as it can with the same sends in flight, no limiter, no database):

- the delivery rate (messages Telegram accepted, not API calls) over the configured
  30/s, after a warm-up that is left out of the sender's and the baseline's figures alike;
- 429s after warm-up, sends made during a flood ban, duplicates, rows left in flight;
- the unthrottled delivery rate in paid mode (1000/s allowed), against a baseline with the
  same connections and sends in flight, the same blocked share and the same injected 5xx
  errors;
- peak memory, the commit and machine, and a verdict against each goal.

    python bench/broadcast.py [--learners 100000] [--seconds 60] [--paid-seconds 15]
                              [--database-url postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import resource
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import insert, select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.machine import busy_warning, header, verdict  # noqa: E402
from sellerbot.admin.botapi import DeliveryError, FloodWait, TelegramBroadcastApi  # noqa: E402
from sellerbot.admin.broadcast import (  # noqa: E402
    BroadcastSender,
    SenderOptions,
    cancel_broadcast,
    create_broadcast,
    delivery_counts,
)
from sellerbot.admin.segments import CourseFacts, Segment  # noqa: E402
from sellerbot.store.database import async_url, create_engine, migrate  # noqa: E402
from sellerbot.store.schema import BroadcastDelivery, Learner  # noqa: E402
from tests.fakebotapi.__main__ import launch  # noqa: E402

TOKEN = "5555:BENCH"
FIRST_USER = 1_000_000
COURSE = CourseFacts("en", ("en", "zh_Hans"), ("welcome",))
WARM_UP = 5.0  # seconds at the start of every timed run left out of its figures
BASELINE_SECONDS = 5.0  # measured, after the warm-up
BLOCKED_EVERY = 50  # 2% of the chats have blocked the bot
FAIL_EVERY = 100  # 1% of sendMessage calls get a 502, for the sender and the baseline alike
FREE_CONNECTIONS, PAID_CONNECTIONS = 4, 12
# Goals: the free-mode sender keeps 90% of Telegram's 30/s in messages delivered (2% of
# the chats are blocked and 1% of answers are 5xx, so 97% is the most it can get); in paid
# mode the database and limiter cost at most a fifth of what a bare loop delivers.
GOAL_FREE_SHARE = 0.9
GOAL_PAID_RATIO = 0.8


class FakeApiProcess:
    def __init__(self):
        self.process, self.root_url = launch(TOKEN)
        self.client = httpx.AsyncClient(base_url=self.root_url, timeout=30)

    async def control(self, command: str, **arguments):
        answer = await self.client.post(f"/_control/{command}", json=arguments)
        answer.raise_for_status()
        return answer.json()["result"]

    async def close(self) -> None:
        await self.client.aclose()
        self.process.terminate()
        self.process.wait(10)


class Deliveries:
    """When each message was accepted, so a rate can leave out the warm-up."""

    def __init__(self):
        self.started_at: float | None = None
        self.stopped_at: float | None = None
        self.accepted_at: list[float] = []
        self.calls = 0

    def start(self) -> None:
        self.started_at = time.monotonic()

    def rate_after_warm_up(self) -> float:
        """Messages accepted per second from the end of the warm-up to the end of the run."""
        measured_from = self.started_at + WARM_UP
        end = self.stopped_at or time.monotonic()
        accepted = sum(measured_from <= at <= end for at in self.accepted_at)
        return accepted / max(end - measured_from, 1e-9)


class Counting:
    """Passes sends on, records every call and every accepted message, and has the fake
    API answer one call in FAIL_EVERY with a 502.

    The baseline and the sender both send through it, so their warm-up starts at their
    first call, their rate counts the same thing, and they meet the same share of errors
    however fast each goes (errors injected on a timer would hit a faster loop less often).
    """

    def __init__(self, inner, deliveries: Deliveries, fake: FakeApiProcess):
        self.inner = inner
        self.deliveries = deliveries
        self.fake = fake
        self.on_first = None

    async def send_text(self, chat_id: int, text: str) -> int:
        if self.deliveries.started_at is None:
            self.deliveries.start()
            if self.on_first is not None:
                self.on_first()
        self.deliveries.calls += 1
        if self.deliveries.calls % FAIL_EVERY == 0:
            await self.fake.control("fail_next", method="sendMessage", count=1, status=502)
        message_id = await self.inner.send_text(chat_id, text)
        self.deliveries.accepted_at.append(time.monotonic())
        return message_id


async def insert_learners(engine, count: int) -> float:
    started = time.perf_counter()
    now = datetime.now(UTC)
    row = {"mode": "menu", "attempts": 0, "active": True, "created_at": now, "last_seen_at": now}
    async with engine.begin() as connection:
        for start in range(0, count, 10_000):
            await connection.execute(
                insert(Learner),
                [
                    {**row, "user_id": FIRST_USER + n}
                    for n in range(start, min(count, start + 10_000))
                ],
            )
    return time.perf_counter() - started


async def block_share(fake: FakeApiProcess, first_chat: int, count: int) -> None:
    """Every BLOCKED_EVERY-th chat of a range has blocked the bot, as among the learners."""
    for chat in range(first_chat, first_chat + count, BLOCKED_EVERY):
        await fake.control("block_chat", chat_id=chat)


def in_flight(rate: float) -> int:
    """Sends in flight: the sender's own default for the rate, given to the baseline too."""
    return max(1, math.ceil(rate / 100))


async def naive_loop(
    fake: FakeApiProcess, api: TelegramBroadcastApi, first_chat: int, workers: int
):
    """As fast as possible, no limiter, no database: 429s are counted and ignored.

    Runs for the warm-up plus BASELINE_SECONDS with `workers` sends in flight, over chats
    with the learners' blocked share, through the sender's Counting (so the same 5xx
    share); the rate counts accepted messages after the warm-up.
    """
    answers: Counter[str] = Counter()
    deliveries = Deliveries()
    counting = Counting(api, deliveries, fake)
    chats = iter(range(first_chat, first_chat + 10_000_000))

    def over() -> bool:
        started = deliveries.started_at
        return started is not None and time.monotonic() >= started + WARM_UP + BASELINE_SECONDS

    async def work():
        for chat in chats:
            if over():
                return
            try:
                await counting.send_text(chat, "baseline")
            except FloodWait:
                answers["429"] += 1
            except DeliveryError:
                answers["error"] += 1
            else:
                answers["ok"] += 1

    await asyncio.gather(*(work() for _ in range(workers)))
    deliveries.stopped_at = time.monotonic()
    return answers, deliveries.rate_after_warm_up()


async def timed_broadcast(engine, fake, rate: float, paid: bool, seconds: float, connections: int):
    broadcast_id = await create_broadcast(
        engine, Segment(), text="Harvest fair", rate=rate, paid=paid
    )
    stats_before = await fake.control("stats_snapshot")
    warm_stats: dict = {}
    deliveries = Deliveries()
    async with TelegramBroadcastApi.connect(TOKEN, fake.root_url, connections) as client:
        counting = Counting(client, deliveries, fake)
        options = SenderOptions(concurrency=in_flight(rate))
        sender = BroadcastSender(engine, counting, COURSE, options=options)
        loop = asyncio.get_running_loop()

        def first_call() -> None:
            loop.call_later(WARM_UP + seconds, sender.stop)
            loop.call_later(WARM_UP, lambda: asyncio.ensure_future(snapshot_warm()))

        async def snapshot_warm() -> None:
            warm_stats.update(await fake.control("stats_snapshot"))

        counting.on_first = first_call
        await sender.run()
        deliveries.stopped_at = time.monotonic()
    stats_after = await fake.control("stats_snapshot")
    counts = await delivery_counts(engine, broadcast_id)
    await cancel_broadcast(engine, broadcast_id)
    rate = deliveries.rate_after_warm_up()
    return broadcast_id, rate, counts, stats_before, warm_stats, stats_after


def diff(after: dict, before: dict, key: str) -> int:
    return after.get(key, 0) - before.get(key, 0)


async def exact_duplicates(engine, fake: FakeApiProcess, broadcast_id: int) -> int:
    """Chats that received more than one message, asking the fake API chat by chat."""
    async with engine.connect() as connection:
        reached = (
            await connection.execute(
                select(BroadcastDelivery.user_id).where(
                    BroadcastDelivery.broadcast_id == broadcast_id,
                    BroadcastDelivery.state != "pending",
                )
            )
        ).scalars()
        reached = list(reached)
    extra = 0
    for user_id in reached:
        extra += max(0, len(await fake.control("sent", chat_id=user_id)) - 1)
    return extra


async def fresh_database(url: str | None):
    if url is None:
        folder = tempfile.mkdtemp(prefix="sellerbot-bench-")
        return f"sqlite:///{folder}/bench.db", None
    import asyncpg

    server = async_url(url)
    name = f"sellerbot_bench_{uuid.uuid4().hex[:8]}"
    connection = await asyncpg.connect(
        host=server.host, port=server.port, user=server.username, database=server.database
    )
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    return server.set(database=name).render_as_string(hide_password=False), (server, name)


async def drop_database(created) -> None:
    if created is None:
        return
    import asyncpg

    server, name = created
    connection = await asyncpg.connect(
        host=server.host, port=server.port, user=server.username, database=server.database
    )
    await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await connection.close()


async def main(args: argparse.Namespace) -> None:
    print(header("bench/broadcast.py"))
    url, created = await fresh_database(args.database_url)
    engine = create_engine(url)
    fake = FakeApiProcess()
    verdicts: list[str] = []
    try:
        await migrate(engine)
        insert_seconds = await insert_learners(engine, args.learners)
        needed = 1000 * (WARM_UP + args.paid_seconds)
        if args.learners < needed:
            # The paid-mode broadcast would run out of learners inside its window.
            print(f"warning: paid mode needs about {needed:,.0f} learners to fill its window")
        print(
            f"database: {async_url(url).get_backend_name()}; {args.learners:,} learners "
            f"inserted in {insert_seconds:.1f} s"
        )
        await block_share(fake, FIRST_USER, args.learners)

        # Free mode: Telegram's 30/s.
        await fake.control("set_flood_limit", global_per_second=30, per_chat_per_second=1)
        await block_share(fake, 50_000_000, 40_000)
        async with TelegramBroadcastApi.connect(TOKEN, fake.root_url, FREE_CONNECTIONS) as client:
            before = await fake.control("stats_snapshot")
            answers, naive_rate = await naive_loop(fake, client, 50_000_000, in_flight(30))
            after = await fake.control("stats_snapshot")
        naive_during_ban = diff(after, before, "sends_during_ban")
        await fake.control("set_flood_limit", global_per_second=30, per_chat_per_second=1)

        broadcast_id, rate, counts, before, warm, after = await timed_broadcast(
            engine, fake, 30, False, args.seconds, FREE_CONNECTIONS
        )
        reached = sum(counts.values()) - counts["pending"]
        duplicates = await exact_duplicates(engine, fake, broadcast_id)
        during_ban = diff(after, before, "sends_during_ban")
        print(
            f"\nfree mode, configured 30/s, {WARM_UP:g} s warm-up + {args.seconds:g} s measured "
            f"(baseline: naive loop, {in_flight(30)} in flight as the sender, "
            f"{FREE_CONNECTIONS} connections, no limiter, "
            f"{WARM_UP:g} + {BASELINE_SECONDS:g} s)"
        )
        print(
            f"  delivered per second   {rate:7.2f}/s  = {rate / 30:.3f} of configured "
            f"(baseline {naive_rate:.1f}/s delivered)"
        )
        print(
            f"  429s after warm-up     {diff(after, warm, 'status_429'):7d}    "
            f"(all: {diff(after, before, 'status_429')}; baseline {answers['429']} "
            f"of {sum(answers.values())} sends)"
        )
        print(f"  sends during a ban     {during_ban:7d}    (baseline {naive_during_ban})")
        print(f"  duplicates             {duplicates:7d}    (checked chat by chat)")
        print(
            f"  rows reached           {reached:7d}    sent {counts['sent']}, blocked "
            f"{counts['blocked']}, failed {counts['failed']}, unknown {counts['unknown']}"
        )
        print(f"  rows not final         {counts['sending']:7d}")
        print(f"  5xx answers            {diff(after, before, 'status_5xx'):7d}    (retried)")
        verdicts += [
            verdict("free mode: delivered/s over configured", round(rate / 30, 3), GOAL_FREE_SHARE),
            verdict("free mode: sends during a ban", during_ban, 0, higher_is_better=False),
            verdict("free mode: duplicates", duplicates, 0, higher_is_better=False),
            verdict("free mode: rows not final", counts["sending"], 0, higher_is_better=False),
        ]

        # Paid mode: no flood limit, 1000/s allowed.
        await fake.control("set_flood_limit", global_per_second=None, per_chat_per_second=None)
        await block_share(fake, 60_000_000, 40_000)
        async with TelegramBroadcastApi.connect(TOKEN, fake.root_url, PAID_CONNECTIONS) as client:
            _, naive_paid = await naive_loop(fake, client, 60_000_000, in_flight(1000))
        broadcast_id, paid_rate, counts, before, _, after = await timed_broadcast(
            engine, fake, 1000, True, args.paid_seconds, PAID_CONNECTIONS
        )
        successes = (
            diff(after["by_method"], before["by_method"], "sendMessage")
            - diff(after, before, "status_403")
            - diff(after, before, "status_429")
            - diff(after, before, "status_5xx")
            - diff(after, before, "status_400")
        )
        paid_duplicates = successes - counts["sent"] - counts["unknown"]
        paid_ratio = paid_rate / naive_paid if naive_paid else 0.0
        print(
            f"\npaid mode, configured 1000/s, {WARM_UP:g} s warm-up + {args.paid_seconds:g} s "
            f"measured, no flood limit"
        )
        print(
            f"  delivered per second   {paid_rate:7.1f}/s  (baseline: naive loop, "
            f"{in_flight(1000)} in flight and {PAID_CONNECTIONS} connections as the sender, "
            f"same faults, no database: {naive_paid:.0f}/s; ratio {paid_ratio:.2f})"
        )
        print(
            f"  duplicates             {paid_duplicates:7d}    (messages accepted minus rows sent)"
        )
        print(f"  rows not final         {counts['sending']:7d}")
        verdicts += [
            verdict(
                "paid mode: delivered/s over baseline",
                round(paid_ratio, 2),
                GOAL_PAID_RATIO,
            ),
            verdict("paid mode: duplicates", paid_duplicates, 0, higher_is_better=False),
        ]
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\npeak memory of the sender process: {peak:.0f} MB")
    finally:
        await fake.close()
        await engine.dispose()
        await drop_database(created)
    print()
    print("\n".join(verdicts))
    if warning := busy_warning():
        print(warning)
    print(header("finished"))


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=60.0, help="free-mode window")
    parser.add_argument("--paid-seconds", type=float, default=15.0, help="paid-mode window")
    parser.add_argument("--database-url", help="PostgreSQL server URL (default: SQLite)")
    asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    cli()
