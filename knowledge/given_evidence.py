"""Verdicts on claims whose evidence is given rather than retrieved.

Benchmarks (Climate-FEVER's five gold sentences per claim) and the verdict calibration fit
(held-out training pairs) need the desk's own judgement of a fixed set of texts: the same
relevance, stance, quote choice and verdict as `Desk.explain`, with retrieval replaced by the
given texts. `GivenScope` holds the texts as one scope (so word rarity comes from all of them)
and `GivenScope.verdict` runs `judge` and `decide` on a claim's share of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from knowledge.calibration import IDENTITY, Calibration
from knowledge.indexes.lexical import IndexedPassage, ScopeBM25
from knowledge.judge import judge
from knowledge.models import (
    Claim,
    Evidence,
    Hit,
    Passage,
    QuestionType,
    SourceKind,
    SourceMeta,
    Verdict,
)
from knowledge.query import build_query
from knowledge.retrieval import ScopeSnapshot
from knowledge.stance import StanceModel
from knowledge.verdict import decide_judgement

__all__ = ["GivenScope", "GivenText", "yes_no"]


@dataclass(frozen=True, slots=True)
class GivenText:
    """One evidence text: its own id, the source (document) it belongs to, and that source's
    title, publisher and kind."""

    text_id: str
    doc_id: str
    text: str
    title: str = ""
    publisher: str = ""
    kind: SourceKind = SourceKind.ANALYSIS
    seq: int = 0


def yes_no(text: str) -> Claim:
    """A dataset's assertion as the claim the desk checks."""
    return Claim(question=text, text=text, question_type=QuestionType.YES_NO)


class GivenScope:
    """All the given texts as one scope; see the module docstring."""

    def __init__(self, texts: Sequence[GivenText], name: str = "given") -> None:
        sources: dict[str, SourceMeta] = {}
        passages: dict[str, Passage] = {}
        for item in texts:
            sources.setdefault(
                item.doc_id,
                SourceMeta(item.doc_id, item.title, item.publisher or item.doc_id, item.kind),
            )
            passages.setdefault(
                item.text_id,
                Passage(item.text_id, item.doc_id, item.seq, 0, len(item.text), item.text),
            )
        indexed = [IndexedPassage(p, sources[p.doc_id].title) for p in passages.values()]
        by_doc: dict[str, list[Passage]] = {}
        for passage in passages.values():
            by_doc.setdefault(passage.doc_id, []).append(passage)
        self.snapshot = ScopeSnapshot(
            scope=name,
            generation=0,
            passages=passages,
            sources=sources,
            bm25=ScopeBM25.build(indexed, generation=0),
            by_doc=by_doc,
        )

    def verdict(
        self,
        claim: Claim,
        text_ids: Sequence[str],
        stance: StanceModel,
        similarity: Callable[[str], float],
        calibration: Calibration = IDENTITY,
    ) -> tuple[list[Evidence], Verdict]:
        """Judge the given texts against `claim` and decide; `similarity(text)` is the dense
        similarity of a text to the claim, as retrieval would have measured it."""
        snapshot = self.snapshot
        hits = [
            Hit(
                passage=snapshot.passages[text_id],
                source=snapshot.sources[snapshot.passages[text_id].doc_id],
                fused_score=0.0,  # nothing after retrieval reads retrieval's scores
                dense_similarity=similarity(snapshot.passages[text_id].text),
                bm25_score=0.0,
            )
            for text_id in text_ids
        ]
        query = build_query(claim, snapshot.bm25.vocabulary, len(snapshot.passages))
        judgement = judge(query, hits, snapshot, stance)
        verdict = decide_judgement(query, judgement, calibration)
        return list(judgement.evidence), verdict
