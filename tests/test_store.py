"""The learner store on a fresh database per test: SQLite always, PostgreSQL when configured."""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import JSON, BigInteger, Integer, String, Text, func, insert, make_url, select
from sqlalchemy.ext.asyncio import AsyncSession

from sellerbot.engine.actions import CONTINUE, NEXT, make, ref
from sellerbot.engine.engine import Engine
from sellerbot.engine.inputs import Press, Start
from sellerbot.engine.state import Event, LearnerState, Position
from sellerbot.store.database import async_url, create_engine
from sellerbot.store.learners import PRUNE_EVERY, DuplicateUpdate, LearnerStore, _Decided
from sellerbot.store.media import MediaCache
from sellerbot.store.schema import (
    Base,
    EventRecord,
    Learner,
    ModuleCompletion,
    ProcessedUpdate,
    Question,
    QuizAnswer,
    TaskSubmission,
)


class FixedClock:
    def __init__(self):
        self.now = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def store(database):
    return LearnerStore(database, clock=FixedClock())


async def count(store: LearnerStore, table) -> int:
    async with AsyncSession(store.engine) as session:
        return await session.scalar(select(func.count()).select_from(table))


async def test_unknown_learner_loads_as_new(store):
    state = await store.load(42)
    assert state == LearnerState(user_id=42, is_new=True)


async def test_state_round_trips(store):
    state = LearnerState(
        user_id=10**12,  # Telegram ids exceed 32 bits
        locale="zh_Hans",
        reading_locale="zh_Hans",
        source="farm-day",
        position=Position("basics", "light", 1),
        mode="lesson",
        attempts=2,
        completed_steps=frozenset({("basics", "intro"), ("photos", "why")}),
        completed_modules=frozenset({"photos"}),
        is_new=False,
    )
    await store.save(state, (Event("module_completed", {"module": "photos"}),))
    assert await store.load(10**12) == state
    async with AsyncSession(store.engine) as session:
        learner = await session.scalar(select(Learner))
        completion = await session.scalar(select(ModuleCompletion))
    assert learner.steps_done == 2  # for segments that ask who has started
    assert completion.module_id == "photos"


async def test_migration_folds_step_completions_into_the_learner_row(tmp_path):
    """Databases from before progress lived on the learner row keep every learner's place."""
    from alembic import command
    from sqlalchemy import create_engine as create_sync_engine
    from sqlalchemy import text

    from sellerbot.store.database import alembic_config

    engine = create_sync_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "0005")
        connection.execute(
            text(
                "insert into learners (id, user_id, mode, attempts, active, created_at,"
                " last_seen_at) values (1, 77, 'menu', 0, 1, '2026-01-01', '2026-01-02'),"
                " (2, 78, 'menu', 0, 1, '2026-01-01', '2026-01-02')"
            )
        )
        connection.execute(
            text(
                "insert into step_completions (learner_id, module_id, step_id, completed_at)"
                " values (1, 'basics', 'light', '2026-01-01'), (1, 'basics', 'intro', '2026-01-01')"
            )
        )
        connection.execute(
            text(
                "insert into module_completions (learner_id, module_id, completed_at)"
                " values (1, 'basics', '2026-01-01')"
            )
        )
        command.upgrade(alembic_config(connection), "head")
        rows = connection.execute(
            text("select user_id, progress, steps_done from learners order by user_id")
        ).all()
    engine.dispose()
    assert rows == [
        (77, '{"steps": [["basics", "intro"], ["basics", "light"]], "modules": ["basics"]}', 2),
        (78, '{"steps": [], "modules": []}', 0),
    ]


async def test_events_fill_their_tables(store):
    state = LearnerState(user_id=5, is_new=False)
    await store.save(
        state,
        (
            Event(
                "quiz_answered",
                {"module": "m", "step": "q", "option": "a", "correct": False, "attempt": 1},
            ),
            Event(
                "task_submitted",
                {
                    "module": "m",
                    "step": "t",
                    "kind": "text",
                    "answer": "5 kg",
                    "passed": False,
                    "failed_rule": "min_length",
                },
            ),
            Event("task_skipped", {"module": "m", "step": "t"}),
            Event(
                "question_asked",
                {"text": "how?", "locale": "en", "outcome": "unanswered", "score": 0.1},
            ),
        ),
    )
    assert await count(store, EventRecord) == 4
    assert await count(store, QuizAnswer) == 1
    assert await count(store, TaskSubmission) == 2
    async with AsyncSession(store.engine) as session:
        question = await session.scalar(select(Question))
        learner = await session.scalar(select(Learner))
    assert (question.text, question.outcome, question.entry_id) == ("how?", "unanswered", None)
    assert learner.created_at.replace(tzinfo=UTC) == datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


async def test_last_seen_moves_and_created_stays(store):
    await store.save(LearnerState(user_id=1, is_new=False))
    store.clock.now = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)
    await store.save(LearnerState(user_id=1, is_new=False))
    async with AsyncSession(store.engine) as session:
        learner = await session.scalar(select(Learner))
    assert learner.created_at.replace(tzinfo=UTC).day == 1
    assert learner.last_seen_at.replace(tzinfo=UTC).day == 5


