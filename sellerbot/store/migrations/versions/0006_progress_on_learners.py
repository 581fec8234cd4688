"""progress on the learner row, read in one query each turn; step_completions folded in

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

learners = sa.table(
    "learners",
    sa.column("id", sa.Integer),
    sa.column("progress", sa.JSON),
    sa.column("steps_done", sa.Integer),
    sa.column("last_seen_at", sa.DateTime(timezone=True)),
)
step_completions = sa.table(
    "step_completions",
    sa.column("learner_id", sa.Integer),
    sa.column("module_id", sa.String),
    sa.column("step_id", sa.String),
    sa.column("completed_at", sa.DateTime(timezone=True)),
)
events = sa.table(
    "events",
    sa.column("learner_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("data", sa.JSON),
    sa.column("created_at", sa.DateTime(timezone=True)),
)
module_completions = sa.table(
    "module_completions",
    sa.column("learner_id", sa.Integer),
    sa.column("module_id", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("learners", schema=None) as batch_op:
        batch_op.add_column(sa.Column("progress", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("steps_done", sa.Integer(), nullable=True))

    connection = op.get_bind()
    steps: dict[int, list[list[str]]] = {}
    for learner_id, module_id, step_id in connection.execute(
        sa.select(
            step_completions.c.learner_id, step_completions.c.module_id, step_completions.c.step_id
        )
    ):
        steps.setdefault(learner_id, []).append([module_id, step_id])
    modules: dict[int, list[str]] = {}
    for learner_id, module_id in connection.execute(
        sa.select(module_completions.c.learner_id, module_completions.c.module_id)
    ):
        modules.setdefault(learner_id, []).append(module_id)
    for (learner_id,) in connection.execute(sa.select(learners.c.id)):
        done = sorted(steps.get(learner_id, []))
        connection.execute(
            learners.update()
            .where(learners.c.id == learner_id)
            .values(
                progress={"steps": done, "modules": sorted(modules.get(learner_id, []))},
                steps_done=len(done),
            )
        )

    with op.batch_alter_table("learners", schema=None) as batch_op:
        batch_op.alter_column("progress", existing_type=sa.JSON(), nullable=False)
        batch_op.alter_column("steps_done", existing_type=sa.Integer(), nullable=False)
    op.drop_table("step_completions")


def downgrade() -> None:
    op.create_table(
        "step_completions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("learner_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.String(length=64), nullable=False),
        sa.Column("step_id", sa.String(length=64), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["learner_id"],
            ["learners.id"],
            name=op.f("fk_step_completions_learner_id_learners"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_step_completions")),
        sa.UniqueConstraint(
            "learner_id", "module_id", "step_id", name=op.f("uq_step_completions_learner_id")
        ),
    )
    with op.batch_alter_table("step_completions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_step_completions_learner_id"), ["learner_id"], unique=False
        )
    _write_step_completions_back(op.get_bind())
    with op.batch_alter_table("learners", schema=None) as batch_op:
        batch_op.drop_column("steps_done")
        batch_op.drop_column("progress")


def _write_step_completions_back(connection: sa.Connection) -> None:
    """One step_completions row per step in a learner's progress, timed by its event if any."""
    completed: dict[tuple[int, str | None, str | None], object] = {}
    for learner_id, data, created_at in connection.execute(
        sa.select(events.c.learner_id, events.c.data, events.c.created_at).where(
            events.c.name == "step_completed"
        )
    ):
        if isinstance(data, dict):
            key = (learner_id, data.get("module"), data.get("step"))
            completed.setdefault(key, created_at)
    rows = []
    for learner_id, progress, last_seen_at in connection.execute(
        sa.select(learners.c.id, learners.c.progress, learners.c.last_seen_at)
    ):
        steps = {tuple(step) for step in (progress or {}).get("steps", ()) if len(step) == 2}
        for module_id, step_id in sorted(steps):
            # Steps done before events were kept have no time of their own: the learner's last
            # visit is the latest it can have been.
            when = completed.get((learner_id, module_id, step_id), last_seen_at)
            rows.append(
                {
                    "learner_id": learner_id,
                    "module_id": module_id,
                    "step_id": step_id,
                    "completed_at": when,
                }
            )
    if rows:
        connection.execute(step_completions.insert(), rows)
