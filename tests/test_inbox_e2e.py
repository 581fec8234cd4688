"""The inbox end to end: no update is lost to a crash, none is handled twice, and a poison
update costs one log line while the learners around it go on."""

from __future__ import annotations

import asyncio
import copy
import random
import subprocess
import time

import pytest
from sqlalchemy import text

from sellerbot.store.database import create_engine
from tests.conftest import POSTGRES_URL, _create_postgres_database, _drop_postgres_database
from tests.telegram_harness import SELLERBOT, BotProcess, Farmer

pytestmark = pytest.mark.timeout(420)


def _confirmed_past(api, update_id: int) -> bool:
    """Telegram has been told every update up to `update_id` arrived."""
    return any((call.params.get("offset") or 0) > update_id for call in api.calls_to("getUpdates"))


def _bot_on(api, tmp_path, database_url: str) -> BotProcess:
    """The bot started on the database at `database_url` (either backend)."""
    return BotProcess(
        api,
        tmp_path / "unused.db",
        tmp_path / "bot.log",
        extra_env={"SELLERBOT_DATABASE_URL": database_url},
    ).start()


def test_a_crash_right_after_the_confirming_poll_loses_no_update(api, tmp_path):
    """The bot is killed once Telegram has been told the updates arrived, while no reply has
    got out yet: after a restart every learner is answered, once."""
    bot = BotProcess(api, tmp_path / "bot.db", tmp_path / "bot.log").start()
    learners = range(2000, 2040)
    api.fail_next("sendMessage", count=100_000, status=500)  # no reply can get out
    last = max(api.push_message(user_id, "/progress") for user_id in learners)
    api.wait_for(lambda a: _confirmed_past(a, last), timeout=30)
    bot.kill()
    api.clear_failures()
    bot.start()
    try:
        api.wait_for(lambda a: all(a.chat(user_id) for user_id in learners), timeout=60)
        api.wait_idle(quiet=1.0, timeout=30)
        for user_id in learners:
            texts = [message.text for message in api.chat(user_id)]
            assert len(texts) == 1, (user_id, texts)
            assert "You have not started yet" in texts[0]
    finally:
        bot.stop()


def _rows(database_url: str, query: str) -> list[tuple]:
    async def read() -> list[tuple]:
        engine = create_engine(database_url)
        try:
            async with engine.connect() as connection:
                return [tuple(row) for row in await connection.execute(text(query))]
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _questions(database_url: str) -> list[tuple[int, str]]:
    """Every stored question with its learner, in the order they were stored."""
    return _rows(
        database_url,
        "SELECT l.user_id, q.text FROM questions q JOIN learners l ON l.id = q.learner_id"
        " ORDER BY q.id",
    )


def test_random_kills_lose_nothing_and_handle_nothing_twice(api, tmp_path, database_url):
    """50 learners ask numbered questions and 20 press through lessons while the bot is
    killed at random moments: every question is stored exactly once, in each learner's
    order, every update is done, no learner's progress goes backwards."""
    chance = random.Random(20261201)
    bot = _bot_on(api, tmp_path, database_url)
    learners = range(3000, 3050)
    rounds, kills = 12, 0

    readers = range(3100, 3120)
    progress: dict[int, int] = {}
    answered_at_push: dict[int, int] = {}

    def ask(round_number: int) -> None:
        for user_id in learners:
            api.push_message(user_id, f"question {round_number} from {user_id}")
        for user_id in readers:
            if len(api.sent(user_id)) <= answered_at_push.get(user_id, -1):
                continue  # the last press is not answered yet: a reader waits for it
            chat = api.chat(user_id)
            with_buttons = [message for message in chat if message.buttons]
            buttons = [b for row in with_buttons[-1].buttons for b in row] if with_buttons else []
            press = next(
                (data for label, data in buttons if "Next" in label or "Start the" in label),
                None,
            )
            answered_at_push[user_id] = len(api.sent(user_id))
            if press is None:
                api.push_message(user_id, "/start")
            else:
                api.push_callback(user_id, press, with_buttons[-1].message_id)

    def progress_never_goes_back() -> None:
        now = dict(_rows(database_url, "SELECT user_id, steps_done FROM learners"))
        for user_id in readers:
            assert now.get(user_id, 0) >= progress.get(user_id, 0), user_id
            progress[user_id] = now.get(user_id, 0)

    try:
        ask(0)  # without a kill: how many messages answer one question
        api.wait_for(lambda a: all(a.sent(user_id) for user_id in learners), timeout=60)
        api.wait_idle(quiet=1.0, timeout=30)
        per_question = {user_id: len(api.sent(user_id)) for user_id in learners}
        for round_number in range(1, rounds):
            sends_before = len(api.calls_to("sendMessage"))
            ask(round_number)
            # Once the restarted bot is answering again, so that every round kills it in the
            # middle of its work, however long a start takes on a slow machine.
            api.wait_for(lambda a, n=sends_before: len(a.calls_to("sendMessage")) > n, timeout=60)
            time.sleep(chance.uniform(0.0, 0.6))
            bot.kill()  # at a random moment of the round
            kills += 1
            progress_never_goes_back()
            bot.start()
        api.wait_for(
            lambda a: all(
                len(a.sent(user_id)) >= per_question[user_id] * rounds for user_id in learners
            ),
            timeout=120,
        )
        api.wait_idle(quiet=1.0, timeout=30)
    finally:
        bot.stop()
        # A killed process leaves its last requests half sent, and after the restart it
        # answers button presses that Telegram already considers too old: both are the
        # kill's doing, not the bot's.
        api.violations[:] = [
            v
            for v in api.violations
            if "bytes read on a total" not in v and "query is too old" not in v
        ]
    assert kills >= 10
    progress_never_goes_back()
    assert max(progress.values()) >= 1  # the readers got into the lessons
    states = dict(_rows(database_url, "SELECT state, count(*) FROM inbox GROUP BY state"))
    assert set(states) == {"done"}, states  # nothing waiting, nothing poison
    stored = _questions(database_url)
    for user_id in learners:
        asked = [text for who, text in stored if who == user_id]
        assert asked == [f"question {n} from {user_id}" for n in range(rounds)], user_id
        # Replies on their way at a kill may be sent again, once: at most one turn's worth
        # of repeats per learner and kill, as the README says.
        extra = len(api.sent(user_id)) - per_question[user_id] * rounds
        assert 0 <= extra <= per_question[user_id] * kills, (user_id, extra)


