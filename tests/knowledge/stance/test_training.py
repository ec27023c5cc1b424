"""Stance training: the readers, the news-stance variants, the loss, the temperature, and a
whole (tiny) training run that writes a model the runtime loads.

The data files here are a few lines in each set's real format, written by us."""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
import torch

from knowledge.errors import ModelError
from knowledge.models import StanceLabel
from knowledge.stance.crossencoder import OnnxPairScorer
from knowledge.stance.training.datasets import (
    ANY_AGAINST,
    NEUTRAL,
    REFUTES,
    SUPPORTS,
    Example,
    MissingDataError,
    detokenize,
    read_esnli,
    read_fever_rte,
    read_scifact_rte,
)
from knowledge.stance.training.train import (
    MODEL_FILE,
    TrainSettings,
    fit_temperature,
    partial_label_loss,
    run,
)
from knowledge.stance.training.variants import (
    changed_figure,
    framed,
    inline,
    number_variants,
    opposite_variants,
)

SNLI = [
    ("Two women are hugging on a pier .", "Two women are embracing .", "entailment"),
    ("A man rides a red bicycle down a hill .", "A man is sleeping at home .", "contradiction"),
    ("A dog runs across the beach .", "The dog is chasing a ball .", "neutral"),
    ("Three children play football in a park .", "Three kids are outdoors .", "entailment"),
    ("A woman sells bread at a market .", "A woman is asleep on a bus .", "contradiction"),
    ("An old man reads a newspaper .", "The man is reading the sports pages .", "neutral"),
]
FEVER = [
    (
        "The Danube flows through ten countries and empties into the Black Sea .",
        "The Danube reaches the Black Sea.",
        "entailment",
    ),
    (
        "Lake Baikal -LRB- in Siberia -RRB- is the deepest lake in the world .",
        "Lake Baikal is in Africa.",
        "not_entailment",
    ),
    (
        "The bridge opened in 1998 after four years of work .",
        "The bridge opened in 1998.",
        "entailment",
    ),
    (
        "The festival moved to the harbour in 2015 .",
        "The festival began in 1901.",
        "not_entailment",
    ),
]
SCIFACT = [
    (
        "Regular exercise lowered blood pressure in the trial.",
        "Exercise lowers blood pressure.",
        "entailment",
    ),
    ("The drug showed no effect on sleep quality.", "The drug improves sleep.", "not_entailment"),
]


def write_data(root: Path) -> Path:
    esnli = root / "esnli-snli-devtest"
    esnli.mkdir(parents=True)
    for split in ("dev", "test"):
        (esnli / f"s1.{split}").write_text("".join(f"{p}\n" for p, _, _ in SNLI))
        (esnli / f"s2.{split}").write_text("".join(f"{h}\n" for _, h, _ in SNLI))
        (esnli / f"labels.{split}").write_text("".join(f"{label}\n" for _, _, label in SNLI))
    fever = root / "fever-rte-dev"
    fever.mkdir()
    (fever / "dev.raw.input0").write_text("".join(f"{e}\n" for e, _, _ in FEVER))
    (fever / "dev.raw.input1").write_text("".join(f"{c}\n" for _, c, _ in FEVER))
    (fever / "dev.label").write_text("".join(f"{label}\n" for _, _, label in FEVER))
    scifact = root / "scifact-rte"
    scifact.mkdir()
    for split in ("train", "dev"):
        rows = ["index\tsentence1\tsentence2\tentailment"]
        rows += [f"{i}\t{e}\t{c}\t{label}" for i, (e, c, label) in enumerate(SCIFACT)]
        (scifact / f"{split}.tsv").write_text("\n".join(rows) + "\n")
    return root


