"""Report what the fit at load makes of the content: its time, cut-offs, weights and figures.

Run from the repository root: python -m bench.faq_calibrate

The bot fits its confidence models and cut-offs from the content whenever it loads or
reloads it (sellerbot/faq/fitting.py); this prints what that fit gives for the content in
content/, without the bot's store of earlier fits: how long it takes, the cut-offs and
weights per locale, and the held-out phrasings' figures at those cut-offs, each scored by
models that never saw its fold. Nothing is written.
"""

from __future__ import annotations

import time

from bench.faq import load_faq_phrasings
from sellerbot.faq.analysis import TextAnalysis
from sellerbot.faq.confidence import FEATURE_NAMES
from sellerbot.faq.embedding import SentenceEmbedder
from sellerbot.faq.fitting import (
    FOLDS,
    OFF_TOPIC_REFUSAL_GOAL,
    OFF_TOPIC_SILENCE_GOAL,
    WRONG_ANSWER_GOAL,
    HeldOut,
    choose_thresholds,
    fit_models,
    held_out,
    out_of_fold_probabilities,
)
from sellerbot.faq.matcher import FaqMatcher, Thresholds


def held_out_figures(each: HeldOut, probability, cutoffs: Thresholds) -> str:
    answered = probability >= cutoffs.answer
    shown = probability >= cutoffs.suggest
    on_topic, off_topic = each.on_topic, ~each.on_topic
    right = (answered & each.right).sum() / max(on_topic.sum(), 1)
    wrong = (answered & ~each.right).sum() / len(probability)
    refused = (~answered & off_topic).sum() / max(off_topic.sum(), 1)
    silent = (~shown & off_topic).sum() / max(off_topic.sum(), 1)
    return (
        f"n={len(probability):<5} rank-1={each.right[on_topic].mean():.1%} top-1={right:.1%} "
        f"wrong={wrong:.1%} refused={refused:.1%} silent={silent:.1%}"
    )


def main() -> None:
    phrasings = load_faq_phrasings()
    analysis = TextAnalysis(SentenceEmbedder.bundled())
    started = time.perf_counter()
    held = held_out(phrasings, analysis)
    ranked = time.perf_counter()
    probabilities = out_of_fold_probabilities(held)
    cutoffs = {
        locale: choose_thresholds(each, probabilities[locale]) for locale, each in held.items()
    }
    models = fit_models(held)
    fitted = time.perf_counter()
    FaqMatcher(phrasings, Thresholds(1.0, 1.0), models, analysis=analysis)
    indexed = time.perf_counter()
    print(
        f"fit at load: {fitted - started:.2f} s ({ranked - started:.2f} s ranking {FOLDS} folds"
        f" of held-out phrasings), then {indexed - fitted:.2f} s indexing the content"
    )
    print(
        f"goals on held-out phrasings per locale: wrong answers <= {WRONG_ANSWER_GOAL:.0%}, "
        f"off-topic refused >= {OFF_TOPIC_REFUSAL_GOAL:.0%}, off-topic without buttons >= "
        f"{OFF_TOPIC_SILENCE_GOAL:.0%}; figures on out-of-fold probabilities"
    )
    for locale, each in held.items():
        chosen = cutoffs[locale]
        print(
            f"{locale:<8} answer={chosen.answer:.3f} suggest={chosen.suggest:.3f}  "
            + held_out_figures(each, probabilities[locale], chosen)
        )
    for locale, model in sorted(models.locales.items()):
        print(
            f"{locale:<8} model: bias={model.bias:+.3f} "
            + " ".join(
                f"{name}={weight:+.3f}"
                for name, weight in zip(FEATURE_NAMES, model.weights, strict=True)
            )
        )


if __name__ == "__main__":
    main()
