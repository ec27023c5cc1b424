"""The words by which news text signals a stance: denials, corrections, fact-check ratings,
doubt, attribution, uncertainty and disagreement.

Each cue is a pattern over lower-cased text, built from its table in
`knowledge/lexicon/cues.toml`, where every phrase carries its reason. Order matters where cues
overlap: "will not confirm or deny" is uncertainty, not a denial, so callers test `UNCERTAIN`
first.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from knowledge.lexicon import pattern

__all__ = ["JUDGING", "RELAYING", "Cue", "cues_in", "first_cue_at", "has_cue", "without_cues"]


class Cue(StrEnum):
    UNCERTAIN = "uncertain"  # not confirmed, not announced, declined to comment
    DENIAL = "denial"  # false, denied, no truth, did not happen
    CORRECTION = "correction"  # was wrong, an earlier version, we apologise
    RATED_FALSE = "rated_false"  # a fact-check's verdict line: False, Misleading
    RATED_TRUE = "rated_true"  # a fact-check's verdict line: True, Accurate
    DOUBT = "doubt"  # unlikely, implausible, does not hold up
    MIXED = "mixed"  # evidence is mixed, studies disagree
    CONFIRM = "confirm"  # confirmed, announced, verified
    ANONYMOUS = "anonymous"  # unnamed sources, an anonymous account, gossip
    ATTRIBUTED = "attributed"  # relays someone else's claim: reportedly, claims that, citing


# Each cue's phrases, from knowledge/lexicon/cues.toml (one table per cue, same name).
_PATTERNS: dict[Cue, re.Pattern[str]] = {cue: pattern("cues", cue.value) for cue in Cue}


# Cues by which a text passes judgement on a claim, and cues by which it only relays one.
JUDGING = frozenset(
    {Cue.DENIAL, Cue.CORRECTION, Cue.RATED_FALSE, Cue.RATED_TRUE, Cue.DOUBT, Cue.UNCERTAIN}
)
RELAYING = frozenset({Cue.ATTRIBUTED, Cue.ANONYMOUS})


def first_cue_at(text: str, wanted: frozenset[Cue]) -> int | None:
    """The offset of the first of the `wanted` cues in a text, if any."""
    lowered = text.lower()
    starts = [m.start() for cue in wanted if (m := _PATTERNS[cue].search(lowered))]
    return min(starts, default=None)


@lru_cache(maxsize=1 << 14)
def has_cue(text: str, cue: Cue) -> bool:
    """Whether a text has one cue's phrases. Cached: the judge looks for a cue in every passage
    of a relevant document, and the verdict then reads the same passages for it."""
    return _PATTERNS[cue].search(text.lower()) is not None


@lru_cache(maxsize=1 << 14)
def cues_in(text: str) -> frozenset[Cue]:
    """The cues present in a passage. A denial or rating phrased as uncertainty ("will not
    confirm or deny") counts only as uncertainty. Cached: one question reads a passage's
    sentences and clauses several times (stance, siblings, quotes), and ten patterns of
    phrase alternations cost about 0.1 ms a text."""
    lowered = text.lower()
    found = {cue for cue, pattern in _PATTERNS.items() if pattern.search(lowered)}
    if (
        Cue.UNCERTAIN in found
        and Cue.DENIAL in found
        and re.search(r"confirm\w* (?:or|nor) den", lowered)
    ):
        found.discard(Cue.DENIAL)
    if Cue.UNCERTAIN in found:
        found.discard(Cue.CONFIRM)
    return frozenset(found)


def without_cues(text: str, wanted: frozenset[Cue]) -> str:
    """The text with the words of the `wanted` cues blanked out: "accounts of X do not match
    the record" reads as "accounts of X": the negation belongs to the doubt, not to X."""
    for cue in wanted:
        text = _PATTERNS[cue].sub(" ", text)
    return text
