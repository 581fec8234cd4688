"""Benchmark sellerbot's update throughput end to end against a minimal PTB echo bot.

N simulated farmers step through the first module at the same time. Each farmer sends
one update (a message or a button press on the bot's newest message), waits until the
bot's reply reaches the fake Bot API, and sends the next one. The bot runs as its own
process, long polling the fake Bot API (tests/fakebotapi) over loopback; the farmers and
the fake API share this process. A farmer's lap is a whole module as a new learner:
/start, "Start the course", Next, Next, the right quiz answer, Next, the task answer,
Next, Next; at the end of the module the next lap starts with /start as a learner the bot
has not seen yet, so every lap walks the same steps.

The baseline is bench/echo_bot.py under exactly the same load and update mix: the same
PTB version, request class, polling options and concurrent_updates as sellerbot's driver.
sellerbot is measured on SQLite (a fresh file) and PostgreSQL (a fresh database, dropped
afterwards; skipped when the server is unreachable).

Figures: updates/s (updates whose reply arrived during the measured window), latency from
pushing an update to the bot's first message send or edit for it (p50, p99), and the CPU
each process used, which shows whether the bot or the harness was the limit.

Run from the repository root:

    python -m bench.updates [--farmers 200] [--seconds 20] [--json]
    python -m bench.updates --farmers 20 --seconds 3          # a quick smoke run
    python -m bench.updates --profile /tmp/prof                # sellerbot under cProfile
    python -m bench.updates --py-spy /tmp/spy                  # sample it with py-spy
    python -m bench.updates --workers 2    # also: one receiver and 2 workers on PostgreSQL
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import contextlib
import itertools
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

REPOSITORY = Path(__file__).resolve().parents[1]
if str(REPOSITORY) not in sys.path:  # lets `python bench/updates.py` import tests.fakebotapi
    sys.path.insert(0, str(REPOSITORY))

from tests.fakebotapi import FakeBotApi  # noqa: E402
from tests.fakebotapi.records import ChatMessage  # noqa: E402

ECHO_BOT = REPOSITORY / "bench" / "echo_bot.py"
DEFAULT_FARMERS = 200
DEFAULT_SECONDS = 20.0
DEFAULT_WARMUP = 3.0
DEFAULT_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
# Goals of issue 11 (sellerbot/echo updates/s, inbox on), by database.
GOAL_RATIOS = {"SQLite": 0.8, "PostgreSQL": 0.95}
BOT_READY_TIMEOUT = 60.0
# A reply slower than this counts as lost and the farmer starts a new lap.
REPLY_TIMEOUT = 15.0
FIRST_USER_ID = 1_000_000

START_COURSE = "Start the course"
NEXT = "Next ➡️"
NEXT_MODULE = "Next module ➡️"
QUIZ_ANSWER = "I carry on where I stopped"
TASK_MARKER = "Skip ⏭"  # only a practice task offers Skip
TASK_ANSWER = "Navel oranges, about 2000 kg"


# ----- what a farmer does next ------------------------------------------------------------------


@dataclass(frozen=True)
class SendText:
    text: str


@dataclass(frozen=True)
class Press:
    data: str
    message_id: int


Action = SendText | Press
LAP_START = SendText("/start")
LAP_DONE = "lap done"  # a step function's answer at the end of a lap


def _buttons(message: ChatMessage) -> list[tuple[str, str | None]]:
    return [button for row in message.buttons for button in row]


def sellerbot_step(newest: ChatMessage, position: int) -> Action | str | None:
    """A learner's next move on sellerbot's newest message; None when off the script."""
    buttons = _buttons(newest)
    if any(label == NEXT_MODULE for label, _ in buttons):
        return LAP_DONE
    if any(label == TASK_MARKER for label, _ in buttons):
        return SendText(TASK_ANSWER)
    for label, data in buttons:
        if data and (label in (NEXT, QUIZ_ANSWER) or START_COURSE in label):
            return Press(data, newest.message_id)
    return None


# The shape of one sellerbot lap (True = a message, False = a button press); the echo
# farmers repeat it so both bots get the same mix of updates.
SELLERBOT_LAP = (True, False, False, False, False, False, True, False, False)


def echo_step(newest: ChatMessage, position: int) -> Action | str | None:
    if position >= len(SELLERBOT_LAP):
        return LAP_DONE
    if SELLERBOT_LAP[position]:
        return SendText(TASK_ANSWER)
    label_data = next(((label, data) for label, data in _buttons(newest) if data), None)
    return Press(label_data[1], newest.message_id) if label_data else None


StepFunction = Callable[[ChatMessage, int], Action | str | None]


# ----- the fake Bot API, with a hook for farmers waiting on replies -----------------------------


class BenchBotApi(FakeBotApi):
    """FakeBotApi that wakes the farmer waiting in a chat as soon as the bot replies there.

    Farmers run as coroutines on the server's own event loop, so a reply costs no thread
    hand-over and the harness stays cheap next to the bot under test.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._reply_waiters: dict[int, asyncio.Future[float]] = {}

    def expect_reply(self, chat_id: int) -> asyncio.Future[float]:
        """A future set to the perf_counter time of the bot's next send or edit in the chat."""
        waiter = asyncio.get_running_loop().create_future()
        self._reply_waiters[chat_id] = waiter
        return waiter

    def forget_reply(self, chat_id: int) -> None:
        self._reply_waiters.pop(chat_id, None)

    def _execute(self, method, params, parts, call):
        response = super()._execute(method, params, parts, call)
        name = method.name
        if (
            response.status == 200
            and name.startswith(("send", "edit"))
            and name != "sendChatAction"
        ):
            waiter = self._reply_waiters.pop(params.get("chat_id"), None)
            if waiter is not None and not waiter.done():
                waiter.set_result(time.perf_counter())
        return response

    def run_on_loop(self, coroutine) -> concurrent.futures.Future:
        return asyncio.run_coroutine_threadsafe(coroutine, self._loop)


