"""Terms: one tokenizer for questions and sources, so the same word always meets itself."""

from __future__ import annotations

import pytest

from knowledge.text.terms import NEGATORS, STOPWORDS, fold, stem, surface_words, terms


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("240,000 jars", ["240000", "jars"]),
        ("1,100 workers", ["1100", "workers"]),
        ("$2.26 million", ["2.26", "million"]),
        ("3,5 percent", ["3.5", "percent"]),
        ("in 2024", ["in", "2024"]),
    ],
)
def test_numbers_lose_thousands_separators_but_keep_decimals(text: str, words: list[str]) -> None:
    assert list(surface_words(text)) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("did the US buy jets", ["did", "the", "unitedstates", "buy", "jets"]),
        ("did the U.S. buy jets", ["did", "the", "unitedstates", "buy", "jets"]),
        ("exports to the USA", ["exports", "to", "the", "unitedstates"]),
        ("did the us buy jets", ["did", "the", "unitedstates", "buy", "jets"]),
        ("the United States of America", ["the", "unitedstates"]),
        ("jets for America", ["jets", "for", "unitedstates"]),
        ("the UK and the EU", ["the", "unitedkingdom", "and", "the", "europeanunion"]),
        ("Britain and the European Union", ["unitedkingdom", "and", "the", "europeanunion"]),
    ],
)
def test_country_names_become_one_token(text: str, words: list[str]) -> None:
    assert list(surface_words(text)) == words


@pytest.mark.parametrize(
    "text", ["send it to us all", "give it to us both", "tell us about it", "let us know"]
)
def test_the_pronoun_us_stays_a_pronoun(text: str) -> None:
    words = surface_words(text)

    assert "us" in words
    assert "unitedstates" not in words


def test_possessives_and_apostrophes() -> None:
    assert list(surface_words("Kestria's boats aren't sold")) == [
        "kestria",
        "boats",
        "arent",
        "sold",
    ]


def test_accents_are_folded() -> None:
    assert fold("Ürümqi Café") == "urumqi cafe"
    assert (
        list(surface_words("Ürümqi café"))
        == list(surface_words("urumqi cafe"))
        == ["urumqi", "cafe"]
    )


@pytest.mark.parametrize(
    ("form", "base"),
    [
        ("sold", "sell"),
        ("bought", "buy"),
        ("paid", "pay"),
        ("flew", "fly"),
        ("flown", "fly"),
        ("sank", "sink"),
        ("written", "write"),
        ("selling", "sell"),
        ("jets", "jet"),
    ],
)
def test_word_forms_share_a_stem(form: str, base: str) -> None:
    assert stem(form) == stem(base)


def test_numbers_are_not_stemmed() -> None:
    assert stem("240000") == "240000"
    assert stem("2.26") == "2.26"


def test_terms_drop_stopwords_and_negators() -> None:
    assert list(terms("The navy has not bought any of the vessels")) == ["navi", "buy", "vessel"]


def test_terms_can_keep_stopwords() -> None:
    kept = terms("the zoo is not open", keep_stopwords=True)

    assert list(kept) == [stem(w) for w in ["the", "zoo", "is", "not", "open"]]


def test_negators_are_stopwords() -> None:
    assert {"not", "never", "didnt", "cannot"} <= NEGATORS
    assert NEGATORS <= STOPWORDS


def test_question_and_source_forms_meet() -> None:
    question = terms("did the US buy kazakh jets")
    source = terms("The United States bought the jets.")

    assert set(question) & set(source) == {stem("unitedstates"), "buy", "jet"}
