"""Hybrid retrieval: BM25 and dense search, fused by reciprocal rank, with source diversity.

BM25 finds the rare names and numbers a question shares with a source ("Rosoboronexport",
"240,000"); the dense index finds paraphrases ("got rid of its ferries" / "sold its fleet").
Reciprocal rank fusion needs no score calibration between the two. A cap on passages per
document keeps one long article from crowding out the other sources.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from knowledge.embeddings import MiniLMEmbeddings
from knowledge.indexes.dense import DenseIndex
from knowledge.indexes.lexical import ScopeBM25
from knowledge.models import Hit, Passage, SourceMeta
from knowledge.query import Query
from knowledge.text.terms import terms

__all__ = ["HybridRetriever", "ScopeSnapshot", "fuse"]

_RRF_K = 60


@dataclass(frozen=True)
class ScopeSnapshot:
    """A scope's passages, sources and BM25 index as of one registry generation."""

    scope: str
    generation: int
    passages: Mapping[str, Passage]
    sources: Mapping[str, SourceMeta]
    bm25: ScopeBM25
    by_doc: Mapping[str, Sequence[Passage]] = field(default_factory=dict)
    _document_terms: dict[str, frozenset[str]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def document_terms(self, doc_id: str) -> frozenset[str]:
        """Every term of a document: its title, publisher and all its passages (computed on
        first use, then kept for this generation)."""
        found = self._document_terms.get(doc_id)
        if found is None:
            meta = self.sources[doc_id]
            parts = [meta.title, meta.publisher, *(p.text for p in self.by_doc.get(doc_id, ()))]
            found = self._document_terms[doc_id] = frozenset(terms(" ".join(parts)))
        return found


def fuse(
    rankings: Sequence[Sequence[str]], weights: Sequence[float], *, k: int = _RRF_K
) -> dict[str, float]:
    """Reciprocal rank fusion: each list adds weight / (k + rank) to the ids it ranks."""
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, 1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def diversify(
    ranked: Sequence[str], doc_of: Mapping[str, str], *, per_doc: int, k: int
) -> list[str]:
    """The first k ids of `ranked`, taking at most `per_doc` from any one document."""
    taken: dict[str, int] = {}
    chosen: list[str] = []
    if k <= 0:
        return chosen
    for item in ranked:
        doc = doc_of[item]
        if taken.get(doc, 0) < per_doc:
            taken[doc] = taken.get(doc, 0) + 1
            chosen.append(item)
            if len(chosen) == k:
                break
    return chosen


class HybridRetriever(BaseRetriever):
    """A LangChain retriever over one scope snapshot; `search` returns typed `Hit`s."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    snapshot: ScopeSnapshot
    dense: DenseIndex
    embeddings: MiniLMEmbeddings
    k: int = 24
    candidates: int = 60
    per_doc: int = 4

    def dense_search(self, query_vector: Sequence[float]) -> list[tuple[str, float]]:
        """(passage_id, cosine similarity) of the nearest passages the registry knows (a
        vector it does not know, left by a crash, is ignored)."""
        snap = self.snapshot
        if not snap.passages:
            return []
        found = self.dense.search(snap.scope, list(query_vector), self.candidates)
        return [(pid, s) for pid, s in found if pid in snap.passages]

    def search(
        self,
        query: Query,
        query_vector: Sequence[float] | None = None,
        dense: Sequence[tuple[str, float]] | None = None,
    ) -> list[Hit]:
        """The best passages for a query; `dense` is `dense_search`'s result if already run."""
        snap = self.snapshot
        if not snap.passages:
            return []
        vector = np.asarray(
            query_vector if query_vector is not None else self.embeddings.embed_query(query.text),
            dtype=np.float32,
        )
        lexical = [
            (pid, s)
            for pid, s in snap.bm25.search(query.words, self.candidates)
            if pid in snap.passages
        ]
        if dense is None:
            dense = self.dense_search(vector.tolist())
        fused = fuse([[p for p, _ in lexical], [p for p, _ in dense]], [1.0, 1.0])
        ranked = sorted(fused, key=lambda p: -fused[p])
        doc_of = {pid: snap.passages[pid].doc_id for pid in ranked}
        chosen = diversify(ranked, doc_of, per_doc=self.per_doc, k=self.k)

        similarity = dict(dense)
        missing = [p for p in chosen if p not in similarity]
        for pid, stored in self.dense.vectors(snap.scope, missing).items():
            similarity[pid] = float(stored @ vector)
        bm25 = dict(lexical)
        return [
            Hit(
                passage=snap.passages[pid],
                source=snap.sources[doc_of[pid]],
                fused_score=fused[pid],
                dense_similarity=similarity.get(pid, 0.0),
                bm25_score=bm25.get(pid, 0.0),
            )
            for pid in chosen
        ]

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(
                id=hit.passage.passage_id,
                page_content=hit.passage.text,
                metadata={
                    "doc_id": hit.source.doc_id,
                    "title": hit.source.title,
                    "publisher": hit.source.publisher,
                    "kind": hit.source.kind.value,
                    "published": hit.source.published.isoformat() if hit.source.published else None,
                    "url": hit.source.url,
                    "score": hit.fused_score,
                },
            )
            for hit in self.search(self.query_for(query))
        ]

    def query_for(self, question: str) -> Query:
        """The `Query` of a question, as the desk builds it."""
        from knowledge.claim import parse_question
        from knowledge.query import build_query

        claim = parse_question(question)
        snap = self.snapshot
        return build_query(claim, snap.bm25.vocabulary, len(snap.passages))
