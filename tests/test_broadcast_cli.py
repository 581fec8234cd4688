"""The broadcast command's arguments, dry run and progress bar, through its own parser."""

from __future__ import annotations

import argparse
import asyncio
import io

import pytest

from sellerbot.admin.broadcast import Progress
from sellerbot.admin.cli import ProgressBar, add_commands
from tests.conftest import TEST_COURSE
from tests.test_broadcast import add_learners


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="sellerbot")
    parser.add_argument("--config")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["broadcast", "--content", str(TEST_COURSE), *argv])
    return args.handler(args)


@pytest.fixture
def environment(monkeypatch, database_url):
    monkeypatch.setenv("SELLERBOT_DATABASE_URL", database_url)
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--text", "hi"], "--segment is required"),
        (["--segment", "everyone"], "give --text TEXT"),
        (["--segment", "everyone", "--from-chat", "5"], "go together"),
        (["--resume", "--segment", "everyone"], "take no segment"),
        (["--segment", "everyone", "--text", "hi"], "no bot token"),
    ],
)
def test_wrong_arguments_are_explained(environment, capsys, argv, message):
    assert run(argv) == 2
    assert message in capsys.readouterr().err


def test_a_bad_segment_is_explained(environment, capsys):
    assert run(["--segment", "colour=red", "--dry-run"]) == 2
    assert "unknown filter 'colour'" in capsys.readouterr().err


def test_a_bad_time_is_refused(environment, capsys):
    with pytest.raises(SystemExit):
        run(["--segment", "everyone", "--text", "hi", "--at", "tomorrow"])
    assert "is not a time like" in capsys.readouterr().err


async def test_dry_run_prints_the_audience_size(environment, database, capsys):
    await add_learners(database, 4, locale="zh_Hans")
    await add_learners(database, 3, first_id=50, locale="en")
    # The command runs its own event loop, so it runs in a thread here.
    code = await asyncio.to_thread(run, ["--segment", "locale=zh_Hans", "--dry-run"])
    captured = capsys.readouterr()
    assert (code, captured.out) == (0, "4\n")
    assert "4 learner(s) in segment locale=zh_Hans" in captured.err


def test_progress_bar_draws_in_place_on_a_terminal():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    bar = ProgressBar(stream)
    bar(Progress(1, 200, 90, 5, 3, 2, 100, 29.5, 3.4))
    bar(Progress(1, 200, 190, 5, 3, 2, 0, 29.5, 0.0, finished=True))
    first, second = stream.getvalue().split("\r")[1:]
    assert first.startswith("[" + "#" * 15 + "-" * 15 + "]  50% sent 90 blocked 5 failed 3")
    assert first.endswith("left 100 29.5/s ETA 0:00:03")
    assert second.endswith("\n") and "100%" in second


def test_progress_bar_writes_a_line_now_and_then_elsewhere():
    stream = io.StringIO()
    clock = iter([0.0, 1.0, 6.0]).__next__
    bar = ProgressBar(stream, clock=clock)
    for _ in range(3):
        bar(Progress(1, 10, 1, 0, 0, 0, 9, 1.0, 9.0))
    assert len(stream.getvalue().splitlines()) == 2
