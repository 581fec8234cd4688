"""A turn whose database connection dies is tried again, never kept as poison: the learner's
message was fine, the server went away under it (a restart, a failover, a killed backend)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time

import pytest
from sqlalchemy import text

from sellerbot.store.database import create_engine
from tests.conftest import POSTGRES_URL, _create_postgres_database, _drop_postgres_database
from tests.telegram_harness import SELLERBOT, BotProcess, Farmer

pytestmark = [
    pytest.mark.timeout(180),
    pytest.mark.skipif(not POSTGRES_URL, reason="SELLERBOT_TEST_DATABASE_URL is not set"),
]

LEARNER = 6100


async def _kill_the_turn_mid_transaction(url: str, database: str) -> int:
    """Hold the learners table so the bot's next turn waits inside its transaction, end the
    waiting server process (as a restart would), then let go. Returns how many were ended."""
    engine = create_engine(url)
    try:
        async with engine.connect() as holder:
            await holder.execute(text("BEGIN"))
            await holder.execute(text("LOCK TABLE learners IN ACCESS EXCLUSIVE MODE"))
            ended = 0
            deadline = time.monotonic() + 20
            while not ended and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
                result = await holder.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :name AND wait_event_type = 'Lock' "
                        "AND pid <> pg_backend_pid()"
                    ),
                    {"name": database},
                )
                ended = len(result.all())
            await holder.execute(text("ROLLBACK"))
            return ended
    finally:
        await engine.dispose()


@pytest.fixture
async def started(api, tmp_path):
    """A bot on a fresh PostgreSQL database, with one learner who has said /start."""
    name, url = await _create_postgres_database()
    bot = BotProcess(
        api, tmp_path / "x.db", tmp_path / "bot.log", extra_env={"SELLERBOT_DATABASE_URL": url}
    )
    try:
        bot.start()
        farmer = Farmer(api, LEARNER)
        await asyncio.to_thread(farmer.send, "/start")
        yield bot, farmer, name, url
    finally:
        bot.stop()
        await _drop_postgres_database(name)


async def test_a_turn_whose_connection_dies_is_answered_after_a_retry(api, started):
    bot, farmer, name, url = started
    before = len(api.sent(LEARNER))
    killing = asyncio.create_task(_kill_the_turn_mid_transaction(url, name))
    await asyncio.sleep(0.5)  # the table is held before the message arrives
    api.push_message(LEARNER, "/progress")
    assert await killing >= 1, bot.log.read_text()
    await asyncio.to_thread(
        api.wait_for, lambda a: len(a.sent(LEARNER)) > before, 30
    )  # answered once the retry comes round
    assert "Open your store" in farmer.last.content  # the progress report, module by module
    listing = subprocess.run(
        [str(SELLERBOT), "inbox", "--poison"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "SELLERBOT_DATABASE_URL": url},
    )
    assert listing.returncode == 0, listing.stderr
    assert "update " not in listing.stdout, listing.stdout
    log = bot.log.read_text()
    assert "kept as poison" not in log, log
    assert "trying again" in log, log


async def _end_every_connection(database: str) -> int:
    """As a server restart would: every connection to the database ends at once."""
    engine = create_engine(POSTGRES_URL)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": database},
            )
            return len(result.all())
    finally:
        await engine.dispose()


async def test_after_every_connection_ends_the_bot_answers_on_fresh_ones(api, started):
    bot, farmer, name, _ = started
    assert await _end_every_connection(name) >= 1
    for command in ("/progress", "/help", "/progress"):
        before = len(api.sent(LEARNER))
        api.push_message(LEARNER, command)
        await asyncio.to_thread(api.wait_for, lambda a, n=before: len(a.sent(LEARNER)) > n, 30)
    assert "Open your store" in farmer.last.content
    assert "kept as poison" not in bot.log.read_text()
