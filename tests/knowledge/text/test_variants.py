"""Variants: a casual question's words matched to the words the corpus uses."""

from __future__ import annotations

import pytest

from knowledge.text.terms import stem
from knowledge.text.variants import (
    QueryWord,
    canonical_word,
    expand_idioms,
    name_forms,
    normalise_query,
    query_words,
)
from knowledge.text.vocabulary import Vocabulary

TEXTS = [
    "Students at Aldenbrook University protested on Monday.",
    "The rector of Aldenbrook said the government laboratory will stay open.",
    "Officials in Kazakhstan denied that the jets were sold.",
    "Patrol boats from Veloria were sold to Kestria last spring.",
    "A deal between Veloria and Kestria was signed, officials in Kestria said.",
    "A medical team took photos at the harbour school.",
    "The paper corrected its story and removed the statue photo.",
]


@pytest.fixture
def vocabulary() -> Vocabulary:
    return Vocabulary.from_texts(TEXTS)


def by_surface(words: list[QueryWord]) -> dict[str, QueryWord]:
    return {w.surface: w for w in words}


@pytest.mark.parametrize(
    ("question", "normalised"),
    [
        ("aldenbrok uni", "aldenbrook university"),
        ("did the govt lab stay open", "did the government lab stay open"),
        ("med team pics", "medical team photos"),
        ("velorian boats", "veloria boats"),
        ("kestrias navy", "kestria navy"),
        ("Aldenbrok Uni", "aldenbrook university"),
    ],
)
def test_normalise_query(vocabulary: Vocabulary, question: str, normalised: str) -> None:
    assert normalise_query(question, vocabulary) == normalised


def test_an_everyday_word_is_a_place_form_only_inside_a_name(vocabulary: Vocabulary) -> None:
    assert normalise_query("kazakh jets", vocabulary, frozenset({"kazakh"})) == "kazakhstan jets"
    assert normalise_query("kazakh jets", vocabulary) == "kazakh jets"


def test_normalise_query_keeps_words_it_does_not_change(vocabulary: Vocabulary) -> None:
    text = "Did Veloria REALLY sell boats?"

    assert normalise_query(text, vocabulary) == text


@pytest.mark.parametrize(
    ("word", "canonical"),
    [
        ("aldenbrok", "aldenbrook"),
        ("kestira", "kestria"),
        ("kestrias", "kestria"),
        ("velorian", "veloria"),
        ("velorians", "veloria"),
        ("veloria", "veloria"),
        ("the", "the"),
    ],
)
def test_canonical_word(vocabulary: Vocabulary, word: str, canonical: str) -> None:
    assert canonical_word(word, vocabulary) == canonical


@pytest.mark.parametrize("word", ["goverment", "laboratry", "studnets", "harbor", "skool"])
def test_a_common_word_is_not_corrected(vocabulary: Vocabulary, word: str) -> None:
    """Only names are corrected: a typo of an everyday word is left for the reader."""
    assert canonical_word(word, vocabulary) == word
    assert normalise_query(f"the {word}", vocabulary) == f"the {word}"


def test_demonym_and_country_forms_both_match(vocabulary: Vocabulary) -> None:
    words = by_surface(query_words("kazakh and velorian jets", vocabulary))

    assert dict(words["kazakh"].alternatives)["kazakhstan"] == pytest.approx(0.9)
    assert words["kazakh"].known
    assert "veloria" in words["velorian"].stems
    assert words["jets"].stems >= {"jet", stem("aircraft")}


def test_a_misspelt_name_matches_the_name(vocabulary: Vocabulary) -> None:
    (word,) = query_words("aldenbrok", vocabulary)

    assert word.alternatives == (("aldenbrook", pytest.approx(0.8)),)
    assert word.known


def test_chat_words_are_spelled_out(vocabulary: Vocabulary) -> None:
    words = by_surface(query_words("uni govt med pics", vocabulary))

    assert set(words) == {"university", "government", "medical", "photos"}
    assert "govern" in words["government"].stems
    assert "photo" in words["photos"].stems


def test_stopwords_and_repeats_are_dropped(vocabulary: Vocabulary) -> None:
    words = query_words("did the the kestria sell to kestria", vocabulary)

    assert [w.surface for w in words] == ["kestria", "sell"]


def test_a_word_nothing_matches_is_unknown(vocabulary: Vocabulary) -> None:
    (word,) = query_words("zeppelin", vocabulary)

    assert not word.known
    assert word.alternatives == ()


def test_exact_word_ranks_above_its_synonyms(vocabulary: Vocabulary) -> None:
    (word,) = query_words("photos", vocabulary)

    assert word.alternatives[0] == ("photo", 1.0)
    assert dict(word.alternatives)[stem("picture")] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("did the paper walk back its story", "did the paper correct its story"),
        ("the minister rowed back on it", "the minister correct on it"),
        ("they backtracked", "they correct"),
        ("did they take that back", "did they correct"),
        ("the paper took it back", "the paper correct"),
        ("did the paper take anything back from its story", "did the paper correct from its story"),
        ("did veloria get rid of the statue", "did veloria removed the statue"),
        ("kestria picked up the boats", "kestria acquire the boats"),
        ("a firm bought out the yard", "a firm acquire the yard"),
        ("the zoo was shut down", "the zoo was close"),
        ("nothing to change here", "nothing to change here"),
    ],
)
def test_idioms(text: str, expanded: str) -> None:
    assert expand_idioms(text) == expanded


def test_idioms_reach_the_corpus_words(vocabulary: Vocabulary) -> None:
    assert normalise_query("did the paper walk back its story", vocabulary) == (
        "did the paper correct its story"
    )
    words = by_surface(query_words("they got rid of the statue", vocabulary))
    assert "remov" in words["removed"].stems


def test_a_clipped_name_matches_the_long_name_it_shortens() -> None:
    vocabulary = Vocabulary.from_texts(
        [
            "Readers of the Plainsview Tribune wrote in on Monday.",
            "The Tribune corrected its story, and the Tribune editor apologised.",
            "Fans call the paper the Trib, and the Trib says so too.",
        ]
    )
    assert "tribune" in name_forms("trib", vocabulary)
    # a word too short to be told from the start of any other is not stretched
    assert name_forms("the", vocabulary) == ["the"]
    assert vocabulary.clipped("tri") == []
