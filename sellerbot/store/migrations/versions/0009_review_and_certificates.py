"""review items, final-check results and certificates

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Text(), nullable=False),
        sa.Column("step_id", sa.Text(), nullable=False),
        sa.Column("box", sa.Integer(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_review_items_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_items")),
        sa.UniqueConstraint(
            "learner_id", "module_id", "step_id", name=op.f("uq_review_items_learner_id")
        ),
    )
    op.create_index(op.f("ix_review_items_learner_id"), "review_items", ["learner_id"])
    op.create_index(op.f("ix_review_items_due_at"), "review_items", ["due_at"])
    op.create_table(
        "final_check_results",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Text(), nullable=False),
        sa.Column("right", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_final_check_results_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_final_check_results")),
    )
    op.create_index(
        op.f("ix_final_check_results_learner_id"), "final_check_results", ["learner_id"]
    )
    op.create_table(
        "certificates",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("course", sa.Text(), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_certificates_learner_id_learners"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_certificates")),
    )
    op.create_index(op.f("ix_certificates_learner_id"), "certificates", ["learner_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_certificates_learner_id"), table_name="certificates")
    op.drop_table("certificates")
    op.drop_index(op.f("ix_final_check_results_learner_id"), table_name="final_check_results")
    op.drop_table("final_check_results")
    op.drop_index(op.f("ix_review_items_due_at"), table_name="review_items")
    op.drop_index(op.f("ix_review_items_learner_id"), table_name="review_items")
    op.drop_table("review_items")
