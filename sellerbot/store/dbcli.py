"""The `sellerbot db` command: upgrade, show and back up the database schema."""

from __future__ import annotations

import argparse
import asyncio
import shlex
import sys
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import URL

from sellerbot.settings import Settings
from sellerbot.store.database import async_url, create_engine
from sellerbot.store.migrating import (
    MigrationError,
    alembic_config,
    backup,
    current_revision,
    head_revision,
    migrate,
    sqlite_file,
)


def run(args: argparse.Namespace) -> int:
    try:
        settings = Settings.load(Path(args.config) if getattr(args, "config", None) else None)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if args.db:
        settings = replace(settings, database_url=args.db)
    url = settings.database_url
    if args.db_command == "backup" and async_url(url).get_backend_name() != "sqlite":
        return _print_pg_dump(url)
    try:
        target = getattr(args, "to", "head")
        copy_first = not getattr(args, "no_backup", False)
        return asyncio.run(_run(args.db_command, url, target, copy_first))
    except (CommandError, MigrationError) as error:
        print(f"sellerbot db {args.db_command}: {error}", file=sys.stderr)
        return 2


async def _run(action: str, url: str, target: str, copy_first: bool) -> int:
    engine = create_engine(url)
    try:
        path = sqlite_file(engine)
        if action != "upgrade" and path is not None and not path.exists():
            if action == "history":
                _print_history(None)
                return 0
            print(f"{path}: no such database file (sellerbot db upgrade makes it)", file=sys.stderr)
            return 1
        if action == "upgrade":
            copy = await migrate(engine, target, copy_first=copy_first)
            if copy is not None:
                print(f"backup written to {copy}")
            print(_describe(await current_revision(engine)))
        elif action == "current":
            print(_describe(await current_revision(engine)))
        elif action == "history":
            _print_history(await current_revision(engine))
        else:
            print(await backup(engine))
        return 0
    finally:
        await engine.dispose()


def _describe(revision: str | None) -> str:
    if revision is None:
        return "no schema yet: sellerbot db upgrade (or the bot at start) creates it"
    head = head_revision()
    if revision == head:
        return f"{revision} (the newest)"
    return f"{revision} (the newest is {head}: sellerbot db upgrade)"


def _print_history(current: str | None) -> None:
    script = ScriptDirectory.from_config(alembic_config())
    for revision in reversed(list(script.walk_revisions())):
        mark = "  <- this database" if revision.revision == current else ""
        title = (revision.doc or "").splitlines()[0] if revision.doc else ""
        print(f"{revision.revision}  {title}{mark}")


def _print_pg_dump(url: str) -> int:
    """PostgreSQL is backed up with its own tool; say exactly how, and write nothing."""
    given = async_url(url)
    # Without the password: the command line is visible to every local user.
    server = URL.create(
        "postgresql", given.username, None, given.host, given.port, given.database, given.query
    )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M")
    target = shlex.quote(server.render_as_string(hide_password=False))
    print(f"pg_dump --format=custom --file=sellerbot-{stamp}.dump {target}")
    print(
        "nothing was written: back up PostgreSQL with the pg_dump command above "
        "(the password from PGPASSWORD or ~/.pgpass)",
        file=sys.stderr,
    )
    return 1
