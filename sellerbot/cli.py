"""The `sellerbot` command: parses arguments and hands over to the composition root."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

# Only the standard library at the top: `sellerbot --help` must not wait for SQLAlchemy,
# pydantic or python-telegram-bot. Each command imports what it needs.
if TYPE_CHECKING:
    from sellerbot.content.checked import ContentError
    from sellerbot.settings import Settings

NO_TOKEN = """\
No Telegram bot token. To get one, open Telegram, talk to @BotFather, send /newbot and
follow its questions; it answers with a token like 123456789:AAE... Then run:

    TELEGRAM_BOT_TOKEN='<your token>' sellerbot run

(or put telegram_bot_token = "..." in a config file and pass --config FILE).
To try the course without Telegram, run: sellerbot preview
"""


CONTENT_HELP = (
    "content folder (default: $SELLERBOT_CONTENT, else ./content if it holds a course.yaml, "
    "else the bundled course)"
)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("sellerbot")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _settings(args: argparse.Namespace) -> Settings:
    from sellerbot.settings import Settings

    settings = Settings.load(Path(args.config) if getattr(args, "config", None) else None)
    if getattr(args, "content", None):
        settings = replace(settings, content_dir=Path(args.content))
    if getattr(args, "db", None):
        settings = replace(settings, database_url=args.db)
    if getattr(args, "api_url", None):
        settings = replace(settings, api_url=args.api_url)
    return settings


def cmd_validate(args: argparse.Namespace) -> int:
    from sellerbot.content.loader import load_course

    directory = Path(args.directory) if args.directory else _settings(args).content_dir
    result = load_course(directory)
    for problem in result.problems:
        print(problem)
    if args.stats and result.modules:
        from sellerbot.content.stats import format_table, module_stats

        rows = [row for module in result.modules for row in module_stats(module, result.locales)]
        print(format_table(rows))
    if result.course is None:
        print(f"{len(result.errors)} error(s) in {directory}", file=sys.stderr)
        return 1
    course = result.course
    print(
        f"OK: {len(course.modules)} modules, {course.step_count} steps, "
        f"{len(course.faq)} FAQ entries, locales {', '.join(course.locales)}"
        + (f", {len(result.warnings)} warning(s)" if result.warnings else "")
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from sellerbot.content.schema import write_schemas

    folder = Path(args.folder) if args.folder else _settings(args).content_dir / "schema"
    for path in write_schemas(folder):
        print(f"wrote {path}")
    return 0


def _print_content_errors(error: ContentError) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print("The content has errors; run 'sellerbot validate' for details.", file=sys.stderr)
    return 1


def cmd_preview(args: argparse.Namespace) -> int:
    import asyncio

    from sellerbot.app import ContentError, build_app
    from sellerbot.drivers.preview import run_preview

    settings = _settings(args)
    if not args.db:
        settings = replace(settings, database_url=":memory:")

    async def main() -> int:
        app = await build_app(settings)
        try:
            return await run_preview(app.conversation, locale=args.locale)
        finally:
            await app.close()

    try:
        return asyncio.run(main())
    except ContentError as error:
        return _print_content_errors(error)
    except KeyboardInterrupt:
        return 130


def _telegram_driver(args: argparse.Namespace):
    """The driver for `run` and `webhook`, or an exit code when it cannot start."""
    from sellerbot.content.checked import ContentError, load_checked
    from sellerbot.drivers.telegram.bot import TelegramDriver
    from sellerbot.drivers.telegram.redact import configure_logging
    from sellerbot.preflight import check_database

    settings = _settings(args)
    if not settings.telegram_token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    try:
        course, _ = load_checked(settings)
    except ContentError as error:
        return _print_content_errors(error)
    check_database(settings.database_url)
    configure_logging(settings.telegram_token)
    _leave_rejected_token_to_main()
    return TelegramDriver(settings, course)


def _hide_in_logs(secret: str, placeholder: str) -> None:
    from sellerbot.drivers.telegram.redact import TokenRedactor

    redactor = TokenRedactor(secret, placeholder)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)


def _leave_rejected_token_to_main() -> None:
    """Drop python-telegram-bot's traceback for a rejected token: `main` says it in one line."""
    from telegram.error import InvalidToken

    def not_a_rejected_token(record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], InvalidToken))

    for handler in logging.getLogger().handlers:
        handler.addFilter(not_a_rejected_token)


