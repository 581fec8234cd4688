"""`sellerbot --help` stays fast: building the parser imports none of the heavy libraries."""

from __future__ import annotations

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


def test_the_rates_in_the_broadcast_help_are_the_real_ones():
    from sellerbot.admin.broadcast import FREE_RATE, PAID_RATE
    from sellerbot.admin.cli import RATE_HELP

    assert f"default {FREE_RATE:g};" in RATE_HELP and f"up to {PAID_RATE:g})" in RATE_HELP
