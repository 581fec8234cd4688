"""Quality floors of the bundled FAQ matcher on questions worded unlike any content phrasing.

An entry's own wording is answered by the same-words rule whatever the ranking or the
cut-offs, so these tests ask the tuning parts' questions instead: a ranking that puts the
wrong entry first, or cut-offs that answer too eagerly, push the figures below the floors.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from sellerbot.faq import Thresholds

REPOSITORY = Path(__file__).resolve().parents[1]
# Tuning parts written without looking at the content's phrasings; the floors sit a little
# under what the bundled matcher reaches on them, so only a real regression crosses them.
PARTS = ("fresh3", "fresh4", "fresh5")
MIN_RANKED_FIRST = 0.90
MAX_WRONG_ANSWERS = 0.03
MIN_OFF_TOPIC_REFUSED = 0.93


def _bench():
    if str(REPOSITORY) not in sys.path:
        sys.path.insert(0, str(REPOSITORY))
    return importlib.import_module("bench.faq")


@pytest.fixture(scope="module")
def scored_by_locale():
    bench = _bench()
    phrasings = bench.load_faq_phrasings()
    rank = bench.matcher_ranker(phrasings)
    eval_set = bench.load_eval_set(phrasings, bench.TUNING_FILES)
    questions = [
        question for part, items in eval_set.parts.items() if part in PARTS for question in items
    ]
    return bench.by_locale(bench.score_all(rank, questions))


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_the_right_entry_is_ranked_first_for_questions_in_other_words(scored_by_locale, locale):
    result = _bench().figures(scored_by_locale[locale], Thresholds.load())
    assert result.ranked_first.value >= MIN_RANKED_FIRST, result


@pytest.mark.parametrize("locale", ["en", "zh_Hans"])
def test_committed_cut_offs_keep_wrong_answers_and_off_topic_answers_rare(scored_by_locale, locale):
    result = _bench().figures(scored_by_locale[locale], Thresholds.load())
    assert result.wrong_answers.value <= MAX_WRONG_ANSWERS, result
    assert result.off_topic_refused.value >= MIN_OFF_TOPIC_REFUSED, result
