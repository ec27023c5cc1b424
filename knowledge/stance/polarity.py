"""Which way a text points: negated, stopped, running, changed, hedged, or the opposite.

Plain English word lists, not tied to any corpus. "No trains will run" and "the line is closed"
both point down; "has not closed" points up again; "the school is open" is the opposite of "the
school was closed"; "possibly" hedges.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
]

NEGATIVE_WORDS = NEGATORS | {"nothing", "nobody", "nowhere"}
# A negation word in running text ("n't" included).
NEGATED = re.compile(
    r"\b(?:not|no|never|none|neither|nor|nothing|without|cannot|no longer)\b|n't\b", re.I
)


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


# Words that say something stopped or is not there: "the train is off", "the line is
# closed". A clause with one of these says the same as a negated clause ("no trains run").
STOPPING = _stems(
    "close closed closes closing closure shut shutting shutdown cancel cancelled cancels "
    "suspend suspended halt halted stop stopped stops scrap scrapped axe axed abolish abolished "
    "remove removed ban banned moratorium embargo freeze frozen"
)
# Words that say something runs or is there: against "the train is off", "trains will run"
# says the opposite, while a sentence that merely mentions trains does not.
GOING = _stems(
    "open opened opens reopen reopened reopens run runs running ran operate operates operating "
    "continue continues continuing remain remains remained resume resumed resumes back available"
)
# Words that say something changed: "the lanes did nothing" is contradicted by "injuries fell".
CHANGING = _stems(
    "rise rose risen increase increased grew grow gain gained boost boosted fall fell fallen "
    "decrease decreased decline declined drop dropped cut reduce reduced lower lowered halve "
    "halved double doubled improve improved worsen worsened"
)
# Words that say the opposite of each other about the same thing ("injuries rose" against
# "injuries fell").
OPPOSITES = (
    (
        _stems("rise rose risen increase increased grew grow gain gained boost boosted up more"),
        _stems(
            "fall fell fallen decrease decreased decline declined drop dropped cut reduce "
            "reduced lower lowered down fewer less"
        ),
    ),
    (_stems("win won wins"), _stems("lose lost loses defeat defeated")),
    (_stems("alive survived survives"), _stems("dead died dies killed")),
    (
        _stems("approve approved accept accepted passed allow allowed legal"),
        _stems("reject rejected block blocked veto vetoed ban banned illegal forbidden"),
    ),
    (_stems("hire hired hiring"), _stems("fire fired sack sacked layoffs laid")),
    (
        _stems("start started begin began launch launched resume resumed"),
        _stems("stop stopped halt halted cancel cancelled suspend suspended"),
    ),
    (_stems("true correct accurate"), _stems("false incorrect wrong inaccurate")),
)


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
HEDGED = re.compile(
    r"\b(?:possibly|possible|possibility|might|could|perhaps|probably|likely|appears?|"
    r"seems?|suggests?|suspected|plausible)\b|"
    # "may" the verb, not the month ("in May", "10 May", "May 10", "by early May")
    r"(?<!\d )(?<!\bin )(?<!\bof )(?<!\bby )(?<!\bearly )(?<!\blate )(?<!\bmid-)"
    r"(?<!\bsince )(?<!\buntil )(?<!\bfrom )\bmay\b(?!\s+\d)",
    re.I,
)

# "off" means stopped ("the trains are off", "called off"), except after verbs that take it
# as a particle ("sold off", "paid off", "kicked off").
_OFF = re.compile(
    r"\b(?<!sold )(?<!sell )(?<!sells )(?<!selling )(?<!paid )(?<!pay )(?<!took )(?<!take )"
    r"(?<!set )(?<!kicked )(?<!kick )(?<!showed )(?<!show )(?<!better )(?<!well )"
    r"(?<!signed )(?<!sign )(?<!topped )(?<!fended )(?<!warded )(?<!auctioned )(?<!pulled )off\b",
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
    stopping = any(stem(w) in STOPPING for w in surface) or bool(_OFF.search(text))
    return negated != stopping
