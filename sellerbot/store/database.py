"""Connecting to the database: URL forms, engine settings per backend, and migrations."""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator

from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import StaticPool

# Migrations live in their own module; these names stay importable from here.
from sellerbot.store.inline_sqlite import connector
from sellerbot.store.migrating import alembic_config, downgrade, migrate

__all__ = ["alembic_config", "downgrade", "migrate"]


def async_url(url: str) -> URL:
    """Accept plain and async URL forms alike; a bare path means a SQLite file."""
    if "://" not in url:
        url = "sqlite:///:memory:" if url == ":memory:" else f"sqlite:///{url}"
    parsed = make_url(url)
    driver = {
        "sqlite": "sqlite+aiosqlite",
        "postgresql": "postgresql+asyncpg",
        "postgres": "postgresql+asyncpg",
        "postgresql+psycopg2": "postgresql+asyncpg",
    }.get(parsed.drivername, parsed.drivername)
    return parsed.set(drivername=driver)


_SQLITE_WRITERS: weakref.WeakKeyDictionary[AsyncEngine, asyncio.Lock] = weakref.WeakKeyDictionary()


def writing(engine: AsyncEngine) -> contextlib.AbstractAsyncContextManager:
    """Hold this while writing. SQLite takes one writer at a time: waiting here, in turn,
    is cheaper and fairer than many connections retrying on 'database is locked'."""
    if engine.dialect.name != "sqlite":
        return contextlib.nullcontext()
    lock = _SQLITE_WRITERS.get(engine)
    if lock is None:
        lock = _SQLITE_WRITERS[engine] = asyncio.Lock()
    return lock


@contextlib.asynccontextmanager
async def write_transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in a transaction that writes, taken in turn with every other writer."""
    async with writing(engine), engine.begin() as connection:
        yield connection


_AUTOCOMMIT: weakref.WeakKeyDictionary[AsyncEngine, AsyncEngine] = weakref.WeakKeyDictionary()


@contextlib.asynccontextmanager
async def one_statement(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection for one writing statement, which is a transaction of its own. On
    PostgreSQL it runs without BEGIN and COMMIT: two round trips fewer, of three."""
    if engine.dialect.name == "sqlite":
        async with write_transaction(engine) as connection:
            yield connection
        return
    autocommit = _AUTOCOMMIT.get(engine)
    if autocommit is None:  # shares the engine's pool; its connections autocommit
        autocommit = _AUTOCOMMIT[engine] = engine.execution_options(isolation_level="AUTOCOMMIT")
    async with autocommit.connect() as connection:
        yield connection


def upsert(engine: AsyncEngine, table):
    """INSERT ... ON CONFLICT for the engine's dialect (SQLite and PostgreSQL agree on it)."""
    if engine.dialect.name == "postgresql":
        return postgresql_insert(table)
    return sqlite_insert(table)


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers (stats, exports) run while the bot writes; foreign keys make
    # deleting a learner delete their rows; the timeout waits out a second writer.
    cursor.execute("PRAGMA journal_mode=WAL")
    # With WAL, NORMAL syncs at checkpoints rather than at every commit: a committed turn
    # (and the inbox row it marks) survives a crash or kill -9 of the bot, which is what
    # the inbox promises; only a power cut may take back the last commits, never corrupt.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


POSTGRESQL_POOL = 40  # connections kept open by one process, at most
POSTGRESQL_OVERFLOW = 10  # more, opened for a moment when all of those are busy


def create_engine(url: str, **options) -> AsyncEngine:
    parsed = async_url(url)
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database or ":memory:"
        if database == ":memory:":
            # One shared connection, or every session would see its own empty database.
            options.setdefault("poolclass", StaticPool)
        if not parsed.query:  # URL options (uri=true, mode=ro) stay with aiosqlite
            options["async_creator"] = connector(database, **options.pop("connect_args", {}))
        elif database == ":memory:":
            options.setdefault("connect_args", {"check_same_thread": False})
        engine = create_async_engine(parsed, **options)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    # No ping before each use: on asyncpg it costs three round trips (BEGIN, a query,
    # ROLLBACK) at every checkout, half of a turn's. A connection that died in the pool
    # fails its statement instead; SQLAlchemy then drops the whole pool, and the turn is
    # tried again (sellerbot/store/outage.py), so a server restart costs one retry.
    options.setdefault("pool_pre_ping", False)
    # Room for every turn a worker runs at once (32) and the work beside them (receiving,
    # leases, marking updates done). A connection beyond the pool is closed when given
    # back, and opening one costs the server a new process: with the default pool of 5,
    # a busy worker opened one every few turns, a third of the server's CPU. The pool only
    # grows as far as the work needs it.
    options.setdefault("pool_size", POSTGRESQL_POOL)
    options.setdefault("max_overflow", POSTGRESQL_OVERFLOW)
    return create_async_engine(parsed, **options)