def _serve(args: argparse.Namespace, roles) -> int:
    import asyncio

    from sellerbot.drivers.telegram.runner import serve

    driver = _telegram_driver(args)
    if isinstance(driver, int):
        return driver
    if roles.webhook is not None:
        _hide_in_logs(roles.webhook.secret, "<webhook-secret>")
    asyncio.run(serve(driver, roles))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from sellerbot.drivers.telegram.runner import Roles

    return _serve(args, Roles(receive=True, work=not args.receive_only))


def cmd_work(args: argparse.Namespace) -> int:
    from sellerbot.drivers.telegram.runner import Roles

    return _serve(args, Roles(receive=False, work=True))


def cmd_webhook(args: argparse.Namespace) -> int:
    import secrets
    from urllib.parse import urlsplit

    from sellerbot.drivers.telegram.runner import Roles
    from sellerbot.drivers.telegram.webhook import WebhookOptions

    url = urlsplit(args.url)
    if url.scheme != "https" or not url.hostname:
        print("--url must be the public https:// address of the webhook", file=sys.stderr)
        return 2
    # Without a secret anyone who guesses the path could post fake updates.
    secret = args.secret or _settings(args).webhook_secret or secrets.token_urlsafe(32)
    options = WebhookOptions(args.url, args.listen, args.port, url.path or "/", secret)
    return _serve(args, Roles(receive=True, work=not args.receive_only, webhook=options))


def _ask_lines(questions: list[str]) -> list[str]:
    if questions == ["-"]:
        return [line.strip() for line in sys.stdin if line.strip()]
    return [" ".join(questions)] if questions else []


def _course_and_locale(args: argparse.Namespace):
    """The settings, the checked course and the locale asked for; an exit code if not."""
    from sellerbot.content.checked import ContentError, load_checked

    settings = _settings(args)
    try:
        course, _ = load_checked(settings)
    except ContentError as error:
        return _print_content_errors(error)
    locale = args.locale or course.default_locale
    if locale not in course.locales:
        print(
            f"unknown locale {locale}; the course has {', '.join(course.locales)}", file=sys.stderr
        )
        return 2
    return settings, course, locale


def cmd_ask(args: argparse.Namespace) -> int:
    import json

    from sellerbot.faq.building import build_matcher

    loaded = _course_and_locale(args)
    if isinstance(loaded, int):
        return loaded
    _, course, locale = loaded
    matcher = build_matcher(course)
    questions = _ask_lines(args.questions)
    if not questions:
        print("give a question, or - to read one question per line", file=sys.stderr)
        return 2
    related = {entry.id: list(entry.related[:3]) for entry in course.faq}
    for question in questions:
        result = matcher.match(question, locale)
        action = {"answer": "answer", "suggest": "suggest"}.get(result.zone or "", "unknown")
        # What the bot shows: an answer with its related-entry buttons, or "Did you mean".
        shown_related = related.get(result.entry_id or "", []) if action == "answer" else []
        offered = list(result.suggestions) if action == "suggest" else []
        if args.json:
            print(
                json.dumps(
                    {
                        "question": question,
                        "locale": locale,
                        "action": action,
                        "id": result.entry_id,
                        "score": round(result.score, 4),
                        "suggestions": offered,
                        "related": shown_related,
                    },
                    ensure_ascii=False,
                )
            )
        elif action == "answer":
            also = f"; related: {', '.join(shown_related)}" if shown_related else ""
            print(f"{question}\n  answers with {result.entry_id} (score {result.score:.2f}){also}")
        elif action == "suggest":
            print(
                f"{question}\n  asks: did you mean {', '.join(offered)}? (score {result.score:.2f})"
            )
        else:
            print(f"{question}\n  does not know (score {result.score:.2f})")
    return 0


