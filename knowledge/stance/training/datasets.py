"""Read the training-allowed sets into `Example`s.

Binary sets (FEVER-RTE, SciFact-RTE) say only "entailment" or "not_entailment". By default the
latter is read as refutes OR neutral, and the loss must not pretend to know which: an example
carries the set of labels it allows, and training maximises the probability of that set (a
partial-label loss). FEVER-RTE is FEVER's dev set without its NOT ENOUGH INFO claims, which have
no gold evidence to pair: 6,666 "entailment" and 6,666 "not_entailment" pairs, exactly FEVER
dev's SUPPORTS and REFUTES counts. So its "not_entailment" is FEVER's REFUTES, and
`read_fever_rte(..., fever_refutes=True)` reads it so. A model trained that way read
topic-related passages as refuting and did worse on the dev questions and our news cases than
the shipped one (see MODEL_CARD.md), so the default stays the partial label.

Only sets marked "training allowed" in ../shared/data/MANIFEST.md are read here; Climate-FEVER
and the other evaluation sets are never touched by training code.
"""

from __future__ import annotations

import argparse
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from knowledge.models import StanceLabel

__all__ = [
    "ANY_AGAINST",
    "LABELS",
    "PROJECT_ROOT",
    "Example",
    "MissingDataError",
    "add_data_option",
    "read_esnli",
    "read_fever_rte",
    "read_scifact_rte",
]

# Output order of the model's logits.
LABELS: tuple[StanceLabel, ...] = (StanceLabel.SUPPORTS, StanceLabel.REFUTES, StanceLabel.NEUTRAL)
SUPPORTS = frozenset({StanceLabel.SUPPORTS})
REFUTES = frozenset({StanceLabel.REFUTES})
NEUTRAL = frozenset({StanceLabel.NEUTRAL})
ANY_AGAINST = frozenset({StanceLabel.REFUTES, StanceLabel.NEUTRAL})  # "not_entailment"

_NLI = {"entailment": SUPPORTS, "contradiction": REFUTES, "neutral": NEUTRAL}
_RTE = {"entailment": SUPPORTS, "not_entailment": ANY_AGAINST}


PROJECT_ROOT = Path(__file__).resolve().parents[3]


def add_data_option(parser: argparse.ArgumentParser) -> None:
    """The `--data` option of the training scripts: where ../shared/data lies."""
    parser.add_argument(
        "--data",
        type=Path,
        default=PROJECT_ROOT.parent / "shared" / "data",
        help="folder with the public sets (default: ../shared/data)",
    )


class MissingDataError(FileNotFoundError):
    """A training set is not where the manifest says it is."""


@dataclass(frozen=True, slots=True)
class Example:
    """One training pair: the claim, the evidence, and the labels it allows; `origin` names the
    set (and variant) it came from, for reports."""

    claim: str
    evidence: str
    allowed: frozenset[StanceLabel]
    origin: str


_PTB = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "``": '"',
    "''": '"',
    "--": "-",
}
_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s\b|n't\b)")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")


def detokenize(text: str) -> str:
    """Undo the Penn-Treebank spacing of SNLI and FEVER ("packages ." -> "packages.")."""
    words = [_PTB.get(word, word) for word in text.split()]
    joined = " ".join(words)
    joined = _SPACE_BEFORE.sub(r"\1", joined)
    return _SPACE_AFTER.sub(r"\1", joined).strip()


def _lines(path: Path) -> list[str]:
    if not path.is_file():
        raise MissingDataError(
            f"{path} is missing; training reads the public sets under ../shared/data "
            "(see its MANIFEST.md) - pass --data to point elsewhere"
        )
    return path.read_text(encoding="utf-8").splitlines()


def read_esnli(root: Path) -> Iterator[Example]:
    """e-SNLI dev and test (SNLI pairs, 3-way): s1 is the premise (evidence), s2 the hypothesis
    (claim)."""
    folder = root / "esnli-snli-devtest"
    for split in ("dev", "test"):
        premises = _lines(folder / f"s1.{split}")
        hypotheses = _lines(folder / f"s2.{split}")
        labels = _lines(folder / f"labels.{split}")
        for premise, hypothesis, label in zip(premises, hypotheses, labels, strict=True):
            allowed = _NLI.get(label.strip())
            if allowed is None:  # "-": annotators did not agree
                continue
            yield Example(detokenize(hypothesis), detokenize(premise), allowed, "snli")


def read_fever_rte(root: Path, *, fever_refutes: bool = False) -> Iterator[Example]:
    """FEVER as RTE (dev split): input0 is the evidence, input1 the claim, labels binary;
    "not_entailment" is "refutes or neutral", or refutes with `fever_refutes` (see the module
    docstring)."""
    folder = root / "fever-rte-dev"
    evidence = _lines(folder / "dev.raw.input0")
    claims = _lines(folder / "dev.raw.input1")
    labels = _lines(folder / "dev.label")
    mapping = {**_RTE, "not_entailment": REFUTES} if fever_refutes else _RTE
    for premise, claim, label in zip(evidence, claims, labels, strict=True):
        yield Example(detokenize(claim), detokenize(premise), mapping[label.strip()], "fever")


def read_scifact_rte(root: Path) -> Iterator[Example]:
    """SciFact as RTE (train and dev): sentence1 is the evidence, sentence2 the claim."""
    folder = root / "scifact-rte"
    for split in ("train", "dev"):
        path = folder / f"{split}.tsv"
        _lines(path)  # a clear error if it is missing
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                yield Example(
                    row["sentence2"].strip(),
                    row["sentence1"].strip(),
                    _RTE[row["entailment"].strip()],
                    "scifact",
                )