def test_the_readers_map_labels_and_undo_treebank_spacing(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data")

    snli = list(read_esnli(data))
    fever = list(read_fever_rte(data))
    scifact = list(read_scifact_rte(data))

    assert len(snli) == 12
    assert len(scifact) == 4
    assert snli[0] == Example(
        "Two women are embracing.", "Two women are hugging on a pier.", SUPPORTS, "snli"
    )
    assert [e.allowed for e in snli[:3]] == [SUPPORTS, REFUTES, NEUTRAL]
    # FEVER's binary label: not_entailment allows refutes or neutral by default, and refutes
    # alone when asked (FEVER-RTE's not_entailment pairs are FEVER's REFUTES claims).
    assert [e.allowed for e in fever] == [SUPPORTS, ANY_AGAINST, SUPPORTS, ANY_AGAINST]
    refuting = list(read_fever_rte(data, fever_refutes=True))
    assert [e.allowed for e in refuting] == [SUPPORTS, REFUTES, SUPPORTS, REFUTES]
    # SciFact's not_entailment mixes contradicted and unaddressed claims: still either.
    assert [e.allowed for e in scifact] == [SUPPORTS, ANY_AGAINST] * 2
    assert fever[1].evidence == "Lake Baikal (in Siberia) is the deepest lake in the world."
    assert detokenize("`` Babyface '' Edmonds , he said .") == '" Babyface " Edmonds, he said.'


def test_a_missing_set_says_where_the_data_should_be(tmp_path: Path) -> None:
    with pytest.raises(MissingDataError, match="shared/data"):
        list(read_esnli(tmp_path))


def test_claims_are_framed_only_when_they_read_well() -> None:
    assert inline("The US bought 81 jets.") == "the US bought 81 jets"
    assert inline("Lake Baikal is in Siberia.") == "Lake Baikal is in Siberia"
    assert inline("An older man exercising.") is None  # no verb: nothing to deny
    assert inline("The bridge did not open.") is None  # a denial of a denial teaches little
    assert inline("Is the bridge open?") is None


def test_frames_take_their_label_and_frames_about_other_claims_are_neutral() -> None:
    claims = [f"The town of Ashby{i} opened a new library." for i in range(200)]

    examples = framed(claims, random.Random(1))

    by_origin: dict[str, set[frozenset[StanceLabel]]] = {}
    for example in examples:
        by_origin.setdefault(example.origin, set()).add(example.allowed)
    assert by_origin["relayed"] == {NEUTRAL}
    assert by_origin["denied"] == by_origin["corrected"] == by_origin["rated-false"] == {REFUTES}
    assert by_origin["confirmed"] == by_origin["rated-true"] == {SUPPORTS}
    assert by_origin["denied-elsewhere"] == {NEUTRAL}
    denied = next(e for e in examples if e.origin == "denied")
    assert denied.claim.rstrip(".").lower() in denied.evidence.lower()
    elsewhere = next(e for e in examples if e.origin == "rated-false-elsewhere")
    assert elsewhere.claim.rstrip(".").lower() not in elsewhere.evidence.lower()


@pytest.mark.parametrize("value", ["81", "1,200", "1998", "4.5", "three"])
def test_a_changed_figure_is_a_different_figure(value: str) -> None:
    rng = random.Random(0)
    for _ in range(20):
        assert changed_figure(value, rng).lower() != value


def test_number_and_opposite_variants_refute_their_evidence() -> None:
    supported = [
        Example(
            "The bridge opened in 1998.", "The bridge opened in 1998 after work.", SUPPORTS, "fever"
        ),
        Example(
            "The team won the cup.", "The team won the cup in a late final.", SUPPORTS, "fever"
        ),
        Example("The lake is deep.", "The lake is very deep.", REFUTES, "fever"),
    ]
    rng = random.Random(2)

    numbers = number_variants(supported, rng)
    opposites = opposite_variants(supported, rng)

    assert len(numbers) == 1
    assert numbers[0].allowed == REFUTES
    assert "1998" not in numbers[0].claim
    assert [e.claim for e in opposites] == ["The bridge closed in 1998.", "The team lost the cup."]
    assert {e.allowed for e in opposites} == {REFUTES}


def test_the_partial_label_loss_is_cross_entropy_for_one_label_and_set_loss_for_two() -> None:
    logits = torch.tensor([[2.0, 0.5, -1.0], [0.0, 1.0, 1.0]])
    one = torch.tensor([[True, False, False], [False, True, False]])
    two = torch.tensor([[False, True, True], [False, True, True]])

    assert partial_label_loss(logits, one).item() == pytest.approx(
        torch.nn.functional.cross_entropy(logits, torch.tensor([0, 1])).item(), abs=1e-6
    )
    probs = torch.softmax(logits, dim=1)
    expected = -torch.log(probs[:, 1] + probs[:, 2]).mean().item()
    assert partial_label_loss(logits, two).item() == pytest.approx(expected, abs=1e-6)


def test_weights_make_the_loss_a_weighted_mean() -> None:
    logits = torch.tensor([[2.0, 0.5, -1.0], [0.0, 1.0, 1.0]])
    one = torch.tensor([[True, False, False], [False, True, False]])
    each = torch.nn.functional.cross_entropy(logits, torch.tensor([0, 1]), reduction="none")

    weighted = partial_label_loss(logits, one, torch.tensor([3.0, 1.0]))

    assert weighted.item() == pytest.approx(((3 * each[0] + each[1]) / 4).item(), abs=1e-6)
    assert partial_label_loss(logits, one, torch.ones(2)).item() == pytest.approx(
        partial_label_loss(logits, one).item(), abs=1e-6
    )


def test_the_temperature_softens_an_overconfident_model() -> None:
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, size=3000)
    logits = rng.normal(size=(3000, 3)).astype(np.float32)
    logits[np.arange(3000), labels] += 1.0  # some signal...
    logits *= 2.5  # ...shouted two and a half times too loud
    allowed = np.zeros((3000, 3), dtype=bool)
    allowed[np.arange(3000), labels] = True

    assert fit_temperature(logits, allowed) == pytest.approx(2.5, abs=0.4)


def test_a_tiny_training_run_writes_a_model_the_runtime_loads(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data")
    out = tmp_path / "model"
    settings = TrainSettings(epochs=1, batch_size=8, max_tokens=48, held_out_share=0.0)

    card = run(data, out, settings, "cpu")

    assert (out / MODEL_FILE).stat().st_size < 25 * 1024 * 1024
    written = json.loads((out / "model.json").read_text())
    assert written["labels"] == ["supports", "refutes", "neutral"]
    assert written["settings"]["seed"] == 13
    assert written["versions"]["torch"]
    assert card["int8_agreement"] >= 0.9
    assert sum(written["data"].values()) == card["training_pairs"] + card["held_out"]["pairs"]
    scorer = OnnxPairScorer(out)
    probs = scorer.probabilities([("The bridge opened in 1998.", "It opened in 1998.")])
    assert probs.shape == (1, 3)
    assert probs.sum() == pytest.approx(1.0)


def test_a_model_folder_with_two_graphs_is_refused(tmp_path: Path) -> None:
    (tmp_path / "model.json").write_text(json.dumps({"labels": ["supports"], "max_tokens": 8}))
    (tmp_path / "a.onnx").write_bytes(b"")
    (tmp_path / "b.onnx").write_bytes(b"")
    with pytest.raises(ModelError, match="exactly one"):
        OnnxPairScorer(tmp_path)
