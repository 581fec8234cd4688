"""The learner store: loads a learner's state and records what each turn changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Protocol, TypeVar, cast

from sqlalchemy import Insert, Table, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from sellerbot.engine.state import Event, LearnerState, Position, ReviewItem
from sellerbot.store import handled as handled_update
from sellerbot.store.database import one_statement, upsert, write_transaction
from sellerbot.store.handled import HandledUpdate
from sellerbot.store.schema import (
    INBOX_DONE,
    INBOX_POISON,
    Base,
    BroadcastDelivery,
    Certificate,
    InboxUpdate,
    Learner,
    ProcessedUpdate,
    ReviewItemRecord,
)
from sellerbot.store.turn_rows import event_rows, learner_row

# What a turn writes on the learner's row; the rest (user id, created_at) only a first turn.
_TURN_COLUMNS = (
    "locale",
    "reading_locale",
    "source",
    "module_id",
    "step_id",
    "step_index",
    "mode",
    "attempts",
    "active",
    "last_seen_at",
    "progress",
    "steps_done",
)


# A turn's event rows, inserted through the tables rather than the ORM classes: the ORM's
# bulk insert path costs several times the statement itself. Built once.
@cache
def _insert(table: type[Base]) -> Insert:
    return insert(cast(Table, table.__table__))  # a mapped class's table is a Table


# Redelivered updates arrive within minutes; ids older than this are forgotten.
PROCESSED_UPDATES_KEPT = timedelta(days=2)
PRUNE_EVERY = 1000


def utc_now() -> datetime:
    return datetime.now(UTC)


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


class TurnOutcome(Protocol):
    """What a turn decided: the learner's new state and the events to record."""

    # Read-only: outcomes are frozen, and the store only reads them.
    @property
    def state(self) -> LearnerState: ...
    @property
    def events(self) -> tuple[Event, ...]: ...


Decided = TypeVar("Decided", bound=TurnOutcome)

# Events whose rows the one-statement save of a turn does not write.
_RARE_EVENTS = frozenset({"learner_deleted", "review_scheduled", "certificate_issued"})


@dataclass(frozen=True)
class _Decided:
    state: LearnerState
    events: tuple[Event, ...]


class DuplicateUpdate(Exception):
    """This update was handled before; its turn was not saved again."""


