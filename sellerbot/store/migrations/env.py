"""Alembic's entry point: runs migrations on the bot's connection, or, from the alembic
command (alembic.ini), on the configured database with the bot's own engine and safeguards."""

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from sellerbot.store.schema import Base


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_on_the_configured_database() -> None:
    from sellerbot.settings import Settings
    from sellerbot.store.database import create_engine
    from sellerbot.store.migrating import schema_change

    # SELLERBOT_DATABASE_URL as for the bot; sqlalchemy.url in alembic.ini only if it is unset.
    settings = Settings.load()
    url = context.config.get_main_option("sqlalchemy.url")
    if settings.database_url != Settings.database_url or not url:
        url = settings.database_url
    engine = create_engine(url)
    try:
        async with schema_change(engine) as connection:
            await connection.run_sync(run_migrations)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise RuntimeError("sellerbot migrations run on a database, not as SQL scripts (--sql)")
connection = context.config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    asyncio.run(run_on_the_configured_database())
