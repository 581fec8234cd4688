"""questions posted to the staff chat

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("staff_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("staff_message_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_staff_questions_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_questions")),
        sa.UniqueConstraint(
            "staff_chat_id", "staff_message_id", name=op.f("uq_staff_questions_staff_chat_id")
        ),
    )
    with op.batch_alter_table("staff_questions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_questions_learner_id"), ["learner_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("staff_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_questions_learner_id"))

    op.drop_table("staff_questions")
