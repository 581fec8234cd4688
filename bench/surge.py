"""The training-day surge: thousands of trainees scan one QR code within minutes.

4,000 simulated learners (by default) arrive over 5 minutes through the same deep link
with a source tag, then each acts every 20-40 s: lesson buttons, the quiz, the task
answer, and now and then a free-text question. The real bot runs against the fake Bot
API on loopback, on SQLite in one process, and on PostgreSQL with one process and with a
receiver plus two workers. During each run a bot process that handles updates is killed
with kill -9 twice and started again.

Figures per run: updates/s, the time from an update to the bot's first reply (p50, p95,
p99), lost inputs (no reply within a minute), inputs not done (sent, but not marked done in
the inbox once the backlog has drained: never stored, still waiting, or poison),
duplicated inputs (a question stored twice: each question's text is unique; one typed
at a practice task is stored as its answer), and the
bot's CPU per update (all its processes). The goal: 0 lost, 0 duplicated, p95 <= 2 s.

    python -m bench.surge                                   # the full surge, ~25 minutes
    python -m bench.surge --learners 300 --arrival 30 --duration 90   # a shorter one
    python -m bench.surge --runs sqlite                     # one configuration
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[1]
if str(REPOSITORY) not in sys.path:
    sys.path.insert(0, str(REPOSITORY))

from bench.updates import (  # noqa: E402
    DEFAULT_POSTGRES_URL,
    LAP_DONE,
    BenchBotApi,
    Press,
    SendText,
    fresh_postgres_database,
    percentile,
    process_cpu_seconds,
    sellerbot_step,
    stop_process,
    tail,
    wait_until_polling,
)

GOAL_P95_SECONDS = 2.0
REPLY_TIMEOUT = 60.0  # no reply within this: the input is lost
FIRST_USER_ID = 5_000_000
QUESTION_SHARE = 0.1
QUESTIONS = (
    "how do I pack eggs so they do not break",
    "what should I write in my store profile",
    "how much should I charge for shipping",
    "how do I start a livestream",
)
RUNS = {
    "sqlite": ("SQLite", 1),
    "postgresql-1": ("PostgreSQL", 1),
    "postgresql-2": ("PostgreSQL", 2),
}


@dataclass
class Tally:
    sent: int = 0
    latencies: list[float] = field(default_factory=list)
    replied_at: list[float] = field(default_factory=list)
    lost: int = 0
    questions: Counter[str] = field(default_factory=Counter)


async def learner(api: BenchBotApi, user_id: int, arrive: float, options, tally, until: float):
    """One trainee: arrives through the deep link, then acts every think-time seconds."""
    chance = random.Random(user_id)
    await asyncio.sleep(arrive)
    action: SendText | Press = SendText("/start county-3")
    asked = itertools.count()
    while time.perf_counter() < until:
        waiter = api.expect_reply(user_id)
        pushed = time.perf_counter()
        if isinstance(action, SendText):
            api.push_message(user_id, action.text)
            if action.text.endswith(")"):  # one of this benchmark's numbered questions
                tally.questions[action.text] += 1
        else:
            api.push_callback(user_id, action.data, action.message_id)
        tally.sent += 1
        try:
            async with asyncio.timeout(REPLY_TIMEOUT):
                replied = await waiter
        except TimeoutError:
            api.forget_reply(user_id)
            tally.lost += 1
            action = SendText("/menu")
            continue
        tally.latencies.append(replied - pushed)
        tally.replied_at.append(replied)
        await asyncio.sleep(chance.uniform(*options.think))
        step = sellerbot_step(api.chat(user_id)[-1], 0)
        if step is None or step == LAP_DONE or chance.random() < QUESTION_SHARE:
            action = SendText(f"{chance.choice(QUESTIONS)} ({user_id}-{next(asked)})")
        else:
            action = step


def _bot(arguments: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as handle:
        return subprocess.Popen(
            [sys.executable, "-m", "sellerbot", *arguments], env=env, stdout=handle, stderr=handle
        )


async def _stored(url: str) -> tuple[Counter[str], Counter[str]]:
    """The texts stored as questions or task answers, and the inbox's updates per state."""
    from sqlalchemy import text

    from sellerbot.store.database import create_engine

    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            # A text typed at a practice task is its answer; anywhere else, a question.
            rows = await connection.execute(
                text(
                    "SELECT text FROM questions UNION ALL"
                    " SELECT answer FROM task_submissions WHERE answer IS NOT NULL"
                )
            )
            texts = Counter(row[0] for row in rows)
            states = await connection.execute(
                text("SELECT state, count(*) FROM inbox GROUP BY state")
            )
            return texts, Counter(dict(states.all()))
    finally:
        await engine.dispose()