class LearnerStore:
    """Reads and writes learners; each save is one transaction, so a turn is kept whole."""

    def __init__(
        self,
        engine: AsyncEngine,
        clock: Callable[[], datetime] = utc_now,
        one_statement_turns: bool = True,
    ):
        """`one_statement_turns=False` saves every turn in a transaction, as SQLite does
        (bench/turn_save.py compares the two)."""
        self.engine = engine
        self.clock = clock
        # Built once: these two run on every turn, and building them costs as much as the
        # database round trip on SQLite.
        self._select = select(Learner.__table__).where(Learner.user_id == bindparam("user_id"))
        self._select_for_update = self._select.with_for_update()
        learner_row = upsert(engine, Learner).values(
            {column: bindparam(column) for column in (*_TURN_COLUMNS, "user_id", "created_at")}
        )
        self._upsert = learner_row.on_conflict_do_update(
            index_elements=["user_id"],
            set_={column: learner_row.excluded[column] for column in _TURN_COLUMNS},
        ).returning(Learner.id)
        postgresql = engine.dialect.name == "postgresql"
        self._save_handled = (
            handled_update.build(_TURN_COLUMNS) if postgresql and one_statement_turns else None
        )

    async def load(self, user_id: int) -> LearnerState:
        async with self.engine.connect() as connection:
            return await self._load(connection, user_id, self._select, self.clock())

    async def apply(
        self,
        user_id: int,
        decide: Callable[[LearnerState], Decided],
        update_id: int | None = None,
        handled: Callable[[Decided], HandledUpdate] | None = None,
    ) -> Decided:
        """Load a learner, let `decide` make the turn, and save it, in one transaction.

        On PostgreSQL the learner's row stays locked meanwhile, so two bot processes cannot
        both build on the same old state (a turn answering an inbox update is guarded by
        the inbox instead: see `_apply_handled`). An `update_id` seen before raises
        DuplicateUpdate before anything is decided. `handled` names the inbox update the
        decided turn answers: it is marked handled with the turn, and the turn is not saved
        (LostClaim) if the update is no longer the worker's.
        """
        now = self.clock()
        if handled is not None and update_id is None and self._save_handled is not None:
            return await self._apply_handled(user_id, decide, handled, now)
        try:
            async with write_transaction(self.engine) as connection:
                if update_id is not None:
                    await self._claim_update(connection, update_id, now)
                state = await self._load(connection, user_id, self._select_for_update, now)
                outcome = decide(state)
                await self._save(connection, outcome.state, outcome.events, now)
                if handled is not None:
                    await handled_update.mark_handled(connection, handled(outcome))
                return outcome
        except IntegrityError as error:
            if update_id is not None and await self._was_processed(update_id):
                raise DuplicateUpdate(update_id) from error
            raise

    async def _apply_handled(
        self,
        user_id: int,
        decide: Callable[[LearnerState], Decided],
        handled: Callable[[Decided], HandledUpdate],
        now: datetime,
    ) -> Decided:
        """A turn that answers an inbox update, on PostgreSQL: read without a lock, saved by
        one statement that writes nothing unless the update is still the worker's to answer.

        No lock is needed: only turns write a learner's state (marking a learner inactive
        sets a column no turn reads), and the inbox hands a learner's updates to one worker
        at a time, each after the one before is handled; a worker whose lease ran out while
        it decided is the one refused. Two round trips
        instead of six or seven: on a busy day the bot's own time per round trip is what
        limits how many learners one process serves.
        """
        async with one_statement(self.engine) as connection:
            state = await self._load(connection, user_id, self._select, now)
            outcome = decide(state)
            answered = handled(outcome)
            # Deleting a learner, reviews and certificates take more statements; rare
            # enough for a transaction, below, once this connection is back in the pool.
            rare = any(event.name in _RARE_EVENTS for event in outcome.events)
            if not rare:
                assert self._save_handled is not None, "built for PostgreSQL, the only caller"
                learner = learner_row(outcome.state, now)
                rows = event_rows(0, outcome.events, now)  # the statement sets the learner id
                saved = await connection.scalar(
                    self._save_handled, handled_update.parameters(answered, learner, rows, now)
                )
        if rare:
            async with write_transaction(self.engine) as writing:
                # Marked first: the update's row stays locked until the turn is saved.
                await handled_update.mark_handled(writing, answered)
                await self._save(writing, outcome.state, outcome.events, now)
        elif saved is None:
            raise handled_update.LostClaim(answered.update_id)
        return outcome

    async def _load(
        self, connection: AsyncConnection, user_id: int, query, now: datetime
    ) -> LearnerState:
        """The learner's state at `now`: the engine's clock is the store's."""
        learner = (await connection.execute(query, {"user_id": user_id})).first()
        if learner is None:
            return LearnerState(user_id=user_id, now=now)
        progress = learner.progress or {}
        position = None
        if learner.module_id and learner.step_id is not None:
            position = Position(learner.module_id, learner.step_id, learner.step_index or 0)
        return LearnerState(
            user_id=user_id,
            locale=learner.locale,
            reading_locale=learner.reading_locale,
            source=learner.source,
            position=position,
            mode=learner.mode,
            attempts=learner.attempts,
            completed_steps=frozenset(tuple(pair) for pair in progress.get("steps", ())),
            completed_modules=frozenset(progress.get("modules", ())),
            is_new=False,
            now=now,
            # Most learners have nothing to review: no query for them.
            reviews=await self._reviews(connection, learner.id) if progress.get("reviews") else (),
            review_offered_on=progress.get("review_offered_on"),
            final_right=frozenset(progress.get("final_right", ())),
            certificate=progress.get("certificate"),
        )

    @staticmethod
    async def _reviews(connection: AsyncConnection, learner_id: int) -> tuple[ReviewItem, ...]:
        rows = await connection.execute(
            select(
                ReviewItemRecord.module_id,
                ReviewItemRecord.step_id,
                ReviewItemRecord.box,
                ReviewItemRecord.due_at,
                ReviewItemRecord.last_reviewed_at,
            )
            .where(ReviewItemRecord.learner_id == learner_id)
            .order_by(ReviewItemRecord.id)
        )
        return tuple(ReviewItem(*row) for row in rows)

    async def save(
        self, state: LearnerState, events: tuple[Event, ...] = (), update_id: int | None = None
    ) -> None:
        """Store a state and its events as a turn would, whatever was stored before."""
        await self.apply(state.user_id, lambda _: _Decided(state, events), update_id)

    async def _claim_update(self, connection: AsyncConnection, update_id: int, now: datetime):
        await connection.execute(
            insert(ProcessedUpdate).values(update_id=update_id, processed_at=now)
        )
        if update_id % PRUNE_EVERY == 0:
            await connection.execute(
                delete(ProcessedUpdate).where(
                    ProcessedUpdate.processed_at < now - PROCESSED_UPDATES_KEPT
                )
            )

    async def _was_processed(self, update_id: int) -> bool:
        query = select(ProcessedUpdate.update_id).where(ProcessedUpdate.update_id == update_id)
        async with self.engine.connect() as connection:
            return await connection.scalar(query) is not None

    async def _save(
        self,
        connection: AsyncConnection,
        state: LearnerState,
        events: tuple[Event, ...],
        now: datetime,
    ) -> None:
        if any(event.name == "learner_deleted" for event in events):
            await self._forget(connection, state.user_id, now)
            return
        row = learner_row(state, now)
        learner_id = await connection.scalar(self._upsert, row)
        await self._record(connection, learner_id, events, now)
        await self._record_reviews(connection, learner_id, state.user_id, events, now)

    @staticmethod
    async def _forget(connection: AsyncConnection, user_id: int, now: datetime) -> None:
        """Delete the learner (their other rows go with it, by cascade) and unlink their
        broadcast deliveries: the rows stay, without the user id, so counts stay right."""
        # A certificate keeps its code, so checking it says "revoked", and loses the rest.
        await connection.execute(
            update(Certificate)
            .where(Certificate.user_id == user_id)
            .values(name=None, user_id=None, revoked_at=now)
        )
        mine = BroadcastDelivery.user_id == user_id
        # A copy still waiting is settled as the sender settles one for a vanished learner.
        await connection.execute(
            update(BroadcastDelivery)
            .where(mine, BroadcastDelivery.state == "pending")
            .values(state="failed", error="no longer a learner", updated_at=now)
        )
        await connection.execute(update(BroadcastDelivery).where(mine).values(user_id=None))
        await connection.execute(delete(Learner).where(Learner.user_id == user_id))
        # Their messages kept in the inbox go too; the update of this very turn is deleted
        # once its reply is out (Inbox.forget).
        await connection.execute(
            delete(InboxUpdate).where(
                InboxUpdate.learner_key == user_id,
                InboxUpdate.state.in_((INBOX_DONE, INBOX_POISON)),
            )
        )

    @staticmethod
    async def _record(
        connection: AsyncConnection,
        learner_id: int,
        events: tuple[Event, ...],
        now: datetime,
    ) -> None:
        for table, values in event_rows(learner_id, events, now).items():
            await connection.execute(_insert(table), values)

    async def _record_reviews(
        self,
        connection: AsyncConnection,
        learner_id: int,
        user_id: int,
        events: tuple[Event, ...],
        now: datetime,
    ) -> None:
        """Review items as the engine last set them, and a certificate issued this turn."""
        for event in events:
            data = event.data
            if event.name == "review_scheduled":
                values = {
                    "learner_id": learner_id,
                    "module_id": data["module"],
                    "step_id": data["step"],
                    "box": data["box"],
                    "due_at": _time(data["due_at"]),
                    "last_reviewed_at": _time(data["reviewed_at"]),
                    "created_at": now,
                }
                row = upsert(self.engine, ReviewItemRecord).values(values)
                await connection.execute(
                    row.on_conflict_do_update(
                        index_elements=["learner_id", "module_id", "step_id"],
                        set_={
                            column: row.excluded[column]
                            for column in ("box", "due_at", "last_reviewed_at")
                        },
                    )
                )
            elif event.name == "certificate_issued":
                await connection.execute(
                    insert(Certificate).values(
                        code=data["code"],
                        learner_id=learner_id,
                        user_id=user_id,
                        name=data["holder"],
                        course=data["course"],
                        locale=data["locale"],
                        issued_at=now,
                    )
                )

    async def mark_inactive(self, user_id: int) -> None:
        """A learner who blocked the bot: leave them out of broadcasts and reminders."""
        async with write_transaction(self.engine) as connection:
            await connection.execute(
                update(Learner).where(Learner.user_id == user_id).values(active=False)
            )
