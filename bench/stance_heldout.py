"""Held-out reading checks for stance models: FM2 test, LingNLI val and Breaking-NLI, model alone.

Each candidate (a trained model folder, or the shipped model) reads (claim, passage) pairs with
no rules around it, and is scored by accuracy, macro-F1 and the recall of each label:

1. fm2-test: Fool Me Twice's test split (`../shared/data/fm2/test.jsonl`), never trained on
   (training reads FM2's dev split only). Real claims against the Wikipedia sentences their
   writers chose: SUPPORTS -> supports, REFUTES -> refutes, the gold sentences joined; plus one
   retrieved sentence of the same page that is not gold -> neutral, drawn as training draws
   them (`knowledge.stance.training.datasets.read_fm2`; a few such sentences do bear on the
   claim, the same few for every model). Reported 3-way, and on the gold pairs alone
   ("fm2-gold": supports and refutes, a neutral answer counts as a miss).
2. lingnli-val: LingNLI's validation rounds (`../shared/data/lingnli-val`, 7,371 rows, 7,361
   distinct pairs on MultiNLI premises: fiction, government, telephone, travel...): e ->
   supports, c -> refutes, n -> neutral. Evaluation only: it has no licence, never train on it.
3. breaking-nli: Glockner et al.'s one-word-swap SNLI pairs (`../shared/data/breaking-nli`,
   8,193): entailment -> supports, contradiction -> refutes, neutral -> neutral. A probe for
   lexical traps; mostly contradictions. Its premises come from SNLI's training split; the few
   that CAD-SNLI or e-SNLI (both trained on) also hold are left out, and the report counts them.

All three are evaluation only here; Climate-FEVER, FNC-1 and HealthVer are never read (they are
what `stance_benchmarks.py` reports). `stance_selection.py` scores the dev questions, our news
cases and COVID-Fact; the two together choose a model.

    .venv/bin/python bench/stance_heldout.py                         # the shipped model
    .venv/bin/python bench/stance_heldout.py --model /tmp/stance-a --model /tmp/stance-b
    .venv/bin/python bench/stance_heldout.py --json                  # JSON on stdout
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from knowledge.models import StanceLabel
from knowledge.stance.crossencoder import load_pair_scorer
from knowledge.stance.training.datasets import (
    MissingDataError,
    detokenize,
    normalise,
    read_fm2,
)

ROOT = Path(__file__).resolve().parents[1]
LABELS = (StanceLabel.SUPPORTS, StanceLabel.REFUTES, StanceLabel.NEUTRAL)
_NLI = {
    "entailment": StanceLabel.SUPPORTS,
    "e": StanceLabel.SUPPORTS,
    "contradiction": StanceLabel.REFUTES,
    "c": StanceLabel.REFUTES,
    "neutral": StanceLabel.NEUTRAL,
    "n": StanceLabel.NEUTRAL,
}

Pair = tuple[str, str, StanceLabel]  # claim, evidence, gold


def _require(path: Path) -> Path:
    if not path.exists():
        raise SystemExit(f"{path} is missing; pass --data to point at ../shared/data")
    return path


def fm2_test(data: Path) -> list[Pair]:
    try:
        return [(e.claim, e.evidence, next(iter(e.allowed))) for e in read_fm2(data, "test")]
    except MissingDataError as exc:
        raise SystemExit(str(exc)) from exc


def lingnli_val(data: Path) -> list[Pair]:
    folder = _require(data / "lingnli-val")
    pairs: dict[tuple[str, str], StanceLabel] = {}
    for path in sorted(folder.glob("val_round*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                pairs.setdefault((row["hypothesis"], row["premise"]), _NLI[row["label"]])
    if not pairs:
        raise SystemExit(f"{folder} holds no val_round*.jsonl files")
    return [(claim, evidence, label) for (claim, evidence), label in pairs.items()]


def _trained_premises(data: Path) -> set[str]:
    """Premises of the caption sets training reads (e-SNLI dev and test, CAD-SNLI)."""
    seen: set[str] = set()
    for split in ("dev", "test"):
        path = _require(data / "esnli-snli-devtest" / f"s1.{split}")
        seen.update(normalise(line) for line in path.read_text(encoding="utf-8").splitlines())
    for split in ("train", "dev", "test"):
        path = _require(data / "cad-snli" / f"{split}.tsv")
        with path.open(encoding="utf-8", newline="") as handle:
            rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            seen.update(normalise(row["sentence1"]) for row in rows)
    return seen


def breaking_nli(data: Path) -> tuple[list[Pair], int]:
    """The pairs, and how many were left out because training saw their premise."""
    archive = _require(data / "breaking-nli" / "breaking_nli_dataset.zip")
    trained = _trained_premises(data)
    pairs: list[Pair] = []
    left_out = 0
    with zipfile.ZipFile(archive) as zipped, zipped.open("data/dataset.jsonl") as handle:
        for raw in handle:
            row = json.loads(raw)
            label = _NLI.get(row["gold_label"])
            if label is None:
                continue
            if normalise(row["sentence1"]) in trained:
                left_out += 1
                continue
            pairs.append((detokenize(row["sentence2"]), detokenize(row["sentence1"]), label))
    return pairs, left_out


def score(
    gold: Sequence[StanceLabel], predicted: Sequence[StanceLabel], labels: Sequence[StanceLabel]
) -> dict[str, Any]:
    """Accuracy, macro-F1 over `labels` (a prediction outside them is a miss for its gold
    label), and each label's recall and F1."""
    per_label: dict[str, dict[str, float]] = {}
    for label in labels:
        hits = sum(g is label and p is label for g, p in zip(gold, predicted, strict=True))
        said = sum(p is label for p in predicted)
        support = sum(g is label for g in gold)
        precision = hits / said if said else 0.0
        recall = hits / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_label[label.value] = {
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": support,
        }
    correct = sum(g is p for g, p in zip(gold, predicted, strict=True))
    return {
        "n": len(gold),
        "accuracy": round(correct / len(gold), 4) if gold else 0.0,
        "macro_f1": round(sum(v["f1"] for v in per_label.values()) / len(per_label), 4),
        "per_label": per_label,
    }


