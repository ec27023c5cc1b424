"""Passages: short, sentence-aligned pieces whose offsets always reproduce the document."""

from __future__ import annotations

import re
from itertools import pairwise

import pytest

from knowledge.passages import split_passages, text_hash

MAX = 200
PROSE = (
    "The Pellam ferry will stop running in the winter. The council approved the plan on "
    "Tuesday. Dr. Mara Velt, who leads the service, said repairs start in March. Residents "
    "on the U.S. side of the river raised concerns about the closure. The operator promised "
    "a replacement bus. “Tickets will cost the same,” a spokesperson said. Nobody knows "
    "whether the ferry will return next year! Will it? Time will tell."
) * 2
LONG_SENTENCE = (
    "The committee, which met on Tuesday, heard from "
    + ", ".join(f"witness number {i} from the district of Area{i}" for i in range(80))
    + ", and then it adjourned."
)
PARAGRAPHS = (
    "First paragraph, sentence one. Sentence two follows.\n\n"
    "Second paragraph here, with a clause; and another clause.\n\n\n"
    "Third paragraph.\n- a list item\n- another list item\n\n"
    + "A closing paragraph that goes on for a while about the harbour. "
    * 6
)
REPEATED = "The same sentence again. " * 40
DOCUMENTS = [PROSE, LONG_SENTENCE, PARAGRAPHS, REPEATED, "One short line"]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_offsets_reproduce_the_text(text: str) -> None:
    passages = split_passages("doc", text, max_chars=MAX)

    assert passages
    for passage in passages:
        assert text[passage.start : passage.end] == passage.text
        assert passage.text == passage.text.strip()
    assert [p.seq for p in passages] == list(range(len(passages)))
    assert all(a.end <= b.start for a, b in pairwise(passages))


@pytest.mark.parametrize("text", DOCUMENTS)
def test_passages_cover_every_word(text: str) -> None:
    passages = split_passages("doc", text, max_chars=MAX)

    assert " ".join(p.text for p in passages).split() == text.split()


def test_prose_passages_end_at_sentence_ends() -> None:
    passages = split_passages("doc", PROSE, max_chars=MAX)

    assert len(passages) > 2
    for passage in passages:
        assert len(passage.text) <= MAX
        assert re.search(r"[.!?][”\"’)]?$", passage.text), passage.text
    assert not any(p.text.endswith(("Dr.", "U.S.")) for p in passages)


def test_a_very_long_sentence_is_cut_at_clauses() -> None:
    passages = split_passages("doc", LONG_SENTENCE, max_chars=MAX)

    assert len(passages) > 1
    for passage in passages[:-1]:
        assert len(passage.text) <= 3 * MAX
        assert passage.text.endswith(",")
    assert passages[-1].text.endswith("then it adjourned.")


def test_a_sentence_a_little_over_the_size_is_kept_whole() -> None:
    sentence = "The claim that " + "the ferry was sold and " * 12 + "nobody noticed is false."
    assert MAX < len(sentence) < 3 * MAX

    (passage,) = split_passages("doc", sentence, max_chars=MAX)

    assert passage.text == sentence


def test_ids_are_stable_for_the_same_text() -> None:
    first = split_passages("doc", PROSE, max_chars=MAX)
    again = split_passages("doc", PROSE, max_chars=MAX)

    assert [p.passage_id for p in first] == [p.passage_id for p in again]
    assert first[0].passage_id == f"doc#{text_hash(PROSE)}-0"
    assert len({p.passage_id for p in first}) == len(first)
    assert all(p.doc_id == "doc" for p in first)


def test_ids_change_when_the_text_changes() -> None:
    before = split_passages("doc", PROSE, max_chars=MAX)
    after = split_passages("doc", PROSE + " One more sentence.", max_chars=MAX)

    assert not {p.passage_id for p in before} & {p.passage_id for p in after}


def test_text_hash_is_short_and_stable() -> None:
    assert text_hash("abc") == text_hash("abc")
    assert text_hash("abc") != text_hash("abd")
    assert re.fullmatch(r"[0-9a-f]{12}", text_hash("abc"))


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_blank_text_has_no_passages(text: str) -> None:
    assert split_passages("doc", text, max_chars=MAX) == []
