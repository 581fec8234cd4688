"""broadcasts, their deliveries and the sender lease

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "broadcast_leases",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("sender_id", sa.String(length=128), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("flood_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_broadcast_leases")),
    )
    op.create_table(
        "broadcasts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("segment", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("from_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("scheduled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rate", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcasts")),
    )
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_broadcasts_status"), ["status"], unique=False)

    op.create_table(
        "broadcast_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("broadcast_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["broadcast_id"],
            ["broadcasts.id"],
            name=op.f("fk_broadcast_deliveries_broadcast_id_broadcasts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_broadcast_deliveries")),
        sa.UniqueConstraint(
            "broadcast_id", "user_id", name=op.f("uq_broadcast_deliveries_broadcast_id")
        ),
    )
    with op.batch_alter_table("broadcast_deliveries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_broadcast_deliveries_broadcast_state", ["broadcast_id", "state"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("broadcast_deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_broadcast_deliveries_broadcast_state")

    op.drop_table("broadcast_deliveries")
    with op.batch_alter_table("broadcasts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_broadcasts_status"))

    op.drop_table("broadcasts")
    op.drop_table("broadcast_leases")
