"""content ids and media paths as TEXT; a deleted learner's broadcast deliveries kept without them

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# (table, column, its type before): every column that holds an id or path from content files.
CONTENT_COLUMNS = (
    ("learners", "module_id", sa.String(length=64)),
    ("learners", "step_id", sa.String(length=64)),
    ("module_completions", "module_id", sa.String(length=64)),
    ("quiz_answers", "module_id", sa.String(length=64)),
    ("quiz_answers", "step_id", sa.String(length=64)),
    ("quiz_answers", "option_id", sa.String(length=64)),
    ("task_submissions", "module_id", sa.String(length=64)),
    ("task_submissions", "step_id", sa.String(length=64)),
    ("questions", "entry_id", sa.String(length=128)),
    ("media_files", "path", sa.String(length=512)),
)

deliveries = sa.table("broadcast_deliveries", sa.column("user_id", sa.BigInteger))


def _tables() -> dict[str, list[tuple[str, sa.types.TypeEngine]]]:
    tables: dict[str, list[tuple[str, sa.types.TypeEngine]]] = {}
    for table, column, old_type in CONTENT_COLUMNS:
        tables.setdefault(table, []).append((column, old_type))
    return tables


def upgrade() -> None:
    for table, columns in _tables().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, old_type in columns:
                batch_op.alter_column(column, existing_type=old_type, type_=sa.Text())
    with op.batch_alter_table("broadcast_deliveries", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.BigInteger(), nullable=True)


def downgrade() -> None:
    # The older schema has no way to say "a learner who deleted their data": their
    # deliveries go. Ids longer than the old columns make PostgreSQL refuse the downgrade
    # rather than cut them short.
    op.get_bind().execute(deliveries.delete().where(deliveries.c.user_id.is_(None)))
    with op.batch_alter_table("broadcast_deliveries", schema=None) as batch_op:
        batch_op.alter_column("user_id", existing_type=sa.BigInteger(), nullable=False)
    for table, columns in _tables().items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column, old_type in columns:
                batch_op.alter_column(column, existing_type=sa.Text(), type_=old_type)
