"""Each phrasing's features and sentence vector, worked out once however often it is indexed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sellerbot.faq.embedding import DIMENSIONS, SentenceEmbedder
from sellerbot.faq.spelling import SpellingCorrector
from sellerbot.faq.text import features, latin_words, normalise


@dataclass(frozen=True)
class AnalysisState:
    """What a TextAnalysis computed: feature names in number order, and per text its
    feature numbers and counts, its Latin words and its sentence vector."""

    feature_names: Sequence[str]
    arrays: Mapping[str, tuple[np.ndarray, np.ndarray]]
    words: Mapping[str, list[str]]
    vectors: Mapping[str, np.ndarray]


class TextAnalysis:
    """Remembers what indexing a content computes, so fitting on it (one index per fold of
    phrasings) and asking its phrasings again reuse it. Only indexed texts are remembered:
    a farmer's question is worked out afresh and forgotten.

    Without an embedder, the bundled model is loaded when a text first needs a vector: an
    analysis read back from disk (see `restored`) may answer many questions without it.
    """

    def __init__(self, embedder: SentenceEmbedder | None = None) -> None:
        self._embedder = embedder
        self._counts: dict[str, dict[str, float]] = {}
        self._arrays: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._words: dict[str, list[str]] = {}
        self._vectors: dict[str, np.ndarray] = {}
        # Every feature of an indexed text gets a number, the same in every index built
        # with this analysis.
        self._feature_numbers: dict[str, int] = {}
        # Set only when restored: the names by number, to give back a text's counts.
        self._feature_names: list[str] | None = None

    @classmethod
    def restored(cls, state: AnalysisState) -> TextAnalysis:
        """An analysis that knows what `state` says, numbering features as it did."""
        analysis = cls()
        analysis._feature_names = list(state.feature_names)
        analysis._feature_numbers = {name: n for n, name in enumerate(state.feature_names)}
        analysis._arrays = dict(state.arrays)
        analysis._words = dict(state.words)
        analysis._vectors = dict(state.vectors)
        return analysis

    def state(self) -> AnalysisState:
        """Everything indexing computed so far, as `restored` takes it."""
        names = sorted(self._feature_numbers, key=self._feature_numbers.__getitem__)
        return AnalysisState(names, dict(self._arrays), dict(self._words), dict(self._vectors))

    def knows(self, texts: Iterable[str], with_vectors: Iterable[str]) -> bool:
        """Whether the features of `texts` and the vectors of `with_vectors` are known, so
        indexing them numbers no new feature and embeds nothing."""
        return all(text in self._arrays for text in texts) and all(
            text in self._vectors for text in with_vectors
        )

    @property
    def embedder(self) -> SentenceEmbedder:
        if self._embedder is None:
            self._embedder = SentenceEmbedder.bundled()
        return self._embedder

    @property
    def dimensions(self) -> int:
        return DIMENSIONS if self._embedder is None else self._embedder.dimensions

    @property
    def feature_count(self) -> int:
        return len(self._feature_numbers)

    def feature_arrays(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """An indexed text's feature numbers and counts."""
        found = self._arrays.get(text)
        if found is None:
            counts = self.counts(text)
            numbers = self._feature_numbers
            ids = np.array(
                [numbers.setdefault(feature, len(numbers)) for feature in counts], dtype=np.intp
            )
            found = self._arrays[text] = (ids, np.fromiter(counts.values(), float, len(counts)))
        return found

    def numbers_of(self, features: list[str]) -> np.ndarray:
        """Each feature's number, -1 for one no indexed text has."""
        numbers = self._feature_numbers
        return np.array([numbers.get(feature, -1) for feature in features], dtype=np.intp)

    def words(self, text: str) -> list[str]:
        """The Latin-script words of an indexed text, for the spelling corrector."""
        found = self._words.get(text)
        if found is None:
            found = self._words[text] = latin_words(normalise(text))
        return found

    def counts(self, text: str) -> dict[str, float]:
        """The text's feature counts, before IDF weighting and without spelling correction."""
        found = self._counts.get(text)
        if found is None:
            names, restored = self._feature_names, self._arrays.get(text)
            if names is not None and restored is not None:
                ids, counts = restored
                found = dict(zip([names[n] for n in ids.tolist()], counts.tolist(), strict=True))
            else:
                found = features(text)
            self._counts[text] = found
        return found

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One sentence vector per text; those not seen before are embedded in one batch."""
        missing = list(dict.fromkeys(text for text in texts if text not in self._vectors))
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing), strict=True):
                self._vectors[text] = vector
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._vectors[text] for text in texts])

    def question_counts(self, text: str, speller: SpellingCorrector) -> dict[str, float]:
        """A question's feature counts with misspelt words corrected; an indexed text none
        of whose words the speller would change reuses what indexing computed."""
        known = self._counts.get(text)
        if known is not None and all(speller.correct(word) is None for word in self.words(text)):
            return known
        return features(text, speller.correct)

    def question_vector(self, text: str) -> np.ndarray:
        known = self._vectors.get(text)
        return known if known is not None else self.embedder.embed([text])[0]
