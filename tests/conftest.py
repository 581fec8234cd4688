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
POSTGRES_URL = os.environ.get("SELLERBOT_TEST_DATABASE_URL")


@pytest.fixture(scope="session")
def course():
    result = load_course(TEST_COURSE)
    assert result.course is not None, [str(problem) for problem in result.problems]
    return result.course


@pytest.fixture(scope="session")
def translations():
    return Translations.load(bundled_locales())


async def _create_postgres_database() -> tuple[str, str]:
    import asyncpg

    server = async_url(POSTGRES_URL)
    name = f"sellerbot_test_{uuid.uuid4().hex[:12]}"
    connection = await asyncpg.connect(
        host=server.host, port=server.port, user=server.username, database=server.database
    )
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return name, server.set(database=name).render_as_string(hide_password=False)


async def _drop_postgres_database(name: str) -> None:
    import asyncpg

    server = async_url(POSTGRES_URL)
    connection = await asyncpg.connect(
        host=server.host, port=server.port, user=server.username, database=server.database
    )
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


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
