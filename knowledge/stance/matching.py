"""Whether a claim's words appear in a text: word families, synonyms, and weights."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache

from knowledge.text.synonyms import related

__all__ = ["found", "share", "similar_stems"]


@lru_cache(maxsize=1 << 18)
def similar_stems(a: str, b: str) -> bool:
    """Stems of one word family: "safeti"/"safer", "closur"/"close"."""
    if a == b:
        return True
    if a[0].isdigit() or b[0].isdigit():
        return False
    shorter = min(len(a), len(b))
    if shorter < 5:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 4 and common >= shorter - 2


def found(word: str, pool: set[str]) -> bool:
    if related(word) & pool:
        return True
    return any(similar_stems(word, s) for s in pool)


def share(words: Mapping[str, float], stems: Iterable[str]) -> float:
    """The weighted share of `words` found among `stems` (word families and synonyms count)."""
    total = sum(words.values())
    if not total:
        return 0.0
    pool = set(stems)
    return sum(weight for w, weight in words.items() if found(w, pool)) / total
