"""Opens the database for reports: read-only, never created, never migrated."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from sellerbot.preflight import check_server, database_problem, shown_url
from sellerbot.settings import SettingsError
from sellerbot.store.database import alembic_config, async_url


def newest_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _read_only_engine(url: str, setting: str) -> AsyncEngine:
    parsed = async_url(url)
    if parsed.get_backend_name() != "sqlite":
        # Every transaction read-only: a report cannot change a row even by mistake.
        return create_async_engine(
            parsed, connect_args={"server_settings": {"default_transaction_read_only": "on"}}
        )
    if parsed.database in (None, "", ":memory:"):
        raise SettingsError(f"{setting}: a report needs the bot's database file, not memory")
    path = Path(parsed.database)
    if not path.is_file():
        # Opening it would create an empty database and report zero learners.
        raise SettingsError(f"{setting}: {path} does not exist (is the name right?)")
    # mode=ro: SQLite itself refuses writes, and never creates the file.
    return create_async_engine(
        f"sqlite+aiosqlite:///file:{path.resolve()}?mode=ro&uri=true",
        connect_args={"check_same_thread": False},
    )


@contextlib.asynccontextmanager
async def open_for_reports(
    url: str, setting: str = "SELLERBOT_DATABASE_URL"
) -> AsyncIterator[AsyncEngine]:
    """The database as it is; SettingsError if missing, unreadable or at another schema."""
    await check_server(url, setting)
    engine = _read_only_engine(url, setting)
    try:
        try:
            async with engine.connect() as connection:
                revision = (
                    await connection.execute(text("SELECT version_num FROM alembic_version"))
                ).scalar()
        except Exception as error:
            if not type(error).__module__.startswith(("sqlalchemy", "sqlite3", "asyncpg")):
                raise
            raise SettingsError(
                f"{setting}: {shown_url(url)} is not a sellerbot database "
                f"({database_problem(error)})"
            ) from None
        newest = newest_revision()
        if revision != newest:
            raise SettingsError(
                f"{setting}: {shown_url(url)} has schema {revision}, this sellerbot reads "
                f"{newest}; upgrade it first (the bot does at start)"
            )
        yield engine
    finally:
        await engine.dispose()
