"""Body text in one shape for every format: normalised, checked non-empty, and its first line."""

from __future__ import annotations

import unicodedata

from knowledge.errors import LoadError

__all__ = ["normalise_body", "require_body", "title_from_text"]

_TITLE_MAX_CHARS = 200


def normalise_body(text: str) -> str:
    """Strip a BOM, unify newlines, apply NFC, strip trailing spaces and outer blank lines.

    Blank lines between paragraphs are kept: later stages split passages on them.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in unicodedata.normalize("NFC", text).split("\n")]
    start = next((i for i, line in enumerate(lines) if line), len(lines))
    end = len(lines)
    while end > start and not lines[end - 1]:
        end -= 1
    return "\n".join(lines[start:end])


def require_body(text: str, origin: str) -> str:
    """The normalised body, or a `LoadError` when nothing is left to index."""
    body = normalise_body(text)
    if not body:
        raise LoadError(origin, "has no text to index")
    return body


def title_from_text(body: str) -> str:
    """The first non-empty line, without Markdown heading marks, capped at 200 characters."""
    for line in body.split("\n"):
        title = " ".join(line.strip().lstrip("#").split())
        if title:
            return title[:_TITLE_MAX_CHARS].rstrip()
    return ""
