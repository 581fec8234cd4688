"""Mutation testing of one module at a time with mutmut, with only the tests that matter for it.

mutmut makes small deliberate bugs (mutants) in a module, runs the tests that execute
the mutated function against each, and reports the mutants no test noticed (survivors).
The run happens in a copy of the work tree, so the checkout is never left mutated and
two modules can be run at once.

    python -m bench.mutation --module limits            # one module, a few minutes
    python -m bench.mutation --module ledger --show     # and print each survivor's diff
    python -m bench.mutation --module checks --minutes 20   # stop there; a partial score
    python -m bench.mutation --list                     # the modules and their tests
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.machine import ROOT, header, verdict

GOAL = 85.0  # per cent of mutants killed


@dataclass(frozen=True)
class Target:
    sources: tuple[str, ...]
    tests: tuple[str, ...]
    why: str
    # Seconds a test may take before it fails. A mutant that leaves a sender waiting on an
    # answer uses no CPU, so mutmut's CPU-time limit never ends it; this does, as a kill.
    test_timeout: int = 60


ENGINE_TESTS = (
    "tests/test_engine.py",
    "tests/test_practice_dialogs.py",
    "tests/test_practice_quizzes.py",
    "tests/test_review.py",
    "tests/test_voice_notes.py",
    "tests/test_faq_labels.py",
    "tests/test_engine_mutants.py",
    "tests/test_lessons_mutants.py",
    "tests/test_questions_mutants.py",
    # Engine.nudge (the reminder) and free-text questions through `sellerbot ask`, which
    # the first engine run found reached by none of the above.
    "tests/test_reminders.py",
    "tests/test_ask.py",
)

# The practice checks' own tests and the practice dialogs; test_curriculum.py (the whole
# course) is left out, as for the engine.
CHECKS_TESTS = (
    "tests/test_task_checks.py",
    "tests/test_checks_mutants.py",
    "tests/test_practice_dialogs.py",
    "tests/test_practice_quizzes.py",
    "tests/test_engine.py",
    # Prices, fees, several products, offers and claims by pattern, as farmers type them.
    "tests/test_practice_farmer_answers.py",
)

# Where a silent bug hurts most: progress lost, a message sent twice or during a ban,
# a wrong answer accepted, the token in a log.
TARGETS = {
    # The engine's tests are dialogs through Engine.handle, so each part reaches them all;
    # test_curriculum.py (the whole course, 13 s) is left out: every mutant would pay for it.
    "engine": Target(
        (
            "sellerbot/engine/engine.py",
            "sellerbot/engine/turn.py",
            "sellerbot/engine/menus.py",
            "sellerbot/engine/questions.py",
        ),
        ENGINE_TESTS,
        "every learner's turn: routing, menus, questions",
    ),
    "engine-lessons": Target(
        ("sellerbot/engine/lessons.py",),
        ENGINE_TESTS,
        "steps shown in order and practice answers judged",
    ),
    "engine-quizzes": Target(
        (
            "sellerbot/engine/quizzes.py",
            "sellerbot/engine/review.py",
            "sellerbot/engine/finishing.py",
        ),
        ENGINE_TESTS,
        "quiz verdicts, reviews, the final check and certificates",
    ),
    # The practice checks, in two runs of about the same size: what an answer says (effort,
    # language, words, claims), and what its figures come to (numbers, prices, offers).
    "checks": Target(
        (
            "sellerbot/practice/checks.py",
            "sellerbot/practice/effort.py",
            "sellerbot/practice/lexicon.py",
            "sellerbot/practice/words.py",
            "sellerbot/practice/claims.py",
        ),
        CHECKS_TESTS,
        "practice answers: effort, language, words, claims",
    ),
    "numbers": Target(
        (
            "sellerbot/practice/numbers.py",
            "sellerbot/practice/pricing.py",
            "sellerbot/practice/sums.py",
            "sellerbot/practice/offers.py",
        ),
        CHECKS_TESTS,
        "practice answers: numbers, costs, prices, fees and offers",
    ),
    "store": Target(
        ("sellerbot/store/learners.py", "sellerbot/store/media.py"),
        (
            "tests/test_store.py",
            "tests/test_store_mutants.py",
            "tests/test_review_store.py",
            "tests/test_reminders.py",
            "tests/test_learning_stats.py",
            # The media cache is used by replies with pictures; its forgetting and upload
            # lock are reached there, not in test_store.py.
            "tests/test_sending_media.py",
        ),
        "learners' progress and duplicate updates",
    ),
    "migrations": Target(
        ("sellerbot/store/migrating.py",),
        ("tests/test_migrations.py", "tests/test_dbcli.py", "tests/test_cli_startup.py"),
        "the schema upgraded with every row kept, or nothing changed",
    ),
    # bot.py hands inbound.py its rows; the end-to-end inbox tests run the bot as a child
    # process and cannot kill mutants, so inbound.py has in-process tests of its own.
    "inbox": Target(
        (
            "sellerbot/store/inbox.py",
            "sellerbot/worker.py",
            "sellerbot/drivers/telegram/inbound.py",
        ),
        ("tests/test_inbox.py", "tests/test_inbox_mutants.py"),
        "no update lost, none handled twice, poison kept aside",
    ),
    "ledger": Target(
        ("sellerbot/admin/ledger.py",),
        # Its own tests, each a second or two; test_broadcast.py runs senders end to end,
        # and with it a run took hours.
        ("tests/test_broadcast_ledger.py",),
        "the broadcast lease and every delivery's state",
        test_timeout=30,
    ),
    "limits": Target(
        ("sellerbot/admin/limits.py",),
        ("tests/test_broadcast.py",),
        "broadcast pacing and flood bans",
    ),
    "sending": Target(
        ("sellerbot/drivers/telegram/sending.py",),
        (
            "tests/test_sending.py",
            "tests/test_sending_media.py",
            "tests/test_sending_edits.py",
            "tests/test_sending_calls.py",
        ),
        "replies: escaping, splitting, flood waits, media, edits",
    ),
    "redact": Target(
        ("sellerbot/drivers/telegram/redact.py",),
        ("tests/test_redact.py",),
        "the bot token kept out of logs",
    ),
}
KILLED = ("killed", "timeout", "segfault", "suspicious")  # the tests noticed the mutant
UNTESTED = ("skipped", "not checked")  # left out of this run


def copy_work_tree(destination: Path) -> None:
    """Tracked files and new ones not ignored, as they are on disk now."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.split(b"\0")
    for name in filter(None, (entry.decode() for entry in listed)):
        source = ROOT / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


