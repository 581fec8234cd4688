"""The broadcast command killed with SIGKILL at random moments, restarted, keeps every promise."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from sellerbot.admin.broadcast import create_broadcast
from sellerbot.admin.segments import Segment
from sellerbot.store.schema import BroadcastDelivery
from tests.conftest import TEST_COURSE
from tests.fakebotapi.__main__ import launch
from tests.test_broadcast import add_learners

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "4242:CRASH-TEST"
LEARNERS = 2000
BLOCKED_EVERY = 50  # 2% of learners blocked the bot
KILLS = 4


class StandaloneApi:
    """The fake Bot API in a process of its own, driven over its control endpoint."""

    def __init__(self):
        self.process, self.root_url = launch(TOKEN)
        self.client = httpx.Client(base_url=self.root_url, timeout=10)

    def control(self, command: str, **arguments):
        answer = self.client.post(f"/_control/{command}", json=arguments)
        answer.raise_for_status()
        return answer.json()["result"]

    def close(self) -> None:
        self.client.close()
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def standalone_api():
    api = StandaloneApi()
    yield api
    api.close()


def sender_process(api: StandaloneApi, database_url: str) -> subprocess.Popen:
    environment = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "SELLERBOT_DATABASE_URL": database_url,
    }
    return subprocess.Popen(
        [
            *(sys.executable, "-m", "sellerbot.admin", "broadcast", "--resume"),
            *("--api-url", api.root_url, "--content", str(TEST_COURSE), "--concurrency", "1"),
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_banned(api: StandaloneApi, process: subprocess.Popen, timeout: float = 30) -> None:
    bans = api.control("stats_snapshot")["status_429"]
    deadline = time.monotonic() + timeout
    while api.control("stats_snapshot")["status_429"] == bans:
        assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
        time.sleep(0.05)


@pytest.mark.timeout(180)
async def test_killed_and_restarted_sender_keeps_every_promise(
    database, database_url, standalone_api
):
    api = standalone_api
    user_ids = await add_learners(database, LEARNERS, first_id=10_000)
    blocked = set(user_ids[::BLOCKED_EVERY])
    for user_id in blocked:
        api.control("block_chat", chat_id=user_id)
    # Telegram allows less than the sender tries: flood bans happen while it is killed.
    api.control("set_flood_limit", global_per_second=50, per_chat_per_second=1, retry_after=1)
    broadcast_id = await create_broadcast(
        database, Segment(), text="Harvest fair", rate=300, paid=True
    )

    chance = random.Random(os.environ.get("PYTEST_XDIST_WORKER", "") + database_url[:10])
    for kill in range(KILLS):
        process = sender_process(api, database_url)
        if kill < 2:  # the first runs live until they are banned; later ones die any time
            wait_until_banned(api, process)
            time.sleep(chance.uniform(0.0, 1.0))
        else:
            time.sleep(chance.uniform(0.3, 2.5))
        assert process.poll() is None, process.stderr.read()
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        if kill == 1:
            api.control("set_flood_limit", global_per_second=None, per_chat_per_second=None)
    process = sender_process(api, database_url)
    _, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors

    async with database.connect() as connection:
        rows = (
            await connection.execute(
                select(BroadcastDelivery.__table__).where(
                    BroadcastDelivery.broadcast_id == broadcast_id
                )
            )
        ).all()
    by_user = {row.user_id: row for row in rows}
    assert len(rows) == len(by_user) == LEARNERS  # one row per learner
    states = [row.state for row in rows]
    assert states.count("pending") + states.count("sending") == 0  # every row final
    marked_blocked = {user for user, row in by_user.items() if row.state == "blocked"}
    unknown_users = {user for user, row in by_user.items() if row.state == "unknown"}
    assert marked_blocked <= blocked
    # A blocked learner whose send was in flight at a kill is unknown, like anyone else's.
    assert blocked - marked_blocked <= unknown_users

    stats = api.control("stats_snapshot")
    assert stats["status_429"] > 0  # the bans did happen
    assert stats["sends_during_ban"] == 0

    unknown = 0
    for user_id, row in by_user.items():
        sent = api.control("sent", chat_id=user_id)
        assert len(sent) <= 1, f"{user_id} got the broadcast {len(sent)} times"
        if row.state == "sent":
            assert [call["message_id"] for call in sent] == [row.message_id]
        elif row.state == "unknown":
            unknown += 1
        else:
            assert sent == [], row
    # Only what was in flight at a kill is unknown: one send at a time, so one per kill.
    assert unknown <= KILLS
    print(f"{stats['status_429']} bans obeyed, {unknown} unknown after {KILLS} kills")
