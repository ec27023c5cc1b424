"""Turn retrieved passages into evidence: how relevant each is, its stance, and its best quote.

Relevance weighs two things: how close the passage is in meaning (dense similarity) and how many
of the question's words, weighted by rarity, the passage and its title contain. Passages below
the relevance floor are dropped before stance is judged, so a distractor that shares a name with
the question never becomes evidence. So is a passage whose document never names someone or
something the claim is about (the alignment gate): a statement about one country's arms sales
is not evidence on whether another country bought tanks. Only when no passage reaches the floor
are the closest few read after all, and then only for what they state
(`RelevancePolicy.fallback_floor`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from knowledge.models import (
    Claim,
    Evidence,
    Hit,
    Passage,
    QuestionType,
    SourceKind,
    SourceMeta,
    Stance,
    StanceLabel,
)
from knowledge.policy import RELEVANCE
from knowledge.query import Name, Query
from knowledge.retrieval import ScopeSnapshot
from knowledge.stance import EvidenceText, KeepsRules, StanceModel
from knowledge.stance.cues import JUDGING, RELAYING, Cue, cues_in, has_cue
from knowledge.text.answers import answers
from knowledge.text.sentences import sentences
from knowledge.text.terms import terms
from knowledge.text.variants import QueryWord

__all__ = [
    "RELEVANCE_FLOOR",
    "Judgement",
    "best_sentence",
    "coverage",
    "judge",
    "missing_names",
    "relevance",
]

RELEVANCE_FLOOR = RELEVANCE.floor  # the reason is in `knowledge.policy.RelevancePolicy`
_QUOTE_CHARS = 200
_SHORT_SENTENCE = 60


@dataclass(frozen=True, slots=True)
class Judgement:
    """The evidence on a claim, and the names of the claim that relevant documents left out
    (what an answer with no evidence can say the sources do not cover)."""

    evidence: tuple[Evidence, ...]
    unmatched: tuple[str, ...] = ()
    texts: Mapping[str, str] = field(default_factory=dict)  # each evidence document's text


def missing_names(names: Sequence[Name], document_terms: frozenset[str]) -> list[Name]:
    """The claim's names that a document never mentions in any of their forms."""
    return [name for name in names if not name.stems & document_terms]


def coverage(words: Sequence[QueryWord], weights: Sequence[float], text: str) -> float:
    """0..1: the share of the question's words, weighted by rarity, that a text contains."""
    present = set(terms(text))
    total = sum(weights) or 1.0
    return sum(w for word, w in zip(words, weights, strict=True) if word.stems & present) / total


def relevance(words: Sequence[QueryWord], weights: Sequence[float], hit: Hit) -> float:
    """0..1: how squarely a passage (with its title and publisher) is about the question."""
    lexical = coverage(
        words, weights, f"{hit.source.title} {hit.source.publisher} {hit.passage.text}"
    )
    scaled = (hit.dense_similarity - RELEVANCE.dense_low) / RELEVANCE.dense_span
    dense = min(1.0, max(0.0, scaled))
    return 0.5 * lexical + 0.5 * dense


_ANAPHOR = re.compile(r"^(?:this|these|that|those|it|they|he|she|such|the claim|the move)\b", re.I)


def best_sentence(
    text: str,
    claim_text: str,
    wh_word: str | None = None,
    weigh: Callable[[str], float] | None = None,
) -> str:
    """The sentence of a passage that shares most words with the claim (and, for a question
    like "when", contains that kind of answer), trimmed for quoting. A short sentence keeps
    its neighbour: "This applies equally to the US." needs the sentence it refers to."""
    wanted = set(terms(claim_text))
    options = sentences(text) or (text,)

    def overlap(sentence: str) -> float:
        return weigh(sentence) if weigh else len(wanted & set(terms(sentence)))

    def score(index: int) -> tuple[float, float, int]:
        sentence = options[index]
        return (answers(sentence, wh_word, claim_text), overlap(sentence), -index)

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


_RATED_CLAIM_PASSAGES = 3


def _context(hit: Hit, snapshot: ScopeSnapshot) -> str:
    """The passage before: what a bare "These claims are false." refers to. A fact-check's
    rating refers to the claim it states above it, which may take more than one passage
    ("CLAIM: a tanker leaked ammonia ... Some posts added it was sabotage. RATING: False."):
    every passage since the previous rating, the nearest few."""
    siblings = snapshot.by_doc.get(hit.passage.doc_id, ())
    seq = hit.passage.seq
    if not _is_rating(hit.passage, hit.source):
        return " ".join(p.text for p in siblings if p.seq == seq - 1)
    nearest_first = sorted((p for p in siblings if p.seq < seq), key=lambda p: -p.seq)
    claim = itertools.takewhile(lambda p: not _is_rating(p, hit.source), nearest_first)
    return " ".join(p.text for p in reversed(list(itertools.islice(claim, _RATED_CLAIM_PASSAGES))))


def _stating_only(stance: Stance) -> Stance:
    """A passage below the relevance floor counts for what it states, never against the
    claim: one this far from the question's words that seems to contradict it mostly speaks
    of another matter (`RelevancePolicy.fallback_floor`)."""
    if stance.label is not StanceLabel.REFUTES:
        return stance
    return Stance(StanceLabel.NEUTRAL, stance.probs)


