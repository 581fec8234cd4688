"""The confidence fit of one FAQ content kept on disk, so a restart on unchanged content
need not refit; any change to the content or to the matcher's code makes a new fit."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path

import numpy as np

from sellerbot.faq.analysis import TextAnalysis
from sellerbot.faq.fitting import Calibration, fit
from sellerbot.faq.matcher import FaqPhrasings

_CODE = Path(__file__).resolve().parent
PREFIX = "faq-fit-"
# A few fits are kept: switching between two versions of the content is then free too.
KEPT_FITS = 4


def default_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sellerbot"


def _code_fingerprint() -> bytes:
    """The matcher's own code and the libraries whose numbers it depends on."""
    digest = hashlib.sha256()
    for path in sorted(_CODE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in ("numpy", "wordllama"):
        digest.update(f"{package}={_version(package)}".encode())
    return digest.digest()


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return np.__version__ if package == "numpy" else "unknown"


def content_key(phrasings: Sequence[FaqPhrasings]) -> str:
    """A hash of everything the fit reads: the phrasings in order, their answers, the code."""
    digest = hashlib.sha256(_code_fingerprint())
    for entry in phrasings:
        record = [entry.entry_id, entry.locale, list(entry.questions), entry.answer]
        digest.update(json.dumps(record, ensure_ascii=False).encode() + b"\n")
    return digest.hexdigest()[:32]


def fitted(
    phrasings: Sequence[FaqPhrasings], analysis: TextAnalysis, folder: Path | None = None
) -> Calibration:
    """The fit stored for this content and code, else a new fit, stored for next time.

    A folder that cannot be read or written only costs the time of fitting again.
    """
    folder = default_folder() if folder is None else folder
    path = folder / f"{PREFIX}{content_key(phrasings)}.json"
    try:
        return Calibration.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    calibration = fit(phrasings, analysis)
    with contextlib.suppress(OSError):
        _store(path, calibration)
    return calibration


def _store(path: Path, calibration: Calibration) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: another process never reads half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".faq-fit-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(calibration.to_dict(), file)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    older = sorted(
        path.parent.glob(f"{PREFIX}*.json"), key=lambda each: each.stat().st_mtime, reverse=True
    )
    for stale in older[KEPT_FITS:]:
        stale.unlink(missing_ok=True)
