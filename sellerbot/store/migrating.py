"""Schema upgrades and downgrades with Alembic, run on the bot's own engine without losing rows.

SQLite alters a table by copying it and dropping the original. With foreign keys on (as the bot's
engine sets them), dropping `learners` would cascade into every table that refers to it. SQLite's
own procedure for such changes (https://sqlite.org/lang_altertable.html#otheralter) is followed
instead: foreign keys off outside any transaction, the change in a transaction, a
`PRAGMA foreign_key_check` before committing, then foreign keys back on.

Before an SQLite file behind the newest revision is upgraded, a copy is written beside it.
"""

from __future__ import annotations

import contextlib
import logging
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x5E11E2B07  # any fixed number; names the advisory lock migrations take
log = logging.getLogger(__name__)


class MigrationError(RuntimeError):
    """A migration could not be run safely; nothing was changed."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@contextlib.asynccontextmanager
async def schema_change(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in a transaction where tables may be rebuilt without cascading deletes."""
    async with engine.connect() as connection:
        if engine.dialect.name != "sqlite":
            async with connection.begin():
                # Workers started together must not all migrate at once: one does, the
                # others wait here and then find the schema at head.
                await connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
                yield connection
            return
        # The driver opens a transaction only before data changes, so this pragma, the first
        # statement on the connection, runs outside one; inside one SQLite ignores it.
        await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        foreign_keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        await connection.commit()
        if foreign_keys != 0:
            raise MigrationError("SQLite did not turn foreign keys off; the schema is unchanged")
        try:
            async with connection.begin():
                # The driver would commit each CREATE TABLE on its own, leaving half-copied
                # tables after a failure; an explicit BEGIN makes the whole change one.
                await connection.exec_driver_sql("BEGIN")
                orphans = await _orphans(connection)
                yield connection
                # Rows orphaned before (a database once used without foreign keys) are not
                # the migration's doing; only new ones stop it.
                added = await _orphans(connection) - orphans
                if added:
                    raise MigrationError(
                        "the migration would leave rows pointing at nothing in "
                        f"{', '.join(sorted(added))}; the schema is unchanged"
                    )
        finally:
            await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            await connection.commit()


async def _orphans(connection: AsyncConnection) -> Counter[str]:
    """How many rows point at nothing, per `table -> parent`."""
    rows = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
    # Each row: the table, the row id, the parent table, the foreign key's index.
    return Counter(f"{table} -> {parent}" for table, _, parent, *_ in map(tuple, rows))


async def _run(engine: AsyncEngine, alembic_command: Callable[[Config], None]) -> None:
    async with schema_change(engine) as connection:
        await connection.run_sync(lambda sync: alembic_command(alembic_config(sync)))


def head_revision() -> str:
    return known_revision("head")


def known_revision(revision: str) -> str:
    """The revision id `revision` names ("head" too); alembic's CommandError if none."""
    script = ScriptDirectory.from_config(alembic_config())
    found = script.get_current_head() if revision == "head" else None
    if found is None:
        found = script.get_revision(revision).revision
    return found


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at; None for a database never migrated."""
    async with engine.connect() as connection:
        return await connection.run_sync(
            lambda sync: MigrationContext.configure(sync).get_current_revision()
        )


def sqlite_file(engine: AsyncEngine) -> Path | None:
    """The file of an SQLite database; None for PostgreSQL or an in-memory database."""
    database = engine.url.database
    if engine.dialect.name != "sqlite" or database in (None, "", ":memory:"):
        return None
    return Path(database)


async def backup(engine: AsyncEngine, revision: str | None = None) -> Path:
    """Copy an SQLite database beside its file, e.g. sellerbot.db.backup-0005-20261201T2030."""
    path = sqlite_file(engine)
    if path is None:
        raise MigrationError("only an SQLite file can be copied this way")
    revision = revision or await current_revision(engine) or "empty"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M")
    target = path.with_name(f"{path.name}.backup-{revision}-{stamp}")
    try:
        number = 1
        while target.exists():  # a second copy within the same minute
            number += 1
            target = path.with_name(f"{path.name}.backup-{revision}-{stamp}-{number}")
        async with engine.connect() as connection:
            # VACUUM cannot run in a transaction; the driver opens none before it.
            await connection.exec_driver_sql("VACUUM INTO ?", (str(target),))
            await connection.commit()
    except (OSError, DBAPIError) as error:
        reason = getattr(error, "orig", None) or getattr(error, "strerror", None) or error
        raise MigrationError(
            f"could not back up {path} to {target}: {reason}; the schema is unchanged "
            "(free some space or fix the folder, or copy the file yourself and run "
            "sellerbot db upgrade --no-backup)"
        ) from error
    return target


async def migrate(
    engine: AsyncEngine, revision: str = "head", copy_first: bool = True
) -> Path | None:
    """Bring the schema up to `revision` (the newest by default); safe to run at every start.

    An SQLite file with data at an older revision is first copied beside itself; returns
    where, or None when nothing needed a copy.
    """
    copy = None
    if copy_first and sqlite_file(engine) is not None:
        current = await current_revision(engine)
        target = known_revision(revision)  # a mistyped revision fails before any copy
        if current is not None and current != target:
            copy = await backup(engine, current)
            # A warning so that commands which set up no logging still show it.
            log.warning("database at revision %s backed up to %s before upgrading", current, copy)
    await _run(engine, lambda config: command.upgrade(config, revision))
    return copy


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    """Take the schema back down to `revision`."""
    await _run(engine, lambda config: command.downgrade(config, revision))
