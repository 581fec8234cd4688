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


def in_days(days: int, clock: str = "09:00") -> str:
    from datetime import date, timedelta

    return f"{date.today() + timedelta(days=days)}T{clock}"


async def scheduled(database) -> list[tuple[str, object]]:
    from sqlalchemy import select

    from sellerbot.store.schema import Broadcast

    async with database.connect() as connection:
        rows = await connection.execute(select(Broadcast.status, Broadcast.scheduled_at))
    return [tuple(row) for row in rows]


@pytest.fixture
def with_token(environment, monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123:never-used-here")


async def test_a_time_in_the_past_is_refused_and_nothing_is_sent(with_token, database, capsys):
    await add_learners(database, 3)
    argv = ["--segment", "everyone", "--text", "hi", "--at", "2020-01-01T09:00", "--yes"]
    assert await asyncio.to_thread(run, argv) == 2
    err = capsys.readouterr().err
    assert "--at 2020-01-01 09:00 CST (Asia/Shanghai) is in the past" in err
    assert await scheduled(database) == []


async def test_a_scheduled_broadcast_is_left_to_the_running_bot(
    environment, database, monkeypatch, capsys
):
    from datetime import UTC, datetime, timedelta

    await add_learners(database, 3)
    monkeypatch.setenv("SELLERBOT_TIMEZONE", "Europe/Berlin")
    at = in_days(2, "09:00")
    argv = ["--segment", "locale=zh_Hans", "--text", "hi", "--at", at]
    # No token: nothing is sent from here, so the command must neither need one nor wait.
    assert await asyncio.to_thread(run, argv) == 0
    err = capsys.readouterr().err
    assert f"scheduled for {at.replace('T', ' ')} CET (Europe/Berlin)" in err
    assert "the running bot sends it" in err
    [(status, moment)] = await scheduled(database)
    expected = datetime.fromisoformat(at) - timedelta(hours=1)  # CET is UTC+1 in winter
    stored = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    assert status == "scheduled" and stored == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize(("answer", "code"), [("", 2), ("no\n", 2), ("yes\n", 0), ("y\n", 0)])
async def test_everyone_from_the_shell_asks_first(
    environment, database, monkeypatch, capsys, answer, code
):
    await add_learners(database, 3)
    monkeypatch.setattr("sys.stdin", io.StringIO(answer))
    argv = ["--segment", "everyone", "--text", "hi", "--at", in_days(1)]
    assert await asyncio.to_thread(run, argv) == code
    err = capsys.readouterr().err
    assert "Send this to all 3 learners (everyone)?" in err
    assert len(await scheduled(database)) == (1 if code == 0 else 0)
    if code:
        assert "not sent; answer yes, or give --yes" in err


async def test_yes_skips_the_question(environment, database, monkeypatch, capsys):
    await add_learners(database, 3)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    argv = ["--segment", "everyone", "--text", "hi", "--at", in_days(1), "--yes"]
    assert await asyncio.to_thread(run, argv) == 0
    assert "Send this" not in capsys.readouterr().err
    assert len(await scheduled(database)) == 1


def test_dry_run_refuses_a_missing_database_and_does_not_create_it(tmp_path, monkeypatch, capsys):
    typo = tmp_path / "typo.db"
    monkeypatch.setenv("SELLERBOT_DATABASE_URL", f"sqlite:///{typo}")
    assert run(["--segment", "everyone", "--dry-run"]) == 2
    assert f"{typo} does not exist" in capsys.readouterr().err
    assert not typo.exists()
