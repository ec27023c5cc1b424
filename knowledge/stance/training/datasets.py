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

Real sentences. SNLI captions and FEVER's one-line Wikipedia pairs taught a model that read real
evidence that supports a claim in other words as neutral. FM2, WiCE, CAD-SNLI and
FEVER-Symmetric (training allowed since 2026-11-29) add real claims against real sentences,
with true refutations, and minimal pairs whose label turns on one word:

- FM2 (`read_fm2`): SUPPORTS -> supports, REFUTES -> refutes (the game's refutations are real:
  the gold sentences contradict the claim), and one retrieved sentence of the same article that
  is not gold -> neutral. Only the dev split is trained on; the test split is held out whole.
- WiCE (`read_wice`): supported -> supports, not_supported -> neutral (the cited page does not
  say it, which is not a refutation), partially_supported dropped.
- CAD-SNLI (`read_cad_snli`): SNLI's three labels, as for SNLI.
- FEVER-Symmetric (`read_fever_symmetric`): SUPPORTS -> supports, REFUTES -> refutes; pairs
  already in FEVER-RTE are dropped.
- PERSPECTRUM is not read: its claims are debate propositions ("Vaccination must be made
  compulsory") and its labels are argument stance. A perspective that undermines a proposal
  ("It violates personal liberty") argues against it; it does not show a fact false, so
  UNDERMINE is not refutes. SUPPORT is not supports either: an argument for a policy does not
  verify a statement. Read both as neutral, its 11,822 topic-related pairs would push passages
  on a claim's subject towards neutral, the mistake the model already makes on real evidence.

Only sets marked "training allowed" in ../shared/data/MANIFEST.md are read here; Climate-FEVER
and the other evaluation sets are never touched by training code.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from knowledge.models import StanceLabel

__all__ = [
    "ANY_AGAINST",
    "LABELS",
    "PROJECT_ROOT",
    "Example",
    "MissingDataError",
    "add_data_option",
    "normalise",
    "read_cad_snli",
    "read_esnli",
    "read_fever_rte",
    "read_fever_symmetric",
    "read_fm2",
    "read_news_pairs",
    "read_scifact_rte",
    "read_wice",
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


_WORDS = re.compile(r"[^\W_]+")


def normalise(text: str) -> str:
    """Lower-case words only, Treebank spacing undone: the key under which two copies of one
    sentence from different releases compare equal."""
    return " ".join(_WORDS.findall(detokenize(text).lower()))


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in _lines(path) if line.strip()]


def _stable_pick(key: str, options: Sequence[str], count: int) -> list[str]:
    """`count` of `options`, the same ones on every run and machine (ordered by a checksum of
    `key` and the option), without a random generator that other readers would disturb."""
    ranked = sorted(options, key=lambda text: zlib.crc32(f"{key}\x00{text}".encode()))
    return ranked[:count]


_META = re.compile(r"^\(meta data\)")


def _content(text: str) -> set[str]:
    return {word for word in normalise(text).split() if len(word) > 3}


def _overlap(claim: str, sentence: str) -> int:
    """How many of the claim's content words (longer than three letters) the sentence has."""
    return len(_content(claim) & _content(sentence))


_FM2 = {"SUPPORTS": SUPPORTS, "REFUTES": REFUTES}


def read_fm2(root: Path, split: str = "dev", *, neutrals: int = 1) -> Iterator[Example]:
    """Fool Me Twice (Eisenschlos et al. 2021): real claims written against a Wikipedia page,
    and the page's sentences that the writer chose as evidence ("gold").

    - SUPPORTS -> supports, REFUTES -> refutes, the claim against its gold sentences joined in
      page order: several gold sentences are meant to be read together. The game rewarded
      claims that fool a reader, so the refutations are real contradictions stated in other
      words, not FEVER's "not entailed", and the set is about half each.
    - `neutrals` retrieved sentences of the same page that are not gold -> neutral, each
      against the claim alone. A claim's writer did not pick them, so they seldom settle it,
      and they are what a retriever brings: the same page, the same subject, another fact. A
      few do bear on the claim, so they are drawn from the half of the page's retrieved
      sentences that shares fewest content words with it; which ones is fixed by the claim's
      id, so every run reads the same pairs.

    Train on "dev" only: "test" is held out whole, as an in-domain check
    (bench/stance_heldout.py)."""
    for row in _jsonl(root / "fm2" / f"{split}.jsonl"):
        claim = row["text"].strip()
        gold = [item["text"].strip() for item in row["gold_evidence"] if item["text"].strip()]
        if not gold:
            continue
        yield Example(claim, " ".join(gold), _FM2[row["label"]], "fm2")
        others = list(
            dict.fromkeys(
                text
                for item in row["retrieved_evidence"]
                if (text := item["text"].strip()) and text not in gold and len(text.split()) > 3
            )
        )
        # The half that shares fewest of the claim's words: a sentence that shares many may be
        # evidence the writer did not pick.
        others.sort(key=lambda text: _overlap(claim, text))
        for text in _stable_pick(row["id"], others[: (len(others) + 1) // 2], neutrals):
            yield Example(claim, text, NEUTRAL, "fm2-neutral")


def read_wice(root: Path, *, context: int = 3) -> Iterator[Example]:
    """WiCE (Kamoi et al. 2023): real Wikipedia sentences (the claim) against the web page they
    cite, split into chunks, each with the page's sentences that the annotators marked as
    needed ("oracle"); dev and test, both training-allowed.

    - supported -> supports: the claim against the oracle sentences of a chunk, joined.
    - not_supported -> neutral, not refutes: the cited page does not say it, which is what
      "not supported" means in WiCE; a refutation would need the page to say otherwise. The
      evidence is the chunk's `context` sentences that share most words with the claim, in
      page order: what a retriever would bring from that page.
    - partially_supported -> dropped. The page backs part of the claim and is silent on the
      rest (most WiCE claims join several facts). As neutral it would teach that a passage
      confirming most of a claim is beside the point, the mistake the model already makes on
      real evidence; as supports it would vouch for the part nobody checked. Without the
      sub-claim annotations (not in these files) neither label is right, so it is left out.

    Each distinct (claim, evidence) pair once."""
    seen: set[tuple[str, str]] = set()
    for split in ("dev", "test"):
        for row in _jsonl(root / "wice" / f"oracle_chunks_{split}.jsonl"):
            claim, label, meta = row["claim"].strip(), row["label"], row["meta"]
            sentences = [s.strip() for s in row["evidence"]]
            if label == "supported":
                oracle = set(meta.get("oracle_idx", []))
                chosen = [
                    s for s, i in zip(sentences, meta["chunk_idx"], strict=True) if i in oracle
                ]
                allowed = SUPPORTS
            elif label == "not_supported":
                plain = [s for s in sentences if s and not _META.match(s)]
                best = set(sorted(plain, key=lambda s: -_overlap(claim, s))[:context])
                chosen = [s for s in plain if s in best]
                allowed = NEUTRAL
            else:  # partially_supported: see above
                continue
            evidence = " ".join(s for s in chosen if s)
            if not evidence or (claim, evidence) in seen:
                continue
            seen.add((claim, evidence))
            yield Example(claim, evidence, allowed, "wice")


def read_cad_snli(root: Path) -> Iterator[Example]:
    """CAD-SNLI (Kaushik, Hovy and Lipton 2020): SNLI pairs and their counterfactual edits, in
    which annotators changed as little of the premise or the hypothesis as would flip the label
    (train, dev and test, all combined). Labels as SNLI's: entailment -> supports, contradiction
    -> refutes, neutral -> neutral. It teaches that one changed word can turn support into
    contradiction, against the shared-word habit of small NLI models."""
    folder = root / "cad-snli"
    for split in ("train", "dev", "test"):
        path = folder / f"{split}.tsv"
        _lines(path)  # a clear error if it is missing
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                allowed = _NLI.get(row["gold_label"].strip())
                if allowed is None:
                    continue
                yield Example(
                    row["sentence2"].strip(), row["sentence1"].strip(), allowed, "cad-snli"
                )


def read_fever_symmetric(root: Path) -> Iterator[Example]:
    """FEVER-Symmetric (Schuster et al. 2019): FEVER dev claims, each paired with a synthetic
    claim and evidence so that the claim alone no longer tells the label (v0.2 dev and test,
    v0.1 generated). SUPPORTS -> supports, REFUTES -> refutes: each pair was written or checked
    so that the sentence settles the claim, unlike FEVER-RTE's "not_entailment".

    Its original pairs come from FEVER dev, which FEVER-RTE also holds: a pair already in
    FEVER-RTE (same claim and evidence, Treebank spacing aside) is dropped, so no pair is read
    twice and none can sit on both sides of the held-out split. `train.split_examples` also
    keeps every pair that shares a claim or a sentence with FEVER-Symmetric out of the
    held-out slice."""
    folder = root / "fever-rte-dev"
    known = {
        (normalise(claim), normalise(evidence))
        for evidence, claim in zip(
            _lines(folder / "dev.raw.input0"), _lines(folder / "dev.raw.input1"), strict=True
        )
    }
    files = (
        "fever_symmetric_dev.jsonl",
        "fever_symmetric_test.jsonl",
        "fever_symmetric_generated.jsonl",
    )
    seen: set[tuple[str, str]] = set()
    for name in files:
        for row in _jsonl(root / "fever-symmetric" / name):
            claim = detokenize(row["claim"])
            evidence = detokenize(row.get("evidence") or row["evidence_sentence"])
            key = (normalise(claim), normalise(evidence))
            if key in known or key in seen:
                continue
            seen.add(key)
            yield Example(claim, evidence, _FM2[row["label"]], "fever-symmetric")


NEWS_PAIRS = Path(__file__).with_name("news_pairs.jsonl")
_LABEL_SETS = {"supports": SUPPORTS, "refutes": REFUTES, "neutral": NEUTRAL}


def read_news_pairs(path: Path = NEWS_PAIRS) -> Iterator[Example]:
    """factdesk's own news-register pairs (`news_pairs.jsonl`, written by us about invented
    people and places): a member's claim against one or two sentences of a report, statement,
    analysis or post, each labelled as a fact-checker reads the passage alone, with the frame
    it teaches (`frame`: S1-S3 support in other words, official confirmation, figures in
    another form; R1-R5 another value, negation in other words, an expert's doubt, a denial or
    correction, the opposite outcome; N1-N5 another fact on the topic, a relayed claim,
    "cannot be checked", another entity, a judgement of another claim).

    The sets above are captions, Wikipedia and abstracts; none says the same news fact in other
    words, which is where the model read support as "beside the point" (MODEL_CARD.md)."""
    for number, line in enumerate(_lines(path), start=1):
        row = json.loads(line)
        label = _LABEL_SETS.get(row["label"])
        if label is None:
            raise ValueError(f"{path}:{number}: unknown label {row['label']!r}")
        yield Example(row["claim"].strip(), row["evidence"].strip(), label, f"ours-{row['frame']}")
