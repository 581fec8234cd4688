"""A short run of `python -m bench.mutation` on the redactor, so the command keeps working."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bench.mutation import TARGETS

ROOT = Path(__file__).resolve().parents[1]


def test_every_target_names_files_that_exist():
    for name, target in TARGETS.items():
        for path in target.sources + target.tests:
            assert (ROOT / path).is_file(), f"{name}: {path} does not exist"


@pytest.mark.timeout(600)
def test_the_mutation_command_scores_the_redactor():
    pytest.importorskip("mutmut")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.mutation",
            "--module",
            "redact",
            "--jobs",
            "1",
            "sellerbot.drivers.telegram.redact.xǁTokenRedactorǁfilter__mutmut_1*",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "mutation testing of redact" in done.stdout and "cores; load" in done.stdout
    # The redactor's tests kill each of these mutants (11 of them), so the verdict is known.
    assert "11 mutants" in done.stdout and "11 killed, 0 alive" in done.stdout, done.stdout
    assert "redact: mutants killed: 100% (meets the goal" in done.stdout
