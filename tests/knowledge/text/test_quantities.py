"""Quantities: amounts and what they count, so a claim's figure can meet a source's."""

from __future__ import annotations

import pytest

from knowledge.text.quantities import Quantity, quantities, same_amount


def amounts(text: str) -> list[tuple[str, float]]:
    return [(q.unit, q.value) for q in quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brightwell recalled 2 million jars", [("jar", 2_000_000)]),
        ("it recalled 240,000 jars of jam", [("jar", 240_000)]),
        ("1,100 workers went on strike", [("worker", 1_100)]),
        ("the 3 jets landed", [("jet", 3)]),
        ("the fund holds 3 million", [("", 3_000_000)]),
        ("a 2.26m deal", [("deal", 2_260_000)]),
        ("it raised 2.26m.", [("", 2_260_000)]),
    ],
)
def test_counts_with_their_unit(text: str, expected: list[tuple[str, float]]) -> None:
    assert amounts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a $2.26 million contract", [("usd", 2_260_000)]),
        ("costing $1,200", [("usd", 1_200)]),
        ("a £40m grant", [("gbp", 40_000_000)]),
        ("€5bn in loans", [("eur", 5_000_000_000)]),
        ("worth 1 billion tenge", [("kzt", 1_000_000_000)]),
        ("about 2.26 million dollars", [("usd", 2_260_000)]),
        ("5,000 euros", [("eur", 5_000)]),
        ("worth like 40 mil", [("", 40_000_000)]),
        ("3 military bases", [("militari", 3)]),
    ],
)
def test_money(text: str, expected: list[tuple[str, float]]) -> None:
    assert amounts(text) == expected


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("it lasted a week", 7),
        ("a week-long strike", 7),
        ("for one week only", 7),
        ("closed for a month", 30),
        ("a two-week closure", 14),
        ("two weeks later", 14),
        ("the whole week", 7),
        ("a fortnight away", 14),
        ("a year on", 365),
    ],
)
def test_durations_in_days(text: str, days: float) -> None:
    assert amounts(text) == [("days", days)]


def test_a_weekend_is_not_a_week() -> None:
    assert amounts("over a weekend") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [("30% of voters", 30), ("30 per cent of voters", 30), ("a 12.5 percent rise", 12.5)],
)
def test_percentages(text: str, value: float) -> None:
    assert amounts(text) == [("percent", value)]


@pytest.mark.parametrize(
    "text",
    [
        "in 2024 the plan changed",
        "since 1998",
        "in the 1990s",
        "a 2024 report",
        "on 12 March 2024",
        "on 5 May",
        "by 3 June",
        "no numbers here at all",
    ],
)
def test_years_and_dates_are_not_amounts(text: str) -> None:
    assert quantities(text) == ()


def test_quantity_keeps_the_matched_text() -> None:
    assert quantities("a $2.26 million contract") == (
        Quantity(unit="usd", value=2_260_000.0, text="$2.26 million"),
    )


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (240_000, 240_000, True),
        (240_000, 238_500, True),
        (238_500, 240_000, True),
        (100, 105, True),
        (100, 106, False),
        (240_000, 24_000, False),
        (2_000_000, 240_000, False),
        (0, 0, True),
        (7, 30, False),
    ],
)
def test_same_amount_allows_rounding_only(a: float, b: float, same: bool) -> None:
    assert same_amount(a, b) is same


def test_a_count_in_words_is_read_but_not_a_lone_one() -> None:
    assert [(q.unit, q.value) for q in quantities("Eight boats were sold.")] == [("boat", 8.0)]
    assert [(q.unit, q.value) for q in quantities("forty people were held")] == [("peopl", 40.0)]
    assert quantities("one official said a report was wrong") == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the levy will raise 9.2 million florins a year", [("florin", 9_200_000)]),
        ("it brings in 9 mil a year", [("", 9_000_000)]),
        ("the ferry was suspended for a week", [("days", 7)]),
    ],
)
def test_a_figure_per_year_is_a_rate_not_a_length_of_time(
    text: str, expected: list[tuple[str, float]]
) -> None:
    assert amounts(text) == expected


def test_a_number_in_words_times_a_hundred_or_a_thousand() -> None:
    # "Fifteen hundred jobs" is the 1,500 a member asks about, not a hundred jobs.
    assert [(q.unit, q.value) for q in quantities("Fifteen hundred jobs, they said")] == [
        ("job", 1500.0)
    ]
    assert [(q.unit, q.value) for q in quantities("two thousand homes")] == [("home", 2000.0)]
    assert [(q.unit, q.value) for q in quantities("a hundred jobs")] == [("job", 100.0)]


def test_figures_count_the_same_thing_when_a_word_after_them_agrees() -> None:
    (offered,) = quantities("Twelve new licences will be offered.")
    (asked,) = quantities("handing out 20 tuna licences")
    (boats,) = quantities("20 tuna boats")
    assert offered.same_unit(asked)
    assert not offered.same_unit(boats)
