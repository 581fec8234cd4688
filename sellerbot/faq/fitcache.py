"""The confidence fit of one FAQ content and the analysis of its phrasings kept on disk, so
a restart on unchanged content need neither refit nor analyse again; any change to the
content, to the matcher's code or to the libraries it uses makes both anew."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import BinaryIO

import numpy as np

from sellerbot.faq.analysis import TextAnalysis
from sellerbot.faq.analysisfile import UNREADABLE, read_state, write_state
from sellerbot.faq.fitting import Calibration, fit
from sellerbot.faq.matcher import FaqPhrasings

_CODE = Path(__file__).resolve().parent
PREFIX = "faq-fit-"
FIT_SUFFIX = ".json"
ANALYSIS_SUFFIX = ".npz"
# A few fits are kept: switching between two versions of the content is then free too.
KEPT_FITS = 4


@dataclass(frozen=True)
class Prepared:
    """What indexing one content needs besides the content: its fit, and an analysis that
    already holds every phrasing's features and vector."""

    calibration: Calibration
    analysis: TextAnalysis


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


def prepared(phrasings: Sequence[FaqPhrasings], folder: Path | None = None) -> Prepared:
    """The fit and analysis stored for this content and code, else new ones, stored.

    The two are made and kept as a pair: fitting numbers the features in the order it
    meets them, and an index built on the stored analysis numbers them the same way, so it
    gives exactly the scores of an index built right after fitting. A pair that cannot be
    read whole is made again; a folder that cannot be written only costs that time again.
    """
    folder = default_folder() if folder is None else folder
    key = content_key(phrasings)
    fit_path = folder / f"{PREFIX}{key}{FIT_SUFFIX}"
    analysis_path = folder / f"{PREFIX}{key}{ANALYSIS_SUFFIX}"
    with contextlib.suppress(*UNREADABLE, TypeError):
        calibration = Calibration.from_dict(json.loads(fit_path.read_text(encoding="utf-8")))
        analysis = TextAnalysis.restored(read_state(analysis_path, key))
        if analysis.knows(_indexed_texts(phrasings), _questions(phrasings)):
            return Prepared(calibration, analysis)
    analysis = TextAnalysis()
    calibration = fit(phrasings, analysis)
    with contextlib.suppress(OSError):
        state = analysis.state()
        # Either file alone is never used, so a start that dies between the two refits.
        _store(analysis_path, lambda file: write_state(file, state, key))
        fit_text = json.dumps(calibration.to_dict()).encode("utf-8")
        _store(fit_path, lambda file: file.write(fit_text))
    return Prepared(calibration, analysis)


def _questions(phrasings: Sequence[FaqPhrasings]) -> list[str]:
    return [question for entry in phrasings for question in entry.questions]


def _indexed_texts(phrasings: Sequence[FaqPhrasings]) -> list[str]:
    answers = [entry.answer for entry in phrasings if entry.answer]
    return _questions(phrasings) + answers


def _store(path: Path, write: Callable[[BinaryIO], object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written aside and renamed: another process never reads half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".faq-fit-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            write(file)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    older = sorted(
        path.parent.glob(f"{PREFIX}*{path.suffix}"),
        key=lambda each: each.stat().st_mtime,
        reverse=True,
    )
    for stale in older[KEPT_FITS:]:
        stale.unlink(missing_ok=True)
