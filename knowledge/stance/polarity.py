"""Which way a text points: negated, stopped, running, changed, hedged, or the opposite.

Plain English word lists (knowledge/lexicon/polarity.toml), not tied to any corpus. "No trains
will run" and "the line is closed" both point down; "has not closed" points up again; "the school
is open" is the opposite of "the school was closed"; "possibly" hedges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from knowledge.lexicon import LexiconError, entries, pattern
from knowledge.lexicon import words as lexicon_words
from knowledge.text.terms import NEGATORS, stem, surface_words

__all__ = [
    "CHANGING",
    "GOING",
    "HEDGED",
    "NEGATED",
    "STOPPING",
    "denies",
    "opposite_words",
    "polarity_negative",
    "stopped_only",
]

# The words are in knowledge/lexicon/polarity.toml, one table per list, each with its reason.
NEGATIVE_WORDS = NEGATORS | lexicon_words("polarity", "negative_words")
# A negation word in running text ("n't" included).
NEGATED = re.compile(
    r"\b(?:not|no|never|none|neither|nor|nothing|without|cannot|no longer)\b|n't\b", re.I
)


def _stems(table: str) -> frozenset[str]:
    return frozenset(stem(w) for w in lexicon_words("polarity", table))


# Words that say something stopped or is not there: "the train is off", "the line is
# closed". A clause with one of these says the same as a negated clause ("no trains run").
STOPPING = _stems("stopping")
# Verbs that end a stop, as written ("lifted", not "lift" as in "the lift is closed",
# and not "end", whose stem is also the noun): with a word of stopping that is not one of them
# beside them, the stop itself is over ("lifted its ban", "the closure was scrapped").
ENDING = lexicon_words("polarity", "ending")
# Words that say something runs or is there: against "the train is off", "trains will run"
# says the opposite, while a sentence that merely mentions trains does not.
GOING = _stems("going")
# Words that say something changed: "the lanes did nothing" is contradicted by "injuries fell".
CHANGING = _stems("changing")


def _opposites() -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    found = []
    for entry in entries("polarity", "opposites"):
        if len(entry.groups) != 2:
            raise LexiconError(f"polarity.toml [opposites] {entry.why!r}: needs two groups")
        left, right = entry.groups
        found.append((frozenset(map(stem, left)), frozenset(map(stem, right))))
    return tuple(found)


# Words that say the opposite of each other about the same thing ("injuries rose" against
# "injuries fell").
OPPOSITES = _opposites()


def opposite_words(words: Iterable[str]) -> frozenset[str]:
    """Stems that contradict any of `words`."""
    found: set[str] = set()
    for left, right in OPPOSITES:
        for word in words:
            if word in left:
                found |= right
            elif word in right:
                found |= left
    return frozenset(found)


# Words by which a source says something only may be so.
HEDGED = pattern("polarity", "hedged")

# "off" means stopped ("the trains are off", "called off"), except after verbs that take it
# as a particle ("sold off", "paid off", "kicked off") and before an object, where it is a
# place or a separation ("the wind farm off the coast", "a cabin came off the wire") unless a
# verb of calling or switching off comes before it ("called off the strike").
_OFF_OBJECT = r"\s+(?:the|a|an|its|his|her|their|our|this|that|these|those|(?-i:[A-Z])|\d)"
_OFF = re.compile(
    r"\b(?:"
    + "|".join(re.escape(verb) for verb in sorted(lexicon_words("polarity", "off_stopping")))
    + r")\s+off\b|\b"
    + "".join(
        f"(?<!{re.escape(verb)} )" for verb in sorted(lexicon_words("polarity", "off_particle"))
    )
    + rf"off\b(?!{_OFF_OBJECT})",
    re.I,
)


def denies(text: str) -> bool:
    """Whether a text uses a negation word."""
    return bool(NEGATED.search(text)) or any(w in NEGATIVE_WORDS for w in surface_words(text))


def polarity_negative(text: str) -> bool:
    """True if a text says something is not so or has stopped, counting a double negative
    ("has not closed") as positive."""
    surface = surface_words(text)
    negated = bool(NEGATED.search(text)) or any(w in NEGATIVE_WORDS for w in surface)
    stops = [w for w in surface if stem(w) in STOPPING and w not in ENDING]
    if stops and any(w in ENDING for w in surface):
        return negated  # the stop is over: "the ban was lifted" says it runs again
    stopping = any(stem(w) in STOPPING for w in surface) or bool(_OFF.search(text))
    return negated != stopping


def stopped_only(text: str) -> bool:
    """True if a text is negative by a word of stopping alone, with no negation word ("a ban
    on exports", "every line will be closed"): it may say the same stop as a text in words
    the lists lack, and says the opposite of one that denies it ("does not export arms")
    only in form."""
    return polarity_negative(text) and not denies(text)
