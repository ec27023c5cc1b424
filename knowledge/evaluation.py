"""Score answers against a question set in factdesk's evaluation format.

The format (see ../shared/eval/dev/README.md) gives per question the expected verdict, the
documents an answer must cite one of, the documents it may cite, strings it must or must not
contain, and whether it must hedge. Scoring is pure; `run_evaluation` loads the corpus into a
temporary data directory, asks every question and scores the answers.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from knowledge.calibration import expected_calibration_error
from knowledge.errors import InputError
from knowledge.hedging import HEDGE_WORDS
from knowledge.ingest import Progress
from knowledge.models import Answer, IngestReport, VerdictLabel
from knowledge.settings import Settings, StoreSettings

__all__ = [
    "CONFIDENT",
    "RELIABILITY_BINS",
    "EvalQuestion",
    "EvalReport",
    "QuestionScore",
    "ReliabilityBin",
    "load_questions",
    "reliability",
    "run_evaluation",
    "score_answer",
    "summarise",
]


@dataclass(frozen=True, slots=True)
class EvalQuestion:
    id: str
    question: str
    verdict: VerdictLabel
    must_cite_any: tuple[str, ...] = ()
    relevant: tuple[str, ...] = ()
    answer_contains_any: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    hedged: bool = False


@dataclass(frozen=True, slots=True)
class QuestionScore:
    id: str
    expected: VerdictLabel
    got: VerdictLabel
    confidence: float
    cited: tuple[str, ...]
    citation_hit: bool | None  # None when the question names no must-cite documents
    citations_in_relevant: int
    contains_ok: bool | None
    hedge_ok: bool | None
    forbidden_found: tuple[str, ...]
    no_evidence_ok: bool | None
    ms: float

    @property
    def verdict_ok(self) -> bool:
        return self.expected is self.got

    @property
    def confidently_wrong(self) -> bool:
        """A wrong "true" or "false" verdict said with "Very likely" or more: the answer that
        spreads a rumour, or denies a fact, with the desk's name on it."""
        return (
            not self.verdict_ok
            and self.got in (VerdictLabel.SUPPORTED, VerdictLabel.REFUTED)
            and self.confidence >= CONFIDENT
        )


# "Very likely" starts here (knowledge.hedging); a wrong verdict above it is the worst failure.
CONFIDENT = 0.8
# Confidence bins of the reliability table: the hedging ladder's rungs, so each row is one
# kind of headline ("Likely", "Very likely", ...).
RELIABILITY_BINS = (0.0, 0.55, 0.8, 0.95, 1.0)


@dataclass(frozen=True, slots=True)
class ReliabilityBin:
    """Answers whose confidence falls in [low, high): how many, how sure, how often right."""

    low: float
    high: float
    answers: int
    mean_confidence: float
    accuracy: float

    def to_dict(self) -> dict[str, float]:
        return {
            "low": self.low,
            "high": self.high,
            "answers": self.answers,
            "mean_confidence": round(self.mean_confidence, 3),
            "accuracy": round(self.accuracy, 3),
        }


def reliability(
    scores: Sequence[QuestionScore], edges: Sequence[float] = RELIABILITY_BINS
) -> list[ReliabilityBin]:
    """Confidence bins against accuracy; the last bin includes 1.0."""
    rows = []
    for i, (low, high) in enumerate(itertools.pairwise(edges)):
        last = i == len(edges) - 2
        members = [
            s for s in scores if low <= s.confidence < high or (last and s.confidence >= high)
        ]
        if members:
            rows.append(
                ReliabilityBin(
                    low,
                    high,
                    len(members),
                    sum(s.confidence for s in members) / len(members),
                    sum(s.verdict_ok for s in members) / len(members),
                )
            )
        else:
            rows.append(ReliabilityBin(low, high, 0, float("nan"), float("nan")))
    return rows


@dataclass(frozen=True)
class EvalReport:
    scores: tuple[QuestionScore, ...]
    metrics: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "metrics": self.metrics,
            "reliability": [row.to_dict() for row in reliability(self.scores)],
            "questions": [
                {
                    "id": s.id,
                    "expected": s.expected.value,
                    "got": s.got.value,
                    "confidence": round(s.confidence, 3),
                    "confidently_wrong": s.confidently_wrong,
                    "cited": list(s.cited),
                    "citation_hit": s.citation_hit,
                    "contains_ok": s.contains_ok,
                    "hedge_ok": s.hedge_ok,
                    "forbidden_found": list(s.forbidden_found),
                    "no_evidence_ok": s.no_evidence_ok,
                    "ms": round(s.ms, 1),
                }
                for s in self.scores
            ],
        }


