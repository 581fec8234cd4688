"""The `broadcast` command: create, send, resume or cancel an announcement to learners."""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from sellerbot.admin.broadcast import BroadcastSender, Progress
    from sellerbot.admin.segments import CourseFacts
    from sellerbot.settings import Settings

# The rates are sellerbot.admin.broadcast's FREE_RATE and PAID_RATE, written out so that
# `sellerbot --help` does not import SQLAlchemy (a test keeps them equal).
RATE_HELP = "messages a second (default 30; with --paid up to 1000)"

EXAMPLES = """\
examples:
  sellerbot broadcast --segment everyone --text "New lesson: pricing for the holidays"
  sellerbot broadcast --segment "locale=zh_Hans,inactive=7" --from-chat 123 --message 45
  sellerbot broadcast --segment completed=list-produce --dry-run
  sellerbot broadcast --resume
"""


def add_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register `broadcast` on the `sellerbot` command's subparsers."""
    command = subparsers.add_parser(
        "broadcast",
        help="send an announcement to all learners or a segment",
        description="Send a text, or a copy of a message, to the learners of a segment, "
        "within Telegram's rate limits. Progress is kept in the database: after a crash, "
        "`broadcast --resume` carries on without sending anyone the message twice.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument(
        "--segment",
        help="who gets it: 'everyone' or filters joined by commas, such as "
        "locale=zh_Hans, source=TAG, completed=MODULE, inactive=DAYS, not-started, in-progress",
    )
    message = command.add_mutually_exclusive_group()
    message.add_argument("--text", help="the text to send (sent as written, no formatting)")
    message.add_argument(
        "--from-chat", type=int, metavar="ID", help="copy a message from this chat"
    )
    command.add_argument("--message", type=int, metavar="ID", help="the message to copy")
    command.add_argument(
        "--at",
        type=_moment,
        metavar="TIME",
        help="leave it to the running bot to send at this time, e.g. 2026-12-01T09:00 "
        "(in SELLERBOT_TIMEZONE unless an offset such as +08:00 is given)",
    )
    command.add_argument("--yes", action="store_true", help="send to everyone without asking first")
    command.add_argument("--api-url", help="Bot API server root, e.g. http://localhost:8081")
    command.add_argument(
        "--rate",
        type=float,
        help=RATE_HELP,
    )
    command.add_argument(
        "--paid", action="store_true", help="the bot has paid broadcasts: allow up to 1000/s"
    )
    command.add_argument(
        "--concurrency",
        type=int,
        metavar="N",
        help="requests in flight (default: one per 100 messages a second); with 1, no request "
        "can reach Telegram during a flood ban",
    )
    command.add_argument(
        "--content", help="content folder (default: $SELLERBOT_CONTENT, else ./content, else ours)"
    )
    mode = command.add_mutually_exclusive_group()
    mode.add_argument(
        "--resume", action="store_true", help="send every broadcast that is due or interrupted"
    )
    mode.add_argument(
        "--dry-run", action="store_true", help="print how many learners the segment has"
    )
    mode.add_argument("--cancel", type=int, metavar="ID", help="cancel a broadcast")
    command.set_defaults(handler=cmd_broadcast)


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a time like 2026-12-01T09:00 or 2026-12-01 09:00+08:00"
        ) from error
    return moment  # a time without a zone is read in SELLERBOT_TIMEZONE, once it is known


def _in_zone(moment: datetime, zone_name: str) -> datetime:
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(zone_name)
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _shown(moment: datetime, zone_name: str) -> str:
    """A time as the admin reads it: in the learners' zone, with the zone said."""
    return f"{_in_zone(moment, zone_name):%Y-%m-%d %H:%M %Z} ({zone_name})"


def _settings(args: argparse.Namespace) -> Settings:
    from sellerbot.settings import Settings

    settings = Settings.load(Path(args.config) if getattr(args, "config", None) else None)
    if args.content:
        settings = replace(settings, content_dir=Path(args.content))
    if args.api_url:
        settings = replace(settings, api_url=args.api_url)
    return settings


def _fail(message: str) -> int:
    print(f"sellerbot broadcast: {message}", file=sys.stderr)
    return 2


