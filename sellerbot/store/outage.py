"""Which database errors mean the server was away for a moment, not that the work was wrong.

A turn that fails on one of them is tried again later; any other error is the update's own.
"""

from __future__ import annotations

from sqlalchemy import exc

# PostgreSQL error classes that pass with time: connection exceptions, serialisation
# failures and deadlocks, a server short of resources, an administrator's shutdown or restart.
PASSING_SQLSTATES = ("08", "40", "53", "57P")
# SQLite's own words when another process held the write lock past the busy timeout.
SQLITE_BUSY = ("database is locked", "database is busy", "database table is locked")


def database_was_away(error: BaseException) -> bool:
    """The error, or one it was raised from, says the database could not be reached."""
    seen: BaseException | None = error
    for _ in range(5):  # a few links of `raise ... from`: the turn may wrap the store's error
        if seen is None:
            return False
        if _passing(seen):
            return True
        seen = seen.__cause__
    return False


def _passing(error: BaseException) -> bool:
    if isinstance(error, exc.DBAPIError):
        if error.connection_invalidated:
            return True
        code = getattr(error.orig, "sqlstate", None)
        if isinstance(code, str) and code.startswith(PASSING_SQLSTATES):
            return True
        message = str(error.orig).lower()
        return isinstance(error, exc.OperationalError) and any(
            words in message for words in SQLITE_BUSY
        )
    # A pool with no free connection in time, or a connection refused or reset on the way
    # (asyncpg raises the socket's own error when the server is not there at all).
    return isinstance(error, exc.DisconnectionError | exc.TimeoutError | ConnectionError)
