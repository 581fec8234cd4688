"""The FAQ's fit and analysis kept on disk: read back exactly, the same matches warm or
cold, the model loaded only when a question needs it, and a damaged file made again."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import numpy as np
import pytest
import yaml

from sellerbot.content.loader import load_course
from sellerbot.faq import fitcache
from sellerbot.faq.analysis import AnalysisState
from sellerbot.faq.analysisfile import UNREADABLE, read_state
from sellerbot.faq.building import build_matcher, faq_phrasings
from sellerbot.faq.embedding import SentenceEmbedder
from sellerbot.faq.fitcache import content_key, prepared
from sellerbot.paths import bundled_content

TUNING_QUESTIONS = Path(__file__).resolve().parents[1] / "bench" / "data" / "faq_eval.yaml"


@pytest.fixture(scope="module")
def course():
    return load_course(bundled_content()).course


@pytest.fixture(scope="module")
def cold(course, tmp_path_factory):
    """A matcher built on an empty cache folder (so fitted afresh), and that folder."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        matcher = build_matcher(course)
    return matcher, folder / "sellerbot"


@pytest.fixture
def cache_copy(cold, tmp_path) -> Path:
    """A copy of the cold start's cache folder, free to damage."""
    return Path(shutil.copytree(cold[1], tmp_path / "sellerbot"))


def _analysis_file(folder: Path, course) -> Path:
    return folder / f"faq-fit-{content_key(faq_phrasings(course))}.npz"


def _sample(course) -> list[tuple[str, str]]:
    """Every tuning question and every tenth phrasing, each asked in every locale."""
    tuning = yaml.safe_load(TUNING_QUESTIONS.read_text(encoding="utf-8"))
    texts = [
        question
        for part in tuning.values()
        for item in part
        for locale in course.locales
        for question in item.get(locale, [])
    ]
    texts += [question for each in faq_phrasings(course) for question in each.questions][::10]
    return [(text, locale) for text in texts for locale in course.locales]


def _matches(matcher, questions):
    return [matcher.match(question, locale) for question, locale in questions]


def _refuse(*_args, **_kwargs):
    raise AssertionError("fitted again, though the cache holds this content's fit")


def _assert_same_state(read: AnalysisState, made: AnalysisState) -> None:
    assert list(read.feature_names) == list(made.feature_names)
    assert list(read.arrays) == list(made.arrays)
    for text, (ids, counts) in made.arrays.items():
        read_ids, read_counts = read.arrays[text]
        assert read_ids.dtype == ids.dtype and np.array_equal(read_ids, ids)
        assert read_counts.dtype == counts.dtype and np.array_equal(read_counts, counts)
    assert dict(read.words) == dict(made.words)
    assert list(read.vectors) == list(made.vectors)
    for text, vector in made.vectors.items():
        assert read.vectors[text].dtype == vector.dtype
        assert np.array_equal(read.vectors[text], vector)


def test_the_stored_analysis_is_the_fits_own_read_back_exactly(course, cold):
    phrasings = faq_phrasings(course)
    key = content_key(phrasings)
    made = fitcache.prepared(phrasings, Path(cold[1]).parent / "elsewhere").analysis.state()
    _assert_same_state(read_state(_analysis_file(cold[1], course), key), made)


def test_warm_and_cold_starts_give_the_same_matches(course, cold, cache_copy, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_copy.parent))
    monkeypatch.setattr(fitcache, "fit", _refuse)
    questions = _sample(course)
    warm = build_matcher(course)
    cold_matches = _matches(cold[0], questions)
    assert _matches(warm, questions) == cold_matches
    # The sample reaches every zone, so scores near every cut-off are compared.
    assert {match.zone for match in cold_matches} == {"answer", "suggest", "none"}


def test_a_warm_start_loads_the_model_only_for_a_question_it_has_not_seen(
    course, cache_copy, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache_copy.parent))

    def unavailable(cls):
        raise RuntimeError("the model was loaded")

    monkeypatch.setattr(SentenceEmbedder, "bundled", classmethod(unavailable))
    matcher = build_matcher(course)
    packaging = next(entry for entry in course.faq if entry.id == "listing.packaging")
    phrasing = packaging.questions["en"][1]
    assert matcher.match(phrasing, "en").entry_id == "listing.packaging"
    with pytest.raises(RuntimeError, match="the model was loaded"):
        matcher.match("which carton keeps my duck eggs whole", "en")


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_a_vector_byte(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        member = archive.getinfo("vectors.npy")
    # Past the member's local header and the array's own header: inside the numbers.
    position = member.header_offset + 30 + len(member.filename) + len(member.extra) + 4096
    data = bytearray(path.read_bytes())
    data[position] ^= 0x40
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _flip_a_vector_byte])
def test_a_damaged_analysis_is_made_again(course, cold, cache_copy, damage, monkeypatch):
    phrasings = faq_phrasings(course)
    key = content_key(phrasings)
    path = _analysis_file(cache_copy, course)
    pristine = read_state(_analysis_file(cold[1], course), key)
    damage(path)
    with pytest.raises(UNREADABLE):
        read_state(path, key)
    fits = []
    real_fit = fitcache.fit
    monkeypatch.setattr(fitcache, "fit", lambda *args: fits.append(1) or real_fit(*args))
    _assert_same_state(prepared(phrasings, cache_copy).analysis.state(), pristine)
    assert fits == [1]
    _assert_same_state(read_state(path, key), pristine)


def test_an_analysis_stored_under_another_key_is_not_taken(course, cold, tmp_path):
    phrasings = faq_phrasings(course)
    key = content_key(phrasings)
    moved = tmp_path / "faq-fit-0123456789abcdef0123456789abcdef.npz"
    shutil.copy(_analysis_file(cold[1], course), moved)
    with pytest.raises(ValueError, match="other content"):
        read_state(moved, "0123456789abcdef0123456789abcdef")
    assert read_state(_analysis_file(cold[1], course), key).feature_names
