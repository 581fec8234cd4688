"""`sellerbot --help` stays fast: building the parser imports none of the heavy libraries."""

from __future__ import annotations

import io
import os
import subprocess
import sys

HEAVY = ("sqlalchemy", "alembic", "pydantic", "telegram", "yaml", "PIL", "numpy", "segno")


def test_help_imports_no_heavy_library():
    probe = (
        "import sys, contextlib, io\n"
        "from sellerbot.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_ask_imports_neither_the_store_nor_the_conversation(tmp_path):
    # Editors run `ask` after each edit: it needs the content and the FAQ matcher only.
    probe = (
        "import sys, contextlib, io\n"
        "from sellerbot.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['ask', 'how do i pack eggs']) == 0\n"
        "light = ('sqlalchemy', 'alembic', 'telegram', 'jieba', 'sellerbot.store',\n"
        "         'sellerbot.conversation', 'sellerbot.engine.engine', 'sellerbot.app')\n"
        "print(sorted(m for m in light if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        env={**os.environ, "XDG_CACHE_HOME": str(tmp_path)},
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_the_rates_in_the_broadcast_help_are_the_real_ones():
    from sellerbot.admin.broadcast import FREE_RATE, PAID_RATE
    from sellerbot.admin.cli import RATE_HELP

    assert f"default {FREE_RATE:g};" in RATE_HELP and f"up to {PAID_RATE:g})" in RATE_HELP


def test_a_migration_that_cannot_run_safely_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    import sellerbot.app
    from sellerbot.cli import main
    from sellerbot.store.migrating import MigrationError

    async def refuse(engine):
        raise MigrationError("the backup beside /data/sellerbot.db could not be written")

    monkeypatch.setattr(sellerbot.app, "migrate", refuse)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["preview", "--db", str(tmp_path / "bot.db")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "not upgraded" in err and "could not be written" in err