POISON = {
    "a user without a first name": {
        "message": {
            "message_id": 1,
            "date": 1700000000,
            "chat": {"id": 4001, "type": "private"},
            "from": {"id": 4001, "is_bot": False},
            "text": "hello",
        }
    },
    "a callback query without chat_instance": {
        "callback_query": {
            "id": "77",
            "from": {"id": 4002, "is_bot": False, "first_name": "Wu"},
            "data": "x",
        }
    },
    "a message that is a string": {"message": "hello"},
    "a poll answer without option_persistent_ids": {
        "poll_answer": {
            "poll_id": "5",
            "user": {"id": 4003, "is_bot": False, "first_name": "Ma"},
            "option_ids": [0],
        }
    },
}


def test_poison_updates_are_kept_aside_and_the_bot_goes_on(api, tmp_path):
    bot = BotProcess(api, tmp_path / "bot.db", tmp_path / "bot.log").start()
    farmer = Farmer(api, 4100)
    try:
        farmer.send("/start")
        for update in POISON.values():
            api.push_update(copy.deepcopy(update))
        started = time.monotonic()
        assert "/start" not in farmer.send("/progress").content
        assert time.monotonic() - started < 5
        for update in POISON.values():
            api.push_update(copy.deepcopy(update))  # again, under new ids
        farmer.send("/help")
    finally:
        bot.stop()
    log = bot.log.read_text()
    assert log.count("kept as poison") == 2 * len(POISON), log
    assert "Traceback" not in log
    assert "hello" not in log  # a learner's words never reach the log
    listing = subprocess.run(
        [str(SELLERBOT), "inbox", "--poison", "--db", str(tmp_path / "bot.db")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert listing.returncode == 0, listing.stderr
    assert len([line for line in listing.stdout.splitlines() if line.startswith("update ")]) == 8


def test_a_nul_character_in_a_message_or_a_name_gets_an_answer(api, tmp_path, database_url):
    """PostgreSQL keeps no NUL character in text or JSON: a message or a name with one, which
    an odd client or a forged update can carry, must not make the turn unsavable."""
    bot = _bot_on(api, tmp_path, database_url)
    try:
        farmer = Farmer(api, 4200, name="Li\x00Na")
        assert farmer.send("/start").text
        answer = farmer.send("how do I pack\x00 eggs?")  # waits for the reply
        assert answer.text and "\x00" not in answer.text
    finally:
        bot.stop()
    log = bot.log.read_text()
    assert "kept as poison" not in log and "not finished" not in log, log


@pytest.mark.skipif(not POSTGRES_URL, reason="SELLERBOT_TEST_DATABASE_URL is not set")
async def test_two_workers_handle_one_learners_rapid_presses_in_order_once(api, tmp_path):
    """One process receives, two handle: a learner's quick messages are handled one at a
    time, in order, once; one of the workers is killed on the way."""
    name, url = await _create_postgres_database()
    env = {"SELLERBOT_DATABASE_URL": url}
    processes = [
        BotProcess(
            api, tmp_path / "x.db", tmp_path / "receiver.log", ("run", "--receive-only"), env
        ),
        BotProcess(api, tmp_path / "x.db", tmp_path / "worker1.log", ("work",), env),
        BotProcess(api, tmp_path / "x.db", tmp_path / "worker2.log", ("work",), env),
    ]
    try:
        processes[0].start()
        for worker in processes[1:]:
            worker.start(wait_for_polling=False)
        await asyncio.sleep(4)  # the workers load the course and the FAQ model
        count = 30
        for number in range(count):
            api.push_message(5000, f"question {number}")
            api.push_message(5001 + number % 3, f"question {number}")
            if number == count // 2:
                processes[1].kill()
        await asyncio.to_thread(api.wait_for, lambda a: len(a.sent(5000)) >= count, 90)
        await asyncio.to_thread(api.wait_idle, 1.0, 30)
        stored = await asyncio.to_thread(_questions, url)
        assert [t for who, t in stored if who == 5000] == [f"question {n}" for n in range(count)]
        for other in (5001, 5002, 5003):
            expected = [f"question {n}" for n in range(count) if 5001 + n % 3 == other]
            assert [t for who, t in stored if who == other] == expected
    finally:
        for process in processes:
            process.stop()
        api.violations[:] = [v for v in api.violations if "bytes read on a total" not in v]
        await _drop_postgres_database(name)


def test_a_short_surge_with_two_kills_loses_and_repeats_no_input(tmp_path):
    """bench/surge.py in miniature: arrivals, lessons, questions and two kill -9s."""
    from bench import surge

    options = surge.parse_args(
        ["--learners", "30", "--arrival", "3", "--duration", "20", "--think", "0.5", "1.5"]
    )
    result = surge.measure("sqlite", f"sqlite:///{tmp_path / 'surge.db'}", options, tmp_path)
    assert result["inputs"] > 60
    assert (result["lost"], result["inputs not done"], result["duplicated"]) == (0, 0, 0)
    assert result["kills"] == 2
