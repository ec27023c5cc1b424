"""Passage vectors in Chroma, one collection per scope, through LangChain's Chroma store.

Embedded (a PersistentClient under the data dir) by default; a `chroma run` server when
`FACTDESK_CHROMA_HOST` is set. Vectors are computed by the caller and written with Chroma's own
upsert, so that an ingest embeds once and writes a document in one call.

An embedded client keeps its own in-memory copy of the vector index: it does not see vectors
that another process wrote afterwards, and reading one fails ("Error finding id"). `reload`
reopens the client (about 40 ms) so that it reads the store as it is on disk; the desk reloads
whenever the registry says the scope changed, and a read that fails on a missing id reloads and
tries once more. A server client needs none of this: the server holds the one index.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import chromadb
import numpy as np
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import NotFoundError
from langchain_chroma import Chroma

from knowledge.errors import StoreError

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings
    from numpy.typing import NDArray

    from knowledge.models import Passage, SourceMeta

__all__ = ["DenseIndex", "collection_name"]

T = TypeVar("T")

# Two processes that open a new data directory at once both create Chroma's SQLite tables, and
# the slower one is told "database is locked" or "table ... already exists" instead of waiting:
# it tries again, for up to about 10 s in all (creating the tables takes well under a second),
# after dropping what Chroma cached of the failed start (`_forget_failed_start`).
# Seen in about one of eight simultaneous first opens on 2 cores.
_OPEN_ATTEMPTS = 20
_OPEN_PAUSE_S = 0.5
_OPEN_RACES = ("database is locked", "already exists", "has no attribute 'bindings'")


def _forget_failed_start(persist_dir: Path) -> None:
    """Drop the client state Chroma cached for this directory before its start failed: Chroma
    caches a directory's system before starting it, so the next open would get the half-started
    one ("'RustBindingsAPI' object has no attribute 'bindings'") instead of trying again. Other
    directories' clients in this process are left as they are."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_system.pop(str(persist_dir), None)
    SharedSystemClient._identifier_to_refcount.pop(str(persist_dir), None)


def collection_name(scope: str) -> str:
    return f"factdesk-{scope}"


