"""Turn retrieved passages into evidence: how relevant each is, its stance, and its best quote.

Relevance weighs two things: how close the passage is in meaning (dense similarity) and how many
of the question's words, weighted by rarity, the passage and its title contain. Passages below
the relevance floor are dropped before stance is judged, so a distractor that shares a name with
the question never becomes evidence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import replace

from knowledge.models import Claim, Evidence, Hit, SourceKind
from knowledge.retrieval import ScopeSnapshot
from knowledge.stance import EvidenceText, StanceModel
from knowledge.stance.cues import Cue, cues_in
from knowledge.text.sentences import sentences
from knowledge.text.terms import terms
from knowledge.text.variants import QueryWord, normalise_query, query_words
from knowledge.text.vocabulary import Vocabulary

__all__ = ["RELEVANCE_FLOOR", "best_sentence", "judge", "relevance"]

RELEVANCE_FLOOR = 0.35
_UNKNOWN_WORD_WEIGHT = 0.6  # share of the top weight given to a word no source uses
_QUOTE_CHARS = 220
_SHORT_SENTENCE = 60


def _weights(words: Sequence[QueryWord], vocabulary: Vocabulary, total: int) -> list[float]:
    def idf(df: int) -> float:
        return math.log(1 + total / (1 + df))

    top = idf(0)
    weights = []
    for word in words:
        if not word.known:
            weights.append(_UNKNOWN_WORD_WEIGHT * top)
        else:
            df = max((vocabulary.df(word.surface), 1))
            weights.append(idf(df))
    return weights


def relevance(words: Sequence[QueryWord], weights: Sequence[float], hit: Hit) -> float:
    """0..1: how squarely a passage (with its title and publisher) is about the question."""
    present = set(terms(f"{hit.source.title} {hit.source.publisher} {hit.passage.text}"))
    total = sum(weights) or 1.0
    covered = sum(w for word, w in zip(words, weights, strict=True) if word.stems & present)
    lexical = covered / total
    dense = min(1.0, max(0.0, (hit.dense_similarity - 0.25) / 0.5))
    return 0.5 * lexical + 0.5 * dense


_ANAPHOR = re.compile(r"^(?:this|these|that|those|it|they|he|she|such|the claim|the move)\b", re.I)
_ANSWER_TYPES = {
    "how many": re.compile(r"\d"),
    "how much": re.compile(r"\d"),
    "how long": re.compile(
        r"\b(?:\d+|a|one|two|three|few|several)\s+(?:day|week|month|year|hour)s?\b", re.I
    ),
    "when": re.compile(
        r"\b(?:\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*|"
        r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d{1,2}|"
        r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|\d{4}|today|tomorrow)\b",
        re.I,
    ),
    "why": re.compile(r"\b(?:because|after|due to|so that|as a result|since|reason|after)\b", re.I),
    "where": re.compile(r"\b(?:in|at|to|from|near)\s+(?:the\s+)?[A-Z][a-z]+"),
    "who": re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+|\b(?:spokes\w+|minister|official)\b"),
}


def best_sentence(text: str, claim_text: str, wh_word: str | None = None) -> str:
    """The sentence of a passage that shares most words with the claim (and, for a question
    like "when", contains that kind of answer), trimmed for quoting. A short sentence keeps
    its neighbour: "This applies equally to the US." needs the sentence it refers to."""
    wanted = set(terms(claim_text))
    options = sentences(text) or [text]
    answer = _ANSWER_TYPES.get(wh_word or "")

    def score(index: int) -> tuple[int, int, int]:
        sentence = options[index]
        typed = 1 if answer is not None and answer.search(sentence) else 0
        return (typed, len(wanted & set(terms(sentence))), -index)

    index = max(range(len(options)), key=score)
    chosen = options[index]
    if len(chosen) < _SHORT_SENTENCE:
        if _ANAPHOR.match(chosen) and index > 0:
            chosen = f"{options[index - 1]} {chosen}"
        elif index + 1 < len(options):
            chosen = f"{chosen} {options[index + 1]}"
    chosen = " ".join(chosen.split())
    if len(chosen) <= _QUOTE_CHARS:
        return chosen
    cut = chosen[: _QUOTE_CHARS - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _context(hit: Hit, snapshot: ScopeSnapshot) -> str:
    """The passage before: what a bare "These claims are false." refers to."""
    siblings = snapshot.by_doc.get(hit.passage.doc_id, ())
    return " ".join(p.text for p in siblings if p.seq == hit.passage.seq - 1)


def _ratings(kept: Sequence[tuple[float, Hit]], snapshot: ScopeSnapshot) -> list[tuple[float, Hit]]:
    """The verdict lines of retrieved fact-checks ("Verdict: False."), which retrieval may miss
    because they name nothing: a fact-check's rating is the point of it."""
    have = {hit.passage.passage_id for _, hit in kept}
    best: dict[str, tuple[float, Hit]] = {}
    for score, hit in kept:
        if (
            hit.source.kind is SourceKind.FACTCHECK
            and score > best.get(hit.source.doc_id, (0.0,))[0]
        ):
            best[hit.source.doc_id] = (score, hit)
    extra = []
    for doc_id, (score, hit) in best.items():
        for passage in snapshot.by_doc.get(doc_id, ()):
            if passage.passage_id in have:
                continue
            if {Cue.RATED_FALSE, Cue.RATED_TRUE} & cues_in(passage.text):
                extra.append((score, replace(hit, passage=passage, fused_score=0.0)))
    return extra


def judge(
    claim: Claim, hits: Sequence[Hit], snapshot: ScopeSnapshot, stance: StanceModel
) -> list[Evidence]:
    """Evidence from the relevant hits, most relevant first."""
    vocabulary = snapshot.bm25.vocabulary
    words = query_words(claim.text, vocabulary)
    weights = _weights(words, vocabulary, max(1, len(snapshot.passages)))
    scored = [(relevance(words, weights, hit), hit) for hit in hits]
    kept = sorted(
        [(score, hit) for score, hit in scored if score >= RELEVANCE_FLOOR],
        key=lambda pair: -pair[0],
    )
    if not kept:
        return []
    kept += _ratings(kept, snapshot)
    claim_text = normalise_query(claim.text, vocabulary)
    stances = stance.predict(
        claim_text,
        [
            EvidenceText(
                hit.passage.text, _context(hit, snapshot), hit.dense_similarity, hit.source.title
            )
            for _, hit in kept
        ],
    )
    return [
        Evidence(
            hit=hit,
            stance=judged,
            relevance=score,
            sentence=best_sentence(hit.passage.text, claim_text, claim.wh_word),
        )
        for (score, hit), judged in zip(kept, stances, strict=True)
    ]
