"""Make a verdict's confidence mean what it says: of the verdicts given with confidence 0.8,
about 80% should be right, so that "Very likely" is neither bluff nor false modesty.

The verdict stage's raw confidence is a hand-set function of how much evidence points which
way. `Calibration` maps it through Platt scaling, sigma(slope * logit(raw) + intercept), fitted
(`fit_platt`) on held-out data that no reported benchmark uses: see
`knowledge.stance.training.calibrate`. Two parameters, so a few hundred verdicts fit it without
overfitting, and monotone, so it never changes which verdict is surer than which.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "CALIBRATION_FILE",
    "IDENTITY",
    "Calibration",
    "calibration_for",
    "expected_calibration_error",
    "fit_platt",
]

CALIBRATION_FILE = "verdict_calibration.json"

_EPS = 1e-6


def _logit(p: float) -> float:
    p = min(max(p, _EPS), 1 - _EPS)
    return math.log(p / (1 - p))


@dataclass(frozen=True, slots=True)
class Calibration:
    """Platt scaling of a confidence; the default is the identity."""

    slope: float = 1.0
    intercept: float = 0.0

    def __call__(self, confidence: float) -> float:
        if self.slope == 1.0 and self.intercept == 0.0:
            return confidence
        return 1.0 / (1.0 + math.exp(-(self.slope * _logit(confidence) + self.intercept)))

    @classmethod
    def load(cls, path: Path) -> Calibration:
        """The calibration stored at `path`, or the identity if there is none."""
        if not path.is_file():
            return IDENTITY
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(float(data["slope"]), float(data["intercept"]))

    def to_dict(self) -> dict[str, float]:
        return asdict(self)


IDENTITY = Calibration()


def fit_platt(confidences: Sequence[float], correct: Sequence[bool]) -> Calibration:
    """The slope and intercept that maximise the likelihood of `correct` given
    sigma(slope * logit(confidence) + intercept) (Newton's method on the log loss, with a
    whisker of ridge so a separable set still converges)."""
    x = np.array([_logit(c) for c in confidences])
    y = np.array(correct, dtype=float)
    design = np.stack([x, np.ones_like(x)], axis=1)
    weights = np.array([1.0, 0.0])
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-(design @ weights)))
        gradient = design.T @ (p - y) + 1e-3 * weights
        hessian = (design.T * (p * (1 - p))) @ design + 1e-3 * np.eye(2)
        step = np.linalg.solve(hessian, gradient)
        weights -= step
        if np.abs(step).max() < 1e-9:
            break
    return Calibration(round(float(weights[0]), 4), round(float(weights[1]), 4))


def expected_calibration_error(
    confidences: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    """Mean |accuracy - confidence| over equal-width confidence bins, weighted by bin size."""
    if not confidences:
        return float("nan")
    error = 0.0
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        members = [
            i for i, c in enumerate(confidences) if low <= c < high or (b == bins - 1 and c == 1.0)
        ]
        if members:
            accuracy = sum(correct[i] for i in members) / len(members)
            mean_conf = sum(confidences[i] for i in members) / len(members)
            error += len(members) / len(confidences) * abs(accuracy - mean_conf)
    return error


def calibration_for(stance: str, stance_model: str | None) -> Calibration:
    """The calibration fitted for a stance set-up: the shipped one for the default (the hybrid
    with the shipped model); the identity for any other, which was never fitted."""
    from knowledge.stance import SHIPPED_MODEL

    if stance == "hybrid" and stance_model is None:
        return Calibration.load(SHIPPED_MODEL / CALIBRATION_FILE)
    return IDENTITY
