"""Text a moderator pastes (in Discord or at a prompt), which must say what it is."""

from __future__ import annotations

from knowledge.errors import LoadError
from knowledge.models import LoadedDocument

from .body import require_body
from .frontmatter import split_front_matter
from .metadata import (
    PASTED_REQUIRED,
    Provenance,
    StatedMeta,
    build_meta,
    clean_text,
    describe_fields,
    missing_fields,
    parse_fields,
)
from .options import MetaDefaults

__all__ = ["load_text"]


def load_text(text: str, *, defaults: MetaDefaults, origin: str = "pasted text") -> LoadedDocument:
    """A document from pasted text; title, publisher and kind come from defaults or front matter.

    Without an `id` in front matter the id is derived from the title and the text itself, so
    pasting the same text twice gives the same id. Raises `LoadError` on bad input.
    """
    if not text.strip():
        raise LoadError(origin, "is empty; paste the text of the source")
    front, rest = split_front_matter(text, origin)
    stated = (
        StatedMeta() if front is None else parse_fields(front, origin=origin, where="front matter")
    )
    missing = missing_fields(stated, defaults, PASTED_REQUIRED)
    if missing:
        verb, pronoun, option = (
            ("is", "it", "an option") if len(missing) == 1 else ("are", "them", "options")
        )
        raise LoadError(
            origin,
            f"needs a title, publisher and kind, but {describe_fields(missing)} {verb} missing; "
            f"give {pronoun} as {option} or in front matter at the top of the text",
        )
    body = require_body(rest, origin)
    title = clean_text(stated.title) or clean_text(defaults.title) or ""
    source = Provenance(origin=origin, id_stem=title, id_key=f"{title}\n{body}")
    return LoadedDocument(meta=build_meta(stated, defaults, source, body), text=body, origin=origin)
