"""Choose between stance models and hybrid thresholds on data that no reported benchmark uses.

Every candidate (a trained model folder, read alone and inside the hybrid at each threshold, and
the lexical rules alone) is scored on:

1. dev: factdesk's development questions (`../shared/eval/dev`, our own format and corpus):
   verdict accuracy and citation hit rate of the Desk with that stance, and the questions it
   gets wrong. The corpus is loaded once; only the stance changes between candidates.
2. news: our 60 news-stance cases (`tests/knowledge/stance/news_stance_cases.jsonl`), read as
   the verdict reads them (support that only relays a claim counts as neutral).
3. covid: COVID-Fact's RTE dev split (`../shared/data/covidfact`, 419 pairs, real news and
   preprint sentences against real and counterfactual claims), supports against the rest:
   balanced accuracy and the recall of each side. The set is "evaluation only": nothing is
   trained on it, and factdesk reports no benchmark on it, so it can check a choice.

Climate-FEVER, FNC-1 and HealthVer are never read here: they are what `stance_benchmarks.py`
reports, and choosing on them would void those numbers. `stance_heldout.py` adds the model's
reading alone of three held-out sets (FM2 test, LingNLI val, Breaking-NLI); a model is chosen on
both scripts' numbers.

    .venv/bin/python bench/stance_selection.py                       # the shipped model
    .venv/bin/python bench/stance_selection.py --model /tmp/stance-v4 --threshold 0.6 0.7 0.8
    .venv/bin/python bench/stance_selection.py --json                # JSON on stdout
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from knowledge.desk import Desk
from knowledge.evaluation import load_questions, score_answer, summarise
from knowledge.models import Stance, StanceLabel
from knowledge.settings import Settings, StoreSettings
from knowledge.stance import EvidenceText, StanceModel
from knowledge.stance.cases import accuracy_by_pattern, load_cases
from knowledge.stance.crossencoder import CrossEncoderStance
from knowledge.stance.hybrid import HybridStance
from knowledge.stance.lexical import LexicalStance

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "knowledge" / "stance" / "news_stance_cases.jsonl"


class RememberedStance:
    """A stance model that judges each (claim, passage) once: the candidates share readings."""

    def __init__(self, model: StanceModel) -> None:
        self.model = model
        self.name = model.name
        self._seen: dict[tuple[str, str], Stance] = {}

    def predict(self, claim: str, evidence: Sequence[EvidenceText]) -> list[Stance]:
        new = [item for item in evidence if (claim, item.text) not in self._seen]
        for item, stance in zip(new, self.model.predict(claim, new), strict=True):
            self._seen[(claim, item.text)] = stance
        return [self._seen[(claim, item.text)] for item in evidence]


@dataclass
class Score:
    candidate: str
    dev_verdicts: float
    dev_citations: float
    dev_wrong: list[str]
    news: float
    covid_balanced: float
    covid_supports: float
    covid_rest: float


def _covid_pairs(data: Path) -> list[tuple[str, str, bool]]:
    path = data / "covidfact" / "RTE-covidfact_dev.tsv"
    if not path.is_file():
        raise SystemExit(f"{path} is missing; pass --data to point at ../shared/data")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [(r["Sentence2"], r["sentence1"], r["entailment"] == "entailment") for r in rows]


def _covid(stance: StanceModel, pairs: list[tuple[str, str, bool]]) -> tuple[float, float, float]:
    hits = {True: [0, 0], False: [0, 0]}  # gold supports? -> [right, all]
    for claim, evidence, supports in pairs:
        (judged,) = stance.predict(claim, [EvidenceText(evidence)])
        hits[supports][0] += (judged.label is StanceLabel.SUPPORTS) == supports
        hits[supports][1] += 1
    yes, no = (hits[side][0] / hits[side][1] for side in (True, False))
    return (yes + no) / 2, yes, no


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--model",
        action="append",
        help="a stance model folder (repeatable; default: the shipped model)",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        nargs="+",
        default=[0.6, 0.7, 0.8],
        help="hybrid thresholds to try (default: 0.6 0.7 0.8)",
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--dev", type=Path, default=ROOT.parent / "shared" / "eval" / "dev")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    args = parser.parse_args(argv)
    pairs = _covid_pairs(args.data)
    questions = load_questions(args.dev / "questions.jsonl")
    cases = load_cases(CASES)

    candidates: list[tuple[str, StanceModel]] = [("rules", LexicalStance())]
    for folder in args.model or [None]:
        model = RememberedStance(CrossEncoderStance(model=folder))
        label = folder or "shipped"
        candidates.append((f"{label} alone", model))
        candidates += [
            (f"{label} hybrid {t:.2f}", HybridStance(model, min_confidence=t))
            for t in args.threshold
        ]

    scores: list[Score] = []
    with tempfile.TemporaryDirectory(prefix="factdesk-select-") as scratch:
        settings = Settings(StoreSettings(data_dir=Path(scratch), scope="select", chroma_host=None))
        with Desk(settings, stance=LexicalStance()) as desk:
            desk.ingest([str(args.dev / "corpus")])
            for name, stance in candidates:
                print(f"scoring {name}", file=sys.stderr, flush=True)
                desk.stance = stance
                judged = [score_answer(q, desk.ask(q.question)) for q in questions]
                metrics = summarise(judged)
                balanced, yes, no = _covid(stance, pairs)
                scores.append(
                    Score(
                        name,
                        metrics["verdict_accuracy"],
                        metrics["citation_hit_rate"],
                        [
                            f"{s.id}: {s.expected.value} -> {s.got.value}"
                            for s in judged
                            if s.got != s.expected
                        ],
                        accuracy_by_pattern(stance, cases)[0],
                        balanced,
                        yes,
                        no,
                    )
                )

    if args.json:
        print(json.dumps([vars(s) for s in scores], indent=2))
        return 0
    print(
        f"{'candidate':<34} {'dev':>5} {'cite':>5} {'news':>5} {'covid':>5} {'sup':>5} {'rest':>5}"
    )
    for s in scores:
        print(
            f"{s.candidate:<34} {s.dev_verdicts:5.3f} {s.dev_citations:5.3f} {s.news:5.3f} "
            f"{s.covid_balanced:5.3f} {s.covid_supports:5.3f} {s.covid_rest:5.3f}"
        )
        if s.dev_wrong:
            print(f"{'':<34} dev wrong: {', '.join(s.dev_wrong)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
