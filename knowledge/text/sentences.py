"""Split text into sentences with character offsets, for quotes and sentence-level judgement."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["sentence_spans", "sentences"]

# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st no nos vs etc inc ltd co corp gen col lt sgt capt cmdr adm "
    "gov sen rep rev fig jan feb mar apr jun jul aug sep sept oct nov dec approx dept est "
    "u.s u.k e.u e.g i.e a.m p.m".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+|$)|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each sentence, whitespace trimmed, in order."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group()[0] == "." and re.fullmatch(r"\s*\d{1,3}", text[start : match.start()]):
            continue  # a list number: "1. Open the box."
        if match.group()[0] == ".":
            word = re.search(r"([A-Za-z.]+)\.$", text[start : match.start() + 1])
            if word and word.group(1).lower().rstrip(".") in _ABBREVIATIONS:
                continue
            if re.search(r"\b[A-Z]$", text[start : match.start()]):  # an initial: "J. Smith"
                continue
        _append(spans, text, start, end)
        start = end
    _append(spans, text, start, len(text))
    return spans


def _append(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


@lru_cache(maxsize=1 << 14)
def sentences(text: str) -> tuple[str, ...]:
    """The sentences of a text. Cached: one question splits each passage of its documents
    several times (the stance rules, the answer check, the quote)."""
    return tuple(text[s:e] for s, e in sentence_spans(text))
