"""What loading one target gives back: the documents read and the problems met on the way."""

from __future__ import annotations

from dataclasses import dataclass

from knowledge.models import IngestFailure, LoadedDocument

__all__ = ["LoadResult"]


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Documents loaded from one target, and one failure per file, URL or line that was not."""

    documents: tuple[LoadedDocument, ...]
    failures: tuple[IngestFailure, ...]
