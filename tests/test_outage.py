"""Database errors that pass with time are told apart from errors of the work itself, on
errors the drivers really raise."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import exc, text

from sellerbot.store.database import create_engine
from sellerbot.store.outage import database_was_away
from tests.conftest import POSTGRES_URL


async def _error_of(engine, statement: str) -> BaseException:
    async with engine.connect() as connection:
        with pytest.raises(Exception) as raised:
            await connection.execute(text(statement))
    return raised.value


async def test_a_locked_sqlite_database_passes_but_a_missing_table_does_not(tmp_path):
    path = tmp_path / "x.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")  # as the bot leaves every database it made
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    engine = create_engine(f"sqlite:///{path}")
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql("PRAGMA busy_timeout=100")
            with pytest.raises(exc.OperationalError) as locked:
                await connection.execute(text("INSERT INTO t VALUES (1)"))
        assert database_was_away(locked.value)
        missing = await _error_of(engine, "SELECT * FROM no_such_table")
        assert isinstance(missing, exc.OperationalError)  # the same class, a different fault
        assert not database_was_away(missing)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        await engine.dispose()


async def test_a_server_that_is_not_there_passes():
    engine = create_engine("postgresql://postgres@127.0.0.1:1/test")
    try:
        error = await _error_of(engine, "SELECT 1")
    except Exception as raised:  # the connection fails before any statement
        error = raised
    finally:
        await engine.dispose()
    assert database_was_away(error), repr(error)


def test_an_error_raised_from_an_outage_passes_and_others_do_not():
    refused = ConnectionRefusedError(111, "refused")
    try:
        raise RuntimeError("the turn could not be saved") from refused
    except RuntimeError as wrapped:
        assert database_was_away(wrapped)
    assert not database_was_away(RuntimeError("a bug"))
    assert not database_was_away(FileNotFoundError("media/x.png"))
    assert not database_was_away(exc.IntegrityError("INSERT", {}, Exception("duplicate")))


@pytest.mark.skipif(not POSTGRES_URL, reason="SELLERBOT_TEST_DATABASE_URL is not set")
async def test_on_postgresql_a_killed_connection_passes_and_a_bad_statement_does_not():
    engine = create_engine(POSTGRES_URL)
    other = create_engine(POSTGRES_URL)
    try:
        async with engine.connect() as connection:
            pid = (await connection.execute(text("SELECT pg_backend_pid()"))).scalar()
            async with other.connect() as killer:
                await killer.execute(text(f"SELECT pg_terminate_backend({pid})"))
            with pytest.raises(exc.DBAPIError) as killed:
                await connection.execute(text("SELECT 1"))
        assert database_was_away(killed.value)
        assert not database_was_away(await _error_of(other, "SELECT 1/0"))
        assert not database_was_away(await _error_of(other, "SELECT * FROM no_such_table"))
    finally:
        await engine.dispose()
        await other.dispose()
