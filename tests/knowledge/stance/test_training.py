"""Stance training: the readers, the news-stance variants, the loss, the temperature, and a
whole (tiny) training run that writes a model the runtime loads.

The data files here are a few lines in each set's real format, written by us; one test reads
the real sets in ../shared/data and fails (never skips) when they are not there."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

from knowledge.errors import ModelError
from knowledge.models import StanceLabel
from knowledge.stance import SHIPPED_MODEL
from knowledge.stance.crossencoder import OnnxPairScorer
from knowledge.stance.training.datasets import (
    ANY_AGAINST,
    NEUTRAL,
    PROJECT_ROOT,
    REFUTES,
    SUPPORTS,
    Example,
    MissingDataError,
    detokenize,
    normalise,
    read_cad_snli,
    read_esnli,
    read_fever_rte,
    read_fever_symmetric,
    read_fm2,
    read_news_pairs,
    read_scifact_rte,
    read_wice,
)
from knowledge.stance.training.train import (
    MODEL_FILE,
    TrainSettings,
    fit_temperature,
    partial_label_loss,
    run,
    split_examples,
)
from knowledge.stance.training.variants import (
    FRAMES,
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


FM2 = [
    {
        "id": "c1",
        "label": "SUPPORTS",
        "text": "Filming of Gandhi in India was delayed by political unrest.",
        "gold_evidence": [
            {"section_header": "Production", "text": "A state of emergency halted shooting."},
            {"section_header": "Production", "text": "Filming resumed two years later."},
        ],
        "retrieved_evidence": [
            {"section_header": "Production", "text": "A state of emergency halted shooting."},
            {"section_header": "Release", "text": "The film premiered in New Delhi in 1982."},
            {"section_header": "Plot", "text": "Gandhi returns to India from South Africa."},
        ],
    },
    {
        "id": "c2",
        "label": "REFUTES",
        "text": "Willie Stargell was born in California.",
        "gold_evidence": [{"section_header": "Early life", "text": "He was born in Oklahoma."}],
        "retrieved_evidence": [
            {"section_header": "Legacy", "text": "A foundation in his name funds research."},
            {"section_header": "Career", "text": "He played his whole career in Pittsburgh."},
        ],
    },
]
WICE = [
    {
        "label": "supported",
        "claim": "The album was released on Election Day 2004.",
        "evidence": ["Ten of its songs are covers.", "It hits stores on Election Day.", "Tour."],
        "meta": {"id": "w1", "chunk_idx": [4, 5, 9], "oracle_idx": [4, 5]},
    },
    {
        "label": "partially_supported",
        "claim": "The band toured Europe and sold a million records.",
        "evidence": ["The band toured Europe in 2005.", "Tickets sold out."],
        "meta": {"id": "w2", "chunk_idx": [1, 2], "oracle_idx": [1]},
    },
    {
        "label": "not_supported",
        "claim": "The library holds over 260,000 volumes.",
        "evidence": [
            "(meta data) TITLE: The museum",
            "The museum was founded in 1866.",
            "The library of the museum moved in 1930.",
            "Its volumes were catalogued by hand.",
            "A new wing opened in 1959.",
        ],
        "meta": {"id": "w3", "chunk_idx": [1, 2, 3, 4, 5]},
    },
]
CAD = [
    ("A man rides a motorcycle with a child.", "A man rides his motorcycle.", "entailment"),
    ("A man rides a bicycle with a child.", "A man rides his motorcycle.", "contradiction"),
    ("A man rides a motorcycle with a child.", "A man rides to the park.", "neutral"),
]
FEVER_SYMMETRIC = [  # the first is FEVER-RTE's second pair again, in Treebank spacing
    {
        "claim": "Lake Baikal is in Africa .",
        "evidence": "Lake Baikal -LRB- in Siberia -RRB- is the deepest lake in the world .",
        "label": "REFUTES",
    },
    {
        "claim": "Lake Baikal is in Asia .",
        "evidence": "Lake Baikal -LRB- in Siberia -RRB- is the deepest lake in the world .",
        "label": "SUPPORTS",
    },
]
FEVER_SYMMETRIC_GENERATED = [
    {
        "label": "REFUTES",
        "claim": "Lake Baikal is in Asia .",
        "evidence_sentence": "Lake Baikal -LRB- in Patagonia -RRB- is a deep lake .",
    }
]


def _jsonl(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))


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
    fm2 = root / "fm2"
    fm2.mkdir()
    for split in ("dev", "test"):
        _jsonl(fm2 / f"{split}.jsonl", FM2)
    wice = root / "wice"
    wice.mkdir()
    for split in ("dev", "test"):
        _jsonl(wice / f"oracle_chunks_{split}.jsonl", WICE)
    cad = root / "cad-snli"
    cad.mkdir()
    for split in ("train", "dev", "test"):
        rows = ["sentence1\tsentence2\tgold_label"] + ["\t".join(row) for row in CAD]
        (cad / f"{split}.tsv").write_text("\n".join(rows) + "\n")
    symmetric = root / "fever-symmetric"
    symmetric.mkdir()
    for split in ("dev", "test"):
        _jsonl(symmetric / f"fever_symmetric_{split}.jsonl", FEVER_SYMMETRIC)
    _jsonl(symmetric / "fever_symmetric_generated.jsonl", FEVER_SYMMETRIC_GENERATED)
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


def test_fm2_reads_gold_sentences_together_and_a_non_gold_one_as_neutral(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data")

    fm2 = list(read_fm2(data, "dev"))

    assert [(e.origin, e.allowed) for e in fm2] == [
        ("fm2", SUPPORTS),
        ("fm2-neutral", NEUTRAL),
        ("fm2", REFUTES),
        ("fm2-neutral", NEUTRAL),
    ]
    assert (
        fm2[0].evidence == "A state of emergency halted shooting. Filming resumed two years later."
    )
    # The neutral sentence is retrieved from the page but not gold, and the same on every run.
    assert fm2[1].evidence in {
        "The film premiered in New Delhi in 1982.",
        "Gandhi returns to India from South Africa.",
    }
    assert list(read_fm2(data, "dev")) == fm2
    assert [e.origin for e in read_fm2(data, "test", neutrals=0)] == ["fm2", "fm2"]


def test_wice_support_is_its_oracle_sentences_and_not_supported_is_neutral(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data")

    wice = list(read_wice(data, context=2))

    # dev and test hold the same rows here: each pair is read once; partially_supported is
    # dropped.
    assert [e.allowed for e in wice] == [SUPPORTS, NEUTRAL]
    assert wice[0].evidence == "Ten of its songs are covers. It hits stores on Election Day."
    # not_supported: the page's sentences nearest the claim, never its meta-data lines
    assert wice[1].evidence == (
        "The library of the museum moved in 1930. Its volumes were catalogued by hand."
    )


def test_cad_snli_and_fever_symmetric_map_their_labels(tmp_path: Path) -> None:
    data = write_data(tmp_path / "data")

    cad = list(read_cad_snli(data))
    symmetric = list(read_fever_symmetric(data))

    assert [e.allowed for e in cad[:3]] == [SUPPORTS, REFUTES, NEUTRAL]
    assert cad[0].claim == "A man rides his motorcycle."
    # The pair FEVER-RTE already holds is dropped; the others are read once, detokenised.
    assert [(e.claim, e.allowed) for e in symmetric] == [
        ("Lake Baikal is in Asia.", SUPPORTS),
        ("Lake Baikal is in Asia.", REFUTES),
    ]
    assert symmetric[1].evidence == "Lake Baikal (in Patagonia) is a deep lake."
    assert normalise("Lake Baikal -LRB- in Siberia -RRB- .") == "lake baikal in siberia"


def test_our_news_pairs_take_the_label_their_frame_teaches() -> None:
    pairs = list(read_news_pairs())
    by_label = {
        label: sum(pair.allowed == allowed for pair in pairs)
        for label, allowed in (("supports", SUPPORTS), ("refutes", REFUTES), ("neutral", NEUTRAL))
    }

    # S: support in other words, R: refutation, N: beside the point (see `read_news_pairs`).
    letter = {"S": SUPPORTS, "R": REFUTES, "N": NEUTRAL}
    assert all(pair.allowed == letter[pair.origin.removeprefix("ours-")[0]] for pair in pairs)
    assert len({(pair.claim, pair.evidence) for pair in pairs}) == len(pairs)
    assert min(by_label.values()) >= 0.3 * len(pairs), by_label


def test_a_news_pair_with_an_unknown_label_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "pairs.jsonl"
    good = {"claim": "the ferry is back", "evidence": "Sailings resumed.", "frame": "S1"}
    path.write_text(
        json.dumps({**good, "label": "supports"}) + "\n" + json.dumps({**good, "label": "true"}),
        encoding="utf-8",
    )

    with pytest.raises(ValueError, match=r"pairs.jsonl:2: unknown label 'true'"):
        list(read_news_pairs(path))


def test_the_held_out_slice_keeps_a_claim_together_and_fever_symmetric_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = write_data(tmp_path / "data")
    monkeypatch.setattr("knowledge.stance.training.train._related", lambda pairs, rng, limit: [])
    settings = TrainSettings(held_out_share=0.3, real_sets=True)

    train, held, counts = split_examples(data, settings, random.Random(13))

    assert len(train) + len(held) == sum(counts.values())
    assert held
    assert not {normalise(e.claim) for e in train} & {normalise(e.claim) for e in held}
    symmetric = {
        normalise(text)
        for e in train + held
        if e.origin == "fever-symmetric"
        for text in (e.claim, e.evidence)
    }
    assert not any(
        normalise(e.claim) in symmetric or normalise(e.evidence) in symmetric for e in held
    )
    assert {"fm2", "fm2-neutral", "wice", "cad-snli", "fever-symmetric"} <= set(counts)


def test_the_real_sets_read_as_the_model_card_says() -> None:
    """Reads ../shared/data itself: a missing set fails here with MissingDataError."""
    data = PROJECT_ROOT.parent / "shared" / "data"

    fm2_dev = list(read_fm2(data, "dev"))
    fm2_test = list(read_fm2(data, "test"))
    wice = list(read_wice(data))
    symmetric = list(read_fever_symmetric(data))
    fever = {(normalise(e.claim), normalise(e.evidence)) for e in read_fever_rte(data)}

    assert sum(e.origin == "fm2" for e in fm2_dev) == 1169
    assert sum(e.origin == "fm2" for e in fm2_test) == 1380
    # FM2's test claims are held out whole: none is a dev claim.
    assert not {e.claim for e in fm2_dev} & {e.claim for e in fm2_test}
    assert {e.allowed for e in wice} == {SUPPORTS, NEUTRAL}
    assert len(list(read_cad_snli(data))) == 11330
    assert symmetric
    assert not any((normalise(e.claim), normalise(e.evidence)) in fever for e in symmetric)


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


def test_a_credible_source_doubting_a_claim_refutes_it_and_says_nothing_of_another() -> None:
    claims = [f"The town of Ashby{i} opened a new library." for i in range(400)]

    examples = framed(claims, random.Random(3))

    doubted = [e for e in examples if e.origin == "doubted"]
    elsewhere = [e for e in examples if e.origin == "doubted-elsewhere"]
    assert doubted
    assert {e.allowed for e in doubted} == {REFUTES}
    assert {e.allowed for e in elsewhere} == {NEUTRAL}
    for example in doubted:
        assert example.claim.rstrip(".").lower() in example.evidence.lower()
    # Many wordings, not one phrase: on 400 claims most of the templates are used.
    frames, _, _ = FRAMES["doubted"]
    wordings = set()
    for example in doubted:
        before, after = example.evidence.lower().split(example.claim.rstrip(".").lower())
        wordings.add((before, after))
    assert len(frames) >= 10
    assert len({after for _, after in wordings}) >= 5
    assert len({before for before, _ in wordings}) >= 10


def test_the_frame_scale_sets_how_many_claims_are_framed() -> None:
    claims = [f"The town of Ashby{i} opened a new library." for i in range(400)]

    full = framed(claims, random.Random(3))
    half = framed(claims, random.Random(3), scale=0.5)

    assert sum(e.origin == "relayed" for e in full) == 40
    assert sum(e.origin == "relayed" for e in half) == 20
    assert {e.origin for e in half} == {e.origin for e in full}


def test_a_frame_left_out_writes_no_examples_and_leaves_the_others_alone() -> None:
    claims = [f"The town of Ashby{i} opened a new library." for i in range(400)]

    full = framed(claims, random.Random(3))
    without = framed(claims, random.Random(3), without=frozenset({"doubted"}))

    assert any(e.origin == "doubted" for e in full)
    assert not any(e.origin.startswith("doubted") for e in without)
    assert sum(e.origin == "relayed" for e in without) == 40


def test_the_default_settings_are_the_shipped_recipe() -> None:
    shipped = json.loads((SHIPPED_MODEL / "model.json").read_text())["settings"]
    defaults = asdict(TrainSettings())

    assert {key: defaults[key] for key in shipped} == shipped
    assert defaults["real_sets"] is False
    assert defaults["doubt_frames"] is False
    assert defaults["state_pairs"] is False


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
    settings = TrainSettings(
        epochs=1,
        batch_size=8,
        max_tokens=48,
        held_out_share=0.0,
        real_sets=True,
        doubt_frames=True,
    )

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
