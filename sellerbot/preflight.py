"""Checks, before a command starts, that the database it names can be reached at all."""

from __future__ import annotations

import asyncio

from sellerbot.settings import SettingsError

CONNECT_SECONDS = 10  # a server that drops packets would otherwise hold the start for a minute


def shown_url(url: str) -> str:
    """The database URL as it may be printed: without its password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is reported by whoever parses it next
        return "<unreadable URL>"


def database_problem(error: BaseException) -> str:
    """The server's or the network's reason, in one line."""
    reason = getattr(error, "orig", None) or error
    text = str(reason).strip().splitlines()
    return text[0] if text else type(reason).__name__


def check_database(url: str, setting: str = "SELLERBOT_DATABASE_URL") -> None:
    """Raise SettingsError, one line, when a database server cannot be reached.

    SQLite needs no check here: the file is created or opened where it is.
    """
    if _is_server(url, setting):
        asyncio.run(check_server(url, setting))


async def check_server(url: str, setting: str = "SELLERBOT_DATABASE_URL") -> None:
    """check_database from inside an event loop."""
    if not _is_server(url, setting):
        return
    try:
        await _connect(url)
    except ModuleNotFoundError as error:
        if error.name != "asyncpg":
            raise
        raise SettingsError(
            f"{setting}: PostgreSQL needs its driver: pip install 'sellerbot[postgres]'"
        ) from None
    except (OSError, TimeoutError) as error:
        raise SettingsError(
            f"{setting}: cannot connect to {shown_url(url)}: {database_problem(error)}"
        ) from None
    except Exception as error:
        if type(error).__module__.startswith(("sqlalchemy", "asyncpg")):
            raise SettingsError(
                f"{setting}: cannot connect to {shown_url(url)}: {database_problem(error)}"
            ) from None
        raise


def _is_server(url: str, setting: str) -> bool:
    from sellerbot.store.database import async_url

    try:
        return async_url(url).get_backend_name() != "sqlite"
    except Exception as error:
        raise SettingsError(f"{setting}: {url!r} is not a database URL ({error})") from None


async def _connect(url: str) -> None:
    from sqlalchemy import text

    from sellerbot.store.database import create_engine

    engine = create_engine(url, connect_args={"timeout": CONNECT_SECONDS})
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    finally:
        await engine.dispose()
