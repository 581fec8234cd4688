"""Match a farmer's free-text question to an FAQ entry, offline, with a confidence zone."""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np

from sellerbot.faq.confidence import ConfidenceModels
from sellerbot.faq.embedding import SentenceEmbedder
from sellerbot.faq.spelling import SpellingCorrector
from sellerbot.faq.text import features, han_share, known_english_words, latin_words, normalise

BUNDLED_THRESHOLDS = Path(__file__).with_name("thresholds.json")

# A phrasing written in the learner's own language wins a tie against one in the other
# language; a question clearly in the other language still reaches its entry.
OTHER_LOCALE_FACTOR = 0.9
PLAIN_SCRIPT_SHARE = 0.7
MAX_SUGGESTIONS = 3
# Each entry has a profile: all its phrasings plus its answer, the answer's words
# discounted because it says many other things too.
ANSWER_FACTOR = 0.2
PHRASING_WEIGHT = 0.6
PHRASING_POWER = 4
# Words never seen in any phrasing weigh less in the question's norm than the rarest known
# word: typos and filler should not drown out what did match.
UNKNOWN_FEATURE_FACTOR = 0.5
# How far ahead of the runner-up the best entry is counts up to this ratio; beyond it the
# question plainly belongs to one entry.
MAX_LEAD = 10.0
# The feature families that stand for whole words (and concepts) rather than spelling.
WORD_FEATURE_PREFIXES = ("w:", "h2:")
# The entry id under which questions the bot must not answer are indexed (not a valid FAQ
# id, so no entry can clash with it): the closer a question is to them, the less likely it
# is any entry's.
OUT_OF_SCOPE = "~out-of-scope"
# How many of the closest phrasings are asked whether they belong to the best entry.
NEIGHBOURS = 5
# Very long messages are cut: the question is nearly always in the first lines.
MAX_QUESTION_CHARS = 400
# How much closeness in meaning (sentence vectors against each entry's mean phrasing
# vector) adds to the word and n-gram score. Words decide most questions; meaning settles
# those whose words differ from every phrasing's ("parcel" for "package"). Chosen on the
# tuning parts: 0.2 to 0.3 rank alike; words alone, or meaning alone, rank worse.
MEANING_WEIGHT = 0.25


# A feature's documents and their weights, side by side.
Postings = tuple[np.ndarray, np.ndarray]


@dataclass(frozen=True)
class FaqPhrasings:
    """One entry's phrasings in one locale."""

    entry_id: str
    locale: str
    questions: tuple[str, ...]
    answer: str = ""


@dataclass(frozen=True)
class Thresholds:
    """Cut-offs on the confidence model's probability: answer, offer suggestions, or neither.

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
    """The matcher's verdict on one question; `score` is the probability the best is right."""

    entry_id: str | None
    score: float
    suggestions: tuple[str, ...]
    zone: Literal["answer", "suggest", "none"]


_NO_MATCH = MatchResult(entry_id=None, score=0.0, suggestions=(), zone="none")


@dataclass(frozen=True)
class Candidates:
    """The best entries for a question, best first, and what the confidence model reads."""

    ranked_ids: tuple[str, ...]
    features: tuple[float, ...]
    # The entry (or OUT_OF_SCOPE) one of whose phrasings the question is, word for word up
    # to case and punctuation; it is then ranked first.
    phrasing_of: str | None = None


def _locale_script_is_han(locale: str) -> bool:
    return locale.startswith("zh")


def _verbatim_key(text: str) -> str:
    """A text's words and characters, case and width folded, punctuation and spacing gone."""
    return " ".join(_WORD_CHARACTERS.findall(normalise(text)))


_WORD_CHARACTERS = re.compile(r"\w+")


