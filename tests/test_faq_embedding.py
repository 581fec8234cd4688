"""Sentence vectors for the FAQ matcher: loaded from the installed package, never NaN."""

import numpy as np
import pytest

from sellerbot.faq.embedding import SentenceEmbedder


def test_vectors_are_unit_length_and_place_like_meanings_closer():
    embedder = SentenceEmbedder.bundled()
    parcel, package, tractor = embedder.embed(
        ["my parcel never arrived", "the package did not come", "tractor engine repair"]
    )
    for vector in (parcel, package, tractor):
        assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-4
    assert parcel @ package > parcel @ tractor


def test_text_without_tokens_gets_a_zero_vector():
    vectors = SentenceEmbedder.bundled().embed(["", "直播 light 太暗"])
    assert vectors.shape == (2, SentenceEmbedder.bundled().dimensions)
    assert np.isfinite(vectors).all()
    assert not vectors[0].any()
    assert vectors[1].any()


def test_text_with_a_lone_surrogate_is_embedded_like_its_readable_part():
    broken, clean = SentenceEmbedder.bundled().embed(["pack eggs \ud800", "pack eggs ?"])
    assert np.array_equal(broken, clean)


def test_no_texts_give_an_empty_matrix():
    assert SentenceEmbedder.bundled().embed([]).shape == (0, 256)


def test_missing_model_files_are_an_error_not_a_download(monkeypatch, tmp_path):
    import wordllama

    monkeypatch.setattr(wordllama, "__file__", str(tmp_path / "__init__.py"))
    load_uncached = SentenceEmbedder.bundled.__wrapped__
    with pytest.raises(RuntimeError, match="missing"):
        load_uncached(SentenceEmbedder)
