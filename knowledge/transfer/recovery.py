"""The full text of a source loaded before the registry kept texts, rebuilt from its passages.

Passages hold the text exactly, with their offsets, except the whitespace between them, which
the splitter strips: a gap of one character is a space or a line break, of two a paragraph
break or two spaces, and so on. The candidates for every gap are tried, most likely first, and a
text counts only if its content hash equals the one the registry stored at load time: a rebuilt
text is then the loaded text, byte for byte, or there is none.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from knowledge.ingest import content_hash
from knowledge.models import LoadedDocument, Passage, Source

__all__ = ["rebuild_text"]

# Texts tried at most per source, about 50 ms at worst. 1024 rebuilds 41 of the 46 documents
# of the sample and development corpora (256: 38, 4096: 44 at up to 220 ms); a source that
# needs more must be loaded again.
_BUDGET = 1024


def rebuild_text(
    source: Source, passages: Sequence[Passage], *, budget: int = _BUDGET
) -> str | None:
    """The text `source` was loaded with, if its passages give it provably; else None."""
    if not passages:
        return None
    gaps: list[list[str]] = []
    end = 0
    for n, passage in enumerate(passages):
        width = passage.start - end
        if width < 0:
            return None  # overlapping passages: not a split of one text
        gaps.append(_leading(width) if n == 0 else _between(width))
        end = passage.end
    for choice in itertools.islice(itertools.product(*gaps), budget):
        text = "".join(gap + p.text for gap, p in zip(choice, passages, strict=True))
        document = LoadedDocument(meta=source.meta, text=text, origin=source.origin)
        if content_hash(document) == source.content_hash:
            return text
    return None


def _leading(width: int) -> list[str]:
    """Before the first passage: the first line's indentation (blank lines were stripped)."""
    return [" " * width, "\t" * width] if width else [""]


def _between(width: int) -> list[str]:
    """Between passages: spaces in a line, or line breaks and the next line's indentation
    (loaders strip spaces at the ends of lines, so none come before a line break)."""
    if width <= 1:
        return [" ", "\n"] if width else [""]
    paragraph, spaces = "\n\n" + " " * (width - 2), " " * width
    return [paragraph, spaces, *("\n" * k + " " * (width - k) for k in (1, *range(3, width + 1)))]
