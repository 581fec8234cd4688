"""Benchmark: a broadcast to 100,000 learners against the fake Bot API's flood control.

The fake Bot API runs in its own process and enforces Telegram's limits (30 messages a
second, 1 a second per chat: 429 with retry_after beyond them); 2% of the learners have
blocked the bot and 1% of the answers are transient 5xx errors. Printed, each next to a
baseline measured in the same run (a naive loop sending as fast as it can, no limiter, no
database):

- the achieved rate over the configured 30/s, during a timed window of the broadcast;
- 429s after warm-up, sends made during a flood ban, duplicates, rows left in flight;
- the unthrottled rate in paid mode (1000/s allowed), and peak memory.

    python bench/broadcast.py [--learners 100000] [--seconds 60] [--paid-seconds 15]
                              [--database-url postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
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

from sellerbot.admin.botapi import DeliveryError, FloodWait, TelegramBroadcastApi  # noqa: E402
from sellerbot.admin.broadcast import (  # noqa: E402
    BroadcastSender,
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
WARM_UP = 5.0  # seconds of a run whose 429s are not held against it
BASELINE_SECONDS = 5.0


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


class Counting:
    """Counts API calls and remembers when the first one was made."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = 0
        self.first_at: float | None = None
        self.on_first = None

    async def send_text(self, chat_id: int, text: str) -> int:
        if self.first_at is None:
            self.first_at = time.monotonic()
            if self.on_first is not None:
                self.on_first()
        self.calls += 1
        return await self.inner.send_text(chat_id, text)


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


async def naive_loop(api: TelegramBroadcastApi, first_chat: int, seconds: float, workers: int):
    """As fast as possible, no limiter, no database: 429s are counted and ignored."""
    answers: Counter[str] = Counter()
    deadline = time.monotonic() + seconds
    chats = iter(range(first_chat, first_chat + 10_000_000))

    async def work():
        for chat in chats:
            if time.monotonic() >= deadline:
                return
            try:
                await api.send_text(chat, "baseline")
                answers["ok"] += 1
            except FloodWait:
                answers["429"] += 1
            except DeliveryError:
                answers["error"] += 1

    started = time.monotonic()
    await asyncio.gather(*(work() for _ in range(workers)))
    return answers, sum(answers.values()) / (time.monotonic() - started)


async def inject_server_errors(fake: FakeApiProcess, rate: float, share: float = 0.01):
    while True:
        await asyncio.sleep(1 / (rate * share))
        await fake.control("fail_next", method="sendMessage", count=1, status=502)