# ----- the load -------------------------------------------------------------------------------


@dataclass
class Tally:
    """Every answered update: when its reply came and how long it took."""

    replied_at: list[float] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    lost_at: list[float] = field(default_factory=list)
    laps_at: list[float] = field(default_factory=list)
    off_script_at: list[float] = field(default_factory=list)


async def farmer(
    api: BenchBotApi,
    next_step: StepFunction,
    user_ids: Iterator[int],
    tally: Tally,
    stopping: asyncio.Event,
) -> None:
    user_id, position, action = next(user_ids), 0, LAP_START
    # Cancelling alone is not enough: on Python 3.11 a cancel that races a reply can be lost.
    while not stopping.is_set():
        waiter = api.expect_reply(user_id)
        pushed = time.perf_counter()
        if isinstance(action, SendText):
            api.push_message(user_id, action.text)
        else:
            api.push_callback(user_id, action.data, action.message_id)
        try:
            async with asyncio.timeout(REPLY_TIMEOUT):
                replied = await waiter
        except TimeoutError:
            api.forget_reply(user_id)
            tally.lost_at.append(time.perf_counter())
            user_id, position, action = next(user_ids), 0, LAP_START
            continue
        tally.replied_at.append(replied)
        tally.latencies.append(replied - pushed)
        newest = api.chat(user_id)[-1]
        position += 1
        action = next_step(newest, position)
        if action is None or action == LAP_DONE:
            (tally.off_script_at if action is None else tally.laps_at).append(time.perf_counter())
            user_id, position, action = next(user_ids), 0, LAP_START


@dataclass
class Window:
    start: float
    end: float
    bot_cpu: float
    harness_cpu: float
    machine_cpu: float


