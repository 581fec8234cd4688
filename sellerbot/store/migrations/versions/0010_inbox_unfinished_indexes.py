"""indexes of the inbox's unfinished updates, so a claim never reads the finished ones

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

UNFINISHED = sa.text("state IN ('pending', 'handled')")


def upgrade() -> None:
    op.create_index(
        "ix_inbox_unfinished",
        "inbox",
        ["update_id"],
        postgresql_where=UNFINISHED,
        sqlite_where=UNFINISHED,
    )
    op.create_index(
        "ix_inbox_unfinished_learner",
        "inbox",
        ["learner_key", "update_id"],
        postgresql_where=UNFINISHED,
        sqlite_where=UNFINISHED,
    )


def downgrade() -> None:
    op.drop_index("ix_inbox_unfinished_learner", table_name="inbox")
    op.drop_index("ix_inbox_unfinished", table_name="inbox")