class FaqMatcher:
    """TF-IDF cosine over word and character n-grams (best phrasing blended with the entry),
    plus a share of closeness in meaning (sentence vectors).

    The ranking decides which entries to offer; a small logistic model per language over
    features of the ranking (how far ahead the best is, how much of the question it covers,
    how close the question is to the out-of-scope ones, ...) decides how likely the best one
    is right, and the per-locale thresholds apply to that probability.
    """

    def __init__(
        self,
        entries: Iterable[FaqPhrasings],
        thresholds: Thresholds,
        confidence: ConfidenceModels | None = None,
        embedder: SentenceEmbedder | None = None,
    ) -> None:
        self.thresholds = thresholds
        self.confidence = confidence or ConfidenceModels.load()
        self._embedder = embedder or SentenceEmbedder.bundled()
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
        phrasings: list[tuple[str, str, dict[str, float]]] = []
        profiles: dict[str, defaultdict[str, float]] = defaultdict(lambda: defaultdict(float))
        # Each entry's phrasings side by side, so the best per entry is one reduction.
        first_seen = {
            entry_id: index
            for index, entry_id in enumerate(dict.fromkeys(entry.entry_id for entry in entries))
        }
        entries.sort(key=lambda entry: first_seen[entry.entry_id])
        for entry in entries:
            profile = profiles[entry.entry_id]
            for question in entry.questions:
                counts = features(question)
                if counts:
                    phrasings.append((entry.entry_id, entry.locale, counts))
                    for feature, count in counts.items():
                        profile[feature] += count
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
        self._profile_features = [frozenset(profile) for profile in profiles.values()]
        self._entry_index = {entry_id: index for index, entry_id in enumerate(self._entry_ids)}
        self._out_of_scope = self._entry_index.get(OUT_OF_SCOPE)
        phrasing_entry = np.array(
            [self._entry_index[entry_id] for entry_id, _, _ in phrasings], dtype=np.intp
        )
        self._phrasing_entry = phrasing_entry
        # Where each entry's run of phrasings starts; entries without phrasings have none.
        self._entries_with_phrasings, self._phrasing_starts = np.unique(
            phrasing_entry, return_index=True
        )
        locales = [locale for _, locale, _ in phrasings]
        self._phrasing_in_locale = {
            locale: np.array([each == locale for each in locales], dtype=bool)
            for locale in set(locales)
        }
        self._phrasing_is_han = np.array(
            [_locale_script_is_han(locale) for locale in locales], dtype=bool
        )
        self._no_phrasing = np.zeros(len(phrasings), dtype=bool)
        self._phrasing_postings = self._invert(counts for _, _, counts in phrasings)
        self._profile_postings = self._invert(profiles.values())
        self._meanings, self._out_of_scope_vectors = self._mean_vectors(entries)
        # Which entry each phrasing belongs to, by its words; one shared by two entries
        # belongs to neither.
        owners: dict[str, set[str]] = defaultdict(set)
        for entry in entries:
            for question in entry.questions:
                owners[_verbatim_key(question)].add(entry.entry_id)
        self._phrasing_owner = {
            key: next(iter(ids)) for key, ids in owners.items() if key and len(ids) == 1
        }

    def _mean_vectors(
        self, entries: list[FaqPhrasings]
    ) -> tuple[list[tuple[str, np.ndarray]], dict[str, np.ndarray]]:
        """Per locale, each entry's mean phrasing vector (a zero row where it has none),
        and the out-of-scope phrasings' own vectors.

        The out-of-scope questions are about many unrelated things, so their mean means
        little; the question's closest one stands for them instead (see `_meaning`).
        """
        by_locale: dict[str, list[tuple[int, str]]] = defaultdict(list)
        for entry in entries:
            for question in entry.questions:
                by_locale[entry.locale].append((self._entry_index[entry.entry_id], question))
        meanings = []
        out_of_scope_vectors = {}
        for locale, phrasings in sorted(by_locale.items()):
            vectors = self._embedder.embed([question for _, question in phrasings])
            owners = np.array([index for index, _ in phrasings], dtype=np.intp)
            sums = np.zeros((len(self._entry_ids), vectors.shape[1]), dtype=np.float32)
            np.add.at(sums, owners, vectors)
            norms = np.linalg.norm(sums, axis=1, keepdims=True)
            means = np.divide(sums, norms, out=np.zeros_like(sums), where=norms > 0)
            if self._out_of_scope is not None:
                means[self._out_of_scope] = 0.0
                out_of_scope_vectors[locale] = vectors[owners == self._out_of_scope]
            meanings.append((locale, means))
        return meanings, out_of_scope_vectors

    def _meaning(
        self, question: str, locale: str, plainly_han: bool, plainly_latin: bool
    ) -> np.ndarray:
        """Cosine of the question's vector with each entry's mean phrasing vector, floored
        at 0; the other language's phrasings count as the word scores do
        (OTHER_LOCALE_FACTOR)."""
        vector = self._embedder.embed([question])[0]
        closeness = np.zeros(len(self._entry_ids))
        for phrasing_locale, means in self._meanings:
            han = _locale_script_is_han(phrasing_locale)
            own = phrasing_locale == locale or (plainly_han if han else plainly_latin)
            factor = 1.0 if own else OTHER_LOCALE_FACTOR
            np.maximum(closeness, factor * (means @ vector), out=closeness)
            out_of_scope = self._out_of_scope_vectors.get(phrasing_locale)
            index = self._out_of_scope
            if index is not None and out_of_scope is not None and len(out_of_scope):
                nearest = factor * float((out_of_scope @ vector).max())
                closeness[index] = max(closeness[index], nearest)
        return closeness

    def _invert(self, documents: Iterable[dict[str, float]]) -> dict[str, Postings]:
        """feature -> (document indexes, weights), so a query only touches what it shares."""
        feature_numbers: dict[str, int] = {}
        numbers, indexes, weights = [], [], []
        for index, counts in enumerate(documents):
            for feature, weight in self._weigh(counts).items():
                numbers.append(feature_numbers.setdefault(feature, len(feature_numbers)))
                indexes.append(index)
                weights.append(weight)
        # One sort groups every feature's documents; each feature gets views into the result.
        order = np.argsort(np.array(numbers, dtype=np.intp), kind="stable")
        sorted_indexes = np.array(indexes, dtype=np.intp)[order]
        sorted_weights = np.array(weights)[order]
        bounds = np.searchsorted(
            np.array(numbers, dtype=np.intp)[order], np.arange(len(feature_numbers) + 1)
        ).tolist()
        return {
            feature: (
                sorted_indexes[bounds[number] : bounds[number + 1]],
                sorted_weights[bounds[number] : bounds[number + 1]],
            )
            for feature, number in feature_numbers.items()
        }

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
        query: dict[str, float], postings: dict[str, Postings], size: int
    ) -> np.ndarray:
        """Cosine of the query with every document; 0 where they share nothing."""
        similarity = np.zeros(size)
        for feature, query_weight in query.items():
            found = postings.get(feature)
            if found is not None:
                # A document appears once per feature, so plain fancy indexing adds right.
                similarity[found[0]] += query_weight * found[1]
        return similarity

    def _coverage(self, words: list[str], entry: int) -> float:
        """Share of the question's words that the entry's profile has."""
        known = self._profile_features[entry]
        return sum(word in known for word in words) / max(len(words), 1)

    def rank(self, question: str, locale: str) -> Candidates | None:
        """The best entries for a question and the confidence features of the best one."""
        query = self._weigh(features(question[:MAX_QUESTION_CHARS], self._speller.correct))
        if not query:
            return None
        # The learner's own phrasings count fully; the other language's count fully only
        # when the question is plainly written in that language's script.
        share = han_share(question)
        plainly_han, plainly_latin = share >= PLAIN_SCRIPT_SHARE, share <= 1 - PLAIN_SCRIPT_SHARE
        phrasing_scores = self._similarities(
            query, self._phrasing_postings, len(self._phrasing_entry)
        )
        in_locale = self._phrasing_in_locale.get(locale, self._no_phrasing)
        plain = self._phrasing_is_han if plainly_han else self._no_phrasing
        if plainly_latin:
            plain = ~self._phrasing_is_han
        phrasing_scores[~(in_locale | plain)] *= OTHER_LOCALE_FACTOR
        best_phrasing = np.zeros(len(self._entry_ids))
        if len(phrasing_scores):
            best_phrasing[self._entries_with_phrasings] = np.maximum.reduceat(
                phrasing_scores, self._phrasing_starts
            )
        # A question that fits one phrasing by a single shared word but nothing else of the
        # entry is weak evidence, so the entry's profile carries the score; a phrasing
        # matched (nearly) word for word still wins through the steep power.
        by_words = np.maximum(
            self._similarities(query, self._profile_postings, len(self._entry_ids)),
            PHRASING_WEIGHT * best_phrasing**PHRASING_POWER,
        )
        out_of_scope_score = 0.0
        meaning_out_of_scope = 0.0
        if self._out_of_scope is not None:
            out_of_scope_score = float(by_words[self._out_of_scope])
            by_words[self._out_of_scope] = 0.0
        # A question that shares no word or n-gram with any entry is not about them.
        candidate_count = int(np.count_nonzero(by_words))
        if not candidate_count:
            return None
        meaning = self._meaning(question[:MAX_QUESTION_CHARS], locale, plainly_han, plainly_latin)
        if self._out_of_scope is not None:
            meaning_out_of_scope = float(meaning[self._out_of_scope])
            meaning[self._out_of_scope] = 0.0
        by_entry = by_words + MEANING_WEIGHT * meaning
        candidate_count = int(np.count_nonzero(by_entry))
        # Ties go to the entry that comes first in the content, so results are repeatable.
        ranked = np.argsort(-by_entry, kind="stable")[: min(MAX_SUGGESTIONS + 1, candidate_count)]
        phrasing_of = self._phrasing_owner.get(_verbatim_key(question[:MAX_QUESTION_CHARS]))
        if phrasing_of is not None and phrasing_of != OUT_OF_SCOPE:
            owner = self._entry_index[phrasing_of]
            ranked = np.array([owner, *(entry for entry in ranked if entry != owner)])
            ranked = ranked[: MAX_SUGGESTIONS + 1]
        best_entry = int(ranked[0])
        best = float(by_entry[best_entry])
        runner_up = float(by_entry[ranked[1]]) if len(ranked) > 1 else 0.0
        # Words, each counted once, not character n-grams: an off-topic question usually
        # shares one word with some entry ("how to boil an egg") and its other words are
        # unknown to it, however rare they are.
        words = [feature for feature in query if feature.startswith(WORD_FEATURE_PREFIXES)]
        coverage = self._coverage(words, best_entry)
        runner_up_coverage = self._coverage(words, int(ranked[1])) if len(ranked) > 1 else 0.0
        unknown_share = sum(word not in self._idf for word in words) / max(len(words), 1)
        # Do the closest phrasings agree? Several neighbours from one entry are stronger
        # evidence than one close phrasing among neighbours from elsewhere.
        neighbours = np.arange(len(phrasing_scores))
        if len(neighbours) > NEIGHBOURS:
            neighbours = np.argpartition(-phrasing_scores, NEIGHBOURS)[:NEIGHBOURS]
        neighbour_scores = phrasing_scores[neighbours]
        neighbour_total = float(neighbour_scores.sum())
        agreement = (
            float(neighbour_scores[self._phrasing_entry[neighbours] == best_entry].sum())
            / neighbour_total
            if neighbour_total
            else 0.0
        )
        han_locale = _locale_script_is_han(locale)
        script_matches = plainly_han if han_locale else plainly_latin
        best_meaning = float(meaning[best_entry])
        other_meaning = np.delete(meaning, best_entry)
        runner_up_meaning = float(other_meaning.max()) if len(other_meaning) else 0.0
        return Candidates(
            ranked_ids=tuple(self._entry_ids[entry] for entry in ranked.tolist()),
            phrasing_of=phrasing_of,
            features=(
                best,
                best - runner_up,
                math.log(min(best / runner_up, MAX_LEAD)) if runner_up else math.log(MAX_LEAD),
                float(best_phrasing[best_entry]),
                coverage,
                coverage - runner_up_coverage,
                unknown_share,
                math.log(1 + len(query)),
                1.0 if script_matches else 0.0,
                agreement,
                out_of_scope_score,
                best_meaning,
                best_meaning - runner_up_meaning,
                1.0 if int(np.argmax(by_words)) == best_entry else 0.0,
                1.0 if best_meaning > 0 and int(np.argmax(meaning)) == best_entry else 0.0,
                meaning_out_of_scope,
            ),
        )

    def probability(self, candidates: Candidates, locale: str) -> float:
        """How likely the best entry is right: certain for a question asked exactly as one
        of its phrasings (an editor wrote it for that entry), nil for one asked exactly as
        an out-of-scope question, and otherwise what the confidence model says."""
        if candidates.phrasing_of == OUT_OF_SCOPE:
            return 0.0
        if candidates.phrasing_of is not None:
            return 1.0
        return self.confidence.probability(candidates.features, locale)

    def match(self, question: str, locale: str) -> MatchResult:
        candidates = self.rank(question, locale)
        if candidates is None:
            return _NO_MATCH
        if candidates.phrasing_of == OUT_OF_SCOPE:
            return _NO_MATCH
        confidence = self.probability(candidates, locale)
        ranked = candidates.ranked_ids
        thresholds = self.thresholds.for_locale(locale)
        if candidates.phrasing_of is not None or confidence >= thresholds.answer:
            return MatchResult(
                entry_id=ranked[0],
                score=confidence,
                suggestions=ranked[1 : MAX_SUGGESTIONS + 1],
                zone="answer",
            )
        if confidence >= thresholds.suggest:
            return MatchResult(
                entry_id=None,
                score=confidence,
                suggestions=ranked[:MAX_SUGGESTIONS],
                zone="suggest",
            )
        return MatchResult(entry_id=None, score=confidence, suggestions=(), zone="none")
