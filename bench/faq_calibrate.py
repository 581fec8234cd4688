"""Choose the matcher's per-locale thresholds on the tuning parts and write thresholds.json.

Run from the repository root: python -m bench.faq_calibrate
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.faq import (
    CALIBRATION_WRONG_ANSWER_RATE,
    MIN_OFF_TOPIC_REFUSAL,
    MIN_OFF_TOPIC_SILENCE,
    by_locale,
    calibrate,
    figures,
    load_eval_set,
    load_faq_phrasings,
    matcher_ranker,
    score_all,
    tuning_questions,
)
from sellerbot.faq.matcher import BUNDLED_THRESHOLDS


def main(output: Path = BUNDLED_THRESHOLDS) -> None:
    # Only the tuning parts are read: the fresh part stays unseen until the benchmark.
    scored = score_all(matcher_ranker(load_faq_phrasings()), tuning_questions(load_eval_set()))
    thresholds = calibrate(scored)
    print(
        f"goals per locale: wrong answers <= {CALIBRATION_WRONG_ANSWER_RATE:.1%}, off-topic "
        f"refused >= "
        f"{MIN_OFF_TOPIC_REFUSAL:.0%}, off-topic without buttons >= {MIN_OFF_TOPIC_SILENCE:.0%}"
    )
    for locale, items in by_locale(scored).items():
        cutoffs = thresholds.for_locale(locale)
        result = figures(items, thresholds)
        print(
            f"{locale:<8} answer={cutoffs.answer:.3f} suggest={cutoffs.suggest:.3f}  "
            f"tune+holdout n={result.questions:<4} top-1={result.top1:.1%} "
            f"top-3={result.top3:.1%} wrong={result.wrong_answers:.1%} "
            f"refused={result.off_topic_refused:.1%} silent={result.off_topic_silent:.1%}"
        )
    text = json.dumps(thresholds.to_dict(), indent=2, sort_keys=True) + "\n"
    output.write_text(text, encoding="utf-8")
    print(f"wrote {output}")


if __name__ == "__main__":
    main()
