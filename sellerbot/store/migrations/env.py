"""Alembic's entry point: runs migrations on the connection the application hands over."""

from alembic import context

from sellerbot.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run through sellerbot.store.database.migrate()")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
