"""A small logistic model: how likely the matcher's best entry is the right answer."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

BUNDLED_MODEL = Path(__file__).with_name("confidence.json")

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

# L2 penalty on the standardised weights: the tuning parts hold a few hundred questions,
# and a penalty keeps the weights of correlated features (score, margin) modest.
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

    @classmethod
    def fit(
        cls,
        rows: Sequence[Sequence[float]],
        labels: Sequence[bool],
        l2_penalty: float = L2_PENALTY,
    ) -> ConfidenceModel:
        """Penalised maximum likelihood by Newton's method: deterministic, no randomness."""
        width = len(FEATURE_NAMES)
        means = tuple(sum(row[i] for row in rows) / len(rows) for i in range(width))
        scales = tuple(
            math.sqrt(sum((row[i] - means[i]) ** 2 for row in rows) / len(rows)) or 1.0
            for i in range(width)
        )
        # Column 0 is the intercept, which is not penalised.
        design = [[1.0, *((row[i] - means[i]) / scales[i] for i in range(width))] for row in rows]
        targets = [1.0 if label else 0.0 for label in labels]
        coefficients = [0.0] * (width + 1)
        for _ in range(NEWTON_ITERATIONS):
            gradient = [0.0] * (width + 1)
            hessian = [[0.0] * (width + 1) for _ in range(width + 1)]
            for x, target in zip(design, targets, strict=True):
                predicted = _sigmoid(sum(c * v for c, v in zip(coefficients, x, strict=True)))
                curvature = predicted * (1 - predicted)
                for i in range(width + 1):
                    gradient[i] += (predicted - target) * x[i]
                    for j in range(i + 1):
                        hessian[i][j] += curvature * x[i] * x[j]
            for i in range(width + 1):
                for j in range(i):
                    hessian[j][i] = hessian[i][j]
                if i:
                    gradient[i] += l2_penalty * coefficients[i]
                    hessian[i][i] += l2_penalty
            step = _solve(hessian, gradient)
            coefficients = [c - s for c, s in zip(coefficients, step, strict=True)]
            if max(abs(s) for s in step) < CONVERGED:
                break
        return cls(
            bias=coefficients[0],
            weights=tuple(coefficients[1:]),
            means=means,
            scales=scales,
        )

    @classmethod
    def load(cls, path: Path | None = None) -> ConfidenceModel:
        return cls.from_dict(json.loads((path or BUNDLED_MODEL).read_text(encoding="utf-8")))

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
            "bias": round(self.bias, 6),
            "features": {
                name: {
                    "weight": round(weight, 6),
                    "mean": round(mean, 6),
                    "scale": round(scale, 6),
                }
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
    def load(cls, path: Path | None = None) -> ConfidenceModels:
        return cls.from_dict(json.loads((path or BUNDLED_MODEL).read_text(encoding="utf-8")))

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


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting; the matrix is small and well conditioned."""
    size = len(vector)
    rows = [[*matrix[i], vector[i]] for i in range(size)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda row: abs(rows[row][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for row in range(column + 1, size):
            factor = rows[row][column] / rows[column][column]
            for k in range(column, size + 1):
                rows[row][k] -= factor * rows[column][k]
    solution = [0.0] * size
    for row in reversed(range(size)):
        known = sum(rows[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = (rows[row][size] - known) / rows[row][row]
    return solution