async def run_load(
    api: BenchBotApi,
    next_step: StepFunction,
    farmers: int,
    warmup: float,
    seconds: float,
    bot_cpu: Callable[[], float],
) -> tuple[Tally, Window]:
    def cpu_now() -> tuple[float, float, float]:
        return bot_cpu(), time.process_time(), machine_cpu_seconds()

    tally = Tally()
    user_ids = itertools.count(FIRST_USER_ID)
    stopping = asyncio.Event()
    tasks = [
        asyncio.create_task(farmer(api, next_step, user_ids, tally, stopping))
        for _ in range(farmers)
    ]
    try:
        await asyncio.sleep(warmup)
        start, cpu_start = time.perf_counter(), cpu_now()
        await asyncio.sleep(seconds)
        end, cpu_end = time.perf_counter(), cpu_now()
        failed = next((task for task in tasks if task.done()), None)
        if failed is not None:
            failed.result()  # a farmer that crashed is a bug in the benchmark: show it
    finally:
        stopping.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    used = [after - before for before, after in zip(cpu_start, cpu_end, strict=True)]
    return tally, Window(start, end, *used)


# ----- one measured run -----------------------------------------------------------------------


@dataclass
class Result:
    bot: str
    database: str
    updates_per_second: float
    p50_ms: float
    p99_ms: float
    updates: int
    lost: int
    laps: int
    off_script: int
    bot_cpu_percent: float
    harness_cpu_percent: float
    other_cpu_percent: float
    bot_cpu_ms_per_update: float
    # Bot API calls other than getUpdates, per answered update, over the whole run: more
    # calls cost the bot more HTTP work for the same update.
    calls_per_update: float = float("nan")
    bot_errors: int = 0
    first_error: str | None = None


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def summarise(bot: str, database: str, tally: Tally, window: Window) -> Result:
    def within(times: list[float]) -> int:
        return sum(window.start <= moment < window.end for moment in times)

    measured = [
        latency
        for replied, latency in zip(tally.replied_at, tally.latencies, strict=True)
        if window.start <= replied < window.end
    ]
    duration = window.end - window.start
    updates = len(measured)
    others = window.machine_cpu - window.bot_cpu - window.harness_cpu
    return Result(
        bot=bot,
        database=database,
        updates_per_second=updates / duration,
        p50_ms=percentile(measured, 0.50) * 1000,
        p99_ms=percentile(measured, 0.99) * 1000,
        updates=updates,
        lost=within(tally.lost_at),
        laps=within(tally.laps_at),
        off_script=within(tally.off_script_at),
        bot_cpu_percent=100 * window.bot_cpu / duration,
        harness_cpu_percent=100 * window.harness_cpu / duration,
        # Everything else on the machine: the database server, or other people's work.
        other_cpu_percent=100 * others / duration,
        bot_cpu_ms_per_update=1000 * window.bot_cpu / updates if updates else float("nan"),
    )


