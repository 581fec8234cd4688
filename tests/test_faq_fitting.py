"""The confidence fit at load: from the content alone, repeatable, stored, refitted on edits."""

from __future__ import annotations

import json

import pytest

from sellerbot.app import build_matcher, faq_phrasings
from sellerbot.content.loader import load_course
from sellerbot.faq import FaqPhrasings
from sellerbot.faq.analysis import TextAnalysis
from sellerbot.faq.embedding import SentenceEmbedder
from sellerbot.faq.fitcache import content_key, prepared
from sellerbot.faq.fitting import fit
from sellerbot.paths import bundled_content


@pytest.fixture(scope="module")
def phrasings() -> list[FaqPhrasings]:
    return faq_phrasings(load_course(bundled_content()).course)


def _analysis() -> TextAnalysis:
    return TextAnalysis(SentenceEmbedder.bundled())


def test_the_same_content_always_gives_the_same_fit(phrasings):
    assert fit(phrasings, _analysis()) == fit(phrasings, _analysis())


def test_the_fit_follows_the_content(phrasings):
    # Half the phrasings of every entry: what the content says, not a stored file, decides.
    trimmed = [
        FaqPhrasings(each.entry_id, each.locale, each.questions[::2], each.answer)
        for each in phrasings
    ]
    assert fit(trimmed, _analysis()) != fit(phrasings, _analysis())


def test_a_stored_fit_is_read_back_exactly_and_an_edit_refits(phrasings, tmp_path):
    first = prepared(phrasings, tmp_path).calibration
    stored = list(tmp_path.glob("faq-fit-*.json"))
    assert len(stored) == 1
    assert prepared(phrasings, tmp_path).calibration == first
    # A damaged store only costs a refit.
    stored[0].write_text("{", encoding="utf-8")
    assert prepared(phrasings, tmp_path).calibration == first
    assert json.loads(stored[0].read_text(encoding="utf-8"))["thresholds"]
    edited = [*phrasings[:-1], FaqPhrasings(*vars(phrasings[-1]).values())]
    edited[0] = FaqPhrasings(
        edited[0].entry_id, edited[0].locale, (*edited[0].questions, "a new way to ask"), ""
    )
    assert content_key(edited) != content_key(phrasings)
    prepared(edited, tmp_path)
    assert len(list(tmp_path.glob("faq-fit-*.json"))) == 2


def test_an_unwritable_store_still_gives_the_fit(phrasings, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert prepared(phrasings, blocked / "cache").calibration == fit(phrasings, _analysis())


def test_a_content_too_small_to_judge_answers_only_its_own_phrasings():
    tiny = [
        FaqPhrasings("listing.packaging", "en", ("how do I pack eggs", "egg boxes")),
        FaqPhrasings("listing.pricing", "en", ("what price for eggs", "am I too cheap")),
    ]
    calibration = fit(tiny, _analysis())
    cutoffs = calibration.thresholds.for_locale("en")
    assert 0 <= cutoffs.suggest <= cutoffs.answer <= 1


def test_the_bot_builds_its_matcher_with_the_fit_of_its_content(phrasings, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    matcher = build_matcher(load_course(bundled_content()).course)
    calibration = fit(phrasings, _analysis())
    assert (matcher.confidence, matcher.thresholds) == (calibration.models, calibration.thresholds)
    assert list((tmp_path / "sellerbot").glob("faq-fit-*.json"))