def load_questions(path: Path) -> list[EvalQuestion]:
    """Read a questions file; a bad line is an error naming the line."""
    questions = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            _check_types(raw)
            questions.append(
                EvalQuestion(
                    id=str(raw["id"]),
                    question=str(raw["question"]),
                    verdict=VerdictLabel(raw["verdict"]),
                    must_cite_any=tuple(raw.get("must_cite_any", ())),
                    relevant=tuple(raw.get("relevant", ())),
                    answer_contains_any=tuple(raw.get("answer_contains_any", ())),
                    must_not_contain=tuple(raw.get("must_not_contain", ())),
                    hedged=bool(raw.get("hedged", False)),
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}:{number}: not a valid question ({exc})") from exc
    return questions


_LIST_FIELDS = ("must_cite_any", "relevant", "answer_contains_any", "must_not_contain")


def _check_types(raw: object) -> None:
    if not isinstance(raw, dict):
        raise TypeError("a line must be a JSON object")
    if not isinstance(raw.get("id"), str | int):
        raise TypeError("'id' must be a string or a number")
    for name in ("question", "verdict"):
        if not isinstance(raw.get(name), str):
            raise TypeError(f"{name!r} must be a string")
    for name in _LIST_FIELDS:
        value = raw.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise TypeError(f"{name!r} must be a list of strings")
    if not isinstance(raw.get("hedged", False), bool):
        raise TypeError("'hedged' must be true or false")


def _contains(text: str, needles: Sequence[str]) -> list[str]:
    lowered = text.lower()
    return [n for n in needles if n.lower() in lowered]


def score_answer(question: EvalQuestion, answer: Answer) -> QuestionScore:
    cited = tuple(dict.fromkeys(c.doc_id for c in answer.citations))
    text = answer.text
    return QuestionScore(
        id=question.id,
        expected=question.verdict,
        got=answer.verdict,
        confidence=answer.confidence,
        cited=cited,
        citation_hit=bool(set(cited) & set(question.must_cite_any))
        if question.must_cite_any
        else None,
        citations_in_relevant=sum(1 for d in cited if d in question.relevant),
        contains_ok=bool(_contains(text, question.answer_contains_any))
        if question.answer_contains_any
        else None,
        hedge_ok=bool(_contains(text, HEDGE_WORDS)) if question.hedged else None,
        forbidden_found=tuple(_contains(text, question.must_not_contain)),
        no_evidence_ok=(answer.verdict is VerdictLabel.NO_EVIDENCE and not cited)
        if question.verdict is VerdictLabel.NO_EVIDENCE
        else None,
        ms=float(answer.timings_ms.get("total", 0.0)),
    )


def _rate(values: Sequence[bool | None]) -> float:
    counted = [v for v in values if v is not None]
    return sum(counted) / len(counted) if counted else float("nan")


def summarise(scores: Sequence[QuestionScore]) -> dict[str, float]:
    cited_total = sum(len(s.cited) for s in scores if s.expected is not VerdictLabel.NO_EVIDENCE)
    in_relevant = sum(
        s.citations_in_relevant for s in scores if s.expected is not VerdictLabel.NO_EVIDENCE
    )
    times = sorted(s.ms for s in scores)
    return {
        "questions": float(len(scores)),
        "verdict_accuracy": _rate([s.verdict_ok for s in scores]),
        "citation_hit_rate": _rate([s.citation_hit for s in scores]),
        "citation_precision": in_relevant / cited_total if cited_total else float("nan"),
        "answer_contains_rate": _rate([s.contains_ok for s in scores]),
        "hedging_rate": _rate([s.hedge_ok for s in scores]),
        "must_not_contain_violations": float(sum(1 for s in scores if s.forbidden_found)),
        "confidently_wrong": float(sum(1 for s in scores if s.confidently_wrong)),
        "no_evidence_handled": _rate([s.no_evidence_ok for s in scores]),
        "expected_calibration_error": expected_calibration_error(
            [s.confidence for s in scores], [s.verdict_ok for s in scores]
        ),
        "median_ms": times[len(times) // 2] if times else float("nan"),
    }


def run_evaluation(
    questions: Sequence[EvalQuestion],
    corpus: Path,
    *,
    settings: Settings,
    progress: Progress | None = None,
) -> tuple[EvalReport, IngestReport]:
    """Load `corpus` into a fresh, embedded data directory and score every question."""
    from knowledge.desk import Desk

    with tempfile.TemporaryDirectory(prefix="factdesk-eval-") as scratch:
        store = StoreSettings(data_dir=Path(scratch), scope="eval", chroma_host=None)
        eval_settings = Settings(store, settings.embedding, settings.ingest, settings.answer)
        with Desk(eval_settings) as desk:
            loaded = desk.ingest([str(corpus)], progress=progress)
            scores = tuple(score_answer(q, desk.ask(q.question)) for q in questions)
    return EvalReport(scores=scores, metrics=summarise(scores)), loaded
