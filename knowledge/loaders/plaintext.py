"""Plain text (and Markdown without front matter): the metadata comes from defaults and line one."""

from __future__ import annotations

from knowledge.models import LoadedDocument

from .body import require_body
from .metadata import Provenance, StatedMeta, build_meta
from .options import MetaDefaults

__all__ = ["load_plaintext"]


def load_plaintext(text: str, source: Provenance, defaults: MetaDefaults) -> LoadedDocument:
    """A document whose title is `defaults.title` or its first non-empty line."""
    body = require_body(text, source.origin)
    meta = build_meta(StatedMeta(), defaults, source, body)
    return LoadedDocument(meta=meta, text=body, origin=source.origin)
