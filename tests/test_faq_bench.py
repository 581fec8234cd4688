"""The FAQ benchmark's honesty: deduplicated parts, intervals, top-3 as shown, few-shot trims."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from sellerbot.faq import FaqPhrasings, Thresholds
from sellerbot.faq.matcher import OUT_OF_SCOPE

REPOSITORY = Path(__file__).resolve().parents[1]


def _bench(name: str):
    if str(REPOSITORY) not in sys.path:
        sys.path.insert(0, str(REPOSITORY))
    return importlib.import_module(name)


def test_measuring_parts_drop_exact_and_near_repeats_at_load():
    evaluation = _bench("bench.faq_eval")
    question = evaluation.EvalQuestion
    phrasings = [FaqPhrasings("listing.packaging", "en", ("How do I pack eggs?",))]
    parts = {
        "tune": [question("best box for shipping peaches", "en", "listing.packaging")],
        "fresh6": [
            question("how do i pack eggs", "en", "listing.packaging"),  # a content phrasing
            question("Best box for shipping peaches!!", "en", "listing.packaging"),  # tuning
            question("best box for shiping peaches", "en", "listing.packaging"),  # near
            question("what padding keeps melons from bruising", "en", "listing.packaging"),
            question("ＷＨＡＴ padding keeps melons from bruising?", "en", "listing.packaging"),
        ],
        "fresh7": [
            question("what padding keeps melons from bruising", "en", "listing.packaging"),
            question("what padding keeps a melon from bruising", "en", "listing.packaging"),
            question("鸡蛋怎么打包才不碎", "zh_Hans", "listing.packaging"),
        ],
    }
    result = evaluation.deduplicate(parts, phrasings)
    assert [q.text for q in result.parts["fresh6"]] == ["what padding keeps melons from bruising"]
    assert [q.text for q in result.parts["fresh7"]] == ["鸡蛋怎么打包才不碎"]
    assert result.removed == {"tune": 0, "fresh6": 4, "fresh7": 2}
    assert result.parts["tune"] == parts["tune"]  # tuning parts are kept whole


def test_each_rate_carries_its_95_percent_wilson_interval():
    rate = _bench("bench.faq").Rate
    low, high = rate(8, 10).interval()
    assert (round(low, 3), round(high, 3)) == (0.490, 0.943)
    assert rate(0, 50).interval()[0] == 0.0 and 0.05 < rate(0, 50).interval()[1] < 0.08
    assert rate(0, 0).interval() == (0.0, 1.0)


def test_top_3_counts_what_the_bot_shows_after_an_answer():
    bench = _bench("bench.faq")
    answered = bench.Ranking(0.9, ("listing.pricing", "listing.packaging", "live.lighting"))
    asked = bench.Scored(bench.EvalQuestion("q", "en", "listing.packaging"), answered)
    thresholds = Thresholds(answer=0.8, suggest=0.2)
    # After an answer the bot shows its related-entry buttons, not the runners-up.
    shown = bench.figures([asked], thresholds, {"listing.pricing": ("live.lighting",)})
    assert shown.top3.hits == 0 and shown.wrong_answers.hits == 1
    related = bench.figures([asked], thresholds, {"listing.pricing": ("listing.packaging",)})
    assert related.top3.hits == 1
    unsure = bench.Scored(asked.question, bench.Ranking(0.5, answered.ranked_ids))
    assert bench.figures([unsure], thresholds, {}).top3.hits == 1  # "Did you mean" buttons


def test_few_shot_keeps_k_phrasings_and_the_label_per_locale_repeatably():
    bench = _bench("bench.faq")
    course = bench.load_bundled_course()
    trimmed = bench.few_shot(course, 3, seed=1)
    assert trimmed == bench.few_shot(course, 3, seed=1)
    assert trimmed != bench.few_shot(course, 3, seed=2)
    entries = {entry.id: entry for entry in course.faq}
    for each in trimmed:
        if each.entry_id == OUT_OF_SCOPE:
            assert each.questions == course.faq_out_of_scope[each.locale]
            continue
        entry = entries[each.entry_id]
        label = entry.label[each.locale]
        kept = [question for question in each.questions if question != label]
        assert len(kept) == 3 and set(kept) <= set(entry.questions[each.locale])
        assert label.casefold() in {question.casefold() for question in each.questions}


@pytest.mark.parametrize(
    ("question", "expected"),
    [("鸡蛋要怎么打包才不会碎", "listing.packaging"), ("直播画面有点暗", "live.lighting")],
)
def test_character_tfidf_baseline_splits_unsegmented_chinese(question, expected):
    baselines = _bench("bench.faq_baselines")
    phrasings = [
        FaqPhrasings("listing.packaging", "zh_Hans", ("鸡蛋怎么打包", "水果怎么包装")),
        FaqPhrasings("live.lighting", "zh_Hans", ("直播画面太暗了", "晚上直播光线不够")),
    ]
    assert baselines.tfidf_ranker(phrasings)(question, "zh_Hans").ranked_ids[0] == expected
