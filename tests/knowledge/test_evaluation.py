"""Evaluation: scoring hand-made answers against questions, and reading a questions file."""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from knowledge.errors import InputError
from knowledge.evaluation import (
    RELIABILITY_BINS,
    EvalQuestion,
    load_questions,
    reliability,
    score_answer,
    summarise,
)
from knowledge.models import Answer, Citation, SourceKind, VerdictLabel

REFUTED, NO_EVIDENCE = VerdictLabel.REFUTED, VerdictLabel.NO_EVIDENCE


def citation(n: int, doc_id: str) -> Citation:
    return Citation(
        n=n,
        doc_id=doc_id,
        title=f"Title {doc_id}",
        publisher="Pub",
        published=None,
        url=None,
        kind=SourceKind.NEWS,
        quote="a quote",
        passage_id=f"{doc_id}#abc-{n}",
    )


def answer(
    verdict: VerdictLabel = REFUTED,
    cited: tuple[str, ...] = (),
    text: str = "**Likely false**",
    confidence: float = 0.8,
    ms: float = 0.0,
) -> Answer:
    return Answer(
        question="q",
        claim="c",
        verdict=verdict,
        confidence=confidence,
        headline="h",
        text=text,
        citations=tuple(citation(n, d) for n, d in enumerate(cited, 1)),
        timings_ms={"total": ms},
    )


def question(verdict: VerdictLabel = REFUTED, **fields: Any) -> EvalQuestion:
    return EvalQuestion(id="q1", question="did it happen?", verdict=verdict, **fields)


def test_a_correct_answer_scores_on_every_check() -> None:
    score = score_answer(
        question(
            must_cite_any=("ministry",),
            relevant=("ministry", "embassy"),
            answer_contains_any=("Ministry",),
            must_not_contain=("confirmed",),
            hedged=True,
        ),
        answer(cited=("ministry", "blog", "ministry"), text="Likely false: the ministry denied it"),
    )

    assert score.verdict_ok
    assert score.cited == ("ministry", "blog")
    assert score.citation_hit is True
    assert score.citations_in_relevant == 1
    assert score.contains_ok is True
    assert score.hedge_ok is True
    assert score.forbidden_found == ()
    assert score.no_evidence_ok is None


def test_a_wrong_answer_fails_the_checks() -> None:
    score = score_answer(
        question(
            must_cite_any=("ministry",),
            answer_contains_any=("ministry",),
            must_not_contain=("Confirmed", "true"),
            hedged=True,
        ),
        answer(VerdictLabel.SUPPORTED, cited=("blog",), text="**Confirmed**: it is TRUE"),
    )

    assert not score.verdict_ok
    assert score.expected is REFUTED
    assert score.got is VerdictLabel.SUPPORTED
    assert score.citation_hit is False
    assert score.contains_ok is False
    assert score.hedge_ok is False
    assert score.forbidden_found == ("Confirmed", "true")


def test_checks_a_question_does_not_ask_for_are_none() -> None:
    score = score_answer(question(), answer())

    assert score.citation_hit is None
    assert score.contains_ok is None
    assert score.hedge_ok is None
    assert score.no_evidence_ok is None


@pytest.mark.parametrize(
    ("got", "cited", "ok"),
    [(NO_EVIDENCE, (), True), (NO_EVIDENCE, ("blog",), False), (REFUTED, (), False)],
)
def test_no_evidence_must_cite_nothing(got: VerdictLabel, cited: tuple[str, ...], ok: bool) -> None:
    assert score_answer(question(NO_EVIDENCE), answer(got, cited=cited)).no_evidence_ok is ok


def test_summarise_rates_and_counts() -> None:
    q = question(must_cite_any=("ministry",), relevant=("ministry",), hedged=True)
    scores = [
        score_answer(q, answer(cited=("ministry",), text="likely false", confidence=0.9, ms=10)),
        score_answer(q, answer(cited=("ministry", "blog"), text="false", confidence=0.9, ms=30)),
        score_answer(
            q, answer(VerdictLabel.SUPPORTED, cited=("blog",), text="true", confidence=0.7, ms=20)
        ),
        score_answer(question(NO_EVIDENCE), answer(NO_EVIDENCE, confidence=0.6, ms=40)),
    ]

    metrics = summarise(scores)

    assert metrics["questions"] == 4
    assert metrics["verdict_accuracy"] == pytest.approx(3 / 4)
    assert metrics["citation_hit_rate"] == pytest.approx(2 / 3)
    assert metrics["citation_precision"] == pytest.approx(2 / 4)
    assert metrics["hedging_rate"] == pytest.approx(1 / 3)
    assert metrics["no_evidence_handled"] == 1.0
    assert metrics["must_not_contain_violations"] == 0
    assert math.isnan(metrics["answer_contains_rate"])
    assert metrics["median_ms"] == 30


