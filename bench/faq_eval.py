"""The FAQ benchmark's labelled questions: which parts tune, which measure, and deduplication.

Parts: `tune`, `holdout` (bench/data/faq_eval.yaml) and `fresh` to `fresh5` are the tuning
parts: the content and the matcher were improved looking at them, and the baselines'
cut-offs are fitted on them (the matcher fits its own from the content alone). `fresh6`
and `fresh7` were each written from the entries' answers alone and never tuned on, but
their figures have been seen while the matcher changed, so they are secondary figures;
so are `fresh8` to `fresh10`, each held out until its figures were seen too. `fresh11`,
written the same way, is the held-out part: run once, at the end of a piece of work.

A measuring part must not repeat what the matcher has seen: each of its questions that is,
after folding case, width and punctuation, equal or nearly equal to a content phrasing, a
tuning question or a question of an earlier measuring part is dropped at load.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml
from rapidfuzz import fuzz, process

from sellerbot.faq import FaqPhrasings

DATA = Path(__file__).resolve().parent / "data"
TUNING_FILES = tuple(
    DATA / name
    for name in (
        "faq_eval.yaml",
        "faq_eval_fresh.yaml",
        "faq_eval_fresh2.yaml",
        "faq_eval_fresh3.yaml",
        "faq_eval_fresh4.yaml",
        "faq_eval_fresh5.yaml",
    )
)
SECONDARY_FILES = tuple(DATA / f"faq_eval_fresh{number}.yaml" for number in (6, 7, 8, 9, 10))
HELD_OUT_FILE = DATA / "faq_eval_fresh11.yaml"
LOCALES = ("en", "zh_Hans")
TUNING_PARTS = ("tune", "holdout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5")
SECONDARY_PARTS = ("fresh6", "fresh7", "fresh8", "fresh9", "fresh10")
HELD_OUT_PARTS = ("fresh11",)
MEASURING_PARTS = (*SECONDARY_PARTS, *HELD_OUT_PARTS)
PART_NOTES = {
    **dict.fromkeys(TUNING_PARTS, "tuned on"),
    "fresh6": "not tuned on, seen: secondary",
    "fresh7": "not tuned on, seen: secondary",
    "fresh8": "not tuned on, seen: secondary",
    "fresh9": "not tuned on, seen: secondary",
    "fresh10": "not tuned on, seen: secondary",
    "fresh11": "held out: never seen before this run",
}
# Two questions this alike (rapidfuzz ratio over the folded text, 0 to 100) count as one:
# it catches a changed article, a plural or a typo, not a different question.
NEAR_DUPLICATE_RATIO = 90


def eval_files() -> tuple[Path, ...]:
    """The files to read: the held-out one only once it has been put in place."""
    return (*TUNING_FILES, *SECONDARY_FILES, *((HELD_OUT_FILE,) if HELD_OUT_FILE.exists() else ()))


@dataclass(frozen=True)
class EvalQuestion:
    text: str
    locale: str
    expected: str | None  # None: off-topic, must not be answered


def fold(text: str) -> str:
    """Lowercase, width folded, punctuation and spacing gone: what deduplication compares."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", text))


def load_parts(paths: Iterable[Path]) -> dict[str, list[EvalQuestion]]:
    """Every part of every file, by part name, in file order."""
    data: dict = {}
    for path in paths:
        data.update(yaml.safe_load(path.read_text(encoding="utf-8")))
    return {
        part: [
            EvalQuestion(text=text, locale=locale, expected=item["id"])
            for item in items
            for locale in LOCALES
            for text in item.get(locale, [])
        ]
        for part, items in data.items()
    }


@dataclass(frozen=True)
class EvalSet:
    """The parts, measuring ones deduplicated, and how many questions each lost."""

    parts: dict[str, list[EvalQuestion]]
    removed: dict[str, int]

    def tuning_questions(self) -> list[EvalQuestion]:
        """The questions calibration and tuning may look at: never a measuring part's."""
        return [question for part in TUNING_PARTS for question in self.parts.get(part, [])]


def _is_repeat(key: str, seen: Sequence[str], seen_set: set[str]) -> bool:
    if key in seen_set:
        return True
    found = process.extractOne(
        key, seen, scorer=fuzz.ratio, processor=None, score_cutoff=NEAR_DUPLICATE_RATIO
    )
    return found is not None


def deduplicate(parts: dict[str, list[EvalQuestion]], phrasings: Sequence[FaqPhrasings]) -> EvalSet:
    """Drop from each measuring part what the content, the tuning parts or an earlier
    measuring part already say, exactly or nearly; also repeats within the part."""
    seen = [fold(question) for entry in phrasings for question in entry.questions]
    seen += [fold(q.text) for part in TUNING_PARTS for q in parts.get(part, [])]
    seen = [key for key in seen if key]
    seen_set = set(seen)
    kept = {part: list(items) for part, items in parts.items() if part in TUNING_PARTS}
    removed = dict.fromkeys(kept, 0)
    for part in MEASURING_PARTS:
        if part not in parts:
            continue
        kept[part], removed[part] = [], 0
        for question in parts[part]:
            key = fold(question.text)
            if not key or _is_repeat(key, seen, seen_set):
                removed[part] += 1
                continue
            kept[part].append(question)
            # Later questions, of this part and later ones, are checked against it too.
            seen.append(key)
            seen_set.add(key)
    return EvalSet(kept, removed)


def load_eval_set(
    phrasings: Sequence[FaqPhrasings], paths: Iterable[Path] | None = None
) -> EvalSet:
    """The evaluation parts as measured: measuring parts deduplicated against `phrasings`."""
    return deduplicate(load_parts(eval_files() if paths is None else paths), phrasings)