def cmd_broadcast(args: argparse.Namespace) -> int:
    import asyncio

    from sellerbot.admin.broadcast import BroadcastError
    from sellerbot.admin.segments import CourseFacts, SegmentError
    from sellerbot.settings import SettingsError

    settings = _settings(args)
    problem = _check_arguments(args, settings)
    if problem:
        return _fail(problem)
    if args.at is not None:
        zone = settings.reminders.timezone
        args.at = _in_zone(args.at, zone)
        if args.at <= datetime.now(UTC):
            return _fail(
                f"--at {_shown(args.at, zone)} is in the past; give a later time, "
                "or leave --at out to send now"
            )
    from sellerbot.app import ContentError, load_checked

    try:
        course, _ = load_checked(settings)
    except ContentError as error:
        for each in error.problems:
            print(each, file=sys.stderr)
        return _fail("the content has errors; run 'sellerbot validate' for details")
    try:
        return asyncio.run(_broadcast(args, settings, CourseFacts.of(course)))
    except (BroadcastError, SegmentError, SettingsError) as error:
        return _fail(str(error))
    except KeyboardInterrupt:
        return 130


def _check_arguments(args: argparse.Namespace, settings: Settings) -> str | None:
    creating = not (args.resume or args.cancel is not None)
    if creating and not args.segment:
        return "--segment is required (or --resume, or --cancel ID)"
    if not creating and (args.segment or args.text or args.from_chat is not None):
        return "--resume and --cancel take no segment or message"
    if creating and not args.dry_run:
        if args.text is None and args.from_chat is None:
            return "give --text TEXT, or --from-chat ID with --message ID"
        if (args.from_chat is None) != (args.message is None):
            return "--from-chat and --message go together"
    if args.concurrency is not None and args.concurrency < 1:
        return "--concurrency must be 1 or more"
    # A scheduled broadcast is only recorded here; the running bot sends it.
    needs_token = not args.dry_run and args.cancel is None and args.at is None
    if needs_token and not settings.telegram_token:
        return "no bot token: set TELEGRAM_BOT_TOKEN (see 'sellerbot run' for how to get one)"
    return None


async def _broadcast(args: argparse.Namespace, settings: Settings, course: CourseFacts) -> int:
    from sellerbot.admin.broadcast import (
        FREE_RATE,
        PAID_RATE,
        cancel_broadcast,
        check_rate,
        create_broadcast,
    )
    from sellerbot.admin.segments import audience_size, parse_segment
    from sellerbot.preflight import check_server
    from sellerbot.store.database import create_engine, migrate

    await check_server(settings.database_url)
    if args.dry_run:
        from sellerbot.reports.database import open_for_reports

        segment = parse_segment(args.segment, course)
        async with open_for_reports(settings.database_url) as engine:
            size = await audience_size(engine, segment, course, datetime.now(UTC))
        print(f"{size} learner(s) in segment {segment.describe()}", file=sys.stderr)
        print(size)
        return 0
    engine = create_engine(settings.database_url)
    try:
        await migrate(engine)
        if args.cancel is not None:
            await cancel_broadcast(engine, args.cancel)
            print(f"broadcast {args.cancel} cancelled", file=sys.stderr)
            return 0
        if not args.resume:
            segment = parse_segment(args.segment, course)
            size = await audience_size(engine, segment, course, datetime.now(UTC))
            print(f"{size} learner(s) in segment {segment.describe()}", file=sys.stderr)
            if segment.describe() == "everyone" and not args.yes and not _confirmed(size):
                return _fail("not sent; answer yes, or give --yes")
            rate = args.rate or (PAID_RATE if args.paid else FREE_RATE)
            broadcast_id = await create_broadcast(
                engine,
                segment,
                text=args.text,
                from_chat_id=args.from_chat,
                message_id=args.message,
                rate=check_rate(rate, args.paid),
                paid=args.paid,
                at=args.at,
            )
            print(f"broadcast {broadcast_id} created, {rate:g} messages a second", file=sys.stderr)
            if args.at is not None:
                print(
                    f"broadcast {broadcast_id} scheduled for "
                    f"{_shown(args.at, settings.reminders.timezone)}; the running bot sends it "
                    "then (without one, run 'sellerbot broadcast --resume' after that time)",
                    file=sys.stderr,
                )
                return 0
        return await _send(engine, settings, course, args.concurrency)
    finally:
        await engine.dispose()


