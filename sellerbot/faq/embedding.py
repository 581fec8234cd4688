"""Sentence vectors for FAQ matching, from word vectors that ship inside a PyPI package."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from sellerbot.encodable import encodable

# WordLlama's small model: 256-dimensional token vectors, averaged over a sentence. Its
# weights and tokenizer are files inside the wheel, so nothing is downloaded at run time;
# a vector costs well under a tenth of a millisecond on one core.
MODEL_CONFIG = "l2_supercat"
DIMENSIONS = 256


class SentenceEmbedder:
    """Unit-length vectors whose dot product says how alike two texts are in meaning.

    Where words differ but mean the same ("parcel" and "package", "直播" and "开播"), the
    word and n-gram overlap sees nothing; the vectors still place such texts close.
    """

    def __init__(self, model) -> None:
        self._model = model
        self.dimensions = DIMENSIONS

    @classmethod
    @functools.cache
    def bundled(cls) -> SentenceEmbedder:
        """The packaged model, loaded once per process (it takes a few tenths of a second)."""
        import wordllama  # imported here: loading it is work, and imports must not do work

        # The package keeps its weights and tokenizer in the same folders a download cache
        # would use, so pointing the cache at the package finds them without a network;
        # should they be missing, the loader must fail rather than download them.
        package_folder = Path(wordllama.__file__).parent
        try:
            model = wordllama.WordLlama.load(
                config=MODEL_CONFIG,
                dim=DIMENSIONS,
                cache_dir=package_folder,
                disable_download=True,
            )
        except FileNotFoundError as error:
            raise RuntimeError(
                f"the sentence vectors' model files are missing ({error}); "
                "reinstall the wordllama package (0.4)"
            ) from error
        return cls(model)

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text; a text with no known token gets a zero row, never NaN."""
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with np.errstate(invalid="ignore", divide="ignore"):
            vectors = self._model.embed([encodable(text) for text in texts], norm=True)
        vectors = np.asarray(vectors, dtype=np.float32)
        vectors[~np.isfinite(vectors).all(axis=1)] = 0.0
        return vectors
