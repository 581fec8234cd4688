"""Every migration, up and down, on a database full of rows made by the bot's own engine.

The tables are reflected at each revision and every one is filled, so a migration added later
(a new table, a rebuilt one) is covered without editing this file.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.ext.asyncio import create_async_engine

from sellerbot.store import migrating
from sellerbot.store.database import alembic_config, create_engine, downgrade, migrate
from sellerbot.store.migrating import MigrationError, backup, sqlite_file
from tests.conftest import _create_postgres_database, _drop_postgres_database

ROWS = 3  # rows per table


def revisions() -> list[tuple[str, str]]:
    """(revision, the one before it) for every migration, oldest first."""
    script = ScriptDirectory.from_config(alembic_config())
    steps = [(rev.revision, rev.down_revision) for rev in script.walk_revisions()]
    return [(revision, before) for revision, before in reversed(steps) if before is not None]


# Cells whose meaning other code reads: the values a real row would hold.
MEANINGFUL = {
    ("learners", "progress"): lambda row: {
        "steps": [["basics", f"step-{n}"] for n in range(row + 1)],
        "modules": ["basics"] if row else [],
    },
    ("learners", "steps_done"): lambda row: row + 1,
}


def _value(column: sa.Column, row: int, parents: dict[str, list[dict]]):
    """A value for one cell, distinct per row so every unique constraint holds."""
    if (column.table.name, column.name) in MEANINGFUL:
        return MEANINGFUL[column.table.name, column.name](row)
    for foreign_key in column.foreign_keys:
        parent = parents[foreign_key.column.table.name][row]
        return parent[foreign_key.column.name]
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return row % 2 == 0
    if isinstance(kind, sa.Integer):
        # Big enough for a Telegram id where the column takes one.
        return (10**12 + row) if isinstance(kind, sa.BigInteger) else row + 1
    if isinstance(kind, sa.Float):
        return row + 0.5
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 1, 1, 8, tzinfo=UTC) + timedelta(days=row, minutes=len(column.name))
    if isinstance(kind, sa.JSON):
        return {"column": column.name, "row": row}
    if isinstance(kind, sa.String):
        text = f"{row}-{column.name}"
        return text[: kind.length] if kind.length else text
    raise AssertionError(f"no test value for {column.table.name}.{column.name}: {kind!r}")


def fill(connection: sa.Connection) -> dict[str, list[dict]]:
    """Insert ROWS rows in every table (parents first); return them as stored."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    inserted: dict[str, list[dict]] = {}
    for table in metadata.sorted_tables:
        if table.name == "alembic_version":
            continue
        rows = [
            {column.name: _value(column, row, inserted) for column in table.columns}
            for row in range(ROWS)
        ]
        connection.execute(table.insert(), rows)
        inserted[table.name] = rows
    return read_all(connection)


