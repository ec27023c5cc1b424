"""Answers in kind: which sentences answer "how many", "how much" and "when"."""

from __future__ import annotations

import pytest

from knowledge.text.answers import answers


@pytest.mark.parametrize(
    ("sentence", "claim", "expected"),
    [
        # A length of time is no amount of money, even asked "a month".
        ("Subscribers will receive one month free.", "does the plan cost a month", 0.0),
        ("The plan costs 12 florins a month.", "does the plan cost a month", 0.5),
        # ... but it answers a question about time.
        ("The ban lasted three weeks.", "weeks did the ban last", 0.5),
        ("The ban lasted three weeks.", "time did the crews need", 0.5),
        ("240,000 jars were recalled.", "jars were recalled", 1.0),
    ],
)
def test_how_much_and_how_many_want_an_amount_of_the_right_kind(
    sentence: str, claim: str, expected: float
) -> None:
    wh = "how many" if "jars" in claim or "weeks" in claim else "how much"
    assert answers(sentence, wh, claim) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Anna Berg won the Kettering Mouth Marathon.", 1.0),
        # The question's own names are no answer to it.
        ("The Kettering Mouth Marathon takes place on Sunday.", 0.0),
        ("The race is run every October.", 0.0),
    ],
)
def test_who_wants_a_name_the_question_does_not_already_give(
    sentence: str, expected: float
) -> None:
    assert answers(sentence, "who", "won the kettering mouth marathon this year") == expected


@pytest.mark.parametrize(
    ("sentence", "wh", "expected"),
    [
        # A street, a bridge or a lake is no answer to "who" ...
        ("Runners will finish on Harbour Street.", "who", 0.0),
        ("Spectators should wait by the Iron Bridge.", "who", 0.0),
        # ... though it answers "which", and a person with a place-like surname answers "who".
        ("Runners will finish on Harbour Street.", "which", 1.0),
        ("Dana Hill crossed the line first.", "who", 1.0),
        ("Calls to North Lake Mountain Rescue doubled.", "who", 1.0),
    ],
)
def test_who_is_answered_by_a_person_or_body_not_a_place(
    sentence: str, wh: str, expected: float
) -> None:
    assert answers(sentence, wh, "won the kettering mouth marathon this year") == expected
