"""SQLite connections that run on the event loop's own thread, behind aiosqlite's interface.

aiosqlite hands every call (cursor, execute, fetch, close, commit) to a thread of its own
and back: four hand-overs per statement, each costing more CPU than the statement itself.
A turn's statements take microseconds on a local WAL file, so running them in place is
cheaper and also keeps a write transaction short. SQLAlchemy's aiosqlite dialect drives
these objects exactly as it drives aiosqlite's (`create_async_engine(async_creator=...)`).

The price: while SQLite waits for another process's write lock (busy_timeout), the event
loop waits too. Only one bot process serves an SQLite file; other processes (the CLI) write
rarely and briefly.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any


class InlineCursor:
    """aiosqlite.Cursor's awaitable methods over a plain sqlite3 cursor."""

    arraysize = 1

    def __init__(self, cursor: sqlite3.Cursor):
        self._cursor = cursor

    async def __aenter__(self) -> InlineCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Any = None) -> InlineCursor:
        if parameters is None:
            self._cursor.execute(sql)
        else:
            self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Any) -> InlineCursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size if size is not None else self.arraysize)

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid


class _NewCursor:
    """What aiosqlite's Connection.cursor() returns: awaitable and an async context."""

    def __init__(self, connection: sqlite3.Connection):
        self._connection = connection

    async def _open(self) -> InlineCursor:
        return InlineCursor(self._connection.cursor())

    def __await__(self):
        return self._open().__await__()

    async def __aenter__(self) -> InlineCursor:
        return await self._open()

    async def __aexit__(self, *_: object) -> None:
        pass


class _InPlace:
    """Stands in for aiosqlite's queue to its thread: runs the call at once."""

    def put_nowait(self, item: tuple[Any, Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:
            future.set_exception(error)


class InlineConnection:
    """aiosqlite.Connection's interface, as far as SQLAlchemy uses it, without the thread."""

    def __init__(self, connection: sqlite3.Connection):
        self._conn = connection
        self._connection: sqlite3.Connection | None = connection  # None once closed
        self._tx = _InPlace()  # SQLAlchemy sets the isolation level through it

    def cursor(self) -> _NewCursor:
        return _NewCursor(self._conn)

    async def execute(self, sql: str, parameters: Any = None) -> InlineCursor:
        return await InlineCursor(self._conn.cursor()).execute(sql, parameters)

    async def commit(self) -> None:
        self._conn.commit()

    async def rollback(self) -> None:
        self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._conn.create_function(*args, **kwargs)

    @property
    def isolation_level(self) -> str | None:
        return self._conn.isolation_level

    async def close(self) -> None:
        self.stop()

    def stop(self) -> None:
        if self._connection is not None:
            self._connection = None
            self._conn.close()


def connector(database: str, **options: Any) -> Callable[[], Awaitable[InlineConnection]]:
    """An `async_creator` opening `database` (a path or ':memory:') with sqlite3's options."""
    options.setdefault("check_same_thread", False)  # the pool may close it from elsewhere

    async def connect() -> InlineConnection:
        return InlineConnection(sqlite3.connect(database, **options))

    return connect