def read_all(connection: sa.Connection) -> dict[str, list[dict]]:
    """Every row of every table, ordered by primary key, as plain comparable values."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    tables = {}
    for table in metadata.sorted_tables:
        if table.name == "alembic_version":
            continue
        order = list(table.primary_key.columns) or list(table.columns)
        rows = connection.execute(sa.select(table).order_by(*order)).mappings()
        tables[table.name] = [{key: _plain(value) for key, value in row.items()} for row in rows]
    return tables


def _plain(value):
    # SQLite hands JSON back as text when reflected without the type; times without a zone.
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None) if value.tzinfo is None else value.astimezone(UTC)
    return value


def schema(connection: sa.Connection) -> dict[str, dict]:
    """Tables, columns (type, nullability), indexes and foreign keys, as comparable values."""
    inspector = sa.inspect(connection)
    result = {}
    for name in sorted(inspector.get_table_names()):
        result[name] = {
            "columns": {
                column["name"]: (str(column["type"]), column["nullable"])
                for column in inspector.get_columns(name)
            },
            "indexes": sorted(
                (index["name"], tuple(index["column_names"]), bool(index["unique"]))
                for index in inspector.get_indexes(name)
            ),
            "unique": sorted(
                tuple(constraint["column_names"])
                for constraint in inspector.get_unique_constraints(name)
            ),
            "foreign_keys": sorted(
                (
                    tuple(key["constrained_columns"]),
                    key["referred_table"],
                    tuple(key["referred_columns"]),
                    (key.get("options") or {}).get("ondelete"),
                )
                for key in inspector.get_foreign_keys(name)
            ),
        }
    return result


def _step_completions_kept(before: dict, after: dict) -> None:
    """0006 folded step_completions into learners.progress: every step is still done."""
    learners = {row["id"]: row for row in after["learners"]}
    for step in before["step_completions"]:
        progress = learners[step["learner_id"]]["progress"]
        assert [step["module_id"], step["step_id"]] in progress["steps"], step
    for learner in after["learners"]:
        assert learner["steps_done"] == len(learner["progress"]["steps"]), learner


# Tables a migration removes, and how to check their rows' meaning was carried elsewhere. A
# migration that drops a table without an entry here fails the matrix, as it should.
FOLDED = {"step_completions": _step_completions_kept}


def assert_rows_kept(before: dict, after: dict, columns_may_go: bool = False) -> None:
    """Every row of `before` is in `after` with the same values (tables FOLDED aside)."""
    for table, rows in before.items():
        if table not in after:
            assert table in FOLDED, f"table {table} and its {len(rows)} rows disappeared"
            FOLDED[table](before, after)
            continue
        assert len(after[table]) == len(rows), (
            f"{table}: {len(rows)} rows became {len(after[table])}"
        )
        for old, new in zip(rows, after[table], strict=True):
            gone = old.keys() - new.keys()
            assert columns_may_go or not gone, f"{table}: columns {sorted(gone)} disappeared"
            common = old.keys() & new.keys()
            assert {c: new[c] for c in common} == {c: old[c] for c in common}, (
                f"{table} row changed"
            )


async def _at(url: str, revision: str) -> sa.engine.Engine:
    engine = create_engine(url)
    await migrate(engine, revision)
    return engine


@pytest.mark.parametrize(("revision", "before"), revisions(), ids=[r for r, _ in revisions()])
async def test_upgrade_keeps_every_row(database_url, revision, before):
    engine = await _at(database_url, before)
    try:
        async with engine.begin() as connection:
            stored = await connection.run_sync(fill)
        await migrate(engine)
        async with engine.connect() as connection:
            assert_rows_kept(stored, await connection.run_sync(read_all))
    finally:
        await engine.dispose()


async def _schemas_on_the_way_up(url: str) -> dict[str, dict]:
    """The schema at every revision, upgrading an empty database one step at a time."""
    engine = create_engine(url)
    schemas = {}
    try:
        for revision, before in revisions():
            for target in (before, revision):
                await migrate(engine, target)
                async with engine.connect() as connection:
                    schemas[target] = await connection.run_sync(schema)
    finally:
        await engine.dispose()
    return schemas


@pytest.fixture
async def second_database_url(database_url, tmp_path):
    """Another empty database on the same backend as database_url."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'second.db'}"
        return
    name, url = await _create_postgres_database()
    try:
        yield url
    finally:
        await _drop_postgres_database(name)


def _step_completions_restored(before: dict, after: dict) -> None:
    """Downgrading 0006 writes each learner's done steps back as step_completions rows."""
    done = {
        (learner["id"], module, step)
        for learner in before["learners"]
        for module, step in learner["progress"]["steps"]
    }
    restored = {
        (row["learner_id"], row["module_id"], row["step_id"]) for row in after["step_completions"]
    }
    assert done and restored == done


# Tables a downgrade brings back, and how to check their rows were rebuilt from what replaced them.
UNFOLDED = {"step_completions": _step_completions_restored}


async def test_each_downgrade_restores_the_schema_and_rows_before_it(
    database_url, second_database_url
):
    """Step down from head: each revision's schema is what upgrading to it made, rows kept."""
    expected = await _schemas_on_the_way_up(second_database_url)
    engine = await _at(database_url, "head")
    try:
        async with engine.begin() as connection:
            await connection.run_sync(fill)
        for revision, before in reversed(revisions()):
            async with engine.connect() as connection:
                rows = await connection.run_sync(read_all)
            await downgrade(engine, before)
            async with engine.connect() as connection:
                assert await connection.run_sync(schema) == expected[before], (
                    f"downgrading {revision} did not restore the schema of {before}"
                )
                after = await connection.run_sync(read_all)
            kept = {table: rows[table] for table in rows if table in after}
            assert_rows_kept(kept, after, columns_may_go=True)
            for table in after.keys() - rows.keys():
                if table in UNFOLDED:
                    UNFOLDED[table](rows, after)
    finally:
        await engine.dispose()


async def test_an_sqlite_file_behind_head_is_backed_up_before_upgrading(tmp_path, caplog):
    path = tmp_path / "sellerbot.db"
    engine = await _at(f"sqlite:///{path}", "0005")
    async with engine.begin() as connection:
        stored = await connection.run_sync(fill)
    await engine.dispose()

    engine = create_engine(str(path))
    with caplog.at_level("INFO", logger="sellerbot.store.migrating"):
        backup = await migrate(engine)
    await engine.dispose()
    assert backup is not None and backup.parent == tmp_path
    assert re.fullmatch(r"sellerbot\.db\.backup-0005-\d{8}T\d{4}", backup.name), backup.name
    (message,) = [
        record.getMessage() for record in caplog.records if str(backup) in record.getMessage()
    ]
    assert message == f"database at revision 0005 backed up to {backup} before upgrading"

    copy = create_engine(str(backup))
    async with copy.connect() as connection:
        assert await connection.run_sync(read_all) == stored
        version = await connection.exec_driver_sql("select version_num from alembic_version")
        assert version.scalar() == "0005"
    await copy.dispose()