async def timed_broadcast(engine, fake, rate: float, paid: bool, seconds: float, connections: int):
    broadcast_id = await create_broadcast(
        engine, Segment(), text="Harvest fair", rate=rate, paid=paid
    )
    stats_before = await fake.control("stats_snapshot")
    warm_stats: dict = {}
    async with TelegramBroadcastApi.connect(TOKEN, fake.root_url, connections) as client:
        counting = Counting(client)
        sender = BroadcastSender(engine, counting, COURSE)
        loop = asyncio.get_running_loop()

        def first_call() -> None:
            loop.call_later(seconds, sender.stop)
            loop.call_later(WARM_UP, lambda: asyncio.ensure_future(snapshot_warm()))

        async def snapshot_warm() -> None:
            warm_stats.update(await fake.control("stats_snapshot"))

        counting.on_first = first_call
        injector = asyncio.create_task(inject_server_errors(fake, rate))
        try:
            await sender.run()
        finally:
            injector.cancel()
        elapsed = time.monotonic() - counting.first_at
    stats_after = await fake.control("stats_snapshot")
    counts = await delivery_counts(engine, broadcast_id)
    await cancel_broadcast(engine, broadcast_id)
    return broadcast_id, counting.calls / elapsed, counts, stats_before, warm_stats, stats_after


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
    url, created = await fresh_database(args.database_url)
    engine = create_engine(url)
    fake = FakeApiProcess()
    try:
        await migrate(engine)
        insert_seconds = await insert_learners(engine, args.learners)
        print(
            f"database: {async_url(url).get_backend_name()}; {args.learners:,} learners "
            f"inserted in {insert_seconds:.1f} s"
        )
        for user_id in range(FIRST_USER, FIRST_USER + args.learners, 50):
            await fake.control("block_chat", chat_id=user_id)

        # Free mode: Telegram's 30/s.
        await fake.control("set_flood_limit", global_per_second=30, per_chat_per_second=1)
        async with TelegramBroadcastApi.connect(TOKEN, fake.root_url, 1) as client:
            before = await fake.control("stats_snapshot")
            answers, naive_rate = await naive_loop(client, 50_000_000, BASELINE_SECONDS, 1)
            after = await fake.control("stats_snapshot")
        naive_during_ban = diff(after, before, "sends_during_ban")
        await fake.control("set_flood_limit", global_per_second=30, per_chat_per_second=1)

        broadcast_id, rate, counts, before, warm, after = await timed_broadcast(
            engine, fake, 30, False, args.seconds, 4
        )
        reached = sum(counts.values()) - counts["pending"]
        duplicates = await exact_duplicates(engine, fake, broadcast_id)
        print(
            f"\nfree mode, configured 30/s, {args.seconds:g} s window "
            f"(baseline: naive loop, {BASELINE_SECONDS:g} s, no limiter)"
        )
        print(
            f"  achieved rate          {rate:7.2f}/s  = {rate / 30:.3f} of configured "
            f"(baseline {naive_rate:.0f}/s)"
        )
        print(
            f"  429s after warm-up     {diff(after, warm, 'status_429'):7d}    "
            f"(all: {diff(after, before, 'status_429')}; baseline {answers['429']} "
            f"of {sum(answers.values())} sends)"
        )
        print(
            f"  sends during a ban     {diff(after, before, 'sends_during_ban'):7d}    "
            f"(baseline {naive_during_ban})"
        )
        print(f"  duplicates             {duplicates:7d}    (checked chat by chat)")
        print(
            f"  rows reached           {reached:7d}    sent {counts['sent']}, blocked "
            f"{counts['blocked']}, failed {counts['failed']}, unknown {counts['unknown']}"
        )
        print(f"  rows not final         {counts['sending']:7d}")
        print(f"  5xx answers            {diff(after, before, 'status_5xx'):7d}    (retried)")

        # Paid mode: no flood limit, 1000/s allowed.
        await fake.control("set_flood_limit", global_per_second=None, per_chat_per_second=None)
        async with TelegramBroadcastApi.connect(TOKEN, fake.root_url, 10) as client:
            _, naive_paid = await naive_loop(client, 60_000_000, BASELINE_SECONDS, 10)
        broadcast_id, paid_rate, counts, before, _, after = await timed_broadcast(
            engine, fake, 1000, True, args.paid_seconds, 12
        )
        successes = (
            diff(after["by_method"], before["by_method"], "sendMessage")
            - diff(after, before, "status_403")
            - diff(after, before, "status_429")
            - diff(after, before, "status_5xx")
            - diff(after, before, "status_400")
        )
        print(f"\npaid mode, configured 1000/s, {args.paid_seconds:g} s window, no flood limit")
        print(
            f"  achieved rate          {paid_rate:7.1f}/s  (baseline: naive loop, 10 in "
            f"flight, no database: {naive_paid:.0f}/s; ratio {paid_rate / naive_paid:.2f})"
        )
        print(
            f"  duplicates             {successes - counts['sent'] - counts['unknown']:7d}    "
            f"(messages accepted minus rows sent)"
        )
        print(f"  rows not final         {counts['sending']:7d}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\npeak memory of the sender process: {peak:.0f} MB")
    finally:
        await fake.close()
        await engine.dispose()
        await drop_database(created)


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=60.0, help="free-mode window")
    parser.add_argument("--paid-seconds", type=float, default=15.0, help="paid-mode window")
    parser.add_argument("--database-url", help="PostgreSQL server URL (default: SQLite)")
    asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    cli()
