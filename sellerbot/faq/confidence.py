"""A small logistic model: how likely the matcher's best entry is the right answer."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

# What the matcher measures about its best candidate, in this order (see FaqMatcher.rank).
FEATURE_NAMES = (
    "score",  # the best entry's score: word similarity plus a share of closeness in meaning
    "margin",  # best minus runner-up similarity
    "lead",  # log(best / runner-up), capped: near 0 means two entries fit equally well
    "phrasing",  # cosine to the best entry's closest single phrasing
    "coverage",  # share of the question's words the best entry knows
    "coverage_lead",  # that share minus the runner-up's
    "unknown_share",  # share of the question's words no entry knows
    "length",  # log of how many features the question has
    "script_matches_locale",  # 1 when written plainly in the learner's language's script
    "agreement",  # similarity-weighted share of the closest phrasings that are the best entry's
    # similarity to the questions the bot must not answer (how far the best entry's score
    # is above it needs no feature of its own: the model is linear in both)
    "out_of_scope",
    "meaning",  # the question's sentence vector against the best entry's mean phrasing vector
    "meaning_lead",  # that minus the closest other entry's
    "words_agree",  # 1 when word and n-gram similarity alone ranks the best entry first
    "meaning_agrees",  # 1 when closeness in meaning alone ranks it first
    "meaning_out_of_scope",  # closeness in meaning to the closest out-of-scope question
)

# Features whose weight must not be negative: a wider lead over the runner-up, or more of
# the closest phrasings agreeing, never makes the best entry less likely to be right.
NON_NEGATIVE = frozenset({"margin", "lead", "coverage_lead", "meaning_lead", "agreement"})
# Features whose weight must not be positive: likeness to the questions the bot must not
# answer never makes an answer more likely to be right.
NON_POSITIVE = frozenset({"out_of_scope", "meaning_out_of_scope"})

# L2 penalty on the standardised weights: it keeps the weights of correlated features
# (score, margin) modest and the fit defined when the examples are separable.
L2_PENALTY = 1.0
NEWTON_ITERATIONS = 50
CONVERGED = 1e-9


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1 / (1 + math.exp(-value))
    exponential = math.exp(value)
    return exponential / (1 + exponential)


@dataclass(frozen=True)
class ConfidenceModel:
    """Logistic regression over standardised features; `probability` is in 0..1."""

    bias: float
    weights: tuple[float, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    feature_names: tuple[str, ...] = FEATURE_NAMES

    def probability(self, features: Sequence[float]) -> float:
        logit = self.bias + sum(
            weight * (value - mean) / scale
            for weight, value, mean, scale in zip(
                self.weights, features, self.means, self.scales, strict=True
            )
        )
        return _sigmoid(logit)

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """`probability` of each row of a 2-D array, at once."""
        logits = self.bias + ((rows - self.means) / self.scales) @ np.asarray(self.weights)
        return 1 / (1 + np.exp(-np.clip(logits, -500, 500)))

    @classmethod
    def fit(
        cls,
        rows: Sequence[Sequence[float]] | np.ndarray,
        labels: Sequence[bool] | np.ndarray,
        l2_penalty: float = L2_PENALTY,
    ) -> ConfidenceModel:
        """Penalised maximum likelihood by Newton's method, deterministic, with the signs
        of NON_NEGATIVE and NON_POSITIVE weights kept: a feature whose weight comes out
        with the wrong sign is held at 0 and the rest refitted, until none does."""
        design = np.asarray(rows, dtype=float).reshape(len(rows), len(FEATURE_NAMES))
        targets = np.asarray(labels, dtype=float)
        means = design.mean(axis=0) if len(design) else np.zeros(len(FEATURE_NAMES))
        scales = design.std(axis=0) if len(design) else np.ones(len(FEATURE_NAMES))
        scales[scales == 0] = 1.0
        standardised = (design - means) / scales
        signs = np.array(
            [1 if n in NON_NEGATIVE else -1 if n in NON_POSITIVE else 0 for n in FEATURE_NAMES]
        )
        free = np.ones(len(FEATURE_NAMES), dtype=bool)
        while True:
            weights, bias = _newton(standardised[:, free], targets, l2_penalty)
            coefficients = np.zeros(len(FEATURE_NAMES))
            coefficients[free] = weights
            wrong_sign = coefficients * signs < 0
            if not wrong_sign.any():
                break
            # The worst offender first: dropping one can set another's sign right.
            free[int(np.argmax(np.where(wrong_sign, np.abs(coefficients), -1.0)))] = False
        return cls(
            bias=float(bias),
            weights=tuple(float(value) for value in coefficients),
            means=tuple(float(value) for value in means),
            scales=tuple(float(value) for value in scales),
        )

    @classmethod
    def from_dict(cls, data: Mapping) -> ConfidenceModel:
        stored = data["features"]
        if set(stored) != set(FEATURE_NAMES):
            raise ValueError(f"confidence model features {sorted(stored)} are not {FEATURE_NAMES}")
        return cls(
            bias=float(data["bias"]),
            weights=tuple(float(stored[name]["weight"]) for name in FEATURE_NAMES),
            means=tuple(float(stored[name]["mean"]) for name in FEATURE_NAMES),
            scales=tuple(float(stored[name]["scale"]) for name in FEATURE_NAMES),
        )

    def to_dict(self) -> dict:
        return {
            # Unrounded: read back, the model gives exactly the probabilities it gave.
            "bias": self.bias,
            "features": {
                name: {"weight": weight, "mean": mean, "scale": scale}
                for name, weight, mean, scale in zip(
                    self.feature_names, self.weights, self.means, self.scales, strict=True
                )
            },
        }


@dataclass(frozen=True)
class ConfidenceModels:
    """A model per locale, fitted on that language's questions, and one for any other.

    Scores are not spread alike in every language (Chinese shares more character n-grams
    between unrelated questions), so one model for all would misjudge both.
    """

    default: ConfidenceModel
    locales: Mapping[str, ConfidenceModel] = field(default_factory=dict, hash=False)

    def probability(self, features: Sequence[float], locale: str) -> float:
        return self.locales.get(locale, self.default).probability(features)

    @classmethod
    def from_dict(cls, data: Mapping) -> ConfidenceModels:
        return cls(
            default=ConfidenceModel.from_dict(data["default"]),
            locales={
                locale: ConfidenceModel.from_dict(model)
                for locale, model in data.get("locales", {}).items()
            },
        )

    def to_dict(self) -> dict:
        return {
            "default": self.default.to_dict(),
            "locales": {locale: model.to_dict() for locale, model in sorted(self.locales.items())},
        }


def _newton(design: np.ndarray, targets: np.ndarray, l2_penalty: float) -> tuple[np.ndarray, float]:
    """Weights and intercept of an L2-penalised logistic regression (intercept unpenalised)."""
    x = np.hstack([np.ones((len(design), 1)), design])
    penalty = np.full(x.shape[1], l2_penalty)
    penalty[0] = 0.0
    coefficients = np.zeros(x.shape[1])
    for _ in range(NEWTON_ITERATIONS):
        predicted = 1 / (1 + np.exp(-np.clip(x @ coefficients, -500, 500)))
        gradient = x.T @ (predicted - targets) + penalty * coefficients
        hessian = (x * (predicted * (1 - predicted))[:, None]).T @ x + np.diag(penalty)
        # A tiny ridge keeps the intercept's row solvable when every label is the same.
        step = np.linalg.solve(hessian + 1e-9 * np.eye(x.shape[1]), gradient)
        coefficients -= step
        if np.abs(step).max() < CONVERGED:
            break
    return coefficients[1:], float(coefficients[0])
