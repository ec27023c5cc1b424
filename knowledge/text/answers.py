"""What an answer to a what/when/where question looks like, so the reply quotes the sentence
that actually answers it ("when": a date; "how many jars": a number of jars)."""

from __future__ import annotations

import re

from knowledge.lexicon import words
from knowledge.text.quantities import quantities
from knowledge.text.terms import terms

__all__ = ["answers", "figures"]

_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*"
# A capitalised name, all its words: "Harbour Lines Ltd", "Grauwald Mountain Rescue".
_NAME = re.compile(r"\b[A-Z][a-z]+(?: [A-Z][a-z]+)*\b")
_PATTERNS = {
    "how long": re.compile(
        r"\b(?:\d+|a|one|two|three|four|five|six|few|several|whole|full)[\s-]+"
        r"(?:day|week|fortnight|month|year|hour)s?\b|\buntil\b|\bfrom .{1,40}? to\b",
        re.I,
    ),
    "when": re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)? {_MONTH}|{_MONTH} \d{{1,2}})\b", re.I),
    "why": re.compile(
        r"\b(?:because|due to|so that|as a result|owing to|reason|caused by|after (?:a|an|the)|"
        r"may contain|could contain|found)\b",
        re.I,
    ),
    "where": re.compile(r"\b(?:in|at|to|from|near|into|towards?)\s+(?:the\s+)?[A-Z][a-z]+"),
    "who": re.compile(
        r"\b[A-Z][a-z]+ [A-Z][a-z]+|\b(?:spokes\w+|minister|official|director|chair\w*)\b"
    ),
    "which": _NAME,
}


# Questions answered by a name ("who", "which").
_NAMING = frozenset({"who", "which"})
# A name ending in one of these is a place or a thing ("Harbour Street", "Iron Bridge"):
# it answers "which", never "who" (knowledge/lexicon/places.toml).
_LANDMARK_HEADS = words("places", "landmark_heads")

# A length of time answers "how much" or "how many" only when the question asks about time
# ("how many weeks", "how much time"): "one month free" is no answer to "how much does it cost
# a month" (stems, as `terms` gives them).
_TIME_WORDS = frozenset({"day", "week", "fortnight", "month", "year", "hour", "minut", "time"})
# ... and "a month" in "cost a month" is a rate, not the time asked about.
_RATE = re.compile(r"\b(?:a|an|per|each|every)\s+(?:day|week|fortnight|month|year|hour)\b", re.I)

# Weaker answers: a weekday or a year answers "when" less exactly than "24 June".
_VAGUE_WHEN = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|(?:19|20)\d\d|today|"
    r"tomorrow|next (?:week|month|year))\b",
    re.I,
)


def answers(sentence: str, wh_word: str | None, claim_text: str = "") -> float:
    """How well a sentence answers in kind, 0..1: 1 for "24 June" to "when", 0.5 for
    "on Monday"; 1 for "240,000 jars" to "how many jars", 0.5 for another number."""
    if wh_word in ("how many", "how much"):
        wanted = set(terms(claim_text))
        asks_time = bool(set(terms(_RATE.sub(" ", claim_text))) & _TIME_WORDS)
        found = [q for q in quantities(sentence) if q.unit != "days" or asks_time]
        if any(q.unit in wanted for q in found):
            return 1.0
        return 0.5 if found else 0.0
    pattern = _PATTERNS.get(wh_word or "")
    if pattern and wh_word in _NAMING:
        # "who won the marathon" is not answered by "the Kettering Mouth Marathon takes place
        # on Sunday": a name answers only if the question does not already say it.
        asked = set(terms(claim_text))
        if any(
            not set(terms(found.group(0))) <= asked
            and not (wh_word == "who" and _names_a_place(sentence, found.start()))
            for found in pattern.finditer(sentence)
        ):
            return 1.0
    elif pattern and pattern.search(sentence):
        return 1.0
    if wh_word == "when" and _VAGUE_WHEN.search(sentence):
        return 0.5
    return 0.0


def _names_a_place(sentence: str, start: int) -> bool:
    """Whether the capitalised name that starts at `start` is a place or a thing by its last
    word: "Harbour Street", but not "Grauwald Mountain Rescue"."""
    run = _NAME.match(sentence, start)
    return run is not None and run.group(0).split()[-1].lower() in _LANDMARK_HEADS


_DATE = re.compile(
    rf"\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)? (?P<month>{_MONTH})|(?P<month2>{_MONTH}) "
    rf"(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?)\b",
    re.I,
)
_FIGURE_WORDS = frozenset({"how many", "how much", "how long", "how old"})


def figures(sentence: str, wh_word: str | None) -> tuple[str, ...]:
    """The figures or dates a sentence gives in answer to "how many" or "when", normalised so
    that two sources giving the same one compare equal ("240,000" and "240000"; "24 June" and
    "June 24")."""
    if wh_word in _FIGURE_WORDS:
        return tuple(f"{q.unit}:{q.value:.3g}" for q in quantities(sentence))
    if wh_word == "when":
        found = []
        for match in _DATE.finditer(sentence):
            day = match.group("day") or match.group("day2")
            month = (match.group("month") or match.group("month2"))[:3].lower()
            found.append(f"{int(day)} {month}")
        return tuple(found)
    return ()
