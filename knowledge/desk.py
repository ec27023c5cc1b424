"""The `Desk`: the one facade that the command line and the Discord bot use.

It owns the shell (registry, Chroma, BM25, the embedding model) and runs the functional core
(claim -> retrieve -> stance -> verdict -> compose) for each question. Methods block; async front
ends call them with `asyncio.to_thread`.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from knowledge.calibration import IDENTITY, calibration_for
from knowledge.claim import parse_question, validate_question
from knowledge.compose import compose_answer
from knowledge.database import open_database
from knowledge.embeddings import MiniLMEmbeddings
from knowledge.errors import IndexMismatchError, ScopeError, UnknownSourceError
from knowledge.indexes.dense import DenseIndex
from knowledge.indexes.lexical import IndexedPassage, LexicalIndex
from knowledge.ingest import Ingestor, Progress
from knowledge.judge import judge
from knowledge.loaders import LoadLimits, MetaDefaults, load_text
from knowledge.models import (
    Answer,
    Claim,
    Evidence,
    IngestReport,
    Passage,
    Source,
    Stance,
    Verdict,
)
from knowledge.neighbours import WordNeighbours
from knowledge.query import Query, build_query, with_neighbours
from knowledge.registry import JournalEntry, Registry
from knowledge.retrieval import HybridRetriever, ScopeSnapshot
from knowledge.settings import Settings
from knowledge.stance import EvidenceText, StanceModel, WarmsUp, make_stance_model
from knowledge.text import parsing
from knowledge.transfer import ImportReport, ScopeExport, export_scope, import_scope
from knowledge.usage import UsageLog
from knowledge.verdict import decide_judgement

__all__ = ["CorpusStatus", "Desk", "Explanation", "validate_scope"]

# The nearest passages by meaning whose words a question's unmatched words are compared with.
_NEIGHBOUR_PASSAGES = 8

_SCOPE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62}[A-Za-z0-9])?$")


def validate_scope(scope: str) -> str:
    if not _SCOPE.match(scope):
        raise ScopeError(
            f"scope {scope!r} is not allowed: use 1-64 letters, digits, '-' or '_', "
            "starting and ending with a letter or digit"
        )
    return scope


@dataclass(frozen=True, slots=True)
class CorpusStatus:
    """A scope's size and freshness, for the footer of an answer."""

    scope: str
    sources: int
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class Explanation:
    """An answer with what it rests on, for `factdesk ask --explain` and for debugging."""

    claim: Claim
    query: Query
    evidence: tuple[Evidence, ...]
    verdict: Verdict
    answer: Answer


