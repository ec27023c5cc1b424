"""Verdicts on given evidence: the desk's judge and verdict over texts instead of retrieval."""

from __future__ import annotations

from knowledge.calibration import Calibration
from knowledge.given_evidence import GivenScope, GivenText, yes_no
from knowledge.models import SourceKind, VerdictLabel
from knowledge.stance.lexical import LexicalStance

TEXTS = [
    GivenText(
        "m1",
        "ministry",
        "The ministry denied that Pellam sold its ferries to Brenn.",
        kind=SourceKind.STATEMENT,
    ),
    GivenText(
        "f1",
        "checker",
        "Claims that Pellam sold its ferries to Brenn are false.",
        kind=SourceKind.FACTCHECK,
    ),
    GivenText("w1", "weather", "Rain is expected across the coast on Tuesday."),
]


def test_given_texts_are_judged_and_decided_as_the_desk_would() -> None:
    scope = GivenScope(TEXTS)
    claim = yes_no("Pellam sold its ferries to Brenn")

    evidence, verdict = scope.verdict(
        claim, ["m1", "f1", "w1"], LexicalStance(), lambda text: 0.1 if "Rain" in text else 0.6
    )

    assert {e.hit.source.doc_id for e in evidence} == {"ministry", "checker"}  # weather: floor
    assert verdict.label is VerdictLabel.REFUTED
    assert {e.hit.source.kind for e in evidence} == {SourceKind.STATEMENT, SourceKind.FACTCHECK}


def test_the_calibration_is_applied() -> None:
    scope = GivenScope(TEXTS)
    claim = yes_no("Pellam sold its ferries to Brenn")
    humble = Calibration(slope=0.5, intercept=-1.0)

    _, raw = scope.verdict(claim, ["m1", "f1"], LexicalStance(), lambda _: 0.6)
    _, calibrated = scope.verdict(claim, ["m1", "f1"], LexicalStance(), lambda _: 0.6, humble)

    assert calibrated.confidence == humble(raw.confidence) < raw.confidence
