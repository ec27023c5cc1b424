"""Vocabulary: which words a corpus uses, which of them are names, and which names a typo meant."""

from __future__ import annotations

import pytest

from knowledge.text.vocabulary import Vocabulary

TEXTS = [
    "Students at Aldenbrook University protested on Monday.",
    "The rector of Aldenbrook said the government laboratory will stay open.",
    "Officials in Kazakhstan denied that the jets were sold.",
    "The navy of Veloria sold patrol boats to Kestria last spring.",
    "Veloria and Kestria signed a deal, according to officials in Kestria.",
    "A medical team visited the harbour school.",
]


@pytest.fixture
def vocabulary() -> Vocabulary:
    return Vocabulary.from_texts(TEXTS)


def test_names_are_words_written_with_a_capital_inside_sentences(vocabulary: Vocabulary) -> None:
    assert {"aldenbrook", "kazakhstan", "kestria", "veloria", "monday"} <= vocabulary.names
    assert not {"government", "laboratory", "school", "navy"} & vocabulary.names


def test_a_capital_at_the_start_of_a_sentence_does_not_make_a_name(
    vocabulary: Vocabulary,
) -> None:
    assert "students" in vocabulary
    assert "students" not in vocabulary.names
    assert "officials" not in vocabulary.names


def test_a_word_mostly_written_in_lower_case_is_not_a_name() -> None:
    vocabulary = Vocabulary.from_texts(
        ["We met the Harbour board.", "the harbour froze.", "a harbour wall fell."]
    )

    assert "harbour" not in vocabulary.names


def test_document_frequency_counts_texts_not_occurrences(vocabulary: Vocabulary) -> None:
    assert vocabulary.df("kestria") == 2
    assert vocabulary.df("veloria") == 2
    assert vocabulary.df("nowhere") == 0
    assert "kestria" in vocabulary
    assert "nowhere" not in vocabulary


@pytest.mark.parametrize(
    ("typo", "name"),
    [
        ("aldenbrok", "aldenbrook"),  # deletion
        ("aldenbrooke", "aldenbrook"),  # insertion
        ("aldenbrouk", "aldenbrook"),  # substitution
        ("adlenbrook", "aldenbrook"),  # adjacent swap
        ("kestira", "kestria"),
        ("velroia", "veloria"),
    ],
)
def test_corrections_to_a_name_one_edit_away(vocabulary: Vocabulary, typo: str, name: str) -> None:
    assert vocabulary.corrections(typo) == [name]


@pytest.mark.parametrize(
    "word",
    [
        "aldnbrok",  # two edits from a name
        "goverment",  # one edit from a common word, which is not a name
        "laboratry",
        "aldenbrook",  # already in the corpus
        "kest",  # too short
        "veloria2",  # not a word
    ],
)
def test_no_correction(vocabulary: Vocabulary, word: str) -> None:
    assert vocabulary.corrections(word) == []


def test_corrections_put_the_more_frequent_name_first() -> None:
    vocabulary = Vocabulary.from_texts(
        [
            "Troops from Marvel and Marvel again.",
            "A note on Marvel here.",
            "Then Marven said so and Marven left.",
        ]
    )

    assert vocabulary.corrections("marvep") == ["marvel", "marven"]


def test_same_prefix_lists_other_forms(vocabulary: Vocabulary) -> None:
    assert vocabulary.same_prefix("kazakh") == ["kazakhstan"]
    assert vocabulary.same_prefix("protest") == ["protested"]
    assert vocabulary.same_prefix("kestria") == []
    assert vocabulary.same_prefix("kes") == []


def test_round_trip_through_a_dict(vocabulary: Vocabulary) -> None:
    again = Vocabulary.from_dict(vocabulary.to_dict())

    assert again.names == vocabulary.names
    assert len(again) == len(vocabulary)
    assert again.df("kestria") == 2
    assert again.corrections("aldenbrok") == ["aldenbrook"]


def test_from_dict_rejects_other_data() -> None:
    with pytest.raises(ValueError, match="not a saved vocabulary"):
        Vocabulary.from_dict({"df": [], "names": []})
