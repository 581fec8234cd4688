"""Fit the matcher's confidence model and per-locale cut-offs on the tuning parts; save both.

Run from the repository root: python -m bench.faq_calibrate

The model learns, from the tuning questions, whether the matcher's best-ranked entry is the
right one (an off-topic question never has a right one). The cut-offs are chosen on
out-of-fold probabilities, each question scored by a model that did not see it, so they
are not fitted to the model's own optimism. Reading only the tuning parts, it is
deterministic: the same content and questions always give the same files.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from bench.faq import (
    CALIBRATION_OFF_TOPIC_REFUSAL,
    CALIBRATION_WRONG_ANSWER_RATE,
    MIN_OFF_TOPIC_SILENCE,
    Ranking,
    Scored,
    Thresholds,
    by_locale,
    calibrate,
    figures,
    load_eval_set,
    load_faq_phrasings,
    matcher_ranker,
    score_all,
    tuning_questions,
)
from sellerbot.faq.confidence import BUNDLED_MODEL, FEATURE_NAMES, ConfidenceModel
from sellerbot.faq.matcher import BUNDLED_THRESHOLDS

FOLDS = 5
# Features do not depend on the model, so any model will do for ranking the questions.
NEUTRAL_MODEL = ConfidenceModel(
    bias=0.0,
    weights=(0.0,) * len(FEATURE_NAMES),
    means=(0.0,) * len(FEATURE_NAMES),
    scales=(1.0,) * len(FEATURE_NAMES),
)


def is_right(item: Scored) -> bool:
    """Whether the best-ranked entry is the one the question is about."""
    ranked = item.ranking.ranked_ids
    return bool(item.question.expected and ranked and ranked[0] == item.question.expected)


def fit(scored: Sequence[Scored]) -> ConfidenceModel:
    # A question that shares nothing with any entry has no features and is never answered.
    matched = [item for item in scored if item.ranking.features]
    return ConfidenceModel.fit(
        [item.ranking.features for item in matched], [is_right(item) for item in matched]
    )


def with_probabilities(scored: Sequence[Scored], probabilities: Sequence[float]) -> list[Scored]:
    return [
        Scored(item.question, Ranking(probability, item.ranking.ranked_ids, item.ranking.features))
        for item, probability in zip(scored, probabilities, strict=True)
    ]


def out_of_fold(scored: Sequence[Scored]) -> list[Scored]:
    """Each question scored by a model fitted on the other folds (fold = index mod FOLDS)."""
    probabilities = [0.0] * len(scored)
    for fold in range(FOLDS):
        model = fit([item for index, item in enumerate(scored) if index % FOLDS != fold])
        for index in range(fold, len(scored), FOLDS):
            if scored[index].ranking.features:
                probabilities[index] = model.probability(scored[index].ranking.features)
    return with_probabilities(scored, probabilities)


def calibrated() -> tuple[ConfidenceModel, Thresholds, list[Scored]]:
    """The model fitted on every tuning question, its cut-offs, and the out-of-fold scores."""
    # Only the tuning parts are read: the honest part stays unseen until the benchmark.
    rank = matcher_ranker(load_faq_phrasings(), NEUTRAL_MODEL)
    scored = score_all(rank, tuning_questions(load_eval_set()))
    held_out = out_of_fold(scored)
    return fit(scored), calibrate(held_out), held_out


def main(model_path: Path = BUNDLED_MODEL, thresholds_path: Path = BUNDLED_THRESHOLDS) -> None:
    model, thresholds, held_out = calibrated()
    print(
        f"goals per locale: wrong answers <= {CALIBRATION_WRONG_ANSWER_RATE:.1%}, off-topic "
        f"refused >= {CALIBRATION_OFF_TOPIC_REFUSAL:.0%}, off-topic without buttons >= "
        f"{MIN_OFF_TOPIC_SILENCE:.0%}; judged on out-of-fold probabilities ({FOLDS} folds)"
    )
    for locale, items in by_locale(held_out).items():
        cutoffs = thresholds.for_locale(locale)
        result = figures(items, thresholds)
        print(
            f"{locale:<8} answer={cutoffs.answer:.3f} suggest={cutoffs.suggest:.3f}  "
            f"tuning n={result.questions:<4} rank-1={result.ranked_first:.1%} "
            f"top-1={result.top1:.1%} top-3={result.top3:.1%} wrong={result.wrong_answers:.1%} "
            f"refused={result.off_topic_refused:.1%} silent={result.off_topic_silent:.1%}"
        )
    print(
        f"model: bias={model.bias:+.3f} "
        + " ".join(
            f"{name}={weight:+.3f}"
            for name, weight in zip(FEATURE_NAMES, model.weights, strict=True)
        )
    )
    for path, data in ((model_path, model.to_dict()), (thresholds_path, thresholds.to_dict())):
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
