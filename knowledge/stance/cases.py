"""Labelled stance cases, scored as the verdict reads a stance.

Our news-stance cases (tests/knowledge/stance/news_stance_cases.jsonl: relayed, denied,
corrected, rated false, other figures, plain support...) check a stance model in the tests and
choose between models in bench/stance_selection.py; both score them here, the same way.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from knowledge.models import Stance, StanceLabel
from knowledge.stance import EvidenceText, StanceModel

__all__ = ["StanceCase", "accuracy_by_pattern", "load_cases", "verdict_reading"]


@dataclass(frozen=True, slots=True)
class StanceCase:
    """One (claim, evidence) pair, the label it deserves and the pattern it tests."""

    pattern: str
    label: StanceLabel
    claim: str
    evidence: str


def load_cases(path: Path) -> list[StanceCase]:
    """The cases in a JSON-lines file of {"pattern", "label", "claim", "evidence"}."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        StanceCase(row["pattern"], StanceLabel(row["label"]), row["claim"], row["evidence"])
        for row in rows
    ]


def verdict_reading(stance: Stance) -> StanceLabel:
    """The label as the verdict uses it: support that only relays someone's claim (an echo,
    `attributed`) confirms nothing, which is what "neutral" says of a relayed claim."""
    if stance.attributed and stance.label is StanceLabel.SUPPORTS:
        return StanceLabel.NEUTRAL
    return stance.label


def accuracy_by_pattern(
    model: StanceModel, cases: list[StanceCase]
) -> tuple[float, dict[str, float]]:
    """The share of cases read right, overall and per pattern."""
    hits: dict[str, list[bool]] = defaultdict(list)
    for case in cases:
        (judged,) = model.predict(case.claim, [EvidenceText(case.evidence)])
        hits[case.pattern].append(verdict_reading(judged) is case.label)
    overall = sum(sum(h) for h in hits.values()) / len(cases)
    return overall, {pattern: sum(h) / len(h) for pattern, h in hits.items()}
