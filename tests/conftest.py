"""Shared fixtures: the test course, translations, and a fresh database for every test.

Store tests run on SQLite, and also on PostgreSQL when SELLERBOT_TEST_DATABASE_URL names
a server: each test then gets a database of its own, created and dropped around it.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

from sellerbot.content.loader import load_course
from sellerbot.i18n import Translations
from sellerbot.paths import bundled_locales
from sellerbot.store.database import async_url, create_engine, migrate

TEST_COURSE = Path(__file__).parent / "data" / "course"
os.environ.setdefault("PTB_TIMEDELTA", "1")  # as the sellerbot command does
POSTGRES_URL = os.environ.get("SELLERBOT_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def course():
    result = load_course(TEST_COURSE)
    assert result.course is not None, [str(problem) for problem in result.problems]
    return result.course


@pytest.fixture(scope="session")
def translations():
    return Translations.load(bundled_locales())


async def _on_postgres_server(statement: str) -> None:
    """Run one statement on the server named by SELLERBOT_TEST_DATABASE_URL."""
    import asyncpg

    server = async_url(POSTGRES_URL)
    connection = await asyncpg.connect(
        host=server.host,
        port=server.port,
        user=server.username,
        password=server.password,
        database=server.database,
    )
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _create_postgres_database() -> tuple[str, str]:
    name = f"sellerbot_test_{uuid.uuid4().hex[:12]}"
    await _on_postgres_server(f'CREATE DATABASE "{name}"')
    return name, async_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


async def _drop_postgres_database(name: str) -> None:
    await _on_postgres_server(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def api():
    """A fake Bot API server; every call the bot made must have kept to the spec."""
    from tests.fakebotapi import FakeBotApi

    with FakeBotApi() as server:
        yield server
        assert not server.violations, server.violations


BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=pytest.mark.skipif(not POSTGRES_URL, reason="SELLERBOT_TEST_DATABASE_URL is not set"),
    ),
]


@pytest.fixture(params=BACKENDS)
async def database_url(request, tmp_path):
    """A URL of an empty database, on each backend in turn."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'sellerbot.db'}"
        return
    name, url = await _create_postgres_database()
    try:
        yield url
    finally:
        await _drop_postgres_database(name)


@pytest.fixture
async def database(database_url):
    engine = create_engine(database_url)
    await migrate(engine)
    yield engine
    await engine.dispose()