def mutmut_config(target: Target) -> str:
    quoted = ", ".join(json.dumps(path) for path in target.sources)
    tests = ", ".join(json.dumps(path) for path in target.tests)
    return (
        "\n\n[tool.mutmut]\n"
        'source_paths = ["sellerbot"]\n'
        f"only_mutate = [{quoted}]\n"
        f"pytest_add_cli_args_test_selection = [{tests}]\n"
        # mutmut copies only the package and tests/; the course and catalogs at the top of
        # the clone are what sellerbot.paths finds there, and the dialog tests load them;
        # the migration tests read alembic.ini from there.
        'also_copy = ["content", "locales", "alembic.ini"]\n'
        f'pytest_add_cli_args = ["-p", "no:cacheprovider", "--timeout", "{target.test_timeout}"]\n'
        # Forked straight from mutmut's process, workers inherit what the clean run left
        # there; some mutants of the redactor then survived that a plain run kills.
        'process_isolation = "forkserver"\n'
        # mutmut's default gives a mutant 30 times its tests' time in CPU seconds; a mutant
        # that spins in a loop then burns minutes of a shared machine's CPU before it is stopped.
        "timeout_multiplier = 5.0\n"
    )


# Store tests run on SQLite only: PostgreSQL would double the time and catch the same mutants.
def _environment() -> dict[str, str]:
    # The copy is elsewhere, so the Bot API spec beside this checkout is named outright.
    from tests.fakebotapi.spec import SPEC_PATH_ENV, default_spec_path

    env = {key: value for key, value in os.environ.items() if key != "SELLERBOT_TEST_DATABASE_URL"}
    env[SPEC_PATH_ENV] = str(default_spec_path().resolve())
    return env