def test_calibration_error_compares_confidence_with_accuracy() -> None:
    q = question()
    right = score_answer(q, answer(REFUTED, confidence=1.0))
    wrong = score_answer(q, answer(VerdictLabel.SUPPORTED, confidence=0.0))

    assert summarise([right, wrong])["expected_calibration_error"] == pytest.approx(0.0)
    assert summarise([replace(wrong, confidence=0.9)])["expected_calibration_error"] == (
        pytest.approx(0.9)
    )


def test_summarise_of_nothing_is_not_a_number() -> None:
    metrics = summarise([])

    assert metrics["questions"] == 0
    assert math.isnan(metrics["verdict_accuracy"])
    assert math.isnan(metrics["median_ms"])


def write_lines(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_load_questions(tmp_path: Path) -> None:
    path = write_lines(
        tmp_path / "questions.jsonl",
        json.dumps(
            {
                "id": 7,
                "question": "did pellam sell its ferries?",
                "verdict": "refuted",
                "must_cite_any": ["ministry"],
                "relevant": ["ministry", "embassy"],
                "answer_contains_any": ["ministry"],
                "must_not_contain": ["Confirmed"],
                "hedged": True,
            }
        ),
        "",
        json.dumps({"id": "q2", "question": "who runs the museum?", "verdict": "no_evidence"}),
    )

    first, second = load_questions(path)

    assert first == EvalQuestion(
        id="7",
        question="did pellam sell its ferries?",
        verdict=REFUTED,
        must_cite_any=("ministry",),
        relevant=("ministry", "embassy"),
        answer_contains_any=("ministry",),
        must_not_contain=("Confirmed",),
        hedged=True,
    )
    assert second == EvalQuestion(id="q2", question="who runs the museum?", verdict=NO_EVIDENCE)


@pytest.mark.parametrize(
    "bad",
    [
        "{not json",
        json.dumps({"id": "q2", "question": "x"}),
        json.dumps({"id": "q2", "question": "x", "verdict": "maybe"}),
        json.dumps(["q2", "x", "refuted"]),
        "42",
    ],
)
def test_a_bad_line_is_an_error_naming_the_line(tmp_path: Path, bad: str) -> None:
    good = json.dumps({"id": "q1", "question": "x", "verdict": "refuted"})
    path = write_lines(tmp_path / "questions.jsonl", good, "", bad, good)

    with pytest.raises(InputError, match=r"questions\.jsonl:3: not a valid question"):
        load_questions(path)


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_questions(tmp_path / "missing.jsonl")


@pytest.mark.parametrize(
    "bad_field",
    ['"must_cite_any": "ministry"', '"hedged": "false"', '"relevant": [1, 2]', '"id": [7]'],
)
def test_fields_of_the_wrong_type_name_the_line(tmp_path: Path, bad_field: str) -> None:
    base = {"id": "q1", "question": "did it happen?", "verdict": "refuted"}
    line = json.dumps(base)[:-1] + ", " + bad_field + "}"
    path = tmp_path / "questions.jsonl"
    path.write_text(json.dumps(base) + "\n" + line + "\n")
    with pytest.raises(InputError, match=r"questions\.jsonl:2"):
        load_questions(path)


def test_a_wrong_verdict_at_very_likely_or_more_is_confidently_wrong() -> None:
    rumour = question(REFUTED)
    assert score_answer(rumour, answer(VerdictLabel.SUPPORTED, confidence=0.8)).confidently_wrong
    assert not score_answer(
        rumour, answer(VerdictLabel.SUPPORTED, confidence=0.79)
    ).confidently_wrong
    assert not score_answer(rumour, answer(REFUTED, confidence=0.95)).confidently_wrong
    # Hedged labels are not claims of truth or falsity, however sure.
    assert not score_answer(rumour, answer(NO_EVIDENCE, confidence=0.9)).confidently_wrong
    assert not score_answer(
        rumour, answer(VerdictLabel.UNVERIFIED, confidence=0.9)
    ).confidently_wrong


def test_the_summary_counts_confidently_wrong_answers() -> None:
    scores = [
        score_answer(question(REFUTED), answer(VerdictLabel.SUPPORTED, confidence=0.9)),
        score_answer(question(REFUTED), answer(REFUTED, confidence=0.9)),
    ]
    assert summarise(scores)["confidently_wrong"] == 1


def test_the_reliability_table_bins_answers_by_confidence() -> None:
    scores = [
        score_answer(question(REFUTED), answer(REFUTED, confidence=c))
        for c in (0.6, 0.7, 0.85, 1.0)
    ] + [score_answer(question(REFUTED), answer(VerdictLabel.SUPPORTED, confidence=0.9))]

    rows = reliability(scores)

    assert [(r.low, r.high) for r in rows] == list(itertools.pairwise(RELIABILITY_BINS))
    by_low = {r.low: r for r in rows}
    assert by_low[0.0].answers == 0
    assert math.isnan(by_low[0.0].accuracy)
    assert (by_low[0.55].answers, by_low[0.55].accuracy) == (2, 1.0)
    assert (by_low[0.8].answers, by_low[0.8].accuracy) == (2, 0.5)
    assert by_low[0.95].answers == 1  # 1.0 falls in the last bin
    assert by_low[0.8].mean_confidence == pytest.approx(0.875)