async def test_no_backup_of_a_new_database_or_one_at_head(tmp_path):
    path = tmp_path / "sellerbot.db"
    for _ in range(2):  # new, then already at head
        engine = create_engine(str(path))
        assert await migrate(engine) is None
        await engine.dispose()
    assert sorted(item.name for item in tmp_path.iterdir() if "backup" in item.name) == []


async def test_a_failed_upgrade_changes_nothing(tmp_path):
    """A migration that fails half-way leaves the schema and rows as they were, so the bot
    can start again (no half-copied tables left behind)."""
    path = tmp_path / "sellerbot.db"
    before = revisions()[-1][1]
    engine = await _at(f"sqlite:///{path}", before)
    async with engine.begin() as connection:
        stored = await connection.run_sync(fill)
        expected = await connection.run_sync(schema)
        # Fails the last statement of every migration step: recording the new revision.
        await connection.exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE UPDATE ON alembic_version"
            " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        )
    with pytest.raises(Exception, match="refused by the test"):
        await migrate(engine)
    async with engine.connect() as connection:
        assert await connection.run_sync(schema) == expected
        assert await connection.run_sync(read_all) == stored
        foreign_keys = await connection.exec_driver_sql("PRAGMA foreign_keys")
        assert foreign_keys.scalar() == 1  # back on for the bot's own work
    await engine.dispose()


async def test_rows_orphaned_before_the_upgrade_do_not_stop_it(tmp_path):
    """A database once written without foreign keys still upgrades, its rows all kept."""
    path = tmp_path / "sellerbot.db"
    engine = await _at(f"sqlite:///{path}", "0005")
    async with engine.begin() as connection:
        stored = await connection.run_sync(fill)
    async with engine.connect() as connection:
        await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        await connection.commit()
        await connection.exec_driver_sql("DELETE FROM learners WHERE id = 1")
        # Progress is folded into the learner row at 0006: a step without a learner has none.
        await connection.exec_driver_sql("DELETE FROM step_completions WHERE learner_id = 1")
        await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        await connection.commit()
    for table in ("learners", "step_completions"):
        stored[table] = [row for row in stored[table] if row.get("learner_id", row["id"]) != 1]
    await migrate(engine)
    async with engine.connect() as connection:
        assert_rows_kept(stored, await connection.run_sync(read_all))
    await engine.dispose()


async def test_an_upgrade_whose_backup_fails_stops_before_changing_anything(tmp_path):
    # A file name so long that the backup's name is one no file system takes.
    path = tmp_path / ("b" * 240 + ".db")
    engine = await _at(f"sqlite:///{path}", "0005")
    async with engine.begin() as connection:
        stored = await connection.run_sync(fill)
    with pytest.raises(MigrationError) as refused:
        await migrate(engine)
    message = str(refused.value)
    assert "\n" not in message and "could not back up" in message and "unchanged" in message
    async with engine.connect() as connection:
        assert await connection.run_sync(read_all) == stored
    await engine.dispose()


