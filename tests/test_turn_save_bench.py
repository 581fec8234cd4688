"""bench.turn_save, in short: it runs on PostgreSQL and prints both figures and their ratio."""

from __future__ import annotations

import re

import pytest

from bench import turn_save
from tests.conftest import POSTGRES_URL


@pytest.mark.skipif(not POSTGRES_URL, reason="SELLERBOT_TEST_DATABASE_URL is not set")
async def test_the_turn_save_benchmark_prints_both_ways_and_their_ratio(capsys):
    await turn_save.main(
        turn_save.parse_args(["--turns", "20", "--rounds", "1", "--database-url", POSTGRES_URL])
    )
    printed = capsys.readouterr().out
    assert re.search(r"one statement +median +\d+ µs", printed)
    assert re.search(r"transaction \(baseline\) +median +\d+ µs", printed)
    assert float(re.search(r"one statement / transaction: ([\d.]+)", printed).group(1)) > 0
