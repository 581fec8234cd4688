"""Match a farmer's free-text question to an FAQ entry, offline, with a confidence zone."""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sellerbot.faq.spelling import SpellingCorrector
from sellerbot.faq.text import features, han_share, known_english_words, latin_words, normalise

BUNDLED_THRESHOLDS = Path(__file__).with_name("thresholds.json")

# A phrasing written in the learner's own language wins a tie against one in the other
# language; a question clearly in the other language still reaches its entry.
OTHER_LOCALE_FACTOR = 0.9
PLAIN_SCRIPT_SHARE = 0.7
# How much a close runner-up lowers the confidence: two entries that fit equally well
# mean the question is ambiguous, so it should get buttons rather than an answer.
RUNNER_UP_PENALTY = 0.35
MAX_SUGGESTIONS = 3
# Each entry has a profile: all its phrasings plus its answer, the answer's words
# discounted because it says many other things too.
ANSWER_FACTOR = 0.2
PHRASING_WEIGHT = 0.6
PHRASING_POWER = 4
# Words never seen in any phrasing weigh less in the question's norm than the rarest known
# word: typos and filler should not drown out what did match.
UNKNOWN_FEATURE_FACTOR = 0.5
# Very long messages are cut: the question is nearly always in the first lines.
MAX_QUESTION_CHARS = 400


@dataclass(frozen=True)
class FaqPhrasings:
    """One entry's phrasings in one locale."""

    entry_id: str
    locale: str
    questions: tuple[str, ...]
    answer: str = ""


@dataclass(frozen=True)
class Thresholds:
    """Confidence cut-offs: answer outright, offer suggestions, or stay silent.

    `answer` and `suggest` apply to any locale without cut-offs of its own in `locales`;
    scores are not equally spread in every language, so each locale may have its own.
    """

    answer: float
    suggest: float
    locales: Mapping[str, Thresholds] = field(default_factory=dict, hash=False)

    def for_locale(self, locale: str) -> Thresholds:
        return self.locales.get(locale, self)

    @classmethod
    def load(cls, path: Path | None = None) -> Thresholds:
        data = json.loads((path or BUNDLED_THRESHOLDS).read_text(encoding="utf-8"))
        return cls.from_dict(data)

    @classmethod
    def from_dict(cls, data: Mapping) -> Thresholds:
        return cls(
            answer=float(data["answer"]),
            suggest=float(data["suggest"]),
            locales={
                locale: cls(answer=float(values["answer"]), suggest=float(values["suggest"]))
                for locale, values in data.get("locales", {}).items()
            },
        )

    def to_dict(self) -> dict:
        values: dict = {"answer": self.answer, "suggest": self.suggest}
        if self.locales:
            values["locales"] = {
                locale: {"answer": each.answer, "suggest": each.suggest}
                for locale, each in sorted(self.locales.items())
            }
        return values


@dataclass(frozen=True)
class MatchResult:
    """The matcher's verdict on one question."""

    entry_id: str | None
    score: float
    suggestions: tuple[str, ...]
    zone: Literal["answer", "suggest", "none"]


_NO_MATCH = MatchResult(entry_id=None, score=0.0, suggestions=(), zone="none")


def _locale_script_is_han(locale: str) -> bool:
    return locale.startswith("zh")