def cmd_try(args: argparse.Namespace) -> int:
    from sellerbot.app import build_engine
    from sellerbot.engine.inputs import Photo
    from sellerbot.i18n import Translations
    from sellerbot.practice.trying import TaskNotFound, text_inputs, try_inputs

    loaded = _course_and_locale(args)
    if isinstance(loaded, int):
        return loaded
    settings, course, locale = loaded
    try:
        photos = [Photo(path, data=Path(path).read_bytes()) for path in args.photo or ()]
    except OSError as error:
        print(f"cannot read the photo: {error}", file=sys.stderr)
        return 2
    inputs = text_inputs(args.answers, sys.stdin) + photos
    if not inputs:
        print("give an answer, - to read one per line, or --photo FILE", file=sys.stderr)
        return 2
    engine = build_engine(course, settings)
    translations = Translations.load(settings.locales_dir)
    try:
        try_inputs(engine, translations, args.task, locale, inputs, args.json)
    except TaskNotFound as error:
        print(error, file=sys.stderr)
        return 2
    return 0


def _with_database(args: argparse.Namespace, work) -> int:
    """Run `work(database, course)` on the configured database, read-only, and content."""
    import asyncio

    from sellerbot.content.checked import ContentError, load_checked
    from sellerbot.reports.database import open_for_reports

    settings = _settings(args)
    try:
        course, _ = load_checked(settings)
    except ContentError as error:
        return _print_content_errors(error)
    setting = "--db" if args.db else "SELLERBOT_DATABASE_URL"

    async def main() -> int:
        async with open_for_reports(settings.database_url, setting) as database:
            return await work(database, course)

    return asyncio.run(main())


def cmd_stats(args: argparse.Namespace) -> int:
    import dataclasses
    import json
    from datetime import UTC, datetime

    from sellerbot.i18n import Translations
    from sellerbot.reports import barchart
    from sellerbot.reports.chart import admin_charts
    from sellerbot.reports.stats import collect, format_report

    folders = [Path(args.chart).parent] if args.chart else []
    folders += [Path(args.charts)] if args.charts else []
    for folder in folders:
        if not folder.is_dir():
            print(f"sellerbot stats: the folder {folder} does not exist", file=sys.stderr)
            return 2

    async def work(database, course) -> int:
        now = datetime.now(UTC)
        stats = await collect(database, course, now)
        if args.json:
            print(json.dumps(dataclasses.asdict(stats), ensure_ascii=False, indent=2))
        else:
            print(format_report(stats, course))
        if not (args.chart or args.charts):
            return 0
        locale = args.locale or course.default_locale
        translations = Translations.load(_settings(args).locales_dir)
        charts = await admin_charts(database, stats, course, locale, now, translations)
        if args.chart:
            Path(args.chart).write_bytes(barchart.png(charts["funnel"]))
            print(f"funnel chart written to {args.chart}", file=sys.stderr)
        if args.charts:
            for name, chart in charts.items():
                (Path(args.charts) / f"{name}.png").write_bytes(barchart.png(chart))
            print(f"{', '.join(charts)} charts written to {args.charts}", file=sys.stderr)
        return 0

    return _with_database(args, work)


def cmd_verify(args: argparse.Namespace) -> int:
    """Whether a certificate's code is genuine, and for whom: exit 0 only when it is."""
    from sellerbot.engine import messages as m
    from sellerbot.i18n import Translations
    from sellerbot.store.certificates import verify

    translations = Translations.load(_settings(args).locales_dir)
    texts = {"genuine": m.VERIFY_GENUINE, "revoked": m.VERIFY_REVOKED}

    async def work(database, course) -> int:
        found = await verify(database, args.code)
        locale = args.locale or course.default_locale
        params = {
            "code": found.code,
            "name": found.name,
            "course": found.course,
            "date": found.issued_on.isoformat() if found.issued_on else "",
        }
        print(translations.format(texts.get(found.status, m.VERIFY_UNKNOWN), params, locale))
        return 0 if found.status == "genuine" else 1

    return _with_database(args, work)


