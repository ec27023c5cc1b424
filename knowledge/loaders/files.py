"""Loading one file from disk with the loader its suffix names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from knowledge.errors import LoadError
from knowledge.models import LoadedDocument

from .html import load_html
from .jsonl import load_jsonl
from .markdown import load_markdown
from .metadata import Provenance
from .options import LoadLimits, MetaDefaults
from .pdf import load_pdf
from .plaintext import load_plaintext
from .reading import decode_text, read_capped
from .results import LoadResult

__all__ = ["SUPPORTED_SUFFIXES", "load_file", "unsupported_reason"]

_TextLoader = Callable[[str, Provenance, MetaDefaults], LoadedDocument]
_TEXT_LOADERS: dict[str, _TextLoader] = {
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_plaintext,
    ".html": load_html,
    ".htm": load_html,
}
_PDF = ".pdf"
_JSONL = ".jsonl"
SUPPORTED_SUFFIXES: frozenset[str] = frozenset({*_TEXT_LOADERS, _PDF, _JSONL})


def unsupported_reason(path: Path) -> str:
    """Why a file with this suffix is not loaded, and which suffixes are."""
    accepted = ", ".join(sorted(SUPPORTED_SUFFIXES))
    if not path.suffix:
        return f"has no file extension, so factdesk cannot tell its format; it loads {accepted}"
    return f"is a {path.suffix} file, which factdesk cannot load; it loads {accepted}"


def load_file(path: Path, *, origin: str, defaults: MetaDefaults, limits: LoadLimits) -> LoadResult:
    """The documents in the file at `path`; raises `LoadError` when the whole file fails."""
    suffix = path.suffix.lower()
    if not path.exists():
        raise LoadError(origin, "does not exist; check the path")
    if not path.is_file():
        raise LoadError(origin, "is not a regular file")
    if suffix not in SUPPORTED_SUFFIXES:
        raise LoadError(origin, unsupported_reason(path))
    data = read_capped(path, origin, limits.max_file_bytes)
    source = Provenance(origin=origin, id_stem=path.stem, id_key=str(path.resolve()))
    if suffix == _PDF:
        return LoadResult(documents=(load_pdf(data, source, defaults),), failures=())
    text = decode_text(data, origin)
    if suffix == _JSONL:
        return load_jsonl(text, source, defaults)
    return LoadResult(documents=(_TEXT_LOADERS[suffix](text, source, defaults),), failures=())
