"""PDF sources: pypdf reads the text of every page, and the title and author from the PDF info."""

from __future__ import annotations

import io

from pypdf import PasswordType, PdfReader

from knowledge.errors import LoadError
from knowledge.models import LoadedDocument

from .body import require_body
from .metadata import Provenance, StatedMeta, build_meta, clean_text
from .options import MetaDefaults

__all__ = ["load_pdf"]


def load_pdf(data: bytes, source: Provenance, defaults: MetaDefaults) -> LoadedDocument:
    """A document from the text of all pages of a PDF, pages joined by blank lines."""
    if not data.strip():
        raise LoadError(source.origin, "is empty")
    reader = _open(data, source.origin)
    pages = _page_texts(reader, source.origin)
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    if not text.strip():
        raise LoadError(source.origin, "has no extractable text (is it a scanned image?)")
    body = require_body(text, source.origin)
    stated = _info(reader)
    return LoadedDocument(
        meta=build_meta(stated, defaults, source, body), text=body, origin=source.origin
    )


def _open(data: bytes, origin: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except Exception as exc:  # pypdf raises many types on damaged files
        raise LoadError(origin, _unreadable(exc)) from exc
    if encrypted:
        # Many PDFs are encrypted only to restrict printing and open with an empty password.
        try:
            opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
        except Exception as exc:  # wrong algorithm, missing crypto library, damaged keys
            raise LoadError(origin, _LOCKED) from exc
        if not opened:
            raise LoadError(origin, _LOCKED)
    return reader


def _page_texts(reader: PdfReader, origin: str) -> list[str]:
    try:
        return [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:  # pypdf raises many types on damaged files
        raise LoadError(origin, _unreadable(exc)) from exc


def _info(reader: PdfReader) -> StatedMeta:
    """Title and author from the PDF info dictionary; damaged info is ignored, not fatal."""
    try:
        info = reader.metadata
        title, author = (info.title, info.author) if info is not None else (None, None)
    except Exception:  # the info is optional, so a damaged one only loses the title
        return StatedMeta()
    return StatedMeta(
        title=clean_text(title) if isinstance(title, str) else None,
        author=clean_text(author) if isinstance(author, str) else None,
    )


_LOCKED = "is password-protected; save a copy without a password and load that"


def _unreadable(exc: Exception) -> str:
    return f"is not a readable PDF ({exc}); check that the file is complete"
