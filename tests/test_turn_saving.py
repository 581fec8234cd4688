"""A turn that answers an inbox update is saved whole with it or not at all: the same rows
as a turn saved alone, in every table, on each backend (on PostgreSQL by one statement)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from sellerbot.engine.state import Event, LearnerState, Position
from sellerbot.store.handled import LostClaim
from sellerbot.store.inbox import HANDLED, PENDING, Inbox, learner_key
from sellerbot.store.learners import LearnerStore
from sellerbot.store.schema import (
    Certificate,
    EventRecord,
    FinalCheckResult,
    InboxUpdate,
    Learner,
    ModuleCompletion,
    Question,
    QuizAnswer,
    ReviewItemRecord,
    TaskSubmission,
)

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
EVERY_KIND = (
    Event("module_completed", {"module": "m1"}),
    Event(
        "quiz_answered",
        {"module": "m1", "step": "q1", "option": "b", "correct": False, "attempt": 2},
    ),
    Event(
        "task_submitted",
        {
            "module": "m1",
            "step": "t1",
            "kind": "text",
            "answer": '橙子 5 斤 ‘quoted’ "double" \\ back',
            "passed": False,
            "failed_rule": "claims",
        },
    ),
    Event("task_skipped", {"module": "m1", "step": "t2"}),
    Event(
        "question_asked",
        {"text": "how to ship eggs?", "locale": "en", "outcome": "suggested", "score": 0.41},
    ),
    Event(
        "final_check_scored",
        {"module": "m1", "right": 4, "total": 5, "score": 0.8, "passed": True},
    ),
)
RARE = (
    Event(
        "review_scheduled",
        {
            "module": "m1",
            "step": "q1",
            "box": 1,
            "due_at": "2026-12-02T09:00:00+00:00",
            "reviewed_at": "2026-12-01T09:00:00+00:00",
        },
    ),
    Event(
        "certificate_issued",
        {"code": "CODE", "holder": "Li Na", "course": "Selling online", "locale": "zh_Hans"},
    ),
)
TABLES = (
    EventRecord,
    FinalCheckResult,
    ModuleCompletion,
    Question,
    QuizAnswer,
    TaskSubmission,
    ReviewItemRecord,
)


class Turn:
    def __init__(self, state: LearnerState, events: tuple[Event, ...]):
        self.state = state
        # Certificate codes are unique: each learner's is CODE-<user id>.
        self.events = tuple(
            Event(event.name, {**event.data, "code": f"CODE-{state.user_id}"})
            if event.name == "certificate_issued"
            else event
            for event in events
        )


def _same_code(value, user_id: int):
    if isinstance(value, dict):
        value = json.dumps(value, sort_keys=True)
    return value.replace(f"CODE-{user_id}", "CODE") if isinstance(value, str) else value


def _state(user_id: int, attempts: int) -> LearnerState:
    return LearnerState(
        user_id=user_id,
        locale="zh_Hans",
        position=Position("m1", "t1", 3),
        attempts=attempts,
        completed_steps=frozenset({("m1", "s1"), ("m1", "q1")}),
        completed_modules=frozenset({"m1"}),
        is_new=False,
    )


async def _rows_of(database, user_id: int) -> dict[str, list[tuple]]:
    """Every row the learner has in each table, without ids."""
    found = {}
    async with database.connect() as connection:
        learner = (
            await connection.execute(select(Learner).where(Learner.user_id == user_id))
        ).one()
        found["learner"] = [
            (
                *(learner.locale, learner.module_id, learner.step_id, learner.step_index),
                *(
                    learner.attempts,
                    learner.steps_done,
                    json.dumps(learner.progress, sort_keys=True),
                ),
            )
        ]
        for table in TABLES:
            columns = [
                column
                for column in table.__table__.columns
                if column.name not in ("id", "learner_id")
            ]
            rows = await connection.execute(
                select(*columns)
                .where(table.__table__.c.learner_id == learner.id)
                .order_by(table.__table__.c.id)
            )
            found[table.__tablename__] = [
                tuple(_same_code(value, user_id) for value in row) for row in rows
            ]
        certificates = await connection.execute(
            select(Certificate.code, Certificate.name, Certificate.course).where(
                Certificate.user_id == user_id
            )
        )
        found["certificates"] = [
            tuple(_same_code(value, user_id) for value in row) for row in certificates
        ]
    return found


async def _held_update(inbox: Inbox, update_id: int, user_id: int) -> None:
    raw = {"update_id": update_id, "message": {"from": {"id": user_id}, "text": "hi"}}
    await inbox.add([(update_id, json.dumps(raw), learner_key(raw))])
    (row,) = await inbox.claim(1)
    assert row.update_id == update_id


@pytest.mark.parametrize("events", [EVERY_KIND, EVERY_KIND + RARE], ids=["common", "rare"])
async def test_a_turn_saved_with_its_update_writes_what_a_turn_saved_alone_writes(database, events):
    store = LearnerStore(database, lambda: NOW)
    inbox = Inbox(database, "host:1:a", lambda: NOW)
    once = ("module_completed", "certificate_issued")  # a learner earns each once
    again = tuple(event for event in events if event.name not in once)
    # A new learner's first turn, then one on their stored row.
    for attempts, these in ((0, events), (1, again)):
        turn = Turn(_state(1, attempts), these)
        await store.apply(1, lambda _, turn=turn: turn)
        await _held_update(inbox, 100 + attempts, 2)
        turn = Turn(_state(2, attempts), these)
        answer = inbox.handled(100 + attempts, {"replies": ["好"]})
        await store.apply(2, lambda _, turn=turn: turn, handled=lambda _, answer=answer: answer)
        await inbox.done(100 + attempts)
    alone, answered = await _rows_of(database, 1), await _rows_of(database, 2)
    assert answered == alone
    assert len(answered["events"]) == len(events) + len(again)
    assert answered["task_submissions"][0][3] == EVERY_KIND[2].data["answer"]
    async with database.connect() as connection:
        kept = (await connection.execute(select(InboxUpdate.attempts, InboxUpdate.replies))).all()
    assert [tuple(row) for row in kept] == [(0, {"replies": ["好"]})] * 2  # only its own columns


@pytest.mark.parametrize("events", [EVERY_KIND, EVERY_KIND + RARE], ids=["common", "rare"])
async def test_a_turn_whose_update_another_worker_holds_writes_nothing(database, events):
    store = LearnerStore(database, lambda: NOW)
    holder, stalled = (
        Inbox(database, "host:1:a", lambda: NOW),
        Inbox(database, "host:2:b", lambda: NOW),
    )
    await store.apply(2, lambda _: Turn(_state(2, 0), ()))
    before = await _rows_of(database, 2)
    await _held_update(holder, 100, 2)
    with pytest.raises(LostClaim):
        await store.apply(
            2,
            lambda _: Turn(_state(2, 5), events),
            handled=lambda _: stalled.handled(100, {"replies": ["lost"]}),
        )
    assert await _rows_of(database, 2) == before
    async with database.connect() as connection:
        state, replies = (
            await connection.execute(select(InboxUpdate.state, InboxUpdate.replies))
        ).one()
    assert (state, replies) == (PENDING, None)
    await store.apply(  # the holder's own turn goes through
        2,
        lambda _: Turn(_state(2, 5), events),
        handled=lambda _: holder.handled(100, {"replies": ["kept"]}),
    )
    async with database.connect() as connection:
        assert await connection.scalar(select(InboxUpdate.state)) == HANDLED
    assert (await store.load(2)).attempts == 5
