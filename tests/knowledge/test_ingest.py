"""Ingest writes each document all or nothing, and repairs what a crash leaves behind, with
the registry on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray
from sqlalchemy import text as sql

from knowledge.database import open_database
from knowledge.embeddings import MiniLMEmbeddings
from knowledge.errors import StoreError
from knowledge.indexes.dense import DenseIndex
from knowledge.ingest import Ingestor
from knowledge.loaders import LoadLimits, MetaDefaults, load_text
from knowledge.models import LoadedDocument, Passage, Source, SourceKind, SourceMeta
from knowledge.passages import split_passages
from knowledge.registry import Registry, WriteOutcome
from knowledge.settings import StoreSettings

SCOPE = "default"


@pytest.fixture
def database_url(backend_database_url: str | None) -> str | None:
    return backend_database_url


class FailingRegistry(Registry):
    """A registry whose transaction fails for one document, as a full disk would."""

    fail_for = "doc-b"

    def put_source(
        self,
        source: Source,
        passages: Sequence[Passage],
        *,
        text: str,
        embedding: str,
        actor: str | None = None,
    ) -> WriteOutcome:
        if source.meta.doc_id == self.fail_for:
            raise StoreError(f"could not record {source.meta.doc_id!r}: disk I/O error")
        return super().put_source(source, passages, text=text, embedding=embedding, actor=actor)


class FailingDense(DenseIndex):
    """A vector store that refuses any write that includes one document, as a store that
    rejects its data would; the ingest must find the document at fault and keep the rest."""

    def upsert_many(
        self,
        scope: str,
        documents: Sequence[tuple[SourceMeta, Sequence[Passage], NDArray[np.float32]]],
    ) -> None:
        if any(meta.doc_id == "doc-b" for meta, _, _ in documents):
            raise StoreError("could not write vectors of 'doc-b': connection reset")
        super().upsert_many(scope, documents)


def _document(doc_id: str, text: str) -> LoadedDocument:
    defaults = MetaDefaults(title=doc_id, publisher="Test Wire", kind=SourceKind.NEWS)
    loaded = load_text(text, defaults=defaults)
    return LoadedDocument(
        meta=SourceMeta(doc_id, doc_id, "Test Wire", SourceKind.NEWS),
        text=loaded.text,
        origin=f"{doc_id}.md",
    )


DOCS = [
    _document("doc-a", "The ferry to Holm Island will run twice a day from June."),
    _document("doc-b", "The Holm Island ferry was cancelled after the harbour wall cracked."),
    _document("doc-c", "Visitors to Holm Island can now book bicycles at the pier."),
]


def _ingestor(
    tmp_path: Path,
    embeddings: MiniLMEmbeddings,
    registry: Registry,
    dense: DenseIndex | None = None,
) -> tuple[Ingestor, DenseIndex]:
    dense = dense or DenseIndex(embeddings, persist_dir=tmp_path / "chroma")
    return Ingestor(registry, dense, embeddings, passage_chars=200, limits=LoadLimits()), dense


def test_a_failed_registry_write_leaves_no_vectors(
    tmp_path: Path, embeddings: MiniLMEmbeddings, store_settings: StoreSettings
) -> None:
    registry = FailingRegistry(open_database(store_settings, "registry.sqlite3"))
    ingestor, dense = _ingestor(tmp_path, embeddings, registry)
    report = ingestor.ingest(SCOPE, DOCS, loaded_by="test")
    assert report.added == ("doc-a", "doc-c")
    assert [f.origin for f in report.failed] == ["doc-b.md"]
    assert "disk I/O error" in report.failed[0].message
    stored = {p.passage_id for p in registry.passages(SCOPE)}
    assert dense.ids(SCOPE) == stored
    assert not any(pid.startswith("doc-b#") for pid in dense.ids(SCOPE))
    failures = [e for e in registry.journal(SCOPE) if e.action == "failed"]
    assert [(e.doc_id, e.actor) for e in failures] == [("doc-b", "test")]


def test_a_failed_vector_write_leaves_the_registry_alone(
    tmp_path: Path, embeddings: MiniLMEmbeddings, store_settings: StoreSettings
) -> None:
    registry = Registry(open_database(store_settings, "registry.sqlite3"))
    dense = FailingDense(embeddings, persist_dir=tmp_path / "chroma")
    ingestor, _ = _ingestor(tmp_path, embeddings, registry, dense)
    report = ingestor.ingest(SCOPE, DOCS, loaded_by="test")
    assert report.added == ("doc-a", "doc-c")
    assert len(report.failed) == 1
    assert registry.get_source(SCOPE, "doc-b") is None
    assert dense.ids(SCOPE) == {p.passage_id for p in registry.passages(SCOPE)}


def test_reconcile_removes_orphans_and_restores_missing_vectors(
    tmp_path: Path, embeddings: MiniLMEmbeddings, store_settings: StoreSettings
) -> None:
    registry = Registry(open_database(store_settings, "registry.sqlite3"))
    ingestor, dense = _ingestor(tmp_path, embeddings, registry)
    ingestor.ingest(SCOPE, DOCS[:1], loaded_by="test")
    # A crash after the vectors were written but before the registry committed:
    orphan = DOCS[1]
    passages = split_passages(orphan.meta.doc_id, orphan.text, max_chars=200)
    dense.upsert(SCOPE, orphan.meta, passages, embeddings.embed_array([p.text for p in passages]))
    # ...and a vector lost from the store:
    kept = sorted(dense.ids(SCOPE) - {p.passage_id for p in passages})
    dense.delete(SCOPE, kept[:1])

    dropped, added = ingestor.reconcile(SCOPE)
    assert (dropped, added) == (len(passages), 1)
    assert dense.ids(SCOPE) == {p.passage_id for p in registry.passages(SCOPE)}


def test_a_changed_embedding_model_is_refused_until_reindexed(
    tmp_path: Path, embeddings: MiniLMEmbeddings, store_settings: StoreSettings
) -> None:
    registry = Registry(open_database(store_settings, "registry.sqlite3"))
    ingestor, _ = _ingestor(tmp_path, embeddings, registry)
    ingestor.ingest(SCOPE, DOCS[:1], loaded_by="test")
    registry.set_embedding(SCOPE, "some-other-model/fp32")
    with pytest.raises(StoreError, match="factdesk reindex --scope default"):
        ingestor.ingest(SCOPE, DOCS[1:], loaded_by="test")
    assert ingestor.reindex(SCOPE) == len(registry.passages(SCOPE))
    assert registry.scope_state(SCOPE).embedding == embeddings.fingerprint
    assert ingestor.ingest(SCOPE, DOCS[1:], loaded_by="test").ok


def test_loading_unchanged_content_again_keeps_a_text_the_registry_lacked(
    tmp_path: Path, embeddings: MiniLMEmbeddings, store_settings: StoreSettings
) -> None:
    """Sources loaded before the registry kept texts get theirs when loaded again, with nothing
    else written: that is how an old data directory becomes exportable."""
    registry = Registry(open_database(store_settings, "registry.sqlite3"))
    ingestor, _ = _ingestor(tmp_path, embeddings, registry)
    ingestor.ingest(SCOPE, DOCS[:2], loaded_by="test")
    assert registry.text(SCOPE, "doc-a") == DOCS[0].text
    database = open_database(store_settings, "registry.sqlite3")
    with database.write("test") as conn:  # as factdesk before schema 2 left them
        conn.execute(sql("UPDATE sources SET text = NULL"))
    database.close()
    generation = registry.scope_state(SCOPE).generation

    report = ingestor.ingest(SCOPE, DOCS[:1], loaded_by="test")

    assert report.unchanged == ("doc-a",)
    assert registry.text(SCOPE, "doc-a") == DOCS[0].text
    assert registry.without_text(SCOPE) == {"doc-b"}
    assert registry.scope_state(SCOPE).generation == generation
    assert [e.action for e in registry.journal(SCOPE)] == ["add", "add"]


def test_a_carried_over_document_keeps_who_loaded_it_and_when(
    tmp_path: Path, embeddings: MiniLMEmbeddings, store_settings: StoreSettings
) -> None:
    registry = Registry(open_database(store_settings, "registry.sqlite3"))
    ingestor, _ = _ingestor(tmp_path, embeddings, registry)
    first_loaded = datetime(2024, 5, 1, 9, 30, tzinfo=UTC)
    carried = replace(DOCS[0], loaded_at=first_loaded, loaded_by="discord:42")

    ingestor.ingest(SCOPE, [carried, DOCS[1]], loaded_by="import")

    source = registry.get_source(SCOPE, "doc-a")
    assert source is not None
    assert (source.loaded_at, source.loaded_by) == (first_loaded, "discord:42")
    fresh = registry.get_source(SCOPE, "doc-b")
    assert fresh is not None
    assert fresh.loaded_by == "import"
    assert {e.actor for e in registry.journal(SCOPE)} == {"import"}
