"""The Query: a claim's words, names and wishes, built once against a corpus vocabulary."""

from __future__ import annotations

import pytest

from knowledge.claim import parse_question
from knowledge.judge import missing_names
from knowledge.query import Query, build_query, with_neighbours
from knowledge.text.terms import terms
from knowledge.text.vocabulary import Vocabulary

CORPUS = [
    "Kazakhstan does not sell arms to any country, including the United States.",
    "The Tolven Harbour Board confirmed on Monday that Kazakhstan bought two ferries.",
    "Police arrested two men near the harbour in Tolven.",
]
VOCABULARY = Vocabulary.from_texts(CORPUS)


def query(question: str) -> Query:
    claim = parse_question(question)
    return build_query(claim, VOCABULARY, len(CORPUS))


def names(q: Query) -> list[str]:
    return [name.text for name in q.names]


def test_names_the_corpus_uses_are_matched_in_their_corpus_forms() -> None:
    q = query("did the kazakh harbour board buy ferries from tolven?")
    assert {"kazakhstan", "tolven"} <= {s for name in q.names for s in name.stems}


def test_a_place_no_source_mentions_is_still_a_name() -> None:
    q = query("did the US buy tanks from Norway?")
    assert "Norway" in names(q)
    assert not next(n for n in q.names if n.text == "Norway").known


def test_a_document_about_another_country_is_not_about_this_one() -> None:
    q = query("did the US buy tanks from Norway?")
    about_kazakhstan = frozenset(terms(CORPUS[0]))
    assert [n.text for n in missing_names(q.names, about_kazakhstan)] == ["Norway"]


def test_common_words_are_not_names() -> None:
    q = query("did the police arrest two men at the harbour?")
    assert q.names == ()


@pytest.mark.parametrize(
    ("question", "present"),
    [
        ("is darrow still the coach?", True),
        ("is the bridge open yet", True),
        ("does the ferry run anymore", True),
        ("did the ferry run in May?", False),
    ],
)
def test_questions_about_the_present_are_marked(question: str, present: bool) -> None:
    assert query(question).present is present


@pytest.mark.parametrize(
    ("question", "future"),
    [
        ("is the mine gonna close?", True),
        ("will the ferry run on sunday", True),
        ("they'll shut the pool right", True),
        ("is the terminal doubling its capacity by 2028", True),
        ("is the festival moving next summer", True),
        ("did the mine close?", False),
        ("did the strike go ahead due to the pay offer", False),
    ],
)
def test_questions_about_what_will_happen_are_marked(question: str, future: bool) -> None:
    assert query(question).future is future


def test_a_neighbour_joins_the_word_and_replaces_it_in_the_text() -> None:
    q = query("did the cops arrest two men?")
    matched = with_neighbours(q, {"cops": ("police", 0.91)})
    (cops,) = [w for w in matched.words if w.surface == "cops"]
    assert "polic" in cops.stems
    assert "police" in matched.text
    assert "cops" not in matched.text
    assert with_neighbours(q, {}) is q
    # A related word helps find passages but is not put in the claim's mouth.
    related = with_neighbours(q, {"cops": ("officers", 0.67)})
    assert "cops" in related.text
    (word,) = [w for w in related.words if w.surface == "cops"]
    assert "offic" in word.stems


def test_a_capital_standing_for_its_state_names_it() -> None:
    texts = [*CORPUS, "Officials in Washington said no order was placed."]
    vocabulary = Vocabulary.from_texts(texts)
    claim = parse_question("did the US buy ferries?")
    q = build_query(claim, vocabulary, len(texts))
    assert missing_names(q.names, frozenset(terms(texts[-1]))) == []


def test_an_everyday_proper_noun_is_not_demanded_of_every_source() -> None:
    texts = [*CORPUS, "The Christmas ferry timetable starts on 20 December."]
    vocabulary = Vocabulary.from_texts(texts)
    claim = parse_question("can i take the ferry to tolven for my christmas trip?")
    q = build_query(claim, vocabulary, len(texts))
    assert "christmas" not in {w for name in q.names for w in name.words}


def test_an_everyday_word_is_not_misread_as_a_corpus_name() -> None:
    texts = [*CORPUS, "The Bench Pressed actress joined the cast.", "Bench Pressed returns."]
    vocabulary = Vocabulary.from_texts(texts)
    q = build_query(parse_question("did police arrest a bunch of people?"), vocabulary, len(texts))
    assert "bunch" in q.text
    assert "bench" not in {s for word in q.words for s in word.stems}


@pytest.mark.parametrize(
    ("question", "statement"),
    [
        ("was the harbour ferry suspended?", "the harbour ferry was suspended"),
        ("is terminal 2 open again", "terminal 2 is open again"),
        ("is there a shortage of ferries", "there is a shortage of ferries"),
        ("did the ferry stop?", "the ferry stop"),
        # "gonna" is read as "going to" before the parser splits it into "gon" + "na".
        ("is the ferry gonna stop", "the ferry is going to stop"),
    ],
)
def test_the_text_the_models_read_is_a_sentence(question: str, statement: str) -> None:
    assert query(question).text.lower() == statement