class Desk:
    """Sources in, answers out, for any number of scopes under one data directory."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        embeddings: MiniLMEmbeddings | None = None,
        stance: StanceModel | None = None,
    ) -> None:
        self.settings = settings or Settings()
        store = self.settings.store
        data_dir = Path(store.data_dir)
        emb = self.settings.embedding
        self.embeddings = embeddings or MiniLMEmbeddings(
            backend=emb.embeddings_backend,
            precision=emb.embeddings_precision,
            cache_dir=emb.model_cache_dir,
            batch_size=emb.embed_batch_size,
        )
        self.registry = Registry(open_database(store, "registry.sqlite3"))
        self.usage = UsageLog(open_database(store, "usage.sqlite3"))
        self.dense = DenseIndex(
            self.embeddings,
            persist_dir=None if store.chroma_host else data_dir / "chroma",
            host=store.chroma_host,
            port=store.chroma_port,
            token=store.chroma_token.get_secret_value() if store.chroma_token else None,
        )
        self.lexical = LexicalIndex(data_dir / "bm25")
        ingest = self.settings.ingest
        self._ingestor = Ingestor(
            self.registry,
            self.dense,
            self.embeddings,
            passage_chars=ingest.passage_chars,
            limits=LoadLimits(
                max_file_bytes=int(ingest.max_file_mb * 1024 * 1024),
                url_timeout_s=ingest.url_timeout_s,
                url_max_bytes=int(ingest.url_max_mb * 1024 * 1024),
                allow_private_hosts=ingest.url_allow_private,
            ),
        )
        answer = self.settings.answer
        self.stance = stance or make_stance_model(answer.stance, answer.stance_model)
        self.calibration = (
            calibration_for(answer.stance, answer.stance_model) if stance is None else IDENTITY
        )
        self.neighbours = WordNeighbours(self.embeddings)
        self._snapshots: dict[str, ScopeSnapshot] = {}
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Load the embedding and stance models now, so the first question is answered as
        fast as the rest and a broken model setting fails at start-up."""
        self.embeddings.warm_up()
        parsing.warm_up()
        if isinstance(self.stance, WarmsUp):
            self.stance.warm_up()

    def close(self) -> None:
        self.registry.close()
        self.usage.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _scope(self, scope: str | None) -> str:
        return validate_scope(scope or self.settings.store.scope)

    # -- sources -----------------------------------------------------------------------------

    def ingest(
        self,
        targets: Sequence[str],
        *,
        scope: str | None = None,
        defaults: MetaDefaults | None = None,
        loaded_by: str | None = None,
        progress: Progress | None = None,
    ) -> IngestReport:
        """Load files, folders and URLs into a scope; see `IngestReport` for the outcome."""
        scope = self._scope(scope)
        documents, failures = self._ingestor.load(
            targets, defaults=defaults or MetaDefaults(), progress=progress
        )
        self.dense.reload()  # write over the store as it is now, not as this process last saw it
        report = self._ingestor.ingest(
            scope,
            documents,
            loaded_by=loaded_by or self.settings.ingest.loaded_by,
            failures=failures,
            progress=progress,
        )
        self.snapshot(scope)  # rebuild BM25 now, not on the next question
        return report

    def add_text(
        self,
        text: str,
        *,
        defaults: MetaDefaults,
        scope: str | None = None,
        loaded_by: str | None = None,
        origin: str = "pasted text",
    ) -> IngestReport:
        """Load one pasted document (title, publisher and kind come in `defaults`)."""
        scope = self._scope(scope)
        document = load_text(text, defaults=defaults, origin=origin)
        self.dense.reload()
        report = self._ingestor.ingest(
            scope, [document], loaded_by=loaded_by or self.settings.ingest.loaded_by
        )
        self.snapshot(scope)
        return report

    def sources(self, scope: str | None = None) -> list[Source]:
        return self.registry.list_sources(self._scope(scope))

    def source(self, doc_id: str, scope: str | None = None) -> tuple[Source, list[Passage]]:
        scope = self._scope(scope)
        found = self.registry.get_source(scope, doc_id)
        if found is None:
            raise UnknownSourceError(doc_id, scope)
        return found, self.registry.passages(scope, doc_id)

    def remove(self, doc_id: str, scope: str | None = None, *, actor: str = "cli") -> Source:
        scope = self._scope(scope)
        self.dense.reload()
        removed = self._ingestor.remove(scope, doc_id, actor=actor)
        if removed is None:
            raise UnknownSourceError(doc_id, scope)
        self.snapshot(scope)
        return removed

    def reindex(self, scope: str | None = None, progress: Progress | None = None) -> int:
        """Re-embed a scope's passages with the current embedding model."""
        scope = self._scope(scope)
        self.dense.reload()
        count = self._ingestor.reindex(scope, progress)
        self.snapshot(scope)
        return count

    def status(self, scope: str | None = None) -> CorpusStatus:
        """How many sources a scope holds and when it last changed."""
        scope = self._scope(scope)
        state = self.registry.scope_state(scope)
        return CorpusStatus(scope, self.registry.count_sources(scope), state.updated_at)

    def passage(self, passage_id: str, scope: str | None = None) -> Passage | None:
        """One stored passage, as cited by an answer."""
        return self.registry.passage(self._scope(scope), passage_id)

    def journal(self, scope: str | None = None, limit: int = 50) -> list[JournalEntry]:
        return self.registry.journal(self._scope(scope), limit)

    def export_scope(self, scope: str | None = None) -> ScopeExport:
        """A whole scope: its sources with full texts, its journal, and its answers' feedback
        (`knowledge.transfer`; write it with `encode` or `save_export`)."""
        return export_scope(self.registry, self.usage, self._scope(scope))

    def import_scope(
        self,
        export: ScopeExport,
        *,
        scope: str | None = None,
        actor: str | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Load an export into `scope` (default: the scope it was exported from): sources
        through the normal ingest, so passages and vectors are made afresh with the current
        settings; the journal and the feedback once, however often the same file is imported.
        Read and check the file first (`read_export`), so a bad file writes nothing."""
        scope = validate_scope(scope or export.scope)
        self.dense.reload()
        report = import_scope(
            export,
            scope,
            registry=self.registry,
            usage=self.usage,
            ingestor=self._ingestor,
            actor=actor or self.settings.ingest.loaded_by,
            progress=progress,
        )
        self.snapshot(scope)
        return report

    # -- questions ---------------------------------------------------------------------------

    def snapshot(self, scope: str) -> ScopeSnapshot:
        """The scope as of the registry's latest generation (rebuilt only when it changed)."""
        state = self.registry.scope_state(scope)
        with self._lock:
            current = self._snapshots.get(scope)
            if current is not None and current.generation == state.generation:
                return current
        if current is not None:
            # The scope changed, maybe in another process: read the vectors as they are now.
            self.dense.reload()
        if state.embedding is not None and state.embedding != self.embeddings.fingerprint:
            raise IndexMismatchError(
                f"scope {scope!r} was indexed with {state.embedding}, but factdesk is set to "
                f"{self.embeddings.fingerprint}; run `factdesk reindex --scope {scope}`"
            )
        sources = {s.meta.doc_id: s.meta for s in self.registry.list_sources(scope)}
        passages = self.registry.passages(scope)

        def items() -> list[IndexedPassage]:
            return [IndexedPassage(p, sources[p.doc_id].title) for p in passages]

        bm25 = self.lexical.get(scope, state.generation, items)
        by_doc: dict[str, list[Passage]] = {}
        for passage in passages:
            by_doc.setdefault(passage.doc_id, []).append(passage)
        snap = ScopeSnapshot(
            scope=scope,
            generation=state.generation,
            passages={p.passage_id: p for p in passages},
            sources=sources,
            bm25=bm25,
            by_doc=by_doc,
        )
        with self._lock:
            self._snapshots[scope] = snap
        return snap

    def retriever(self, scope: str | None = None) -> HybridRetriever:
        """A LangChain retriever over a scope (for chains that want one)."""
        return HybridRetriever(
            snapshot=self.snapshot(self._scope(scope)),
            dense=self.dense,
            embeddings=self.embeddings,
            k=self.settings.answer.retrieve_k,
        )

    def stances(self, pairs: Sequence[tuple[str, str]]) -> list[Stance]:
        """The stance of each (claim, evidence) pair, in order, by the desk's stance model;
        pairs that share a claim are judged in one call."""
        by_claim: dict[str, list[int]] = {}
        for i, (claim, _) in enumerate(pairs):
            by_claim.setdefault(claim, []).append(i)
        out: list[Stance | None] = [None] * len(pairs)
        for claim, rows in by_claim.items():
            judged = self.stance.predict(claim, [EvidenceText(pairs[i][1]) for i in rows])
            for i, stance in zip(rows, judged, strict=True):
                out[i] = stance
        return [stance for stance in out if stance is not None]

    def ask(self, question: str, *, scope: str | None = None, context: str | None = None) -> Answer:
        """Answer one question from a scope's sources."""
        return self.explain(question, scope=scope, context=context).answer

    def explain(
        self, question: str, *, scope: str | None = None, context: str | None = None
    ) -> Explanation:
        """Answer a question and keep everything the answer rests on: the claim, every piece
        of evidence with its stance and relevance, and the verdict."""
        timings: dict[str, float] = {}
        started = time.perf_counter()
        text = validate_question(question, max_chars=self.settings.answer.max_question_chars)
        scope = self._scope(scope)
        claim = parse_question(text, context=context)
        retriever = self.retriever(scope)
        snap = retriever.snapshot
        query = build_query(claim, snap.bm25.vocabulary, len(snap.passages))
        mark = time.perf_counter()
        timings["claim"] = (mark - started) * 1000

        # The dense query reads the corpus's spelling: "the university", not "the uni".
        query_vector = self.embeddings.embed_query(query.text)
        dense = retriever.dense_search(query_vector)
        nearest = [snap.passages[pid].text for pid, _ in dense[:_NEIGHBOUR_PASSAGES]]
        query = with_neighbours(query, self.neighbours.find(query, nearest))
        hits = retriever.search(query, query_vector, dense)
        now = time.perf_counter()
        timings["retrieve"], mark = (now - mark) * 1000, now

        judgement = judge(query, hits, snap, self.stance)
        evidence = judgement.evidence
        now = time.perf_counter()
        timings["stance"], mark = (now - mark) * 1000, now

        verdict = decide_judgement(query, judgement, self.calibration)
        answer = compose_answer(claim, verdict)
        now = time.perf_counter()
        timings["verdict_compose"] = (now - mark) * 1000
        timings["total"] = (now - started) * 1000
        return Explanation(
            claim=claim,
            query=query,
            evidence=tuple(evidence),
            verdict=verdict,
            answer=replace(answer, timings_ms=timings),
        )