class FaqMatcher:
    """TF-IDF cosine over word and character n-grams: best phrasing blended with the entry."""

    def __init__(self, entries: Iterable[FaqPhrasings], thresholds: Thresholds) -> None:
        self.thresholds = thresholds
        entries = list(entries)
        # Misspelt question words are corrected towards the words editors actually wrote.
        vocabulary = Counter(
            word
            for entry in entries
            for text in (*entry.questions, entry.answer)
            for word in latin_words(normalise(text))
        )
        vocabulary.update(known_english_words())
        self._speller = SpellingCorrector(vocabulary.elements())
        phrasings: list[tuple[str, str, Counter[str]]] = []
        profiles: dict[str, Counter[str]] = defaultdict(Counter)
        for entry in entries:
            profile = profiles[entry.entry_id]
            for question in entry.questions:
                counts = features(question)
                if counts:
                    phrasings.append((entry.entry_id, entry.locale, counts))
                    profile.update(counts)
            if entry.answer:
                for feature, count in features(entry.answer).items():
                    profile[feature] += ANSWER_FACTOR * count
        # IDF over entries, not phrasings: a word shared by all phrasings of one entry
        # is exactly what identifies that entry.
        document_frequency: Counter[str] = Counter()
        for profile in profiles.values():
            document_frequency.update(profile.keys())
        entry_count = len(profiles)
        self._idf = {
            feature: math.log((1 + entry_count) / (1 + df)) + 1
            for feature, df in document_frequency.items()
        }
        self._unknown_idf = UNKNOWN_FEATURE_FACTOR * (math.log(1 + entry_count) + 1)
        self._entry_ids = list(profiles)
        entry_index = {entry_id: index for index, entry_id in enumerate(self._entry_ids)}
        self._phrasing_entry = [entry_index[entry_id] for entry_id, _, _ in phrasings]
        self._phrasing_locale = [locale for _, locale, _ in phrasings]
        self._phrasing_postings = self._invert(counts for _, _, counts in phrasings)
        self._profile_postings = self._invert(profiles.values())

    def _invert(self, documents: Iterable[dict[str, float]]) -> dict[str, list[tuple[int, float]]]:
        """feature -> [(document index, weight)], so a query only touches what it shares."""
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, counts in enumerate(documents):
            for feature, weight in self._weigh(counts).items():
                postings[feature].append((index, weight))
        return dict(postings)

    def _weigh(self, counts: dict[str, float]) -> dict[str, float]:
        """Sublinear TF times IDF, L2-normalised; unseen features still count in the norm."""
        weighted = {
            feature: (1 + math.log(count) if count > 1 else count)
            * self._idf.get(feature, self._unknown_idf)
            for feature, count in counts.items()
        }
        norm = math.sqrt(sum(value * value for value in weighted.values()))
        return {feature: value / norm for feature, value in weighted.items()} if norm else {}

    @staticmethod
    def _similarities(
        query: dict[str, float], postings: dict[str, list[tuple[int, float]]]
    ) -> dict[int, float]:
        similarity: dict[int, float] = defaultdict(float)
        for feature, query_weight in query.items():
            for document, weight in postings.get(feature, ()):
                similarity[document] += query_weight * weight
        return similarity

    def match(self, question: str, locale: str) -> MatchResult:
        query = self._weigh(features(question[:MAX_QUESTION_CHARS], self._speller.correct))
        if not query:
            return _NO_MATCH
        # The learner's own phrasings count fully; the other language's count fully only
        # when the question is plainly written in that language's script.
        share = han_share(question)
        plainly_han, plainly_latin = share >= PLAIN_SCRIPT_SHARE, share <= 1 - PLAIN_SCRIPT_SHARE
        best_phrasing: dict[int, float] = defaultdict(float)
        for phrasing, score in self._similarities(query, self._phrasing_postings).items():
            phrasing_locale = self._phrasing_locale[phrasing]
            if phrasing_locale != locale:
                phrasing_is_han = _locale_script_is_han(phrasing_locale)
                if not (plainly_han if phrasing_is_han else plainly_latin):
                    score *= OTHER_LOCALE_FACTOR
            entry = self._phrasing_entry[phrasing]
            best_phrasing[entry] = max(best_phrasing[entry], score)
        # A question that fits one phrasing by a single shared word but nothing else of the
        # entry is weak evidence, so the entry's profile carries the score; a phrasing
        # matched (nearly) word for word still wins through the steep power.
        profile_similarity = self._similarities(query, self._profile_postings)
        best_by_entry = {
            self._entry_ids[entry]: max(
                profile_similarity.get(entry, 0.0),
                PHRASING_WEIGHT * best_phrasing.get(entry, 0.0) ** PHRASING_POWER,
            )
            for entry in best_phrasing.keys() | profile_similarity.keys()
        }
        if not best_by_entry:
            return _NO_MATCH
        ranked = sorted(best_by_entry.items(), key=lambda item: (-item[1], item[0]))
        best_id, best = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
        confidence = min(1.0, best * (1 - RUNNER_UP_PENALTY * (runner_up / best)))
        candidates = [entry_id for entry_id, _ in ranked[: MAX_SUGGESTIONS + 1]]
        thresholds = self.thresholds.for_locale(locale)
        if confidence >= thresholds.answer:
            return MatchResult(
                entry_id=best_id,
                score=confidence,
                suggestions=tuple(candidates[1 : MAX_SUGGESTIONS + 1]),
                zone="answer",
            )
        if confidence >= thresholds.suggest:
            return MatchResult(
                entry_id=None,
                score=confidence,
                suggestions=tuple(candidates[:MAX_SUGGESTIONS]),
                zone="suggest",
            )
        return MatchResult(entry_id=None, score=confidence, suggestions=(), zone="none")
