"""the inbox: every update kept from its arrival until its turn is answered

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("learner_key", sa.BigInteger(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("worker", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("replies", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_inbox")),
    )
    op.create_index("ix_inbox_learner_key_update_id", "inbox", ["learner_key", "update_id"])
    op.create_index("ix_inbox_state_update_id", "inbox", ["state", "update_id"])
    op.create_index(op.f("ix_inbox_finished_at"), "inbox", ["finished_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_inbox_finished_at"), table_name="inbox")
    op.drop_index("ix_inbox_state_update_id", table_name="inbox")
    op.drop_index("ix_inbox_learner_key_update_id", table_name="inbox")
    op.drop_table("inbox")
