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
from concurrent.futures import Future, ThreadPoolExecutor
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
from knowledge.registry import Registry, WriteOutcome

__all__ = ["Ingestor", "Progress", "content_hash"]

# (stage, done, total): "load" counts targets, "embed" passages, "write" documents.
Progress = Callable[[str, int, int], None]

_EMBED_CHUNK = 256
_WRITE_GROUP = 1024  # passages embedded, then written in one vector-store call


def content_hash(document: LoadedDocument) -> str:
    """Fingerprint of everything stored about a document; equal hashes mean nothing to do."""
    meta = document.meta
    fields = {"id": meta.doc_id, **meta.fields(), "text": document.text}
    return hashlib.sha256(json.dumps(fields, sort_keys=True).encode("utf-8")).hexdigest()


def _groups(planned: Sequence[_Planned], size: int) -> list[list[_Planned]]:
    """Consecutive documents in groups of about `size` passages."""
    groups: list[list[_Planned]] = [[]]
    count = 0
    for plan in planned:
        if count >= size:
            groups.append([])
            count = 0
        groups[-1].append(plan)
        count += len(plan.passages)
    return [group for group in groups if group]


def _split(
    group: Sequence[_Planned], vectors: NDArray[np.float32]
) -> list[tuple[_Planned, NDArray[np.float32]]]:
    """Each document of a group with its rows of the group's vectors."""
    parts = []
    offset = 0
    for plan in group:
        parts.append((plan, vectors[offset : offset + len(plan.passages)]))
        offset += len(plan.passages)
    return parts


@dataclass(frozen=True, slots=True)
class _Planned:
    document: LoadedDocument
    digest: str
    passages: list[Passage]
    previous: Source | None


@dataclass(frozen=True, slots=True)
class _Written:
    """What became of one planned document: the registry's outcome, or the error."""

    plan: _Planned
    outcome: WriteOutcome | None
    error: str | None = None


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
        self.check_embedding(scope)
        self.reconcile(scope)
        failed = list(failures)
        textless = self._registry.without_text(scope)
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
                if doc_id in textless:  # loaded before the registry kept texts: keep it now
                    self._registry.fill_text(scope, doc_id, digest, document.text)
                unchanged.append(doc_id)
                continue
            passages = split_passages(doc_id, document.text, max_chars=self._passage_chars)
            planned.append(_Planned(document, digest, passages, previous))

        added: list[str] = []
        replaced: list[str] = []
        indexed = 0
        for written in self._embed_and_write(scope, planned, loaded_by, progress):
            plan, doc_id = written.plan, written.plan.document.meta.doc_id
            if written.outcome == "unchanged":  # another process wrote this content meanwhile
                unchanged.append(doc_id)
                continue
            if written.outcome is not None:
                (added if written.outcome == "add" else replaced).append(doc_id)
                indexed += len(plan.passages)
                continue
            error = written.error or "could not be written"
            failed.append(IngestFailure(plan.document.origin, error))
            self._registry.log(
                scope,
                "failed",
                actor=loaded_by,
                doc_id=plan.document.meta.doc_id,
                origin=plan.document.origin,
                detail=error,
            )
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

    def _embed(
        self, passages: Sequence[Passage], progress: Progress | None = None
    ) -> NDArray[np.float32]:
        """Vectors for the passages, embedded shortest first so batches carry little padding."""
        out = np.zeros((len(passages), 384), dtype=np.float32)
        order = sorted(range(len(passages)), key=lambda i: len(passages[i].text))
        for begin in range(0, len(order), _EMBED_CHUNK):
            rows = order[begin : begin + _EMBED_CHUNK]
            out[rows] = self._embeddings.embed_array([passages[i].text for i in rows])
            if progress:
                progress("embed", begin + len(rows), len(passages))
        return out

    def _embed_and_write(
        self,
        scope: str,
        planned: Sequence[_Planned],
        loaded_by: str,
        progress: Progress | None,
    ) -> list[_Written]:
        """Embed and write a group of documents at a time; a background thread writes one
        group while the model embeds the next, so neither waits for the other. Returns what
        became of each document."""
        results: list[_Written] = []
        total = sum(len(plan.passages) for plan in planned)
        embedded = written = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="factdesk-write") as writer:
            pending: Future[list[_Written]] | None = None
            for group in _groups(planned, _WRITE_GROUP):
                vectors = self._embed([p for plan in group for p in plan.passages])
                embedded += len(vectors)
                if progress:
                    progress("embed", embedded, total)
                if pending is not None:
                    results += pending.result()
                    written = len(results)
                    if progress:
                        progress("write", written, len(planned))
                pending = writer.submit(self._write_group, scope, _split(group, vectors), loaded_by)
            if pending is not None:
                results += pending.result()
                if progress:
                    progress("write", len(results), len(planned))
        return results

    def _write_group(
        self,
        scope: str,
        group: Sequence[tuple[_Planned, NDArray[np.float32]]],
        loaded_by: str,
    ) -> list[_Written]:
        results: list[_Written] = []
        stored: list[tuple[_Planned, NDArray[np.float32]]] = []
        try:
            self._dense.upsert_many(
                scope, [(plan.document.meta, plan.passages, vecs) for plan, vecs in group]
            )
            stored = list(group)
        except FactdeskError:
            # Find the document at fault: write them one at a time.
            for plan, vecs in group:
                try:
                    self._dense.upsert(scope, plan.document.meta, plan.passages, vecs)
                    stored.append((plan, vecs))
                except FactdeskError as exc:
                    results.append(_Written(plan, None, str(exc)))
        stale: list[str] = []
        for plan, _ in stored:
            new_ids = {p.passage_id for p in plan.passages}
            old_ids = (
                {p.passage_id for p in self._registry.passages(scope, plan.document.meta.doc_id)}
                if plan.previous
                else set()
            )
            try:
                outcome = self._registry.put_source(
                    self._source(scope, plan, loaded_by),
                    plan.passages,
                    text=plan.document.text,
                    embedding=self._embeddings.fingerprint,
                    actor=loaded_by,
                )
            except FactdeskError as exc:
                self._dense.delete(scope, sorted(new_ids - old_ids))
                results.append(_Written(plan, None, str(exc)))
            else:
                if outcome != "unchanged":
                    stale += sorted(old_ids - new_ids)
                results.append(_Written(plan, outcome))
        self._dense.delete(scope, stale)
        return results

    @staticmethod
    def _source(scope: str, plan: _Planned, loaded_by: str) -> Source:
        document = plan.document
        return Source(
            meta=document.meta,
            scope=scope,
            origin=document.origin,
            content_hash=plan.digest,
            loaded_at=document.loaded_at or datetime.now(UTC),
            loaded_by=document.loaded_by or loaded_by,
            passage_count=len(plan.passages),
        )

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

    def check_embedding(self, scope: str) -> None:
        """Refuse to write into a scope whose vectors another embedding model made."""
        recorded = self._registry.scope_state(scope).embedding
        if recorded is not None and recorded != self._embeddings.fingerprint:
            raise IndexMismatchError(
                f"scope {scope!r} was indexed with {recorded}, but factdesk is set to "
                f"{self._embeddings.fingerprint}; run `factdesk reindex --scope {scope}` "
                "or change the embedding settings back"
            )