async def test_learners_of_0008_load_and_earn_reviews_and_certificates_after_0009(database_url):
    """A database full of 0008's rows: its learners load with nothing to review and no
    certificate, and the new tables take rows for them (and let them go on deletion)."""
    from sellerbot.engine.state import Event, ReviewItem
    from sellerbot.store.certificates import verify
    from sellerbot.store.learners import LearnerStore

    engine = await _at(database_url, "0008")
    try:
        async with engine.begin() as connection:
            stored = await connection.run_sync(fill)
            if engine.dialect.name == "postgresql":
                # fill() gives ids itself: move the sequences past them, as real rows would.
                for table, rows in stored.items():
                    if rows and "id" in rows[0]:
                        await connection.exec_driver_sql(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
        await migrate(engine)
        user_id = stored["learners"][1]["user_id"]
        now = datetime(2026, 12, 2, 9, tzinfo=UTC)
        store = LearnerStore(engine, clock=lambda: now)
        state = await store.load(user_id)
        assert state.completed_steps == {("basics", "step-0"), ("basics", "step-1")}
        assert (state.reviews, state.certificate, state.final_right) == ((), None, frozenset())
        due = now + timedelta(days=1)
        events = (
            Event(
                "review_scheduled",
                {
                    "module": "basics",
                    "step": "step-0",
                    "box": 1,
                    "due_at": due.isoformat(),
                    "reviewed_at": None,
                },
            ),
            Event(
                "certificate_issued",
                {
                    "code": "SB-2345-6789",
                    "holder": "Li",
                    "course": "C",
                    "locale": "en",
                    "issued_at": now.isoformat(),
                },
            ),
        )
        # The engine sets the state and the events that record it together.
        item = ReviewItem("basics", "step-0", 1, due)
        await store.save(replace(state, reviews=(item,), certificate="SB-2345-6789"), events)
        state = await store.load(user_id)
        assert state.certificate == "SB-2345-6789"
        assert state.reviews == (item,)
        assert (await verify(engine, "SB-2345-6789")).status == "genuine"
        await store.save(state, (Event("learner_deleted"),))
        assert (await verify(engine, "SB-2345-6789")).status == "revoked"
        assert (await store.load(user_id)).reviews == ()
    finally:
        await engine.dispose()


@pytest.mark.parametrize(
    "url",
    [
        "sqlite+aiosqlite://",
        "sqlite+aiosqlite:///",
        "sqlite+aiosqlite:///:memory:",
        "postgresql+asyncpg://postgres@127.0.0.1:5432/test",
    ],
)
async def test_only_an_sqlite_file_is_backed_up(url):
    engine = create_async_engine(url)  # never connected: the refusal comes first
    assert sqlite_file(engine) is None
    with pytest.raises(MigrationError, match=r"^only an SQLite file can be copied this way$"):
        await backup(engine)
    await engine.dispose()


async def test_backups_within_one_minute_are_numbered_and_a_new_database_is_named_empty(
    tmp_path, monkeypatch
):
    path = tmp_path / "bot.db"
    engine = create_engine(str(path))
    async with engine.begin() as connection:
        await connection.exec_driver_sql("CREATE TABLE notes (text TEXT)")
        await connection.exec_driver_sql("INSERT INTO notes VALUES ('kept')")
    minute = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)
    monkeypatch.setattr(migrating, "datetime", _FrozenClock(minute))
    copies = [await backup(engine) for _ in range(3)]
    await engine.dispose()
    assert [copy.name for copy in copies] == [
        "bot.db.backup-empty-20261201T2030",
        "bot.db.backup-empty-20261201T2030-2",
        "bot.db.backup-empty-20261201T2030-3",
    ]
    for copy in copies:
        with sqlite3.connect(copy) as kept:
            assert kept.execute("SELECT text FROM notes").fetchall() == [("kept",)]


class _FrozenClock:
    """Stands in for `datetime` in the module under test: now() is one fixed moment."""

    def __init__(self, moment: datetime):
        self.moment = moment

    def now(self, zone=None):
        assert zone is UTC, "backup names are stamped in UTC"
        return self.moment


async def test_a_failed_backup_names_the_reason_and_the_way_out(tmp_path, monkeypatch):
    path = tmp_path / "bot.db"
    engine = create_engine(str(path))
    async with engine.begin() as connection:
        await connection.exec_driver_sql("CREATE TABLE notes (text TEXT)")
    minute = datetime(2026, 12, 1, 20, 30, tzinfo=UTC)
    monkeypatch.setattr(migrating, "datetime", _FrozenClock(minute))
    # The copy's name points into a folder that does not exist: SQLite cannot open it.
    target = tmp_path / "bot.db.backup-0005-20261201T2030"
    target.symlink_to(tmp_path / "missing" / "copy.db")
    with pytest.raises(MigrationError) as refused:
        await backup(engine, "0005")
    await engine.dispose()
    assert str(refused.value) == (
        f"could not back up {path} to {target}: unable to open database: {target}; the "
        "schema is unchanged (free some space or fix the folder, or copy the file yourself and "
        "run sellerbot db upgrade --no-backup)"
    )


async def test_a_backup_name_too_long_for_the_file_system_is_reported_by_its_reason(tmp_path):
    path = tmp_path / ("b" * 240 + ".db")
    engine = create_engine(str(path))
    with pytest.raises(MigrationError) as refused:
        await backup(engine, "0005")
    await engine.dispose()
    assert ": File name too long; the schema is unchanged" in str(refused.value)


async def test_a_migration_that_leaves_rows_pointing_at_nothing_is_undone(tmp_path):
    path = tmp_path / "bot.db"
    engine = create_engine(str(path))
    await migrate(engine)
    async with engine.connect() as connection:
        before = await connection.run_sync(read_all)
    with pytest.raises(MigrationError, match="at nothing in module_completions -> learners;"):
        async with migrating.schema_change(engine) as connection:
            await connection.exec_driver_sql(
                "INSERT INTO module_completions (learner_id, module_id, completed_at)"
                " VALUES (999, 'basics', '2026-01-01')"
            )
    async with engine.connect() as connection:
        assert await connection.run_sync(read_all) == before
    await engine.dispose()
