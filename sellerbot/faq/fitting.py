"""Fit the matcher's confidence models and cut-offs from the FAQ content alone, at load.

Each locale's model learns whether the matcher's best-ranked entry is the right one from
the content's own phrasings, each asked of an index built without its fold of phrasings,
so that it looks like a question the matcher has never seen; the out-of-scope questions,
held out the same way, are the questions that must not be answered. The cut-offs are
chosen on out-of-fold probabilities: each held-out phrasing is scored by models fitted on
the other folds' phrasings, so they are not fitted to the models' own optimism. The same
content always gives the same fit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from sellerbot.faq.analysis import TextAnalysis
from sellerbot.faq.confidence import FEATURE_NAMES, ConfidenceModel, ConfidenceModels
from sellerbot.faq.matcher import OUT_OF_SCOPE, FaqMatcher, FaqPhrasings, Thresholds

FOLDS = 3
# Goals on the held-out phrasings, per locale. A phrasing asked of an index without a third
# of its entry's phrasings is harder than a farmer's question asked of the whole content:
# on the labelled questions of bench/data/, these goals give about half the wrong answers
# and a few points more refusals than they say.
WRONG_ANSWER_GOAL = 0.04
OFF_TOPIC_REFUSAL_GOAL = 0.93
OFF_TOPIC_SILENCE_GOAL = 0.80
THRESHOLD_GRID = np.arange(201) / 200
SUGGESTIONS = 3
# Features do not depend on the model, so any model will do while ranking the folds.
NEUTRAL_MODELS = ConfidenceModels(
    default=ConfidenceModel(
        bias=0.0,
        weights=(0.0,) * len(FEATURE_NAMES),
        means=(0.0,) * len(FEATURE_NAMES),
        scales=(1.0,) * len(FEATURE_NAMES),
    )
)
_RANK_ONLY = Thresholds(answer=1.0, suggest=0.0)


@dataclass(frozen=True)
class HeldOut:
    """What the matcher made of the held-out phrasings of one locale, one row each."""

    features: np.ndarray  # one row of FEATURE_NAMES per phrasing
    right: np.ndarray  # the best-ranked entry is the phrasing's own
    on_topic: np.ndarray  # an entry's phrasing, not an out-of-scope question
    shown: np.ndarray  # its entry is among the first SUGGESTIONS ranked
    folds: np.ndarray  # the fold each phrasing was held out in


@dataclass(frozen=True)
class Calibration:
    """The confidence models and cut-offs fitted on one content."""

    models: ConfidenceModels
    thresholds: Thresholds

    def to_dict(self) -> dict:
        return {"models": self.models.to_dict(), "thresholds": self.thresholds.to_dict()}

    @classmethod
    def from_dict(cls, data: Mapping) -> Calibration:
        return cls(
            ConfidenceModels.from_dict(data["models"]), Thresholds.from_dict(data["thresholds"])
        )


def held_out(
    phrasings: Sequence[FaqPhrasings], analysis: TextAnalysis, folds: int = FOLDS
) -> dict[str, HeldOut]:
    """Every phrasing ranked by an index built without its fold, per locale.

    A phrasing asked exactly as one still indexed (the same words in two entries) is
    answered by that rule, not the model, so it teaches the model nothing and is left out.
    """
    rows: dict[str, list[tuple]] = {}
    for fold in range(folds):
        kept = [
            FaqPhrasings(
                entry.entry_id,
                entry.locale,
                tuple(q for i, q in enumerate(entry.questions) if i % folds != fold),
                entry.answer,
            )
            for entry in phrasings
        ]
        matcher = FaqMatcher(kept, _RANK_ONLY, NEUTRAL_MODELS, analysis=analysis)
        for entry in phrasings:
            for question in entry.questions[fold::folds]:
                candidates = matcher.rank(question, entry.locale)
                if candidates is None or candidates.phrasing_of is not None:
                    continue
                ranked = candidates.ranked_ids
                on_topic = entry.entry_id != OUT_OF_SCOPE
                rows.setdefault(entry.locale, []).append(
                    (
                        candidates.features,
                        on_topic and ranked[0] == entry.entry_id,
                        on_topic,
                        on_topic and entry.entry_id in ranked[:SUGGESTIONS],
                        fold,
                    )
                )
    return {
        locale: HeldOut(*(np.array(column) for column in zip(*items, strict=True)))
        for locale, items in sorted(rows.items())
    }


def fit_models(held: Mapping[str, HeldOut], fold_left_out: int | None = None) -> ConfidenceModels:
    """A model per locale from its held-out phrasings, and a default from all of them;
    without the phrasings of `fold_left_out`, if given."""

    def kept(each: HeldOut) -> np.ndarray:
        return each.folds != fold_left_out

    per_locale = {
        locale: ConfidenceModel.fit(each.features[kept(each)], each.right[kept(each)])
        for locale, each in held.items()
    }
    everything = list(held.values())
    default = ConfidenceModel.fit(
        np.vstack([each.features[kept(each)] for each in everything]),
        np.concatenate([each.right[kept(each)] for each in everything]),
    )
    return ConfidenceModels(default=default, locales=per_locale)


def out_of_fold_probabilities(held: Mapping[str, HeldOut], folds: int = FOLDS) -> dict:
    """Each held-out phrasing's probability from models that never saw its fold."""
    probabilities = {locale: np.zeros(len(each.right)) for locale, each in held.items()}
    for fold in range(folds):
        models = fit_models(held, fold_left_out=fold)
        for locale, each in held.items():
            in_fold = each.folds == fold
            model = models.locales[locale]
            probabilities[locale][in_fold] = model.probabilities(each.features[in_fold])
    return probabilities