def cmd_inbox(args: argparse.Namespace) -> int:
    from sellerbot.store.inbox import inbox_counts, poison_updates

    async def work(database, course) -> int:
        counts = await inbox_counts(database)
        print(", ".join(f"{state} {counts[state]}" for state in INBOX_STATES))
        if args.poison:
            for row in await poison_updates(database, args.limit):
                error = (row.error or "").strip().splitlines()
                print(
                    f"update {row.update_id}  learner {row.learner_key}  "
                    f"{row.received_at:%Y-%m-%d %H:%M}  {error[-1] if error else ''}"
                )
                if args.full:
                    print(f"  {row.payload}")
        return 0

    return _with_database(args, work)


INBOX_STATES = ("pending", "handled", "done", "poison")
EXPORTS = ("progress", "questions")


def cmd_export(args: argparse.Namespace) -> int:
    from sellerbot.reports.export import ENCODING, export_progress, export_questions

    kind = args.kind or Path(args.file).stem
    if kind not in EXPORTS:
        print(f"say which export with --kind ({' or '.join(EXPORTS)})", file=sys.stderr)
        return 2
    folder = Path(args.file).parent
    if not folder.is_dir():
        print(f"sellerbot export: the folder {folder} does not exist", file=sys.stderr)
        return 2

    async def work(database, course) -> int:
        with Path(args.file).open("w", encoding=ENCODING, newline="") as out:
            if kind == "progress":
                rows = await export_progress(database, course, out)
            else:
                rows = await export_questions(database, out)
        print(f"{rows} rows written to {args.file}", file=sys.stderr)
        return 0

    return _with_database(args, work)


def _bot_username(settings: Settings) -> str:
    import asyncio

    from telegram import Bot

    api_root = (settings.api_url or "https://api.telegram.org").rstrip("/")
    token = settings.telegram_token or ""  # the caller checked that there is one

    async def ask() -> str:
        async with Bot(token, base_url=f"{api_root}/bot") as bot:
            return bot.username

    return asyncio.run(ask())


def cmd_link(args: argparse.Namespace) -> int:
    import re

    from sellerbot.content.loader import load_course
    from sellerbot.engine.engine import PAYLOAD
    from sellerbot.reports.qr import qr_png

    settings = _settings(args)
    payload = args.module or args.source
    if payload is not None and not PAYLOAD.match(payload):
        print("a link code may use only A-Z, a-z, 0-9, _ and -, at most 64", file=sys.stderr)
        return 2
    if args.module:
        course = load_course(settings.content_dir).course
        if course is not None and course.module(args.module) is None:
            known = ", ".join(module.id for module in course.modules)
            print(f"no module '{args.module}'; the modules are: {known}", file=sys.stderr)
            return 2
    username = args.username
    if not username:
        if not settings.telegram_token:
            print("give --username, or set TELEGRAM_BOT_TOKEN to look it up", file=sys.stderr)
            return 2
        username = _bot_username(settings)
    username = re.sub(r"^@", "", username)
    link = f"https://t.me/{username}" + (f"?start={payload}" if payload else "")
    print(link)
    if args.png:
        Path(args.png).write_bytes(qr_png(link))
        print(f"QR code written to {args.png}", file=sys.stderr)
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    from sellerbot.store.dbcli import run

    return run(args)


