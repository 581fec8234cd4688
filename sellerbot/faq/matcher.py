"""Match a farmer's free-text question to an FAQ entry, offline, with a confidence zone."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from sellerbot.faq.analysis import TextAnalysis
from sellerbot.faq.confidence import ConfidenceModels
from sellerbot.faq.embedding import SentenceEmbedder
from sellerbot.faq.index import FeatureArrays, Postings, merged, sublinear
from sellerbot.faq.spelling import SpellingCorrector
from sellerbot.faq.text import han_share, known_english_words, normalise

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
        confidence: ConfidenceModels,
        embedder: SentenceEmbedder | None = None,
        analysis: TextAnalysis | None = None,
    ) -> None:
        """`analysis` may carry what indexing the same phrasings already computed."""
        self.thresholds = thresholds
        self.confidence = confidence
        self._analysis = analysis or TextAnalysis(embedder or SentenceEmbedder.bundled())
        entries = list(entries)
        analysis = self._analysis
        # Misspelt question words are corrected towards the words editors actually wrote.
        vocabulary = Counter(
            word
            for entry in entries
            for text in (*entry.questions, entry.answer)
            for word in analysis.words(text)
        )
        vocabulary.update(known_english_words())
        self._speller = SpellingCorrector(vocabulary.elements())
        # Each entry's phrasings side by side, so the best per entry is one reduction.
        first_seen = {
            entry_id: index
            for index, entry_id in enumerate(dict.fromkeys(entry.entry_id for entry in entries))
        }
        entries.sort(key=lambda entry: first_seen[entry.entry_id])
        self._entry_ids = list(first_seen)
        self._entry_index = {entry_id: index for index, entry_id in enumerate(self._entry_ids)}
        self._out_of_scope = self._entry_index.get(OUT_OF_SCOPE)
        phrasings: list[tuple[int, str, FeatureArrays]] = []
        # Each entry has a profile: all its phrasings plus its answer, discounted.
        profile_parts: list[list[FeatureArrays]] = [[] for _ in self._entry_ids]
        profile_factors: list[list[float]] = [[] for _ in self._entry_ids]
        for entry in entries:
            index = self._entry_index[entry.entry_id]
            for question in entry.questions:
                arrays = analysis.feature_arrays(question)
                if len(arrays[0]):
                    phrasings.append((index, entry.locale, arrays))
                    profile_parts[index].append(arrays)
                    profile_factors[index].append(1.0)
            if entry.answer:
                profile_parts[index].append(analysis.feature_arrays(entry.answer))
                profile_factors[index].append(ANSWER_FACTOR)
        profiles = [
            merged(parts, factors)
            for parts, factors in zip(profile_parts, profile_factors, strict=True)
        ]
        # IDF over entries, not phrasings: a word shared by all phrasings of one entry
        # is exactly what identifies that entry.
        feature_count = analysis.feature_count
        entry_count = len(profiles)
        all_profile_ids = [ids for ids, _ in profiles]
        self._document_frequency = np.bincount(
            np.concatenate(all_profile_ids) if profiles else np.zeros(0, np.intp),
            minlength=feature_count,
        )
        self._unknown_idf = UNKNOWN_FEATURE_FACTOR * (math.log(1 + entry_count) + 1)
        self._idf = np.where(
            self._document_frequency > 0,
            np.log((1 + entry_count) / (1 + self._document_frequency)) + 1,
            self._unknown_idf,
        )
        # Which features each entry's profile has, as sorted entry-and-feature keys.
        self._profile_keys = np.sort(
            np.concatenate(
                [index * feature_count + ids for index, ids in enumerate(all_profile_ids)]
            )
            if profiles
            else np.zeros(0, np.intp)
        )
        phrasing_entry = np.array([index for index, _, _ in phrasings], dtype=np.intp)
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
        self._phrasing_postings = Postings([arrays for _, _, arrays in phrasings], self._idf)
        self._profile_postings = Postings(profiles, self._idf)
        self._analysis_feature_count = feature_count
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
            vectors = self._analysis.vectors([question for _, question in phrasings])
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
        vector = self._analysis.question_vector(question)
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

    def _weigh(self, counts: dict[str, float]) -> tuple[list[str], np.ndarray, np.ndarray]:
        """A question's features, their numbers (-1 if no indexed text has one) and their
        sublinear TF-IDF weights, L2-normalised; unseen features still count in the norm."""
        names = list(counts)
        numbers = self._analysis.numbers_of(names)
        known = (numbers >= 0) & (numbers < len(self._idf))
        idf = np.full(len(names), self._unknown_idf)
        idf[known] = self._idf[numbers[known]]
        weights = sublinear(np.fromiter(counts.values(), float, len(names))) * idf
        norm = float(np.sqrt(weights @ weights))
        return names, numbers, weights / norm if norm else weights

    def _coverage(self, words: np.ndarray, entry: int) -> float:
        """Share of the question's words (feature numbers) that the entry's profile has."""
        if not len(words) or not len(self._profile_keys):
            return 0.0
        keys = entry * self._analysis_feature_count + words
        found = np.minimum(np.searchsorted(self._profile_keys, keys), len(self._profile_keys) - 1)
        has = (words >= 0) & (words < self._analysis_feature_count)
        has &= self._profile_keys[found] == keys
        return float(has.sum()) / len(words)

    def rank(self, question: str, locale: str) -> Candidates | None:
        """The best entries for a question and the confidence features of the best one."""
        counts = self._analysis.question_counts(question[:MAX_QUESTION_CHARS], self._speller)
        names, numbers, weights = self._weigh(counts)
        if not names or not weights.any():
            return None
        # The learner's own phrasings count fully; the other language's count fully only
        # when the question is plainly written in that language's script.
        share = han_share(question)
        plainly_han, plainly_latin = share >= PLAIN_SCRIPT_SHARE, share <= 1 - PLAIN_SCRIPT_SHARE
        phrasing_scores = self._phrasing_postings.similarities(numbers, weights)
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
            self._profile_postings.similarities(numbers, weights),
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
        words = numbers[[name.startswith(WORD_FEATURE_PREFIXES) for name in names]]
        coverage = self._coverage(words, best_entry)
        runner_up_coverage = self._coverage(words, int(ranked[1])) if len(ranked) > 1 else 0.0
        known = (words >= 0) & (words < len(self._document_frequency))
        known[known] = self._document_frequency[words[known]] > 0
        unknown_share = float((~known).sum()) / max(len(words), 1)
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
                math.log(1 + len(names)),
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