def process_cpu_seconds(pid: int) -> float:
    """User plus system CPU time of a process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_cpu_seconds() -> float:
    """CPU time all processors spent busy since boot (Linux /proc/stat), in seconds."""
    ticks = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = ticks[3] + ticks[4]  # idle and iowait
    busy = sum(ticks[:8]) - idle  # guest time is already counted in user
    return busy / os.sysconf("SC_CLK_TCK")


def bot_command(kind: str, profile_to: Path | None, receive_only: bool = False) -> list[str]:
    if kind == "echo":
        return [sys.executable, str(ECHO_BOT)]
    run = ["run", "--receive-only"] if receive_only else ["run"]
    if profile_to is not None:
        return [sys.executable, "-m", "cProfile", "-o", str(profile_to), "-m", "sellerbot", *run]
    return [sys.executable, "-m", "sellerbot", *run]


def stop_process(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def measure(
    kind: str,
    database: str,
    database_url: str | None,
    options: argparse.Namespace,
    workdir: Path,
    workers: int = 0,
) -> Result:
    """Starts a fresh fake API and bot, runs the load, stops both.

    With `workers`, the bot is one receiving process and that many `sellerbot work`
    processes sharing its inbox (PostgreSQL); their CPU is added up as the bot's."""
    label = f"{kind}-{database.lower()}" + (f"-{workers}-workers" if workers else "")
    profile_to = None
    if options.profile and kind == "sellerbot":
        options.profile.mkdir(parents=True, exist_ok=True)
        profile_to = options.profile / f"{label}.prof"
    api = BenchBotApi(token=f"{700000 + os.getpid() % 1000}:{secrets.token_urlsafe(12)}")
    api.start()
    log_folder = options.logs or workdir
    log_folder.mkdir(parents=True, exist_ok=True)
    log_path = log_folder / f"{label}.log"
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "SELLERBOT_API_URL": api.root_url,
    }
    if database_url is not None:
        env["SELLERBOT_DATABASE_URL"] = database_url
    process = None
    helpers: list[subprocess.Popen] = []
    try:
        with log_path.open("wb") as log:

            def spawn(command: list[str]) -> subprocess.Popen:
                return subprocess.Popen(command, env=env, stdout=log, stderr=log, cwd=workdir)

            process = spawn(bot_command(kind, profile_to, receive_only=workers > 0))
            helpers = [spawn([sys.executable, "-m", "sellerbot", "work"]) for _ in range(workers)]
        wait_until_polling(api, process, log_path)
        processes = [process, *helpers]
        if options.py_spy and kind == "sellerbot":
            sample_measured_window(process.pid, options, options.py_spy / f"{label}.txt")
        next_step = sellerbot_step if kind == "sellerbot" else echo_step
        future = api.run_on_loop(
            run_load(
                api,
                next_step,
                options.farmers,
                options.warmup,
                options.seconds,
                lambda: sum(process_cpu_seconds(each.pid) for each in processes),
            )
        )
        tally, window = future.result(timeout=options.warmup + options.seconds + 60)
        if any(each.poll() is not None for each in processes):
            raise RuntimeError(f"{label}: the bot exited during the run\n{tail(log_path)}")
    finally:
        for each in helpers:
            stop_process(each)
        if process is not None:
            stop_process(process)
        api.stop()
    shown = f"{database} ×{workers}" if workers else database
    result = summarise(kind, shown, tally, window)
    with api._lock:
        calls = sum(call.method.lower() != "getupdates" for call in api.calls)
    if tally.replied_at:
        result.calls_per_update = calls / len(tally.replied_at)
    result.bot_errors, result.first_error = logged_errors(log_path)
    if result.updates == 0:
        raise RuntimeError(f"{label}: no update was answered\n{tail(log_path)}")
    return result


def sample_measured_window(pid: int, options: argparse.Namespace, output: Path) -> None:
    """Starts py-spy on the bot for the measured window (raw collapsed stacks, idle included)."""
    py_spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    output.parent.mkdir(parents=True, exist_ok=True)
    command = [
        py_spy,
        "record",
        "--pid",
        str(pid),
        "--duration",
        str(max(1, int(options.seconds))),
        "--rate",
        "200",
        "--format",
        "raw",
        "--idle",
        "--nonblocking",
        "--output",
        str(output),
    ]
    # Started from a timer so sampling covers the measured window, not the warm-up.
    threading.Timer(
        options.warmup,
        lambda: subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ).start()


