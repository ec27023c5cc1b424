"""Load sources into a scope: read, split, embed, and write each document all or nothing.

Order of writes for one document: new vectors into Chroma, then the registry transaction (source,
passages, generation), then the old vectors out of Chroma. The registry decides what exists: if
the process dies between steps, Chroma holds vectors the registry does not know, and the next
ingest removes them (`reconcile`). A failed document therefore never leaves half a source.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

from knowledge.embeddings import MiniLMEmbeddings
from knowledge.errors import FactdeskError, IndexMismatchError
from knowledge.indexes.dense import DenseIndex
from knowledge.loaders import LoadLimits, MetaDefaults, expand_targets, load_target
from knowledge.models import IngestFailure, IngestReport, LoadedDocument, Passage, Source
from knowledge.passages import split_passages
from knowledge.registry import Registry

__all__ = ["Ingestor", "Progress", "content_hash"]

# (stage, done, total): "load" counts targets, "embed" passages, "write" documents.
Progress = Callable[[str, int, int], None]

_EMBED_CHUNK = 256


def content_hash(document: LoadedDocument) -> str:
    """Fingerprint of everything stored about a document; equal hashes mean nothing to do."""
    meta = document.meta
    fields = {
        "id": meta.doc_id,
        "title": meta.title,
        "publisher": meta.publisher,
        "author": meta.author,
        "url": meta.url,
        "published": meta.published.isoformat() if meta.published else None,
        "kind": meta.kind.value,
        "text": document.text,
    }
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class _Planned:
    document: LoadedDocument
    digest: str
    passages: list[Passage]
    previous: Source | None


class Ingestor:
    """Puts documents into one registry and its vector index."""

    def __init__(
        self,
        registry: Registry,
        dense: DenseIndex,
        embeddings: MiniLMEmbeddings,
        *,
        passage_chars: int,
        limits: LoadLimits,
    ) -> None:
        self._registry = registry
        self._dense = dense
        self._embeddings = embeddings
        self._passage_chars = passage_chars
        self._limits = limits

    def load(
        self,
        targets: Sequence[str],
        *,
        defaults: MetaDefaults,
        progress: Progress | None = None,
    ) -> tuple[list[LoadedDocument], list[IngestFailure]]:
        """Read files, folders and URLs into documents; failures are collected, not raised."""
        paths, failures = expand_targets(targets)
        documents: list[LoadedDocument] = []
        for done, target in enumerate(paths, 1):
            result = load_target(target, defaults=defaults, limits=self._limits)
            documents.extend(result.documents)
            failures.extend(result.failures)
            if progress:
                progress("load", done, len(paths))
        return documents, failures

    def ingest(
        self,
        scope: str,
        documents: Sequence[LoadedDocument],
        *,
        loaded_by: str,
        failures: Sequence[IngestFailure] = (),
        progress: Progress | None = None,
    ) -> IngestReport:
        """Index `documents` into `scope`; one document failing does not stop the others."""
        started = time.perf_counter()
        self._check_embedding(scope)
        self.reconcile(scope)
        failed = list(failures)
        unchanged: list[str] = []
        planned: list[_Planned] = []
        first_origin: dict[str, str] = {}
        for document in documents:
            doc_id = document.meta.doc_id
            if doc_id in first_origin:
                failed.append(
                    IngestFailure(
                        document.origin,
                        f"id {doc_id!r} is also used by {first_origin[doc_id]}; "
                        "give one of them a different id",
                    )
                )
                continue
            first_origin[doc_id] = document.origin
            digest = content_hash(document)
            previous = self._registry.get_source(scope, doc_id)
            if previous is not None and previous.content_hash == digest:
                unchanged.append(doc_id)
                continue
            passages = split_passages(doc_id, document.text, max_chars=self._passage_chars)
            planned.append(_Planned(document, digest, passages, previous))

        vectors = self._embed([p for plan in planned for p in plan.passages], progress)
        added: list[str] = []
        replaced: list[str] = []
        indexed = 0
        offset = 0
        for done, plan in enumerate(planned, 1):
            count = len(plan.passages)
            try:
                self._write(scope, plan, vectors[offset : offset + count], loaded_by)
            except FactdeskError as exc:
                failed.append(IngestFailure(plan.document.origin, str(exc)))
                self._registry.log(
                    scope,
                    "failed",
                    actor=loaded_by,
                    doc_id=plan.document.meta.doc_id,
                    origin=plan.document.origin,
                    detail=str(exc),
                )
            else:
                (replaced if plan.previous else added).append(plan.document.meta.doc_id)
                indexed += count
            offset += count
            if progress:
                progress("write", done, len(planned))
        for failure in failures:
            self._registry.log(
                scope, "failed", actor=loaded_by, origin=failure.origin, detail=failure.message
            )
        return IngestReport(
            added=tuple(added),
            replaced=tuple(replaced),
            unchanged=tuple(unchanged),
            failed=tuple(failed),
            passages_indexed=indexed,
            seconds=time.perf_counter() - started,
        )

    def _embed(self, passages: Sequence[Passage], progress: Progress | None) -> NDArray[np.float32]:
        parts = [np.zeros((0, 384), dtype=np.float32)]
        for begin in range(0, len(passages), _EMBED_CHUNK):
            chunk = passages[begin : begin + _EMBED_CHUNK]
            parts.append(self._embeddings.embed_array([p.text for p in chunk]))
            if progress:
                progress("embed", begin + len(chunk), len(passages))
        return np.concatenate(parts)

    def _write(
        self, scope: str, plan: _Planned, vectors: NDArray[np.float32], loaded_by: str
    ) -> None:
        meta = plan.document.meta
        source = Source(
            meta=meta,
            scope=scope,
            origin=plan.document.origin,
            content_hash=plan.digest,
            loaded_at=datetime.now(UTC),
            loaded_by=loaded_by,
            passage_count=len(plan.passages),
        )
        new_ids = [p.passage_id for p in plan.passages]
        old_ids = [p.passage_id for p in self._registry.passages(scope, meta.doc_id)]
        self._dense.upsert(scope, meta, plan.passages, vectors)
        try:
            self._registry.put_source(
                source,
                plan.passages,
                action="replace" if plan.previous else "add",
                embedding=self._embeddings.fingerprint,
            )
        except FactdeskError:
            stale = sorted(set(new_ids) - set(old_ids))
            self._dense.delete(scope, stale)
            raise
        self._dense.delete(scope, sorted(set(old_ids) - set(new_ids)))

    def remove(self, scope: str, doc_id: str, *, actor: str) -> Source | None:
        """Remove a source: registry first (it decides what exists), then its vectors."""
        source = self._registry.get_source(scope, doc_id)
        if source is None:
            return None
        ids = [p.passage_id for p in self._registry.passages(scope, doc_id)]
        self._registry.remove_source(scope, doc_id, actor=actor)
        self._dense.delete(scope, ids)
        return source

    def reconcile(self, scope: str) -> tuple[int, int]:
        """Make Chroma hold exactly the registry's passages: drop vectors the registry does not
        know (left by a crash) and embed passages that lack vectors. Returns (dropped, added)."""
        known = {p.passage_id: p for p in self._registry.passages(scope)}
        stored = self._dense.ids(scope)
        orphans = sorted(stored - known.keys())
        self._dense.delete(scope, orphans)
        missing = [known[i] for i in sorted(known.keys() - stored)]
        for doc_id in sorted({p.doc_id for p in missing}):
            source = self._registry.get_source(scope, doc_id)
            if source is None:
                continue
            passages = [p for p in missing if p.doc_id == doc_id]
            vectors = self._embeddings.embed_array([p.text for p in passages])
            self._dense.upsert(scope, source.meta, passages, vectors)
        return len(orphans), len(missing)

    def reindex(self, scope: str, progress: Progress | None = None) -> int:
        """Re-embed every passage of a scope (after the embedding model changed)."""
        self._dense.drop(scope)
        sources = {s.meta.doc_id: s for s in self._registry.list_sources(scope)}
        passages = self._registry.passages(scope)
        vectors = self._embed(passages, progress)
        by_doc: dict[str, list[int]] = {}
        for i, passage in enumerate(passages):
            by_doc.setdefault(passage.doc_id, []).append(i)
        for doc_id, rows in by_doc.items():
            self._dense.upsert(
                scope,
                sources[doc_id].meta,
                [passages[i] for i in rows],
                vectors[rows],
            )
        self._registry.set_embedding(scope, self._embeddings.fingerprint)
        return len(passages)

    def _check_embedding(self, scope: str) -> None:
        recorded = self._registry.scope_state(scope).embedding
        if recorded is not None and recorded != self._embeddings.fingerprint:
            raise IndexMismatchError(
                f"scope {scope!r} was indexed with {recorded}, but factdesk is set to "
                f"{self._embeddings.fingerprint}; run `factdesk reindex --scope {scope}` "
                "or change the embedding settings back"
            )
