"""`sellerbot verify CODE`: genuine and for whom, revoked, or unknown."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert

from sellerbot.cli import main
from sellerbot.store.database import create_engine, migrate
from sellerbot.store.schema import Certificate

ISSUED = datetime(2026, 12, 2, 9, tzinfo=UTC)


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "sellerbot.db"

    async def build() -> None:
        engine = create_engine(f"sqlite:///{path}")
        await migrate(engine)
        common = {"course": "Sell your produce online", "locale": "en", "issued_at": ISSUED}
        async with engine.begin() as connection:
            await connection.execute(
                insert(Certificate),
                [
                    {"code": "SB-7K3M-Q9XD", "name": "Li Wei", "revoked_at": None, **common},
                    {"code": "SB-2345-6789", "name": None, "revoked_at": ISSUED, **common},
                ],
            )
        await engine.dispose()

    asyncio.run(build())
    return str(path)


@pytest.mark.parametrize(
    ("typed", "status", "expected"),
    [
        (
            "sb-7k3m-q9xd",
            0,
            "✅ Certificate SB-7K3M-Q9XD is genuine: Li Wei finished “Sell your produce online” "
            "on 2026-12-02.",
        ),
        ("SB-2345-6789", 1, "⚠️ Certificate SB-2345-6789 was issued, but its holder"),
        ("SB-7K3M-Q9XE", 1, "❌ No certificate has the code SB-7K3M-Q9XE."),
    ],
)
def test_verify_prints_what_the_code_is(db, capsys, typed, status, expected):
    assert main(["verify", typed, "--db", db]) == status
    assert expected in capsys.readouterr().out


def test_verify_answers_in_chinese_on_request(db, capsys):
    assert main(["verify", "SB-7K3M-Q9XD", "--db", db, "--locale", "zh_Hans"]) == 0
    assert "是真的" in capsys.readouterr().out
