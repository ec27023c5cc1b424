"""Groups of everyday news words that mean the same thing for checking a claim.

"Did the US buy Kazakh jets?" is answered by "Kazakhstan does not sell arms to any country,
including the United States": buying and selling are one transaction, jets are aircraft. A small
general lexicon, not tied to any corpus; stems are compared, so one form per word is enough.
"""

from __future__ import annotations

from functools import cache

from knowledge.text.terms import stem

__all__ = ["related"]

_GROUPS = (
    "buy bought purchase acquire acquisition sell sold sale auction export import transfer deal",
    "jet aircraft plane warplane fighter bomber airframe helicopter",
    "ship boat vessel warship",
    "company firm business corporation",
    "say said state announce tell told",
    "announce reveal unveil release publish drop",
    "recall withdraw",
    "kill killed dead death die died",
    "injury injured hurt wounded",
    "arrest arrested detain detained",
    "resign resigned quit",
    "ban banned prohibit forbid",
    "government administration authorities",
    "army military troops forces",
    "weapon arms munitions",
    "fund funding money budget",
    "start begin launch",
    "increase rise grow",
    "decrease fall drop decline reduce cut",
    "child children kid",
    "doctor physician",
    "car vehicle",
    "price cost",
    "job employment",
    "sack fire dismiss",
    "vote ballot election",
    "photo photograph picture image",
    "close shut shutdown",
    "stop station",
    "headline headliner",
    "bike bicycle cycle cyclist",
    "train rail railway",
    "student pupil",
    "false fake untrue hoax bogus fabricated",
)


@cache
def _index() -> dict[str, frozenset[str]]:
    index: dict[str, frozenset[str]] = {}
    for group in _GROUPS:
        stems = frozenset(stem(word) for word in group.split())
        for member in stems:
            index[member] = index.get(member, frozenset()) | stems
    return index


def related(stemmed: str) -> frozenset[str]:
    """Stems that mean the same as `stemmed` in a claim (itself included)."""
    return _index().get(stemmed, frozenset({stemmed}))