def _add_db_commands(subparsers: argparse._SubParsersAction) -> None:
    """Register `db` on the `sellerbot` command's subparsers."""
    command = subparsers.add_parser("db", help="upgrade, show or back up the database schema")
    database = argparse.ArgumentParser(add_help=False)
    database.add_argument("--db", help="database file or URL (default: the configured one)")
    actions = command.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = actions.add_parser(
        "upgrade", parents=[database], help="upgrade the schema (an SQLite file is copied first)"
    )
    upgrade.add_argument("--to", default="head", help="the revision to reach (default: newest)")
    upgrade.add_argument(
        "--no-backup", action="store_true", help="do not copy an SQLite file first"
    )
    actions.add_parser("current", parents=[database], help="the revision the database is at")
    actions.add_parser("history", parents=[database], help="every revision, oldest first")
    actions.add_parser(
        "backup",
        parents=[database],
        help="copy an SQLite file beside itself (PostgreSQL: prints the pg_dump command)",
    )
    command.set_defaults(handler=cmd_db)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sellerbot",
        description="A Telegram tutor that teaches farmers to sell their produce online.",
    )
    parser.add_argument(
        "--config", help="TOML settings file; environment variables override its values"
    )
    parser.add_argument("--version", action="version", version=f"sellerbot {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", help="run the Telegram bot with long polling")
    run.add_argument("--api-url", help="Bot API server root, e.g. http://localhost:8081")
    run.add_argument("--content", help=CONTENT_HELP)
    run.add_argument(
        "--receive-only",
        action="store_true",
        help="only store updates in the inbox; `sellerbot work` processes handle them",
    )
    run.set_defaults(handler=cmd_run)

    work = commands.add_parser(
        "work", help="handle updates from the inbox that a receiving process stores"
    )
    work.add_argument("--api-url", help="Bot API server root, e.g. http://localhost:8081")
    work.add_argument("--content", help=CONTENT_HELP)
    work.set_defaults(handler=cmd_work)

    webhook = commands.add_parser("webhook", help="run the Telegram bot behind a webhook")
    webhook.add_argument("--url", required=True, help="public https:// URL Telegram posts to")
    webhook.add_argument("--listen", default="127.0.0.1", help="address to listen on")
    webhook.add_argument("--port", type=int, default=8443, help="port to listen on")
    webhook.add_argument(
        "--secret",
        help="secret Telegram sends with every update (default: $SELLERBOT_WEBHOOK_SECRET, "
        "else a random one); other local users can read it in `ps`, the variable they cannot",
    )
    webhook.add_argument("--api-url", help="Bot API server root, e.g. http://localhost:8081")
    webhook.add_argument("--content", help=CONTENT_HELP)
    webhook.add_argument(
        "--receive-only",
        action="store_true",
        help="only store updates in the inbox; `sellerbot work` processes handle them",
    )
    webhook.set_defaults(handler=cmd_webhook)

    ask = commands.add_parser("ask", help="show what the bot would answer to questions")
    ask.add_argument("questions", nargs="*", metavar="QUESTION", help="a question, or - for stdin")
    ask.add_argument("--locale", help="the learner's language (default: the course's)")
    ask.add_argument("--json", action="store_true", help="one JSON object per question")
    ask.add_argument("--content", help=CONTENT_HELP)
    ask.set_defaults(handler=cmd_ask)

    attempt = commands.add_parser("try", help="show what the bot would say to task answers")
    attempt.add_argument(
        "task", metavar="MODULE.STEP", help="the task, e.g. open-store.write-profile"
    )
    attempt.add_argument("answers", nargs="*", metavar="ANSWER", help="an answer, or - for stdin")
    attempt.add_argument("--photo", action="append", metavar="FILE", help="a photo to send")
    attempt.add_argument("--locale", help="the learner's language (default: the course's)")
    attempt.add_argument("--json", action="store_true", help="one JSON object per answer")
    attempt.add_argument("--content", help="content folder (default: the bundled one)")
    attempt.set_defaults(handler=cmd_try)

    stats = commands.add_parser("stats", help="learners, the module funnel, quizzes, questions")
    stats.add_argument("--json", action="store_true", help="as JSON")
    stats.add_argument("--chart", help="also write the module funnel as a PNG picture")
    stats.add_argument(
        "--charts",
        metavar="FOLDER",
        help="also write funnel.png, quizzes.png and questions.png (per week) into FOLDER",
    )
    stats.add_argument("--locale", help="language of the charts' texts and module titles")
    stats.add_argument("--db", help="database file or URL (default: the configured one)")
    stats.set_defaults(handler=cmd_stats)

    verify = commands.add_parser("verify", help="check whether a certificate's code is genuine")
    verify.add_argument("code", help="the code on the certificate, such as SB-7K3M-Q9XD")
    verify.add_argument("--locale", help="the language of the answer (default: the course's)")
    verify.add_argument("--db", help="database file or URL (default: the configured one)")
    verify.set_defaults(handler=cmd_verify)

    inbox = commands.add_parser("inbox", help="updates waiting, handled, and poison ones")
    inbox.add_argument("--poison", action="store_true", help="list the poison updates")
    inbox.add_argument("--full", action="store_true", help="with each poison update's JSON")
    inbox.add_argument("--limit", type=int, default=100, help="poison updates listed, newest first")
    inbox.add_argument("--db", help="database file or URL (default: the configured one)")
    inbox.set_defaults(handler=cmd_inbox)

    export = commands.add_parser("export", help="write progress.csv or questions.csv")
    export.add_argument("file", help="the CSV file; its name says which export, e.g. progress.csv")
    export.add_argument("--kind", choices=EXPORTS, help="which export, if the name does not say")
    export.add_argument("--db", help="database file or URL (default: the configured one)")
    export.set_defaults(handler=cmd_export)

    from sellerbot.admin.cli import add_commands as add_broadcast_commands

    add_broadcast_commands(commands)

    _add_db_commands(commands)

    link = commands.add_parser("link", help="print a t.me link to the bot, and its QR code")
    target = link.add_mutually_exclusive_group()
    target.add_argument("--module", help="open this module directly")
    target.add_argument("--source", help="tag learners who come through this link, e.g. a session")
    link.add_argument("--png", help="also write the link as a QR code picture to this file")
    link.add_argument("--username", help="the bot's username (default: asked from Telegram)")
    link.add_argument("--api-url", help="Bot API server root, e.g. http://localhost:8081")
    link.set_defaults(handler=cmd_link)

    validate = commands.add_parser("validate", help="check the course content for mistakes")
    validate.add_argument("directory", nargs="?", help=CONTENT_HELP)
    validate.add_argument(
        "--stats",
        action="store_true",
        help="also show steps, words, longest message and missing translations per module",
    )
    validate.set_defaults(handler=cmd_validate)

    schema = commands.add_parser("schema", help="write JSON Schemas of the content files")
    schema.add_argument(
        "folder", nargs="?", help="where to write (default: schema/ in the served content folder)"
    )
    schema.set_defaults(handler=cmd_schema)

    preview = commands.add_parser("preview", help="walk the course in the terminal")
    preview.add_argument("--locale", help="language to start in, such as en or zh_Hans")
    preview.add_argument(
        "--db", help="database file, :memory: or URL (default: :memory:, forgotten at exit)"
    )
    preview.add_argument("--content", help=CONTENT_HELP)
    preview.set_defaults(handler=cmd_preview)
    return parser


