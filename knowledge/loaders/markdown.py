"""Markdown sources: YAML front matter states the metadata; without it the text is plain text."""

from __future__ import annotations

from knowledge.errors import LoadError
from knowledge.models import LoadedDocument

from .body import require_body
from .frontmatter import split_front_matter
from .metadata import (
    REQUIRED_FIELDS,
    Provenance,
    build_meta,
    describe_fields,
    missing_fields,
    option_flags,
    parse_fields,
)
from .options import MetaDefaults
from .plaintext import load_plaintext

__all__ = ["load_markdown"]


def load_markdown(text: str, source: Provenance, defaults: MetaDefaults) -> LoadedDocument:
    """A document from Markdown; required fields missing from front matter come from defaults."""
    front, rest = split_front_matter(text, source.origin)
    if front is None:
        return load_plaintext(text, source, defaults)
    stated = parse_fields(front, origin=source.origin, where="front matter")
    missing = missing_fields(stated, defaults, REQUIRED_FIELDS)
    if missing:
        pronoun = "it" if len(missing) == 1 else "them"
        raise LoadError(
            source.origin,
            f"front matter is missing {describe_fields(missing)}; add {pronoun} there "
            f"or supply {pronoun} with {option_flags(missing)}",
        )
    body = require_body(rest, source.origin)
    return LoadedDocument(
        meta=build_meta(stated, defaults, source, body), text=body, origin=source.origin
    )
