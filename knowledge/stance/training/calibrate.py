"""Fit the verdict calibration for the default stance set-up (the hybrid with the shipped model).

    python -m knowledge.stance.training.calibrate --data ../shared/data

Rebuilds the training run's held-out slice (same seed, same split: pairs the model never saw),
asks the desk's own judge and verdict about each pair as a one-source claim, and fits Platt
scaling (`knowledge.calibration`) from the raw confidence to whether the verdict was right.
A pair allows verdicts by its label: supports -> supported, refutes -> refuted, neutral ->
unverified or no evidence, and FEVER's "refutes or neutral" -> any of those three. Writes
`verdict_calibration.json` beside the model, with the expected calibration error before and
after, both in-sample and two-fold cross-fitted (the honest number).

None of this data is a benchmark factdesk reports: the benchmarks (Climate-FEVER, FNC-1,
HealthVer, the dev questions) only ever see the fitted map.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from knowledge.calibration import (
    CALIBRATION_FILE,
    Calibration,
    expected_calibration_error,
    fit_platt,
)
from knowledge.embeddings import MiniLMEmbeddings
from knowledge.given_evidence import GivenScope, GivenText, yes_no
from knowledge.models import StanceLabel, VerdictLabel
from knowledge.stance import SHIPPED_MODEL, make_stance_model
from knowledge.stance.training.datasets import Example, MissingDataError, add_data_option
from knowledge.stance.training.train import TrainSettings, split_examples
from knowledge.text.variants import normalise_query

__all__ = ["main", "right_verdicts"]

_VERDICTS_FOR = {
    StanceLabel.SUPPORTS: {VerdictLabel.SUPPORTED},
    StanceLabel.REFUTES: {VerdictLabel.REFUTED},
    StanceLabel.NEUTRAL: {VerdictLabel.UNVERIFIED, VerdictLabel.NO_EVIDENCE},
}


def right_verdicts(example: Example) -> set[VerdictLabel]:
    """The verdicts that a one-source claim with this pair's label may rightly get."""
    return set().union(*(_VERDICTS_FOR[label] for label in example.allowed))


def _verdicts(pairs: Sequence[Example]) -> list[tuple[float, bool, bool]]:
    """(raw confidence, right, calibratable) per pair; a claim whose only text falls below the
    relevance floor gets the fixed no-evidence verdict, which calibration does not touch."""
    texts = [
        GivenText(f"t{i}", f"d{i}", pair.evidence, publisher=f"p{i}")
        for i, pair in enumerate(pairs)
    ]
    scope = GivenScope(texts)
    vocabulary = scope.snapshot.bm25.vocabulary
    queries = [normalise_query(pair.claim, vocabulary) for pair in pairs]
    embeddings = MiniLMEmbeddings()
    query_vectors = embeddings.embed_array(queries)
    text_vectors = embeddings.embed_array([pair.evidence for pair in pairs])
    stance = make_stance_model("hybrid")
    out = []
    for i, pair in enumerate(pairs):
        similarity = float(query_vectors[i] @ text_vectors[i])
        evidence, verdict = scope.verdict(
            yes_no(pair.claim), [f"t{i}"], stance, functools.partial(_constant, similarity)
        )
        right = verdict.label in right_verdicts(pair)
        out.append((verdict.confidence, right, bool(evidence)))
    return out


def _constant(value: float, _: str) -> float:
    return value


def _ece(rows: Sequence[tuple[float, bool, bool]], calibration: Calibration) -> float:
    confidences = [calibration(c) if fit else c for c, _, fit in rows]
    return round(expected_calibration_error(confidences, [r for _, r, _ in rows]), 4)


def fit(pairs: Sequence[Example], seed: int) -> dict[str, Any]:
    rows = _verdicts(pairs)
    fittable = [(c, r) for c, r, ok in rows if ok]
    calibration = fit_platt([c for c, _ in fittable], [r for _, r in fittable])
    # Two-fold cross-fit: each half scored by the map fitted on the other half.
    order = list(range(len(rows)))
    random.Random(seed).shuffle(order)
    halves = [order[::2], order[1::2]]
    crossed: list[tuple[float, bool, bool]] = []
    for this, other in (halves, halves[::-1]):
        train = [rows[i] for i in other if rows[i][2]]
        half_map = fit_platt([c for c, _, _ in train], [r for _, r, _ in train])
        crossed += [
            (half_map(rows[i][0]) if rows[i][2] else rows[i][0], rows[i][1], False) for i in this
        ]
    return {
        **calibration.to_dict(),
        "fitted_for": "FACTDESK_STANCE=hybrid with the shipped model",
        "pairs": len(rows),
        "pairs_fitted": len(fittable),
        "accuracy": round(sum(r for _, r, _ in rows) / len(rows), 4),
        "verdict_ece_raw": _ece(rows, Calibration()),
        "verdict_ece_calibrated_in_sample": _ece(rows, calibration),
        "verdict_ece_calibrated_cross_fitted": _ece(crossed, Calibration()),
        "origins": dict(Counter(pair.origin for pair in pairs)),
        "command": "python -m knowledge.stance.training.calibrate",
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge.stance.training.calibrate",
        description="Fit the verdict calibration of the shipped stance model on the training "
        "run's held-out pairs and write it beside the model.",
    )
    add_data_option(parser)
    parser.add_argument("--seed", type=int, default=TrainSettings().seed, help="the training seed")
    parser.add_argument("--out", type=Path, default=SHIPPED_MODEL / CALIBRATION_FILE)
    args = parser.parse_args(argv)
    settings = TrainSettings(seed=args.seed)
    try:
        _, held_out, _ = split_examples(args.data, settings, random.Random(settings.seed))
    except MissingDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    result = fit(held_out, settings.seed)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