def mutmut(workdir: Path, *arguments: str, log=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mutmut", *arguments],
        cwd=workdir,
        env=_environment(),
        stdout=log if log is not None else subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def mutmut_run(workdir: Path, arguments: list[str], log, minutes: float | None) -> int | None:
    """mutmut's exit code, or None when it was stopped at the time limit."""
    # A session of its own, so stopping it stops its workers too.
    process = subprocess.Popen(
        [sys.executable, "-m", "mutmut", "run", *arguments],
        cwd=workdir,
        env=_environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        return process.wait(timeout=minutes * 60 if minutes else None)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        return None


def results(workdir: Path) -> dict[str, str]:
    """Mutant name -> status, for every mutant of the run."""
    listed = mutmut(workdir, "results", "--all", "true").stdout
    found = {}
    for line in listed.splitlines():
        name, separator, status = line.strip().rpartition(": ")
        if separator and "__mutmut_" in name:
            found[name] = status.strip()
    return found


def score(statuses: dict[str, str]) -> tuple[int, int, float]:
    tested = [status for status in statuses.values() if status not in UNTESTED]
    killed = sum(status in KILLED for status in tested)
    return killed, len(tested), 100.0 * killed / len(tested) if tested else 0.0


def run(
    name: str,
    jobs: int,
    show: bool,
    keep: Path | None,
    mutants: list[str],
    minutes_allowed: float | None = None,
) -> int:
    target = TARGETS[name]
    from tests.fakebotapi.spec import SPEC_PATH_ENV, default_spec_path

    if not default_spec_path().is_file():
        # Without it every test of the fake Bot API fails, and mutmut only says it
        # "failed to collect stats".
        print(f"the Bot API spec is not at {default_spec_path()}; set {SPEC_PATH_ENV} to its path")
        return 2
    print(header(f"mutation testing of {name} ({target.why})"))
    print(f"mutating {', '.join(target.sources)}; tests {', '.join(target.tests)}")
    workdir = Path(keep) if keep else Path(tempfile.mkdtemp(prefix=f"sellerbot-mutation-{name}-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        copy_work_tree(workdir)
        with (workdir / "pyproject.toml").open("a") as pyproject:
            pyproject.write(mutmut_config(target))
        started = time.monotonic()
        with (workdir / "mutmut.log").open("w") as log:
            code = mutmut_run(
                workdir, ["--max-children", str(jobs), *mutants], log, minutes_allowed
            )
        minutes = (time.monotonic() - started) / 60
        statuses = results(workdir)
        if code not in (0, None) or not statuses:
            tail = (workdir / "mutmut.log").read_text(errors="replace")[-2000:]
            print(f"mutmut failed (exit {code}); the end of its log:\n{tail}")
            return 1
        killed, tested, percent = score(statuses)
        survivors = sorted(
            mutant for mutant, status in statuses.items() if status not in (*KILLED, *UNTESTED)
        )
        if code is None:
            print(f"stopped at the time limit: {tested} of {len(statuses)} mutants checked")
        print(f"{tested} mutants in {minutes:.1f} min: {killed} killed, {len(survivors)} alive")
        for mutant in survivors:
            print(f"  {statuses[mutant]:>10}  {mutant}")
            if show:
                diff = mutmut(workdir, "show", mutant).stdout
                print(re.sub(r"(?m)^", "      ", diff.strip()))
        label = f"{name}: mutants killed" + (" so far" if code is None else "")
        print(verdict(label, round(percent, 1), GOAL, "%"))
        return 0
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            print(f"kept {workdir}: `python -m mutmut browse` there shows every mutant")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", choices=sorted(TARGETS), help="what to mutate")
    parser.add_argument("--list", action="store_true", help="list the modules and their tests")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 2, help="mutants at once")
    parser.add_argument("--show", action="store_true", help="print each survivor's diff")
    parser.add_argument("--keep", type=Path, help="run in this folder and keep it")
    parser.add_argument(
        "--minutes",
        type=float,
        help="stop after this long and score the mutants checked so far (a partial figure)",
    )
    parser.add_argument("mutants", nargs="*", help="only these mutant names (globs allowed)")
    options = parser.parse_args(argv)
    if options.list or not options.module:
        for name, target in TARGETS.items():
            print(f"{name:14} {', '.join(target.sources)}  <- {', '.join(target.tests)}")
        return 0 if options.list else 2
    return run(
        options.module, options.jobs, options.show, options.keep, options.mutants, options.minutes
    )


if __name__ == "__main__":
    sys.exit(main())
