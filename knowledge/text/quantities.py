"""Find amounts in text ("3 million doses", "240,000 tins", "a week", "30%") so that numbers in a
claim can be checked against numbers in a source."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.text.terms import STOPWORDS, fold, stem

__all__ = ["Quantity", "quantities", "same_amount"]

_SCALES = {
    "thousand": 1e3,
    "k": 1e3,
    "million": 1e6,
    "mil": 1e6,  # chat: "worth like 40 mil"
    "mill": 1e6,
    "m": 1e6,
    "mn": 1e6,
    "billion": 1e9,
    "bn": 1e9,
    "b": 1e9,
    "trillion": 1e12,
    "tn": 1e12,
}
_WORD_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
}
_MONTHS = frozenset(
    "januari februari march april may june juli august septemb octob novemb decemb "
    "jan feb mar apr jun jul aug sep oct nov dec".split()
)
_DAYS = {"day": 1, "week": 7, "fortnight": 14, "month": 30, "year": 365}
_CURRENCIES = {
    "$": "usd",
    "€": "eur",
    "£": "gbp",
    "usd": "usd",
    "dollars": "usd",
    "dollar": "usd",
    "euros": "eur",
    "pounds": "gbp",
    "tenge": "kzt",
    "marks": "marks",
}

_NUMBER = re.compile(
    r"(?P<cur>[$€£])?\s?(?P<num>\d+(?:[.,]\d+)*)\s?(?P<scale>thousand|million|billion|trillion|"
    r"bn|mn|tn|mill|mil|[kmb])?\b(?P<pct>\s?(?:%|per ?cent|percent))?",
    re.I,
)
_DURATION = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d+|whole|"
    r"full|entire|single)[\s-]+(?P<unit>day|week|fortnight|month|year)s?(?:[\s-]long)?\b",
    re.I,
)
# A figure just before "a year" or "a week" makes it a rate ("9.2 million florins a year").
_RATE_BEFORE = re.compile(r"\d[\d,.]*\s?(?:[A-Za-z%]+\s+){0,2}$")
# "eight boats", "forty people": a counted number in words ("a", "an" and "one" are left out:
# "one official said" counts nothing).
_COUNTED_WORDS = {
    **{w: float(n) for w, n in _WORD_NUMBERS.items() if n >= 2 and w != "dozen"},
    "forty": 40.0,
    "sixty": 60.0,
    "seventy": 70.0,
    "eighty": 80.0,
    "ninety": 90.0,
    "dozens": 24.0,
}
_WORD_COUNT = re.compile(r"\b(" + "|".join(_COUNTED_WORDS) + r")\b", re.I)
# "fifteen hundred jobs", "two thousand homes": a number in words times a hundred or thousand.
_TEENS = {
    "thirteen": 13.0,
    "fourteen": 14.0,
    "fifteen": 15.0,
    "sixteen": 16.0,
    "seventeen": 17.0,
    "eighteen": 18.0,
    "nineteen": 19.0,
}
_MULTIPLIED = {**{w: n for w, n in _COUNTED_WORDS.items() if w != "dozens"}, **_TEENS}
_WORD_TIMES = re.compile(r"\b(" + "|".join(_MULTIPLIED) + r")[\s-]+(hundred|thousand)\b", re.I)
_AFTER = re.compile(r"[\s-]*(?:of\s+)?([A-Za-z][A-Za-z-]+)(?:\s+([A-Za-z][A-Za-z-]+))?")


@dataclass(frozen=True, slots=True)
class Quantity:
    """An amount and what it counts: ("jar", 240000.0), ("percent", 30.0), ("days", 7.0); the
    unit is "" for a bare large number ("2 million")."""

    unit: str
    value: float
    text: str
    # The stems of the words right after the figure, which may say what it counts: "new" and
    # "licenc" in "twelve new licences", where the unit read is "new".
    counts: frozenset[str] = frozenset()

    def same_unit(self, other: Quantity) -> bool:
        """Whether two figures count the same thing: the same unit, or a word after each in
        common ("twelve new licences" and "20 tuna licences")."""
        return self.unit == other.unit or bool(self.counts & other.counts)


def _number(text: str) -> float | None:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
        text = text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _after(text: str, end: int) -> tuple[str | None, frozenset[str]]:
    """What follows a figure: its unit (the first word that is not a stop word or a scale,
    a currency named in words as its code) and the stems of those words (`Quantity.counts`)."""
    match = _AFTER.match(text, end)
    if not match:
        return None, frozenset()
    words = [fold(w) for w in match.groups() if w]
    words = [w for w in words if w not in STOPWORDS and w not in _SCALES]
    if not words:
        return None, frozenset()
    return _CURRENCIES.get(words[0]) or stem(words[0]), frozenset(stem(w) for w in words)


@lru_cache(maxsize=1 << 14)
def quantities(text: str) -> tuple[Quantity, ...]:
    """Amounts in `text` with the word that says what they count; years and dates left out.
    Cached: the stance, the answer check and the verdict read the same sentences."""
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []
    for match in _DURATION.finditer(text):
        taken.append(match.span())
        n = match.group("n").lower()
        if n in ("a", "an") and _RATE_BEFORE.search(text[: match.start()]):
            continue  # "9 million a year", "£40 a week": a rate, not a length of time
        count = float(n) if n.isdigit() else float(_WORD_NUMBERS.get(n, 1))
        days = count * _DAYS[match.group("unit").lower()]
        found.append(Quantity("days", days, match.group()))
    for match in _WORD_TIMES.finditer(text):
        unit, counts = _after(text, match.end())
        if unit and unit not in _MONTHS and unit not in _DAYS:
            taken.append(match.span())
            times = 100.0 if match.group(2).lower() == "hundred" else 1000.0
            amount = _MULTIPLIED[match.group(1).lower()] * times
            found.append(Quantity(unit, amount, match.group(), counts))
    for match in _WORD_COUNT.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        unit, counts = _after(text, match.end())
        if unit and unit not in _MONTHS and unit not in _DAYS:
            taken.append(match.span())
            found.append(
                Quantity(unit, _COUNTED_WORDS[match.group(1).lower()], match.group(), counts)
            )
    for match in _NUMBER.finditer(text):
        if any(start <= match.start() < end for start, end in taken):
            continue  # already read as a duration: "10 days"
        value = _number(match.group("num"))
        if value is None:
            continue
        scale = (match.group("scale") or "").lower()
        value *= _SCALES.get(scale, 1.0)
        if match.group("pct"):
            found.append(Quantity("percent", value, match.group().strip()))
            continue
        if match.group("cur"):
            found.append(Quantity(_CURRENCIES[match.group("cur")], value, match.group().strip()))
            continue
        if not scale and 1900 <= value <= 2100 and "," not in match.group("num"):
            continue  # a year
        unit, counts = _after(text, match.end())
        if unit in _MONTHS:
            continue  # a date
        if unit in {"am", "pm"}:
            continue  # a time of day
        if unit or scale:
            found.append(Quantity(unit or "", value, match.group().strip(), counts))
    return tuple(found)


def same_amount(a: float, b: float) -> bool:
    """Equal within rounding: "about 240,000" matches 240,000 and 238,500, not 24,000."""
    if a == b:
        return True
    return abs(a - b) <= 0.05 * max(abs(a), abs(b))