def main(argv: list[str] | None = None) -> int:
    # python-telegram-bot gives time periods as timedelta from its next major version on;
    # taking them so now (our code reads both) spares every flood-limit answer a warning.
    os.environ.setdefault("PTB_TIMEDELTA", "1")
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra and getattr(args, "handler", None) is cmd_try and not extra[0].startswith("--"):
        args.answers += extra  # answers after the options: try TASK --json A B
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.handler(args)
    except BrokenPipeError:
        # The reader went away (`sellerbot preview | head`): stop quietly, as other tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:
        # Failures an operator fixes in the settings end in one line, exit 2; python-telegram-bot's
        # own message for a rejected token quotes the token, so it is never shown.
        message = _settings_failure(error, args)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return 2


def _settings_failure(error: Exception, args: argparse.Namespace) -> str | None:
    """One line naming the setting behind `error`, or None when no setting explains it."""
    settings = sys.modules.get("sellerbot.settings")
    if settings is not None and isinstance(error, settings.SettingsError):
        return str(error)
    migrating = sys.modules.get("sellerbot.store.migrating")
    if migrating is not None and isinstance(error, migrating.MigrationError):
        return f"the database was not upgraded, and nothing in it changed: {error}"
    telegram_error = sys.modules.get("telegram.error")
    if telegram_error is not None and isinstance(error, telegram_error.InvalidToken):
        line = "TELEGRAM_BOT_TOKEN was rejected by Telegram: check it with @BotFather"
        if getattr(args, "api_url", None) or os.environ.get("SELLERBOT_API_URL"):
            line += " (or SELLERBOT_API_URL / --api-url is not the root of a Bot API server)"
        return line
    return None


if __name__ == "__main__":
    raise SystemExit(main())
