"""`sellerbot db` and the top-level alembic.ini, on SQLite files in a temporary folder."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

from sellerbot.cli import main
from sellerbot.store.database import create_engine
from sellerbot.store.migrating import current_revision, head_revision, migrate
from tests.test_migrations import fill, read_all

ALEMBIC_INI = Path(__file__).parent.parent / "alembic.ini"


def _old_database(path: Path, revision: str = "0005") -> dict:
    async def make() -> dict:
        engine = create_engine(str(path))
        await migrate(engine, revision)
        async with engine.begin() as connection:
            rows = await connection.run_sync(fill)
        await engine.dispose()
        return rows

    return asyncio.run(make())


def _rows_and_revision(path: Path) -> tuple[dict, str | None]:
    async def read() -> tuple[dict, str | None]:
        engine = create_engine(str(path))
        async with engine.connect() as connection:
            rows = await connection.run_sync(read_all)
        revision = await current_revision(engine)
        await engine.dispose()
        return rows, revision

    return asyncio.run(read())


def test_db_current_upgrade_and_history(tmp_path, capsys):
    path = tmp_path / "bot.db"
    assert main(["db", "current", "--db", str(path)]) == 1
    assert "no such database file" in capsys.readouterr().err and not path.exists()
    _old_database(path)
    assert main(["db", "current", "--db", str(path)]) == 0
    assert (
        capsys.readouterr().out == f"0005 (the newest is {head_revision()}: sellerbot db upgrade)\n"
    )

    assert main(["db", "upgrade", "--db", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    (copy,) = tmp_path.glob("bot.db.backup-0005-*")
    assert out == [f"backup written to {copy}", f"{head_revision()} (the newest)"]
    assert main(["db", "history", "--db", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("0001  learners") and lines[-1].endswith("<- this database")


def test_db_upgrade_to_an_unknown_revision_says_so_and_copies_nothing(tmp_path, capsys):
    path = tmp_path / "bot.db"
    _old_database(path)
    assert main(["db", "upgrade", "--to", "0099", "--db", str(path)]) == 2
    assert capsys.readouterr().err.startswith("sellerbot db upgrade: ")
    assert list(tmp_path.glob("*backup*")) == []


def test_db_backup_copies_an_sqlite_file(tmp_path, capsys):
    path = tmp_path / "bot.db"
    rows = _old_database(path, "head")
    assert main(["db", "backup", "--db", str(path)]) == 0
    copy = Path(capsys.readouterr().out.strip())
    assert copy.parent == tmp_path and copy.name.startswith(f"bot.db.backup-{head_revision()}-")
    assert _rows_and_revision(copy) == (rows, head_revision())


def test_db_backup_on_postgresql_prints_pg_dump_without_the_password(capsys):
    url = "postgresql+asyncpg://seller:s3cret@db.example:5433/bot"
    assert main(["db", "backup", "--db", url]) == 1
    printed = capsys.readouterr()
    assert printed.out.startswith("pg_dump --format=custom --file=sellerbot-")
    assert printed.out.rstrip().endswith(" postgresql://seller@db.example:5433/bot")
    assert "s3cret" not in printed.out + printed.err and "nothing was written" in printed.err


def test_alembic_ini_upgrades_without_losing_rows(tmp_path, monkeypatch):
    """Operators running `alembic upgrade head` get the bot's engine and safeguards."""
    path = tmp_path / "bot.db"
    rows = _old_database(path)
    monkeypatch.setenv("SELLERBOT_DATABASE_URL", f"sqlite:///{path}")
    command.upgrade(Config(str(ALEMBIC_INI)), "head")
    after, revision = _rows_and_revision(path)
    assert revision == head_revision()
    assert [len(after[table]) for table in rows if table in after] == [
        len(rows[table]) for table in rows if table in after
    ]
    assert after["events"] == rows["events"]


def test_db_upgrade_no_backup_copies_nothing(tmp_path, capsys):
    path = tmp_path / "bot.db"
    rows = _old_database(path)
    assert main(["db", "upgrade", "--no-backup", "--db", str(path)]) == 0
    assert capsys.readouterr().out == f"{head_revision()} (the newest)\n"
    assert list(tmp_path.glob("*backup*")) == []
    after, revision = _rows_and_revision(path)
    assert revision == head_revision() and after["events"] == rows["events"]
