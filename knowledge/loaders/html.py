"""HTML pages: trafilatura finds the article text and the page's metadata, minus boilerplate."""

from __future__ import annotations

import trafilatura
from trafilatura.settings import Document

from knowledge.errors import LoadError
from knowledge.models import LoadedDocument

from .body import require_body
from .metadata import Provenance, StatedMeta, build_meta, clean_text, is_web_url, parse_iso_date
from .options import MetaDefaults

__all__ = ["load_html"]

# Only dates the page declares in its markup; a date guessed from the prose is too often wrong.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def load_html(page: str | bytes, source: Provenance, defaults: MetaDefaults) -> LoadedDocument:
    """A document from the main text of `page`; bytes are decoded by trafilatura's own sniffing."""
    extracted = _extract(page, source)
    if extracted is None or not (extracted.text or "").strip():
        raise LoadError(
            source.origin,
            "has no article text that could be extracted; "
            "is it a page of links, or one built by JavaScript?",
        )
    # trafilatura writes one paragraph per line; later stages expect blank lines between them.
    paragraphs = [line for line in (extracted.text or "").split("\n") if line.strip()]
    body = require_body("\n\n".join(paragraphs), source.origin)
    url = clean_text(extracted.url)
    stated = StatedMeta(
        title=clean_text(extracted.title),
        publisher=clean_text(extracted.sitename),
        author=clean_text(extracted.author),
        published=parse_iso_date(extracted.date) if extracted.date else None,
        url=url if url and is_web_url(url) else None,
    )
    return LoadedDocument(
        meta=build_meta(stated, defaults, source, body), text=body, origin=source.origin
    )


def _extract(page: str | bytes, source: Provenance) -> Document | None:
    try:
        result = trafilatura.bare_extraction(
            page,
            url=source.url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
        )
    except Exception as exc:  # lxml and trafilatura raise many types on broken markup
        raise LoadError(source.origin, f"could not be read as HTML ({exc})") from exc
    return result if isinstance(result, Document) else None