def measure(name: str, database_url: str, options, workdir: Path) -> dict:
    backend, workers = RUNS[name]
    api = BenchBotApi(token=f"{710000 + os.getpid() % 1000}:{secrets.token_urlsafe(12)}")
    api.start()
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "SELLERBOT_API_URL": api.root_url,
        "SELLERBOT_DATABASE_URL": database_url,
        "SELLERBOT_REMINDER_CHECK_SECONDS": "0",
        "SELLERBOT_WATCH_SECONDS": "0",
    }
    log = (options.logs or workdir) / f"{name}.log"
    if workers == 1:
        receiver, handlers = None, [["run"]]
    else:
        receiver, handlers = ["run", "--receive-only"], [["work"]] * workers
    processes: dict[int, subprocess.Popen] = {}
    cpu_of_killed = 0.0
    try:
        if receiver is not None:
            processes[-1] = _bot(receiver, env, log)
        for index, arguments in enumerate(handlers):
            processes[index] = _bot(arguments, env, log)
        wait_until_polling(api, next(iter(processes.values())), log)
        time.sleep(options.settle)  # workers load the course and the FAQ model
        start = time.perf_counter()
        until = start + options.duration
        tally = Tally()
        chance = random.Random(7)
        arrivals = sorted(chance.uniform(0, options.arrival) for _ in range(options.learners))
        coroutines = [
            learner(api, FIRST_USER_ID + n, arrive, options, tally, until)
            for n, arrive in enumerate(arrivals)
        ]

        async def everyone() -> None:
            await asyncio.gather(*coroutines)

        future = api.run_on_loop(everyone())
        for moment in (options.duration / 3, 2 * options.duration / 3)[: options.kills]:
            time.sleep(max(0.0, start + moment - time.perf_counter()))
            victim = processes[0]  # a process that handles updates
            cpu_of_killed += process_cpu_seconds(victim.pid)
            victim.send_signal(signal.SIGKILL)
            victim.wait()
            processes[0] = _bot(handlers[0], env, log)
        future.result(timeout=options.duration + REPLY_TIMEOUT + 120)
        end = time.perf_counter()
        # A repeated reply may have stood in for the answer to a learner's last input:
        # let the bot finish what it still holds before counting.
        api.wait_idle(quiet=3.0, timeout=REPLY_TIMEOUT)
        cpu = cpu_of_killed + sum(process_cpu_seconds(p.pid) for p in processes.values())
    finally:
        for process in processes.values():
            stop_process(process)
        api.stop()
    stored, inbox = asyncio.run(_stored(database_url))
    duplicated = sum(max(0, stored[text] - 1) for text in tally.questions)
    unfinished = tally.sent - inbox["done"]  # never stored, still waiting, or poison
    answered = len(tally.latencies)
    return {
        "run": name,
        "database": backend,
        "handling processes": workers,
        "learners": options.learners,
        "inputs": tally.sent,
        "updates/s": round(answered / (end - start), 1),
        "p50 s": round(percentile(tally.latencies, 0.50), 3),
        "p95 s": round(percentile(tally.latencies, 0.95), 3),
        "p99 s": round(percentile(tally.latencies, 0.99), 3),
        "lost": tally.lost,
        "inputs not done": unfinished,
        "duplicated": duplicated,
        "kills": options.kills,
        "bot CPU ms/update": round(1000 * cpu / answered, 2) if answered else None,
        "errors logged": log.read_text(errors="replace").count(" ERROR "),
        "log tail": tail(log, 3) if tally.lost else "",
    }


def verdict(result: dict) -> str:
    met = (
        result["lost"] == 0
        and result["duplicated"] == 0
        and result["inputs not done"] == 0
        and result["p95 s"] <= GOAL_P95_SECONDS
    )
    return (
        f"{result['run']}: {'meets' if met else 'misses'} the goal "
        f"(0 lost, 0 duplicated, p95 <= {GOAL_P95_SECONDS:.0f} s)"
    )


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=4000)
    parser.add_argument("--arrival", type=float, default=300.0, help="seconds they arrive over")
    parser.add_argument("--duration", type=float, default=420.0, help="seconds of load")
    parser.add_argument(
        "--think", type=float, nargs=2, default=(20.0, 40.0), metavar=("MIN", "MAX")
    )
    parser.add_argument("--kills", type=int, default=2, choices=(0, 1, 2))
    parser.add_argument("--settle", type=float, default=5.0, help="seconds for workers to start")
    parser.add_argument("--runs", nargs="+", choices=sorted(RUNS), default=list(RUNS))
    parser.add_argument(
        "--postgres", default=os.environ.get("SELLERBOT_BENCH_POSTGRES", DEFAULT_POSTGRES_URL)
    )
    parser.add_argument("--logs", type=Path, help="keep the bots' logs in this folder")
    parser.add_argument("--json", action="store_true")
    return parser.parse_args(argv)


def header() -> str:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=REPOSITORY
    ).stdout.strip()
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"commit {commit or '?'}, {os.cpu_count()} cores, load {load}"


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    print(header(), file=sys.stderr)
    results = []
    with tempfile.TemporaryDirectory(prefix="sellerbot-surge-") as folder:
        workdir = Path(folder)
        if options.logs is not None:
            options.logs.mkdir(parents=True, exist_ok=True)
        for name in options.runs:
            if RUNS[name][0] == "SQLite":
                results.append(
                    measure(name, f"sqlite:///{workdir / (name + '.db')}", options, workdir)
                )
                continue
            with fresh_postgres_database(options.postgres) as url:
                if url is None:
                    continue
                results.append(measure(name, url, options, workdir))
    if options.json:
        print(json.dumps(results, indent=2))
    else:
        for result in results:
            print("  ".join(f"{key} {value}" for key, value in result.items() if key != "log tail"))
            if result["log tail"]:
                print(result["log tail"])
    for result in results:
        print(verdict(result))
    return 0 if results and all("meets" in verdict(result) for result in results) else 1


if __name__ == "__main__":
    sys.exit(main())