def _confirmed(size: int) -> bool:
    """Ask before a message goes to every learner; no answer (no stdin) means no."""
    print(
        f"Send this to all {size} learners (everyone)? Type yes to go on: ", end="", file=sys.stderr
    )
    sys.stderr.flush()
    answer = sys.stdin.readline() if sys.stdin is not None else ""
    return answer.strip().lower() in ("y", "yes")


async def _send(engine, settings: Settings, course: CourseFacts, concurrency: int | None) -> int:
    import asyncio
    import signal

    from sellerbot.admin.botapi import DeliveryError, TelegramBroadcastApi
    from sellerbot.admin.broadcast import BroadcastSender, SenderOptions, next_scheduled_at

    bar = ProgressBar(sys.stderr)
    try:
        token = settings.telegram_token or ""  # _check_arguments refused a missing one
        async with TelegramBroadcastApi.connect(token, settings.api_url) as api:
            sender = BroadcastSender(
                engine, api, course, options=SenderOptions(concurrency=concurrency), progress=bar
            )
            loop = asyncio.get_running_loop()
            for signal_number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(signal_number, sender.stop)
            if await _lease_is_busy(sender):
                print("another sender is busy; waiting for it to finish", file=sys.stderr)
            reports = await sender.run()
    except DeliveryError as error:
        return _fail(f"cannot reach the Bot API: {error.description}")
    if not reports:
        upcoming = await next_scheduled_at(engine)
        later = f"; the next is at {upcoming.astimezone():%Y-%m-%d %H:%M %Z}" if upcoming else ""
        print(f"nothing to send{later}", file=sys.stderr)
        return 0
    for report in reports:
        print(summary(report))
    return 0 if all(report.stopped is None for report in reports) else 1


async def _lease_is_busy(sender: BroadcastSender) -> bool:
    """Peek at the lease without taking it, to tell the admin why nothing happens yet."""
    from sqlalchemy import select

    from sellerbot.admin.ledger import LEASE_NAME, holder_is_dead
    from sellerbot.store.schema import BroadcastLease

    async with sender.engine.connect() as connection:
        row = (
            await connection.execute(
                select(BroadcastLease).where(BroadcastLease.name == LEASE_NAME)
            )
        ).first()
    return (
        row is not None and row.lease_until > sender.clock() and not holder_is_dead(row.sender_id)
    )


def summary(report: Progress) -> str:
    outcome = "finished" if report.finished else f"stopped: {report.stopped}"
    return (
        f"broadcast {report.broadcast_id} {outcome}: {report.sent} sent, "
        f"{report.blocked} blocked, {report.failed} failed, {report.unknown} unknown, "
        f"{report.left} left of {report.total}"
    )


class ProgressBar:
    """Draws progress on a terminal in place; elsewhere, one line every few seconds."""

    WIDTH = 30
    LOG_EVERY = 5.0

    def __init__(self, stream: TextIO, clock=time.monotonic):
        self.stream = stream
        self.clock = clock
        self.in_place = stream.isatty()
        self._last_line_at: float | None = None

    def __call__(self, progress: Progress) -> None:
        final = progress.finished or progress.stopped is not None
        now = self.clock()
        recent = self._last_line_at is not None and now - self._last_line_at < self.LOG_EVERY
        if not self.in_place and not final and recent:
            return
        self._last_line_at = now
        line = self.render(progress)
        if self.in_place:
            self.stream.write("\r" + line + ("\n" if final else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def render(self, progress: Progress) -> str:
        done = progress.total - progress.left
        fraction = done / progress.total if progress.total else 1.0
        filled = round(fraction * self.WIDTH)
        eta = _duration(progress.seconds_left) if progress.seconds_left is not None else "--:--"
        return (
            f"[{'#' * filled}{'-' * (self.WIDTH - filled)}] {fraction:4.0%} "
            f"sent {progress.sent} blocked {progress.blocked} failed {progress.failed} "
            f"unknown {progress.unknown} left {progress.left} "
            f"{progress.rate:.1f}/s ETA {eta}"
        )


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}"