class DenseIndex:
    """Passage vectors per scope."""

    def __init__(
        self,
        embeddings: Embeddings,
        *,
        persist_dir: Path | None = None,
        host: str | None = None,
        port: int = 8000,
        token: str | None = None,
    ) -> None:
        self._host, self._port, self._persist_dir = host, port, persist_dir
        self._token = token
        self._client = self._connect()
        self._embeddings = embeddings
        self._open: dict[str, tuple[Chroma, Any]] = {}
        self._lock = threading.Lock()

    def _connect(self) -> Any:
        host, persist_dir = self._host, self._persist_dir
        settings = ChromaSettings(anonymized_telemetry=False)
        if host and self._token:
            # Chroma's own token client: "Authorization: Bearer <token>" on every request.
            settings = ChromaSettings(
                anonymized_telemetry=False,
                chroma_client_auth_provider="chromadb.auth.token_authn.TokenAuthClientProvider",
                chroma_client_auth_credentials=self._token,
            )
        try:
            if host:
                return chromadb.HttpClient(host=host, port=self._port, settings=settings)
            assert persist_dir is not None, "an embedded Chroma needs a directory"
            persist_dir.mkdir(parents=True, exist_ok=True)
            for _ in range(_OPEN_ATTEMPTS - 1):
                try:
                    return chromadb.PersistentClient(path=str(persist_dir), settings=settings)
                except Exception as exc:
                    if not any(race in str(exc) for race in _OPEN_RACES):
                        raise
                    _forget_failed_start(persist_dir)
                time.sleep(_OPEN_PAUSE_S)
            return chromadb.PersistentClient(path=str(persist_dir), settings=settings)
        except Exception as exc:
            where = (
                f"the Chroma server at {host}:{self._port}" if host else f"Chroma at {persist_dir}"
            )
            raise StoreError(f"cannot open {where}: {exc}") from exc

    @property
    def embedded(self) -> bool:
        return self._host is None

    def reload(self) -> None:
        """Reopen an embedded store so this process sees what other processes wrote since it
        opened it (a server client is always current and is left alone)."""
        if not self.embedded:
            return
        with self._lock:
            self._open.clear()
            self._client.close()
            self._client = self._connect()

    def _retrying(self, read: Callable[[], T]) -> T:
        """Run a read; if it fails because another process changed the store under this
        client's copy, reload and run it once more."""
        try:
            return read()
        except Exception as exc:
            if not self.embedded or "finding id" not in str(exc).lower():
                raise
        self.reload()
        return read()

    def store(self, scope: str) -> Chroma:
        """The LangChain vector store of a scope (created on first use)."""
        return self._scope(scope)[0]

    def _collection(self, scope: str) -> Any:
        return self._scope(scope)[1]

    def _scope(self, scope: str) -> tuple[Chroma, Any]:
        with self._lock:
            if scope not in self._open:
                name = collection_name(scope)
                try:
                    store = Chroma(
                        collection_name=name,
                        embedding_function=self._embeddings,
                        client=self._client,
                        collection_metadata={"hnsw:space": "cosine"},
                    )
                    self._open[scope] = (store, self._client.get_collection(name))
                except Exception as exc:
                    raise StoreError(
                        f"cannot open the vector collection of {scope!r}: {exc}"
                    ) from exc
            return self._open[scope]

    def upsert(
        self,
        scope: str,
        meta: SourceMeta,
        passages: Sequence[Passage],
        vectors: NDArray[np.float32],
    ) -> None:
        """Write one document's passage vectors."""
        self.upsert_many(scope, [(meta, passages, vectors)])

    def upsert_many(
        self,
        scope: str,
        documents: Sequence[tuple[SourceMeta, Sequence[Passage], NDArray[np.float32]]],
    ) -> None:
        """Write several documents' passage vectors in one call."""
        ids: list[str] = []
        texts: list[str] = []
        metadatas: list[dict[str, str | int]] = []
        parts = []
        for meta, passages, vectors in documents:
            common: dict[str, str | int] = {
                "doc_id": meta.doc_id,
                "kind": meta.kind.value,
                "publisher": meta.publisher,
            }
            if meta.published:
                common["published"] = meta.published.isoformat()
            ids += [p.passage_id for p in passages]
            texts += [p.text for p in passages]
            metadatas += [{**common, "seq": p.seq} for p in passages]
            parts.append(vectors)
        if not ids:
            return
        try:
            self._collection(scope).upsert(
                ids=ids, embeddings=np.concatenate(parts), documents=texts, metadatas=metadatas
            )
        except Exception as exc:
            names = ", ".join(repr(meta.doc_id) for meta, _, _ in documents[:3])
            raise StoreError(f"could not write vectors of {names}: {exc}") from exc

    def delete(self, scope: str, ids: Sequence[str]) -> None:
        if not ids:
            return
        try:
            self._collection(scope).delete(ids=list(ids))
        except Exception as exc:
            raise StoreError(f"could not delete vectors from {scope!r}: {exc}") from exc

    def ids(self, scope: str) -> set[str]:
        try:
            return set(self._collection(scope).get(include=[])["ids"])
        except Exception as exc:
            raise StoreError(f"could not list vectors of {scope!r}: {exc}") from exc

    def count(self, scope: str) -> int:
        return int(self._collection(scope).count())

    def search(self, scope: str, vector: Sequence[float], k: int) -> list[tuple[str, float]]:
        """(passage_id, cosine similarity) of the k nearest passages."""
        try:
            found = self._retrying(
                lambda: self.store(scope).similarity_search_by_vector_with_relevance_scores(
                    list(vector), k=k
                )
            )
        except Exception as exc:
            raise StoreError(f"vector search failed in {scope!r}: {exc}") from exc
        return [(str(doc.id), 1.0 - float(distance)) for doc, distance in found]

    def vectors(self, scope: str, ids: Sequence[str]) -> dict[str, NDArray[np.float32]]:
        if not ids:
            return {}
        try:
            got = self._retrying(
                lambda: self._collection(scope).get(ids=list(ids), include=["embeddings"])
            )
        except Exception as exc:
            raise StoreError(f"could not read vectors of {scope!r}: {exc}") from exc
        return {
            pid: np.asarray(vec, dtype=np.float32)
            for pid, vec in zip(got["ids"], got["embeddings"], strict=True)
        }

    def drop(self, scope: str) -> None:
        """Delete a scope's whole collection (before a reindex)."""
        with self._lock:
            self._open.pop(scope, None)
            try:
                self._client.delete_collection(collection_name(scope))
            except NotFoundError:
                return
            except Exception as exc:
                raise StoreError(f"could not drop the vectors of {scope!r}: {exc}") from exc
