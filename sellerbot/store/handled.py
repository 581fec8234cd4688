"""An inbox update marked handled together with the turn it caused: in the turn's
transaction, or on PostgreSQL in the one statement that saves the whole turn."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any, cast

from sqlalchemy import Column, Table, bindparam, column, func, select, true, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Select

from sellerbot.store.schema import (
    INBOX_HANDLED,
    INBOX_PENDING,
    Base,
    EventRecord,
    FinalCheckResult,
    InboxUpdate,
    Learner,
    ModuleCompletion,
    Question,
    QuizAnswer,
    TaskSubmission,
    UtcDateTime,
)


class LostClaim(Exception):
    """Another worker holds this update now; the turn is rolled back, not saved twice."""


@dataclass(frozen=True)
class HandledUpdate:
    """The inbox update a turn answers, with the replies to send. The turn is saved only
    while `worker` still holds the update and it is not handled yet."""

    update_id: int
    worker: str
    replies: dict[str, Any]


_inbox = cast(Table, InboxUpdate.__table__)  # a mapped class's table is a Table
_MARK = (
    update(_inbox)
    .where(
        _inbox.c.update_id == bindparam("handled_id"),
        _inbox.c.state == INBOX_PENDING,
        _inbox.c.worker == bindparam("holder"),
    )
    .values(state=INBOX_HANDLED, replies=bindparam("handled_replies"))
)


async def mark_handled(connection: AsyncConnection, handled: HandledUpdate) -> None:
    """Inside the turn's transaction; raises LostClaim, rolling the turn back, when the
    update is no longer the worker's to answer."""
    result = await connection.execute(_MARK, _mark_parameters(handled))
    if result.rowcount != 1:
        raise LostClaim(handled.update_id)


def _mark_parameters(handled: HandledUpdate) -> dict[str, Any]:
    # Named apart from the columns, as SQLAlchemy asks of parameters in an UPDATE's WHERE.
    return {
        "handled_id": handled.update_id,
        "holder": handled.worker,
        "handled_replies": handled.replies,
    }


# The tables a turn's events go to. Their rows travel as one JSON array a table, so the
# statement's text is the same for every turn and is prepared once per connection.
EVENT_TABLES = (
    EventRecord,
    FinalCheckResult,
    ModuleCompletion,
    QuizAnswer,
    TaskSubmission,
    Question,
)


def _table(mapped: type[Base]) -> Table:
    return cast(Table, mapped.__table__)  # a mapped class's table is a Table


def _time_column(table: Table) -> Column:
    """The column that says when the row was written: set from the turn's time."""
    (stamp,) = (each for each in table.columns if isinstance(each.type, UtcDateTime))
    return stamp


@cache  # asked for every turn; tables do not change
def _carried(table: Table) -> tuple[Column, ...]:
    """The columns an event row brings with it; the rest come from the turn."""
    stamp = _time_column(table)
    return tuple(
        each
        for each in table.columns
        if each.name not in ("id", "learner_id") and each is not stamp
    )


def _rows_parameter(table_name: str) -> str:
    return f"{table_name}_rows"


def _event_parameters(rows: Mapping[type, Iterable[Mapping[str, Any]]]) -> dict[str, list]:
    """Each table's rows as the JSON array the statement reads; an empty one for the rest."""
    parameters = {}
    for mapped in EVENT_TABLES:
        table = _table(mapped)
        names = [each.name for each in _carried(table)]
        chosen = [{name: row[name] for name in names} for row in rows.get(mapped, ())]
        parameters[_rows_parameter(table.name)] = chosen
    return parameters


def parameters(
    handled: HandledUpdate,
    learner: Mapping[str, Any],
    rows: Mapping[type, Iterable[Mapping[str, Any]]],
    now: datetime,
) -> dict[str, Any]:
    """What the statement needs: the update, the learner's row and the turn's event rows."""
    learner_values = {_learner_parameter(name): value for name, value in learner.items()}
    return {**_mark_parameters(handled), **learner_values, **_event_parameters(rows), "now": now}


def _learner_parameter(column_name: str) -> str:
    # Named apart from every column: SQLAlchemy adds a parameter named like a column of the
    # inbox to the SET of the UPDATE inside the WITH (the learner's `attempts` would
    # overwrite the update's).
    return f"learner_{column_name}"


def build(turn_columns: Iterable[str]) -> Select:
    """The statement; it returns the learner's id, or no row when the update was not marked
    handled (another worker holds it now, or it was handled already)."""
    learners = _table(Learner)
    handled = _MARK.returning(_inbox.c.update_id).cte("handled")
    turn_columns = tuple(turn_columns)
    written = (*turn_columns, "user_id", "created_at")
    # Selected from `handled`: no row there, no learner row written, and so no event rows.
    learner_values = select(
        *(
            bindparam(_learner_parameter(name), type_=learners.c[name].type).label(name)
            for name in written
        )
    ).select_from(handled)
    learner_row = postgresql_insert(learners).from_select(written, learner_values)
    saved = (
        learner_row.on_conflict_do_update(
            index_elements=["user_id"],
            set_={name: learner_row.excluded[name] for name in turn_columns},
        )
        .returning(learners.c.id)
        .cte("saved")
    )
    event_rows = []
    for mapped in EVENT_TABLES:
        table = _table(mapped)
        carried = _carried(table)
        parsed = (
            func.jsonb_to_recordset(bindparam(_rows_parameter(table.name), type_=JSONB))
            .table_valued(*(column(each.name, each.type) for each in carried))
            .render_derived(name=f"{table.name}_given", with_types=True)
        )
        stamp = _time_column(table)
        rows = select(
            saved.c.id,
            *(parsed.c[each.name] for each in carried),
            bindparam("now", type_=stamp.type),
        ).select_from(saved.join(parsed, true()))
        event_rows.append(
            postgresql_insert(table)
            .from_select(["learner_id", *(each.name for each in carried), stamp.name], rows)
            .cte(f"{table.name}_written")
        )
    return select(saved.c.id).add_cte(handled, *event_rows)
