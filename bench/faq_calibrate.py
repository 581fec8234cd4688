"""Fit the matcher's confidence models and per-locale cut-offs on the tuning parts; save both.

Run from the repository root: python -m bench.faq_calibrate

Each locale's model learns whether the matcher's best-ranked entry is the right one (an
off-topic question never has a right one) from two sources: the tuning questions, and the
content's own phrasings, each asked of an index built without it (the phrasings are split
into folds), which look like questions the matcher has never seen. The cut-offs are chosen
on out-of-fold probabilities of the tuning questions, each scored by models that did not
see it, so they are not fitted to the models' own optimism. Reading only the content and
the tuning parts, it is deterministic: the same data always give the same files.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from bench.faq import (
    CALIBRATION_OFF_TOPIC_REFUSAL,
    CALIBRATION_WRONG_ANSWER_RATE,
    MIN_OFF_TOPIC_SILENCE,
    EvalQuestion,
    FaqPhrasings,
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
)
from bench.faq_eval import TUNING_FILES
from sellerbot.faq.confidence import (
    BUNDLED_MODEL,
    FEATURE_NAMES,
    ConfidenceModel,
    ConfidenceModels,
)
from sellerbot.faq.matcher import BUNDLED_THRESHOLDS, OUT_OF_SCOPE

FOLDS = 5
# Features do not depend on the model, so any model will do for ranking the questions.
NEUTRAL_MODELS = ConfidenceModels(
    default=ConfidenceModel(
        bias=0.0,
        weights=(0.0,) * len(FEATURE_NAMES),
        means=(0.0,) * len(FEATURE_NAMES),
        scales=(1.0,) * len(FEATURE_NAMES),
    )
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


def fit_models(scored: Sequence[Scored]) -> ConfidenceModels:
    """A model per locale from that locale's questions, and a default from all of them."""
    return ConfidenceModels(
        default=fit(scored),
        locales={locale: fit(items) for locale, items in by_locale(scored).items() if items},
    )


def held_out_phrasings(phrasings: Sequence[FaqPhrasings]) -> list[Scored]:
    """Every content phrasing ranked by an index built without its fold of phrasings."""
    scored: list[Scored] = []
    for fold in range(FOLDS):
        kept, held_out = [], []
        for entry in phrasings:
            kept.append(
                FaqPhrasings(
                    entry.entry_id,
                    entry.locale,
                    tuple(q for i, q in enumerate(entry.questions) if i % FOLDS != fold),
                    entry.answer,
                )
            )
            expected = None if entry.entry_id == OUT_OF_SCOPE else entry.entry_id
            held_out.extend(
                EvalQuestion(question, entry.locale, expected)
                for i, question in enumerate(entry.questions)
                if i % FOLDS == fold
            )
        scored.extend(score_all(matcher_ranker(kept, NEUTRAL_MODELS), held_out))
    return scored


def with_probabilities(scored: Sequence[Scored], probabilities: Sequence[float]) -> list[Scored]:
    return [
        Scored(item.question, Ranking(probability, item.ranking.ranked_ids, item.ranking.features))
        for item, probability in zip(scored, probabilities, strict=True)
    ]


def out_of_fold(scored: Sequence[Scored], extra: Sequence[Scored] = ()) -> list[Scored]:
    """Each question scored by models fitted on the other folds (fold = index mod FOLDS)
    and on `extra`."""
    probabilities = [0.0] * len(scored)
    for fold in range(FOLDS):
        models = fit_models(
            [item for index, item in enumerate(scored) if index % FOLDS != fold] + list(extra)
        )
        for index in range(fold, len(scored), FOLDS):
            item = scored[index]
            if item.ranking.features:
                probabilities[index] = models.probability(
                    item.ranking.features, item.question.locale
                )
    return with_probabilities(scored, probabilities)


def calibrated() -> tuple[ConfidenceModels, Thresholds, list[Scored]]:
    """The models fitted on every tuning question and held-out phrasing, their cut-offs,
    and the tuning questions' out-of-fold scores."""
    # Only the tuning parts are read: the held-out parts stay unseen until the benchmark.
    phrasings = load_faq_phrasings()
    tuning = load_eval_set(phrasings, TUNING_FILES).tuning_questions()
    scored = score_all(matcher_ranker(phrasings, NEUTRAL_MODELS), tuning)
    phrasing_scored = held_out_phrasings(phrasings)
    held_out = out_of_fold(scored, phrasing_scored)
    return fit_models([*scored, *phrasing_scored]), calibrate(held_out), held_out


def main(model_path: Path = BUNDLED_MODEL, thresholds_path: Path = BUNDLED_THRESHOLDS) -> None:
    models, thresholds, held_out = calibrated()
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
            f"tuning n={result.questions:<4} rank-1={result.ranked_first.value:.1%} "
            f"top-1={result.top1.value:.1%} top-3={result.top3.value:.1%} "
            f"wrong={result.wrong_answers.value:.1%} "
            f"refused={result.off_topic_refused.value:.1%} "
            f"silent={result.off_topic_silent.value:.1%}"
        )
    for locale, model in sorted(models.locales.items()):
        print(
            f"{locale:<8} model: bias={model.bias:+.3f} "
            + " ".join(
                f"{name}={weight:+.3f}"
                for name, weight in zip(FEATURE_NAMES, model.weights, strict=True)
            )
        )
    for path, data in ((model_path, models.to_dict()), (thresholds_path, thresholds.to_dict())):
        path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
