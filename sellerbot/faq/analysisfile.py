"""An AnalysisState as plain numpy arrays in an .npz file and back, exactly, without pickle."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np

from sellerbot.faq.analysis import AnalysisState
from sellerbot.faq.embedding import DIMENSIONS

FORMAT = 1
# What reading a damaged, truncated or foreign file can raise; any of them means "rebuild".
UNREADABLE = (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile)


def write_state(file: BinaryIO, state: AnalysisState, key: str) -> None:
    """The state as arrays; texts and names are stored once each, as UTF-8 and lengths."""
    texts = list(dict.fromkeys([*state.arrays, *state.words, *state.vectors]))
    position = {text: index for index, text in enumerate(texts)}
    arrays = list(state.arrays.items())
    words = list(state.words.items())
    vectors = list(state.vectors.items())
    tables = {
        "key": [key],
        "texts": texts,
        "feature_names": list(state.feature_names),
        "words": [word for _, each in words for word in each],
    }
    columns: dict[str, np.ndarray] = {"format": np.array([FORMAT], dtype=np.int64)}
    for name, strings in tables.items():
        columns[f"{name}_utf8"], columns[f"{name}_lengths"] = _encoded(strings)
    columns |= {
        "array_texts": np.array([position[text] for text, _ in arrays], dtype=np.int64),
        "array_sizes": np.array([len(ids) for _, (ids, _) in arrays], dtype=np.int64),
        "array_ids": _joined([ids for _, (ids, _) in arrays], np.int64),
        "array_counts": _joined([counts for _, (_, counts) in arrays], np.float64),
        "word_texts": np.array([position[text] for text, _ in words], dtype=np.int64),
        "word_sizes": np.array([len(each) for _, each in words], dtype=np.int64),
        "vector_texts": np.array([position[text] for text, _ in vectors], dtype=np.int64),
        "vectors": (
            np.stack([vector for _, vector in vectors]).astype(np.float32, copy=False)
            if vectors
            else np.zeros((0, DIMENSIONS), dtype=np.float32)
        ),
    }
    np.savez(file, allow_pickle=False, **columns)


def read_state(path: Path, key: str) -> AnalysisState:
    """The state stored at `path` for `key`; one of UNREADABLE if it is not wholly there."""
    with np.load(path, allow_pickle=False) as stored:
        columns = {name: stored[name] for name in stored.files}
    if columns["format"].tolist() != [FORMAT] or _decoded(columns, "key") != [key]:
        raise ValueError("an analysis of other content or of another format")
    texts = _decoded(columns, "texts")
    names = _decoded(columns, "feature_names")
    array_texts = _indices(columns["array_texts"], len(texts))
    array_sizes = _sizes(columns["array_sizes"], len(array_texts))
    ids = _indices(columns["array_ids"], len(names)).astype(np.intp, copy=False)
    counts = _typed(columns["array_counts"], np.float64)
    if len(ids) != len(counts) or int(array_sizes.sum()) != len(ids):
        raise ValueError("feature numbers and counts do not line up")
    arrays = dict(
        zip(
            [texts[text] for text in array_texts.tolist()],
            zip(_pieces(ids, array_sizes), _pieces(counts, array_sizes), strict=True),
            strict=True,
        )
    )
    word_texts = _indices(columns["word_texts"], len(texts))
    word_sizes = _sizes(columns["word_sizes"], len(word_texts))
    all_words = _decoded(columns, "words")
    if int(word_sizes.sum()) != len(all_words):
        raise ValueError("words do not line up with their texts")
    word_ends = np.cumsum(word_sizes).tolist()
    words = {
        texts[text]: all_words[end - size : end]
        for text, size, end in zip(word_texts.tolist(), word_sizes.tolist(), word_ends, strict=True)
    }
    vector_texts = _indices(columns["vector_texts"], len(texts))
    matrix = _typed(columns["vectors"], np.float32)
    if matrix.shape != (len(vector_texts), DIMENSIONS) or not np.isfinite(matrix).all():
        raise ValueError("sentence vectors of the wrong shape or not finite")
    vectors = dict(zip([texts[text] for text in vector_texts.tolist()], matrix, strict=True))
    return AnalysisState(names, arrays, words, vectors)


def _encoded(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """All strings in one UTF-8 byte array, and each one's length in characters."""
    # surrogatepass: a lone surrogate in a text survives the round trip as it came.
    data = "".join(strings).encode("utf-8", "surrogatepass")
    return (
        np.frombuffer(data, dtype=np.uint8),
        np.array([len(text) for text in strings], dtype=np.int64),
    )


def _decoded(columns: dict[str, np.ndarray], name: str) -> list[str]:
    joined = _typed(columns[f"{name}_utf8"], np.uint8).tobytes().decode("utf-8", "surrogatepass")
    lengths = _sizes(columns[f"{name}_lengths"], None)
    if int(lengths.sum()) != len(joined):
        raise ValueError(f"{name}: lengths do not add up to the text")
    ends = np.cumsum(lengths).tolist()
    return [joined[end - length : end] for length, end in zip(lengths.tolist(), ends, strict=True)]


def _pieces(flat: np.ndarray, sizes: np.ndarray) -> list[np.ndarray]:
    """`flat` cut into consecutive pieces of the given sizes."""
    ends = np.cumsum(sizes).tolist()
    return [flat[end - size : end] for size, end in zip(sizes.tolist(), ends, strict=True)]


def _joined(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype)


def _typed(column: np.ndarray, dtype) -> np.ndarray:
    if column.dtype != dtype:
        raise ValueError(f"a column of {column.dtype}, not {np.dtype(dtype)}")
    return column


def _sizes(column: np.ndarray, count: int | None) -> np.ndarray:
    column = _typed(column, np.int64)
    if column.ndim != 1 or (count is not None and len(column) != count) or (column < 0).any():
        raise ValueError("sizes of the wrong number or negative")
    return column


def _indices(column: np.ndarray, limit: int) -> np.ndarray:
    column = _typed(column, np.int64)
    if column.ndim != 1 or ((column < 0) | (column >= limit)).any():
        raise ValueError("positions outside the table they point into")
    return column