def evaluate(model: str | None, sets: dict[str, list[Pair]]) -> dict[str, Any]:
    scorer = load_pair_scorer(model)
    out: dict[str, Any] = {}
    for name, pairs in sets.items():
        started = time.perf_counter()
        probs = scorer.probabilities([(claim, evidence) for claim, evidence, _ in pairs])
        predicted = [list(StanceLabel)[int(row.argmax())] for row in probs]
        gold = [label for _, _, label in pairs]
        out[name] = score(gold, predicted, LABELS)
        if name == "fm2-test":
            sided = [i for i, g in enumerate(gold) if g is not StanceLabel.NEUTRAL]
            out["fm2-gold"] = score(
                [gold[i] for i in sided],
                [predicted[i] for i in sided],
                (StanceLabel.SUPPORTS, StanceLabel.REFUTES),
            )
        out[name]["seconds"] = round(time.perf_counter() - started, 1)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--model", action="append", help="a stance model folder (repeatable; default: shipped)"
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--json", action="store_true", help="print one JSON object on stdout")
    args = parser.parse_args(argv)
    breaking, left_out = breaking_nli(args.data)
    sets = {
        "fm2-test": fm2_test(args.data),
        "lingnli-val": lingnli_val(args.data),
        "breaking-nli": breaking,
    }
    results: dict[str, Any] = {
        "breaking_nli_left_out": left_out,
        "models": {},
    }
    for folder in args.model or [None]:
        name = folder or "shipped"
        print(f"scoring {name}", file=sys.stderr, flush=True)
        results["models"][name] = evaluate(folder, sets)
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    names = ["fm2-test", "fm2-gold", "lingnli-val", "breaking-nli"]
    print(f"accuracy / macro-F1, model alone; Breaking-NLI without {left_out} pairs whose ")
    print("premise training saw")
    print(f"{'model':<36}" + "".join(f"{n:>16}" for n in names))
    for name, result in results["models"].items():
        cells = "".join(f"{result[n]['accuracy']:>9.3f}/{result[n]['macro_f1']:.3f}" for n in names)
        print(f"{name:<36}{cells}")
        recalls = "; ".join(
            f"{n}: "
            + " ".join(
                f"{label[:3]} {v['recall']:.2f}" for label, v in result[n]["per_label"].items()
            )
            for n in names
        )
        print(f"{'':<4}recall {recalls}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
