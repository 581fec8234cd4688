"""Benchmark: the bot's CPU time to read and save one turn that answers an inbox update, on
PostgreSQL, by one statement (the default) against a transaction, measured in one run.

Both stores take turns of the same learners from the same inbox, one at a time, in
alternating rounds; each turn answers a quiz (one event row). The time is this process's
CPU time around `LearnerStore.apply` (the database server's time is not in it): on a busy
day the bot process, not the server, is what runs out first.

    python -m bench.turn_save [--turns 500] [--rounds 4]
                              [--database-url postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import make_url, text

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.machine import busy_warning, header  # noqa: E402
from sellerbot.engine.state import Event, LearnerState, Position  # noqa: E402
from sellerbot.store.database import create_engine, migrate  # noqa: E402
from sellerbot.store.inbox import Inbox  # noqa: E402
from sellerbot.store.learners import LearnerStore  # noqa: E402

DEFAULT_URL = "postgresql://postgres@127.0.0.1:5432/test"
LEARNERS = 50
QUIZ = Event(
    "quiz_answered", {"module": "m1", "step": "q1", "option": "b", "correct": True, "attempt": 1}
)


@dataclass(frozen=True)
class Turn:
    state: LearnerState
    events: tuple[Event, ...]


async def _round(store: LearnerStore, inbox: Inbox, turns: int) -> float:
    """CPU seconds per turn over `turns` turns."""
    spent, done = 0.0, 0
    while done < turns:
        rows = await inbox.claim(min(32, turns - done))
        if not rows:
            raise RuntimeError("the inbox ran dry: more updates are needed")
        for row in rows:
            state = LearnerState(
                user_id=row.learner_key, position=Position("m1", "q1", 1), is_new=False
            )
            started = time.process_time()
            await store.apply(
                row.learner_key,
                lambda _, state=state: Turn(state, (QUIZ,)),
                handled=lambda _, row=row: inbox.handled(row.update_id, {"replies": ["ok"]}),
            )
            spent += time.process_time() - started
            await inbox.done(row.update_id)
            done += 1
    return spent / turns


async def main(options: argparse.Namespace) -> None:
    name = f"bench_turn_save_{uuid.uuid4().hex[:8]}"
    server = create_engine(options.database_url, isolation_level="AUTOCOMMIT")
    async with server.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(options.database_url).set(database=name)  # its options kept
    engine = create_engine(url.render_as_string(hide_password=False))
    try:
        await migrate(engine)
        inbox = Inbox(engine, "bench:1:turns")
        count = options.turns * (2 * options.rounds + 2)
        await inbox.add(
            (n, json.dumps({"update_id": n}), n % LEARNERS + 1) for n in range(1, count + 1)
        )
        stores = {
            "one statement": LearnerStore(engine),
            "transaction (baseline)": LearnerStore(engine, one_statement_turns=False),
        }
        for store in stores.values():  # warm-up: statements prepared, pool filled
            await _round(store, inbox, options.turns)
        times: dict[str, list[float]] = {label: [] for label in stores}
        for _ in range(options.rounds):
            for label, store in stores.items():
                times[label].append(await _round(store, inbox, options.turns))
    finally:
        await engine.dispose()
        async with server.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await server.dispose()
    print(header("turn save"))
    print(f"{options.turns} turns a round, {options.rounds} rounds each, alternating")
    for label, values in times.items():
        rounds = ", ".join(f"{1e6 * value:.0f}" for value in values)
        print(f"{label:24} median {1e6 * statistics.median(values):6.0f} µs CPU a turn ({rounds})")
    ratio = statistics.median(times["one statement"]) / statistics.median(
        times["transaction (baseline)"]
    )
    print(f"one statement / transaction: {ratio:.2f}")
    if warning := busy_warning():
        print(warning)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=500, help="turns a round")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse_args()))
