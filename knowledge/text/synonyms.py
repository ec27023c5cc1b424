"""Groups of everyday news words that mean the same thing for checking a claim.

"Did the US buy Kazakh jets?" is answered by "Kazakhstan does not sell arms to any country,
including the United States": buying and selling are one transaction, jets are aircraft. A small
general lexicon (knowledge/lexicon/synonyms.toml, each group with its reason), not tied to any
corpus; stems are compared, so one form per word is enough. Chat words and slang are matched by
meaning instead (knowledge/neighbours.py), so the table is not to grow.
"""

from __future__ import annotations

from functools import cache

from knowledge.lexicon import groups
from knowledge.text.terms import stem

__all__ = ["related"]


@cache
def _index() -> dict[str, frozenset[str]]:
    index: dict[str, frozenset[str]] = {}
    for group in groups("synonyms", "synonyms"):
        stems = frozenset(stem(word) for word in group)
        for member in stems:
            index[member] = index.get(member, frozenset()) | stems
    return index


def related(stemmed: str) -> frozenset[str]:
    """Stems that mean the same as `stemmed` in a claim (itself included)."""
    return _index().get(stemmed, frozenset({stemmed}))
