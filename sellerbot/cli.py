"""The `sellerbot` command: parses arguments and hands over to the composition root."""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import replace
from pathlib import Path

from sellerbot.content.loader import load_course
from sellerbot.settings import Settings


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    if getattr(args, "content", None):
        settings = replace(settings, content_dir=Path(args.content))
    if getattr(args, "db", None):
        settings = replace(settings, database_url=args.db)
    return settings


def cmd_validate(args: argparse.Namespace) -> int:
    directory = Path(args.directory) if args.directory else _settings(args).content_dir
    result = load_course(directory)
    for problem in result.problems:
        print(problem)
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


def _print_content_errors(error: Exception) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    print("The content has errors; run 'sellerbot validate' for details.", file=sys.stderr)
    return 1


def cmd_preview(args: argparse.Namespace) -> int:
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sellerbot",
        description="A Telegram tutor that teaches farmers to sell their produce online.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check the course content for mistakes")
    validate.add_argument("directory", nargs="?", help="content folder (default: the bundled one)")
    validate.set_defaults(handler=cmd_validate)

    preview = commands.add_parser("preview", help="walk the course in the terminal")
    preview.add_argument("--locale", help="language to start in, such as en or zh_Hans")
    preview.add_argument(
        "--db", help="database file, :memory: or URL (default: :memory:, forgotten at exit)"
    )
    preview.add_argument("--content", help="content folder (default: the bundled one)")
    preview.set_defaults(handler=cmd_preview)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    raise SystemExit(main())