def wait_until_polling(api: FakeBotApi, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + BOT_READY_TIMEOUT
    while api.stats_snapshot()["by_method"].get("getUpdates", 0) == 0:
        if process.poll() is not None:
            raise RuntimeError(f"the bot exited before polling\n{tail(log_path)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the bot did not poll within {BOT_READY_TIMEOUT:.0f}s")
        time.sleep(0.05)


EXCEPTION_LINE = re.compile(r"[A-Za-z_][\w.]*(Error|Exception|Exit|Timeout)\b")


def logged_errors(log_path: Path) -> tuple[int, str | None]:
    """How many ERROR records the bot logged, and the exception line of the first."""
    lines = log_path.read_text(errors="replace").splitlines()
    starts = [index for index, line in enumerate(lines) if " ERROR " in line]
    if not starts:
        return 0, None
    block = []
    for line in lines[starts[0] + 1 :]:
        if line[:1].isdigit():  # the next log record begins with its date
            break
        block.append(line)
    # The exception's own line, e.g. "sqlalchemy.exc.IntegrityError: ...", ends a traceback.
    exception = next((line for line in reversed(block) if EXCEPTION_LINE.match(line)), "")
    return len(starts), f"{lines[starts[0]]} | {exception}".strip(" |")


def tail(path: Path, lines: int = 30) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


# ----- PostgreSQL: a database of our own --------------------------------------------------------


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def _admin(url: str, statement: str) -> None:
    import asyncpg

    connection = await asyncio.wait_for(
        asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://")), timeout=5
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextlib.contextmanager
def fresh_postgres_database(admin_url: str) -> Iterator[str | None]:
    """Yields the URL of a new, empty database, or None when the server is unreachable."""
    name = f"sellerbot_bench_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}"'))
    except (OSError, TimeoutError, ImportError) as error:
        print(f"PostgreSQL skipped: {admin_url} is unreachable ({error})", file=sys.stderr)
        yield None
        return
    try:
        yield with_database(admin_url, name)
    finally:
        asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# ----- report ---------------------------------------------------------------------------------

# Above these, the figures say more about the machine than about the bots.
BUSY_MACHINE_PERCENT = 30.0
BASELINE_DRIFT = 0.15
HARNESS_LIMIT_PERCENT = 80.0


def format_table(results: list[Result], baseline: float) -> str:
    header = (
        f"{'bot':<10} {'database':<13} {'updates/s':>9} {'vs echo':>7} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'updates':>8} {'lost':>5} {'laps':>5} {'bot CPU':>8} "
        f"{'CPU ms/upd':>10} {'calls/upd':>9} {'harness CPU':>11} {'other CPU':>9}"
    )
    lines = [header, "-" * len(header)]
    for result in results:
        lines.append(
            f"{result.bot:<10} {result.database:<13} {result.updates_per_second:>9.1f} "
            f"{result.updates_per_second / baseline:>7.2f} "
            f"{result.p50_ms:>7.1f} {result.p99_ms:>7.1f} {result.updates:>8} {result.lost:>5} "
            f"{result.laps:>5} {result.bot_cpu_percent:>7.0f}% "
            f"{result.bot_cpu_ms_per_update:>10.2f} {result.calls_per_update:>9.2f} "
            f"{result.harness_cpu_percent:>10.0f}% "
            f"{result.other_cpu_percent:>8.0f}%"
        )
    return "\n".join(lines)


def verdicts(results: list[Result], baseline: float) -> list[str]:
    lines = [f"echo baseline: {baseline:.1f} updates/s (mean of its runs before and after)"]
    for result in results:
        if result.bot != "sellerbot":
            continue
        ratio = result.updates_per_second / baseline
        goal = GOAL_RATIOS[result.database.split(" ×")[0]]
        met = "meets" if ratio >= goal else "misses"
        lines.append(
            f"sellerbot/echo updates/s on {result.database}: {ratio:.2f} "
            f"({met} the goal of {goal:.2f}); bot CPU {result.bot_cpu_ms_per_update:.2f} ms "
            "per update"
        )
    return lines


def warnings(results: list[Result]) -> list[str]:
    lines = []
    echo_rates = [result.updates_per_second for result in results if result.bot == "echo"]
    if len(echo_rates) > 1 and max(echo_rates) > (1 + BASELINE_DRIFT) * min(echo_rates):
        lines.append(
            "the echo bot's runs differ by more than "
            f"{BASELINE_DRIFT:.0%}: the machine's speed changed during the benchmark"
        )
    for result in results:
        run = f"{result.bot} {result.database}"
        # PostgreSQL's own server processes count as "other"; only flag the rest.
        if result.database != "PostgreSQL" and result.other_cpu_percent > BUSY_MACHINE_PERCENT:
            lines.append(
                f"other processes used {result.other_cpu_percent:.0f}% CPU during {run}: "
                "rerun on a quiet machine"
            )
        if result.harness_cpu_percent > HARNESS_LIMIT_PERCENT:
            lines.append(f"the harness itself was busy during {run}; it may have been the limit")
        if result.lost or result.off_script:
            lines.append(
                f"{run}: {result.lost} replies never came, {result.off_script} laps left the script"
            )
        if result.bot_errors:
            lines.append(f"{run}: the bot logged {result.bot_errors} errors; first: ")
            lines.append(f"  {result.first_error}")
    return ["warning: " + line for line in lines]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--farmers", type=int, default=DEFAULT_FARMERS)
    parser.add_argument("--seconds", type=float, default=DEFAULT_SECONDS, help="measured time")
    parser.add_argument("--warmup", type=float, default=DEFAULT_WARMUP, help="unmeasured start")
    parser.add_argument(
        "--backends",
        default="sqlite,postgresql",
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SELLERBOT_TEST_DATABASE_URL", DEFAULT_POSTGRES_URL),
        help="a database to connect to for creating and dropping the benchmark's own",
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="run sellerbot under cProfile and write <backend>.prof files to this folder",
    )
    parser.add_argument(
        "--py-spy",
        type=Path,
        help="sample sellerbot with py-spy during the measured window; raw stacks to this folder",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=0,
        help="also run PostgreSQL as one receiver and this many `sellerbot work` processes",
    )
    parser.add_argument("--logs", type=Path, help="keep the bots' logs in this folder")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    options = parse_args(argv)
    backends = [name.strip().lower() for name in options.backends.split(",") if name.strip()]
    unknown = set(backends) - {"sqlite", "postgresql"}
    if unknown:
        print(f"unknown backend(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    print(
        f"{options.farmers} farmers, {options.warmup:g}s warm-up + {options.seconds:g}s measured "
        f"per bot; {os.cpu_count()} CPUs",
        file=sys.stderr,
    )
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="sellerbot-bench-") as folder:
        workdir = Path(folder)
        # The baseline runs first and last, so a machine that sped up or slowed down shows.
        results.append(measure("echo", "(first)", None, options, workdir))
        if "sqlite" in backends:
            url = f"sqlite:///{workdir / 'sellerbot.db'}"
            results.append(measure("sellerbot", "SQLite", url, options, workdir))
        if "postgresql" in backends:
            for workers in sorted({0, max(0, options.workers)}):  # one process, then workers
                with fresh_postgres_database(options.postgres_url) as url:
                    if url is not None:
                        results.append(
                            measure("sellerbot", "PostgreSQL", url, options, workdir, workers)
                        )
        results.append(measure("echo", "(last)", None, options, workdir))
    echo_rates = [result.updates_per_second for result in results if result.bot == "echo"]
    baseline = sum(echo_rates) / len(echo_rates)
    if options.json:
        print(
            json.dumps(
                {
                    "farmers": options.farmers,
                    "seconds": options.seconds,
                    "warmup": options.warmup,
                    "echo_updates_per_second": baseline,
                    "results": [asdict(result) for result in results],
                    "ratios": {
                        result.database: result.updates_per_second / baseline
                        for result in results
                        if result.bot == "sellerbot"
                    },
                    "warnings": warnings(results),
                },
                indent=2,
            )
        )
    else:
        print(format_table(results, baseline))
        print()
        print("\n".join(verdicts(results, baseline) + warnings(results)))
        if options.profile:
            print(f"profiles: {options.profile}/sellerbot-*.prof (python -m pstats FILE)")
        if options.py_spy:
            print(f"py-spy stacks: {options.py_spy}/sellerbot-*.txt (collapsed, one stack a line)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
