"""Schema upgrades and downgrades with Alembic, run on the bot's own engine without losing rows.

SQLite alters a table by copying it and dropping the original. With foreign keys on (as the bot's
engine sets them), dropping `learners` would cascade into every table that refers to it. SQLite's
own procedure for such changes (https://sqlite.org/lang_altertable.html#otheralter) is followed
instead: foreign keys off outside any transaction, the change in a transaction, a
`PRAGMA foreign_key_check` before committing, then foreign keys back on.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

MIGRATIONS = Path(__file__).parent / "migrations"


class MigrationError(RuntimeError):
    """A migration could not be run safely; nothing was changed."""


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


@contextlib.asynccontextmanager
async def _schema_change(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in a transaction where tables may be rebuilt without cascading deletes."""
    async with engine.connect() as connection:
        if engine.dialect.name != "sqlite":
            async with connection.begin():
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
                yield connection
                problems = (await connection.exec_driver_sql("PRAGMA foreign_key_check")).all()
                if problems:
                    raise MigrationError(
                        f"the migration would leave rows pointing at nothing: {problems[:5]}"
                    )
        finally:
            await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            await connection.commit()


async def _run(engine: AsyncEngine, alembic_command: Callable[[Config], None]) -> None:
    async with _schema_change(engine) as connection:
        await connection.run_sync(lambda sync: alembic_command(alembic_config(sync)))


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the schema up to `revision` (the newest by default); safe to run at every start."""
    await _run(engine, lambda config: command.upgrade(config, revision))


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    """Take the schema back down to `revision`."""
    await _run(engine, lambda config: command.downgrade(config, revision))