def _median(values: np.ndarray) -> float:
    return float(values[(len(values) - 1) // 2])


def choose_thresholds(each: HeldOut, probability: np.ndarray) -> Thresholds:
    """The answer cut-off that answers the most on-topic phrasings right within the goals
    on wrong answers and refusals, then the suggestion cut-off that shows the right entry
    most often while keeping most off-topic questions without buttons. Among equally good
    values the median is taken, away from the edges of the plateau."""
    # Row k: which phrasings a cut-off of THRESHOLD_GRID[k] lets through.
    answered = probability[None, :] >= THRESHOLD_GRID[:, None]
    off_topic = ~each.on_topic
    total, on_topic_count = len(probability), max(int(each.on_topic.sum()), 1)
    off_topic_count = max(int(off_topic.sum()), 1)
    wrong = (answered & ~each.right).sum(axis=1) / total
    refused = (~answered & off_topic).sum(axis=1) / off_topic_count
    right = (answered & each.right).sum(axis=1) / on_topic_count
    feasible = (wrong <= WRONG_ANSWER_GOAL) & (refused >= OFF_TOPIC_REFUSAL_GOAL)
    if not feasible.any():
        # Nothing meets the goals (a tiny content): answer only the exact phrasings.
        return Thresholds(answer=1.0, suggest=1.0)
    best = right[feasible].max()
    answer = _median(THRESHOLD_GRID[feasible & (right == best)])
    # As a suggestion cut-off, the same rows say which phrasings get buttons.
    silent = refused
    shown = (answered & each.shown).sum(axis=1) / on_topic_count
    allowed = (answer >= THRESHOLD_GRID) & (silent >= OFF_TOPIC_SILENCE_GOAL)
    if not allowed.any():
        return Thresholds(answer=answer, suggest=answer)
    best_shown = shown[allowed].max()
    suggest = _median(THRESHOLD_GRID[allowed & (shown == best_shown)])
    return Thresholds(answer=answer, suggest=suggest)


def fit(phrasings: Sequence[FaqPhrasings], analysis: TextAnalysis) -> Calibration:
    """The models fitted on every held-out phrasing and their per-locale cut-offs; a
    locale without cut-offs of its own gets the strictest of them."""
    held = held_out(phrasings, analysis)
    if not held:
        return Calibration(NEUTRAL_MODELS, Thresholds(answer=1.0, suggest=1.0))
    probabilities = out_of_fold_probabilities(held)
    per_locale = {
        locale: choose_thresholds(each, probabilities[locale]) for locale, each in held.items()
    }
    thresholds = Thresholds(
        answer=max(each.answer for each in per_locale.values()),
        suggest=max(each.suggest for each in per_locale.values()),
        locales=per_locale,
    )
    return Calibration(fit_models(held), thresholds)