async def test_deleting_a_learner_removes_every_row_about_them(store):
    for user_id in (1, 2):
        await store.save(
            LearnerState(user_id=user_id, is_new=False),
            (
                Event("step_completed", {"module": "m", "step": "s"}),
                Event("module_completed", {"module": "m"}),
                Event(
                    "question_asked",
                    {
                        "text": "q",
                        "locale": "en",
                        "outcome": "answered",
                        "entry": "a.b",
                        "score": 1.0,
                    },
                ),
            ),
        )
    await store.save(LearnerState(user_id=1), (Event("learner_deleted"),))
    assert (await store.load(1)).is_new
    assert not (await store.load(2)).is_new
    for table in (Learner, ModuleCompletion, Question):
        assert await count(store, table) == 1, table.__tablename__
    assert await count(store, EventRecord) == 3


async def test_mark_inactive(store):
    await store.save(LearnerState(user_id=3, is_new=False))
    await store.mark_inactive(3)
    async with AsyncSession(store.engine) as session:
        assert await session.scalar(select(Learner.active)) is False
    await store.save(LearnerState(user_id=3, is_new=False))  # they came back
    async with AsyncSession(store.engine) as session:
        assert await session.scalar(select(Learner.active)) is True


async def test_a_whole_lesson_survives_a_restart(store, course, database):
    """Engine and store together: progress made before a restart is there after it."""
    engine = Engine(course)

    async def turn(received):
        state = await store.load(77)
        outcome = engine.handle(state, received)
        await store.save(outcome.state, outcome.events)
        return outcome

    await turn(Start())
    await turn(Press(make(CONTINUE)))
    outcome = await turn(Press(make(NEXT, ref("basics", "intro"))))
    assert outcome.state.position.step_id == "light"
    restarted = LearnerStore(database)
    state = await restarted.load(77)
    assert state.position == Position("basics", "light", 1)
    assert ("basics", "intro") in state.completed_steps
    assert (await count(store, Learner)) == 1


async def test_models_and_migrations_agree(database):
    def differences(connection):
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)

    async with database.connect() as connection:
        assert await connection.run_sync(differences) == []


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("sqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("x.db", "sqlite+aiosqlite:///x.db"),
        (":memory:", "sqlite+aiosqlite:///:memory:"),
        ("postgresql://u@h:5432/d", "postgresql+asyncpg://u@h:5432/d"),
        ("postgres://u@h/d", "postgresql+asyncpg://u@h/d"),
        ("postgresql+asyncpg://u@h/d", "postgresql+asyncpg://u@h/d"),
    ],
)
def test_database_urls_accept_plain_and_async_forms(given, expected):
    assert async_url(given) == make_url(expected)


async def test_an_update_is_saved_once(store):
    await store.save(LearnerState(user_id=1, is_new=False), (Event("joined"),), update_id=500)
    with pytest.raises(DuplicateUpdate):
        await store.save(
            LearnerState(user_id=1, locale="zh_Hans", is_new=False),
            (Event("locale_changed", {"locale": "zh_Hans"}),),
            update_id=500,
        )
    assert (await store.load(1)).locale is None  # the duplicate's turn left no trace
    assert await count(store, EventRecord) == 1
    await store.save(LearnerState(user_id=1, is_new=False), update_id=501)


async def test_old_processed_updates_are_pruned_and_recent_ones_kept(store):
    await store.save(LearnerState(user_id=1, is_new=False), update_id=7)
    store.clock.now = datetime(2026, 3, 8, tzinfo=UTC)
    await store.save(LearnerState(user_id=1, is_new=False), update_id=8)
    store.clock.now = datetime(2026, 3, 9, tzinfo=UTC)
    await store.save(LearnerState(user_id=1, is_new=False), update_id=PRUNE_EVERY * 3)
    async with store.engine.connect() as connection:
        kept = set((await connection.execute(select(ProcessedUpdate.update_id))).scalars())
    assert kept == {8, PRUNE_EVERY * 3}  # a redelivered 8 would still be recognised


async def test_media_cache_remembers_uploads_until_the_file_changes(database, tmp_path):
    picture = tmp_path / "orange.png"
    picture.write_bytes(b"first")
    cache = MediaCache(database)
    assert await cache.file_id(picture) is None
    await cache.remember(picture, "file-1")
    assert await cache.file_id(picture) == "file-1"
    assert await MediaCache(database).file_id(picture) == "file-1"  # after a restart
    picture.write_bytes(b"edited")
    assert await cache.file_id(picture) is None


async def test_two_processes_never_build_on_the_same_old_state(database, database_url):
    """Two stores on their own engines stand for two bot processes taking the same learner."""
    if database.dialect.name != "postgresql":
        pytest.skip("several bot processes share a database only on PostgreSQL")
    other_engine = create_engine(database_url)
    first, second = LearnerStore(database), LearnerStore(other_engine)
    await first.save(LearnerState(user_id=9, is_new=False))

    def one_more_attempt(state: LearnerState):
        return _Decided(replace(state, attempts=state.attempts + 1), ())

    try:
        await asyncio.gather(*(store.apply(9, one_more_attempt) for store in (first, second) * 5))
    finally:
        await other_engine.dispose()
    assert (await first.load(9)).attempts == 10  # no turn was lost


