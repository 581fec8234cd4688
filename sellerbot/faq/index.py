"""A TF-IDF index over feature numbers: documents' weights as postings, queries' cosines."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

# A text's features as numbers (see TextAnalysis.feature_arrays) and their counts.
FeatureArrays = tuple[np.ndarray, np.ndarray]


def sublinear(counts: np.ndarray) -> np.ndarray:
    """1 + log(count) for repeated features, the count itself below 1 (weighted features)."""
    return np.where(counts > 1, 1 + np.log(np.maximum(counts, 1)), counts)


def merged(parts: Sequence[FeatureArrays], factors: Sequence[float]) -> FeatureArrays:
    """The sum of several texts' counts, each times its factor, one row per feature."""
    if not parts:
        return np.zeros(0, dtype=np.intp), np.zeros(0)
    ids = np.concatenate([part[0] for part in parts])
    counts = np.concatenate([part[1] * factor for part, factor in zip(parts, factors, strict=True)])
    unique, inverse = np.unique(ids, return_inverse=True)
    return unique, np.bincount(inverse, weights=counts, minlength=len(unique))


class Postings:
    """Documents' sublinear TF times IDF, L2-normalised, grouped by feature number, so a
    query only touches the documents it shares a feature with."""

    def __init__(self, documents: Sequence[FeatureArrays], idf: np.ndarray) -> None:
        self.size = len(documents)
        lengths = np.array([len(ids) for ids, _ in documents], dtype=np.intp)
        owners = np.repeat(np.arange(self.size, dtype=np.intp), lengths)
        ids = np.concatenate([ids for ids, _ in documents]) if documents else np.zeros(0, np.intp)
        counts = np.concatenate([c for _, c in documents]) if documents else np.zeros(0)
        weights = sublinear(counts) * idf[ids]
        norms = np.sqrt(np.bincount(owners, weights=weights * weights, minlength=self.size))
        weights = weights / np.where(norms > 0, norms, 1.0)[owners]
        order = np.argsort(ids, kind="stable")
        self._owners = owners[order]
        self._weights = weights[order]
        self._starts = np.searchsorted(ids[order], np.arange(len(idf) + 1))

    def similarities(self, query_ids: np.ndarray, query_weights: np.ndarray) -> np.ndarray:
        """Cosine of a weighted query with every document (0 where they share nothing);
        ids outside the index (-1 or beyond it) match nothing."""
        inside = (query_ids >= 0) & (query_ids < len(self._starts) - 1)
        ids, weights = query_ids[inside], query_weights[inside]
        starts, ends = self._starts[ids], self._starts[ids + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        if not total:
            return np.zeros(self.size)
        # Every posting of every query feature, as positions into the grouped arrays.
        offsets = np.repeat(starts - np.cumsum(lengths) + lengths, lengths)
        positions = offsets + np.arange(total)
        products = np.repeat(weights, lengths) * self._weights[positions]
        return np.bincount(self._owners[positions], weights=products, minlength=self.size)
