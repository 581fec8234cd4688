"""Simple FAQ matchers the bundled one is measured against: rapidfuzz and character TF-IDF.

Each ranks entries by their closest phrasing and gets the same out-of-scope questions as
the matcher: when the closest phrasing is an out-of-scope one, it does not answer.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process, utils

from bench.faq_eval import fold
from sellerbot.faq import FaqPhrasings
from sellerbot.faq.matcher import OUT_OF_SCOPE

MAX_SUGGESTIONS = 3
# Character n-grams of these lengths, taken over the folded text with its spaces, so Latin
# words and unsegmented Chinese are both split into comparable pieces.
NGRAM_LENGTHS = (1, 2, 3, 4)


@dataclass(frozen=True)
class Ranking:
    """A method's raw verdict before thresholds: its confidence and best entries first.

    For the matcher, `features` are what its confidence model reads (empty for others).
    """

    score: float
    ranked_ids: tuple[str, ...]
    features: tuple[float, ...] = ()


Ranker = Callable[[str, str], Ranking]


def _verdict(best_by_entry: dict[str, float]) -> Ranking:
    """Entries best first; nothing answered when an out-of-scope question is closest."""
    ranked = sorted(best_by_entry.items(), key=lambda item: (-item[1], item[0]))
    refused = bool(ranked) and ranked[0][0] == OUT_OF_SCOPE
    ranked = [item for item in ranked if item[0] != OUT_OF_SCOPE and item[1] > 0]
    best_ids = tuple(entry_id for entry_id, _ in ranked[: MAX_SUGGESTIONS + 1])
    return Ranking(ranked[0][1] if ranked and not refused else 0.0, best_ids)


def rapidfuzz_ranker(phrasings: Sequence[FaqPhrasings]) -> Ranker:
    """rapidfuzz token_set_ratio against every phrasing, best phrasing per entry.

    It splits on spaces, so an unsegmented Chinese question is a single token.
    """
    owners = [entry.entry_id for entry in phrasings for _ in entry.questions]
    processed = [utils.default_process(q) for entry in phrasings for q in entry.questions]

    def rank(question: str, locale: str) -> Ranking:
        query = utils.default_process(question)
        if not query.strip():
            return Ranking(0.0, ())
        best_by_entry: dict[str, float] = {}
        for _, score, index in process.extract(
            query, processed, scorer=fuzz.token_set_ratio, processor=None, limit=None
        ):
            owner = owners[index]
            best_by_entry[owner] = max(best_by_entry.get(owner, 0.0), score / 100)
        return _verdict(best_by_entry)

    return rank


def char_ngrams(text: str) -> Counter[str]:
    folded = f" {fold(text)} "
    return Counter(
        folded[start : start + length]
        for length in NGRAM_LENGTHS
        for start in range(len(folded) - length + 1)
        if folded[start : start + length].strip()
    )


def tfidf_ranker(phrasings: Sequence[FaqPhrasings]) -> Ranker:
    """Cosine over character 1- to 4-gram TF-IDF (sublinear TF, smoothed IDF) against every
    phrasing, best phrasing per entry."""
    owners = [entry.entry_id for entry in phrasings for _ in entry.questions]
    documents = [char_ngrams(q) for entry in phrasings for q in entry.questions]
    frequency: Counter[str] = Counter(gram for document in documents for gram in document)
    count = len(documents)
    idf = {gram: math.log((1 + count) / (1 + df)) + 1 for gram, df in frequency.items()}

    def weigh(grams: Counter[str]) -> dict[str, float]:
        weights = {g: (1 + math.log(n)) * idf[g] for g, n in grams.items() if g in idf}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        return {g: w / norm for g, w in weights.items()} if norm else {}

    postings: dict[str, tuple[list[int], list[float]]] = {}
    for index, document in enumerate(documents):
        for gram, weight in weigh(document).items():
            found = postings.setdefault(gram, ([], []))
            found[0].append(index)
            found[1].append(weight)
    arrays = {g: (np.array(i), np.array(w)) for g, (i, w) in postings.items()}

    def rank(question: str, locale: str) -> Ranking:
        similarity = np.zeros(count)
        for gram, weight in weigh(char_ngrams(question)).items():
            indexes, weights = arrays[gram]
            similarity[indexes] += weight * weights
        best_by_entry: dict[str, float] = {}
        for index in np.flatnonzero(similarity).tolist():
            owner = owners[index]
            best_by_entry[owner] = max(best_by_entry.get(owner, 0.0), float(similarity[index]))
        return _verdict(best_by_entry)

    return rank
