"""Sentences: split where a reader would, and give offsets that point back into the text."""

from __future__ import annotations

from itertools import pairwise

import pytest

from knowledge.text.sentences import sentence_spans, sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dr. Lena Ortiz met U.S. officials. They agreed.",
            ["Dr. Lena Ortiz met U.S. officials.", "They agreed."],
        ),
        (
            "Mr. Hale and Mrs. Brand met on Jan. 5. They talked.",
            ["Mr. Hale and Mrs. Brand met on Jan. 5.", "They talked."],
        ),
        ("The U.S. Navy bought it.", ["The U.S. Navy bought it."]),
        ("It cost approx. 40 dollars. Fine.", ["It cost approx. 40 dollars.", "Fine."]),
        ("J. R. Hartley wrote it. Then he left.", ["J. R. Hartley wrote it.", "Then he left."]),
        ("He scored 3.5 points. Great.", ["He scored 3.5 points.", "Great."]),
        ("Is it true? Yes! Really… Ok.", ["Is it true?", "Yes!", "Really…", "Ok."]),
        ('He said "It is over." Nobody replied.', ['He said "It is over."', "Nobody replied."]),
        ("“Stop.” She left.", ["“Stop.”", "She left."]),
        ("(See below.) Then more.", ["(See below.)", "Then more."]),
        ("First paragraph\n\nSecond paragraph", ["First paragraph", "Second paragraph"]),
        ("no full stop at the end", ["no full stop at the end"]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert list(sentences(text)) == expected


def test_bulleted_list_items_are_separate_sentences() -> None:
    text = "We found:\n- the ships left in May\n* the crews stayed\n• nobody was paid"

    assert sentences(text) == (
        "We found:",
        "- the ships left in May",
        "* the crews stayed",
        "• nobody was paid",
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert sentence_spans(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "  Leading space. Trailing space.   ",
        "Dr. Ortiz spoke.\n\n\n  Then   the U.S. envoy spoke!  Why?",
        "Quote: “It is done.”  Next.\n- item one\n- item two",
        "Ürümqi café reopened… Really.",
    ],
)
def test_offsets_point_back_into_the_text(text: str) -> None:
    spans = sentence_spans(text)

    assert [text[s:e] for s, e in spans] == list(sentences(text))
    for start, end in spans:
        assert text[start:end] == text[start:end].strip()
    assert all(a[1] <= b[0] for a, b in pairwise(spans))
