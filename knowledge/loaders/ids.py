"""Document ids: the shape an id must have, and a stable id for documents that bring none."""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["ID_RULE", "derive_doc_id", "is_valid_doc_id", "slugify"]

ID_RULE = (
    "1 to 128 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit"
)
_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_SLUG_MAX_CHARS = 60
_EMPTY_SLUG = "doc"


def is_valid_doc_id(value: str) -> bool:
    """Whether `value` may be used as a document id (see `ID_RULE`)."""
    return _ID_PATTERN.fullmatch(value) is not None


def slugify(text: str) -> str:
    """An ASCII, lowercase, hyphen-joined form of `text`, at most 60 characters."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", folded.lower())
    slug = "-".join(words)[:_SLUG_MAX_CHARS].strip("-")
    return slug or _EMPTY_SLUG


def derive_doc_id(stem: str, key: str) -> str:
    """A readable id that is the same on every run: the slug of `stem` and a hash of `key`."""
    digest = hashlib.sha1(key.encode("utf-8"), usedforsecurity=False).hexdigest()[:8]
    return f"{slugify(stem)}-{digest}"