async def test_a_burst_of_turns_leaves_its_connections_open_for_the_next(database):
    """A connection closed after each burst is opened again at the next, which costs the
    PostgreSQL server a new process each time."""
    if database.dialect.name != "postgresql":
        pytest.skip("SQLite connections are files, cheap to open")
    at_once = 32  # the turns a worker runs at the same time
    async with contextlib.AsyncExitStack() as held:  # every turn holds one at the same time
        for _ in range(at_once):
            await held.enter_async_context(database.connect())
    assert database.pool.checkedin() >= at_once


async def test_content_ids_of_any_length_are_stored(store, database, tmp_path):
    """Ids come from content files with no length limit: the columns take whatever they hold."""
    long = "x" * 300
    state = LearnerState(
        user_id=9,
        position=Position(long, long + "-step", 0),
        completed_steps=frozenset({(long, long + "-step")}),
        completed_modules=frozenset({long}),
        is_new=False,
    )
    await store.save(
        state,
        (
            Event("module_completed", {"module": long}),
            Event(
                "quiz_answered",
                {"module": long, "step": long, "option": long, "correct": True, "attempt": 1},
            ),
            Event(
                "task_submitted",
                {"module": long, "step": long, "kind": "text", "answer": "a", "passed": True},
            ),
            Event(
                "question_asked",
                {"text": "q", "locale": "en", "outcome": "answered", "entry": long, "score": 1.0},
            ),
        ),
    )
    assert await store.load(9) == state
    async with AsyncSession(store.engine) as session:
        assert await session.scalar(select(Question.entry_id)) == long
        assert await session.scalar(select(QuizAnswer.option_id)) == long
    deep = tmp_path.joinpath(*["folder-" + "d" * 40] * 20)  # a path of about 1,000 characters
    deep.mkdir(parents=True)
    picture = deep / "orange.png"
    picture.write_bytes(b"png")
    await MediaCache(database).remember(picture, "file-1")
    assert await MediaCache(database).file_id(picture) == "file-1"


async def _rows_mentioning(engine, user_id: int) -> list[tuple[str, str]]:
    """(table, column) of every cell in the database equal to `user_id`, as number or text."""
    from sqlalchemy import MetaData

    def scan(connection) -> list[tuple[str, str]]:
        metadata = MetaData()
        metadata.reflect(connection)
        found = []
        for table in metadata.sorted_tables:
            for column in table.columns:
                if isinstance(column.type, Integer):
                    condition = column.cast(BigInteger) == user_id
                elif isinstance(column.type, String | Text | JSON):
                    condition = column.cast(Text).contains(str(user_id))
                else:
                    continue
                hits = connection.scalar(select(func.count()).where(condition))
                if hits:
                    found.append((table.name, column.name))
        return found

    async with engine.connect() as connection:
        return await connection.run_sync(scan)


async def test_deleteme_leaves_no_row_carrying_the_user_id(store, database):
    """After /deleteme no table holds the learner's id; broadcast counts stay right."""
    from sellerbot.admin.broadcast import delivery_counts
    from sellerbot.store.schema import Broadcast, BroadcastDelivery

    gone, kept = 7_700_000_001, 7_700_000_002
    for user_id in (gone, kept):
        await store.save(
            LearnerState(user_id=user_id, source="farm-day", is_new=False),
            (Event("module_completed", {"module": "m"}),),
        )
    now = datetime(2026, 3, 1, tzinfo=UTC)
    async with database.begin() as connection:
        await connection.execute(
            insert(Broadcast).values(segment={}, created_at=now, rate=30.0),
            [
                {"id": 1, "kind": "text", "text": "hi", "status": "done"},
                {"id": 2, "kind": "text", "text": "soon", "status": "sending"},
            ],
        )
        await connection.execute(
            insert(BroadcastDelivery).values(updated_at=now),
            [
                {"broadcast_id": 1, "user_id": gone, "state": "sent", "message_id": 5},
                {"broadcast_id": 1, "user_id": kept, "state": "sent", "message_id": 6},
                {"broadcast_id": 2, "user_id": gone, "state": "pending", "message_id": None},
                {"broadcast_id": 2, "user_id": kept, "state": "pending", "message_id": None},
            ],
        )
    assert ("broadcast_deliveries", "user_id") in await _rows_mentioning(database, gone)
    await store.save(LearnerState(user_id=gone), (Event("learner_deleted"),))

    assert await _rows_mentioning(database, gone) == []
    assert await _rows_mentioning(database, kept) != []
    assert await delivery_counts(database, 1) == {"sent": 2}
    # Their copy still waiting is settled as the sender would settle it, and not sent.
    assert await delivery_counts(database, 2) == {"pending": 1, "failed": 1}
