"""Calibration: Platt scaling fitted from (confidence, right) pairs, and its error measure."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from knowledge.calibration import (
    IDENTITY,
    Calibration,
    calibration_for,
    expected_calibration_error,
    fit_platt,
)


def _logit(p: float) -> float:
    return math.log(p / (1 - p))


def test_fit_platt_recovers_the_map_that_generated_the_outcomes() -> None:
    rng = np.random.default_rng(7)
    raw = rng.uniform(0.3, 0.97, size=20_000)
    true = Calibration(slope=1.8, intercept=-0.9)
    right = rng.uniform(size=raw.size) < np.array([true(float(c)) for c in raw])

    fitted = fit_platt(raw.tolist(), right.tolist())

    assert fitted.slope == pytest.approx(1.8, abs=0.1)
    assert fitted.intercept == pytest.approx(-0.9, abs=0.1)


def test_calibrating_overconfident_verdicts_lowers_the_error() -> None:
    rng = np.random.default_rng(3)
    raw = rng.uniform(0.6, 0.95, size=5_000).tolist()
    right = (rng.uniform(size=len(raw)) < [c - 0.2 for c in raw]).tolist()  # 20 points too sure

    fitted = fit_platt(raw, right)
    before = expected_calibration_error(raw, right)
    after = expected_calibration_error([fitted(c) for c in raw], right)

    assert before == pytest.approx(0.2, abs=0.02)
    assert after < 0.03


def test_the_map_is_monotone_and_the_default_is_the_identity() -> None:
    fitted = Calibration(slope=0.7, intercept=-0.3)
    values = [fitted(c) for c in (0.1, 0.4, 0.6, 0.9, 0.99)]

    assert values == sorted(values)
    assert IDENTITY(0.734) == 0.734
    assert fitted(0.8) == pytest.approx(1 / (1 + math.exp(-(0.7 * _logit(0.8) - 0.3))))


def test_expected_calibration_error_by_hand() -> None:
    # Two bins: 0.9 with 3 of 4 right (off by 0.15), 0.55 with 1 of 2 right (off by 0.05).
    confidences = [0.9, 0.9, 0.9, 0.9, 0.55, 0.55]
    right = [True, True, True, False, True, False]

    assert expected_calibration_error(confidences, right) == pytest.approx(
        4 / 6 * 0.15 + 2 / 6 * 0.05
    )
    assert math.isnan(expected_calibration_error([], []))


def test_a_stored_calibration_loads_and_a_missing_one_is_the_identity(tmp_path: Path) -> None:
    path = tmp_path / "verdict_calibration.json"
    assert Calibration.load(path) is IDENTITY
    path.write_text(json.dumps({"slope": 0.8, "intercept": 0.1, "pairs": 10}))

    assert Calibration.load(path) == Calibration(0.8, 0.1)


def test_only_the_default_stance_set_up_gets_the_shipped_calibration() -> None:
    assert calibration_for("lexical", None) is IDENTITY
    assert calibration_for("hybrid", "/some/other/model") is IDENTITY
    assert calibration_for("model", None) is IDENTITY