def _siblings(
    kept: Sequence[tuple[float, Hit]],
    snapshot: ScopeSnapshot,
    wanted: Callable[[Passage, SourceMeta], bool],
) -> list[tuple[float, Hit]]:
    """Passages of documents already judged relevant that retrieval missed but the answer
    needs: a fact-check's "Verdict: False." names nothing, and the sentence with the date may
    not be the one that shares the question's words."""
    have = {hit.passage.passage_id for _, hit in kept}
    best: dict[str, tuple[float, Hit]] = {}
    for score, hit in kept:
        if score > best.get(hit.source.doc_id, (0.0,))[0]:
            best[hit.source.doc_id] = (score, hit)
    extra = []
    for doc_id, (score, hit) in best.items():
        for passage in snapshot.by_doc.get(doc_id, ()):
            if passage.passage_id not in have and wanted(passage, hit.source):
                discounted = score * RELEVANCE.sibling_discount
                extra.append((discounted, replace(hit, passage=passage)))
    return extra


def _is_rating(passage: Passage, source: SourceMeta) -> bool:
    return source.kind is SourceKind.FACTCHECK and bool(
        {Cue.RATED_FALSE, Cue.RATED_TRUE} & cues_in(passage.text)
    )


def _rates_or_finds_conflict(passage: Passage, source: SourceMeta) -> bool:
    """A fact-check's rating, or a passage saying that the findings conflict ("the two
    studies disagree"): either settles how the answer reads, and neither need share the
    question's words."""
    return _is_rating(passage, source) or (
        source.kind is not SourceKind.SOCIAL and has_cue(passage.text, Cue.MIXED)
    )


def _answers_question(claim: Claim) -> Callable[[Passage, SourceMeta], bool]:
    """A passage with a plain sentence that answers in kind and shares a word with the claim."""
    wanted = set(terms(claim.text))

    def check(passage: Passage, _: SourceMeta) -> bool:
        return any(
            wanted & set(terms(sentence))  # the cheap test first
            and answers(sentence, claim.wh_word, claim.text) >= 1.0
            and not cues_in(sentence) & (JUDGING | RELAYING)
            for sentence in sentences(passage.text)
        )

    return check


def judge(
    query: Query, hits: Sequence[Hit], snapshot: ScopeSnapshot, stance: StanceModel
) -> Judgement:
    """Evidence from the relevant hits about the claim's names, most relevant first."""
    claim = query.claim
    words, weights = query.words, query.weights
    scored = sorted(
        ((relevance(words, weights, hit), hit) for hit in hits), key=lambda pair: -pair[0]
    )
    relevant = [(score, hit) for score, hit in scored if score >= RELEVANCE_FLOOR]
    below_floor = not relevant
    if below_floor:  # the closest few, read for what they state (`RelevancePolicy`)
        closest = [(score, hit) for score, hit in scored if score >= RELEVANCE.fallback_floor]
        relevant = closest[: RELEVANCE.fallback_passages]
    kept = []
    unmatched: dict[str, None] = {}
    for score, hit in relevant:
        missing = missing_names(query.names, snapshot.document_terms(hit.source.doc_id))
        if missing:
            unmatched.update(dict.fromkeys(name.text for name in missing))
        else:
            kept.append((score, hit))
    if not kept:
        return Judgement((), tuple(unmatched))
    extra = _siblings(kept, snapshot, _rates_or_finds_conflict)
    if claim.question_type is QuestionType.WH:
        extra += _siblings(kept + extra, snapshot, _answers_question(claim))
    kept += extra
    claim_text = query.text
    if claim.question_type is QuestionType.WH and isinstance(stance, KeepsRules):
        # An answer to a what/who/when question quotes what its sources say: whether the model
        # reads a passage as agreeing with the question's words does not change it (on the
        # spent blind sets r5-r20, 1,003 questions, no answer's verdict or citations changed
        # without it), and the model's pairs are most of a warm answer's time. The rules still
        # read the cues the answer needs: relayed claims, "unconfirmed", a fact-check's rating.
        stance = stance.rules
    stances = stance.predict(
        claim_text,
        [
            EvidenceText(
                hit.passage.text, _context(hit, snapshot), hit.dense_similarity, hit.source.title
            )
            for _, hit in kept
        ],
    )
    # The question's most specific word that sources use ("regulator" in "what did the regulator
    # say about the jets"): a quote without it rarely answers.
    key = query.key

    def weigh(text: str) -> float:
        named = 0.5 if key & set(terms(text)) else 0.0
        return coverage(words, weights, text) + named

    if below_floor:
        stances = [_stating_only(judged) for judged in stances]
    evidence = []
    for (score, hit), judged in zip(kept, stances, strict=True):
        sentence = best_sentence(hit.passage.text, claim_text, claim.wh_word, weigh)
        evidence.append(
            Evidence(
                hit=hit, stance=judged, relevance=score, sentence=sentence, focus=weigh(sentence)
            )
        )
    texts = {
        doc_id: " ".join(
            [snapshot.sources[doc_id].title, *(p.text for p in snapshot.by_doc.get(doc_id, ()))]
        )
        for doc_id in {e.hit.source.doc_id for e in evidence}
    }
    return Judgement(tuple(evidence), tuple(unmatched), texts)
