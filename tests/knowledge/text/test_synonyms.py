"""Synonyms: buying and selling are one transaction, jets are aircraft."""

from __future__ import annotations

import pytest

from knowledge.text.synonyms import related
from knowledge.text.terms import stem


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("buy", "sell"),
        ("sold", "buy"),
        ("bought", "export"),
        ("purchase", "auction"),
        ("jet", "aircraft"),
        ("jets", "warplane"),
        ("ship", "vessel"),
        ("photo", "picture"),
        ("close", "shut"),
        ("sack", "dismiss"),
    ],
)
def test_words_of_one_group_are_related(word: str, other: str) -> None:
    assert stem(other) in related(stem(word))
    assert stem(word) in related(stem(other))


@pytest.mark.parametrize(
    ("word", "other"), [("jet", "ship"), ("buy", "jet"), ("photo", "vote"), ("kill", "injure")]
)
def test_words_of_different_groups_are_not(word: str, other: str) -> None:
    assert stem(other) not in related(stem(word))


def test_a_group_includes_the_word_itself() -> None:
    assert stem("buy") in related(stem("buy"))


@pytest.mark.parametrize("word", ["zeppelin", "kestria", "240000"])
def test_an_unknown_word_is_related_only_to_itself(word: str) -> None:
    assert related(word) == frozenset({word})
