"""Retrieval's pure parts: reciprocal rank fusion and the per-document cap."""

from __future__ import annotations

import pytest

from knowledge.retrieval import diversify, fuse


def test_fusion_adds_weight_over_k_plus_rank() -> None:
    fused = fuse([["a", "b", "c"], ["c", "a"]], [1.0, 1.0], k=60)

    assert fused == pytest.approx({"a": 1 / 61 + 1 / 62, "b": 1 / 62, "c": 1 / 63 + 1 / 61})


def test_an_item_both_lists_rank_beats_one_only_the_first_ranks() -> None:
    fused = fuse([["lexical-top", "both"], ["both", "dense-only"]], [1.0, 1.0])

    assert sorted(fused, key=lambda item: -fused[item]) == ["both", "lexical-top", "dense-only"]


def test_weights_scale_each_list() -> None:
    fused = fuse([["a"], ["b"]], [2.0, 1.0], k=0)

    assert fused == {"a": 2.0, "b": 1.0}


def test_fusing_nothing_gives_nothing() -> None:
    assert fuse([], []) == {}
    assert fuse([[], []], [1.0, 1.0]) == {}


def test_every_list_needs_a_weight() -> None:
    with pytest.raises(ValueError, match="zip"):
        fuse([["a"]], [1.0, 2.0])


DOC_OF = {"a1": "A", "a2": "A", "a3": "A", "a4": "A", "b1": "B", "b2": "B", "c1": "C"}
RANKED = ["a1", "a2", "a3", "b1", "a4", "b2", "c1"]


@pytest.mark.parametrize(
    ("per_doc", "k", "chosen"),
    [
        (2, 10, ["a1", "a2", "b1", "b2", "c1"]),
        (2, 3, ["a1", "a2", "b1"]),
        (1, 10, ["a1", "b1", "c1"]),
        (4, 10, RANKED),
        (4, 2, ["a1", "a2"]),
    ],
)
def test_diversify_caps_passages_per_document(per_doc: int, k: int, chosen: list[str]) -> None:
    assert diversify(RANKED, DOC_OF, per_doc=per_doc, k=k) == chosen


def test_diversify_of_nothing() -> None:
    assert diversify([], {}, per_doc=2, k=5) == []
