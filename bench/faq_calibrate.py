"""Choose the matcher's answer/suggest thresholds on the tune part and write thresholds.json.

Run from the repository root: python -m bench.faq_calibrate
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.faq import (
    MAX_WRONG_ANSWER_RATE,
    MIN_OFF_TOPIC_REFUSAL,
    MIN_OFF_TOPIC_SILENCE,
    by_locale,
    calibrate,
    figures,
    load_eval_set,
    load_faq_phrasings,
    matcher_ranker,
    score_all,
)
from sellerbot.faq.matcher import BUNDLED_THRESHOLDS


def main(output: Path = BUNDLED_THRESHOLDS) -> None:
    # Only the tune part is read: the holdout stays unseen until the benchmark.
    tune = load_eval_set()["tune"]
    scored = score_all(matcher_ranker(load_faq_phrasings()), tune)
    thresholds = calibrate(scored)
    print(
        f"goals per locale: wrong answers <= {MAX_WRONG_ANSWER_RATE:.0%}, off-topic refused >= "
        f"{MIN_OFF_TOPIC_REFUSAL:.0%}, off-topic without buttons >= {MIN_OFF_TOPIC_SILENCE:.0%}"
    )
    print(f"chosen: answer={thresholds.answer:.3f} suggest={thresholds.suggest:.3f}")
    for locale, items in by_locale(scored).items():
        result = figures(items, thresholds)
        print(
            f"tune {locale:<8} n={result.questions:<4} top-1={result.top1:.1%} "
            f"top-3={result.top3:.1%} wrong={result.wrong_answers:.1%} "
            f"refused={result.off_topic_refused:.1%} silent={result.off_topic_silent:.1%}"
        )
    values = {"answer": thresholds.answer, "suggest": thresholds.suggest}
    output.write_text(json.dumps(values, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
