"""Turn retrieved passages into evidence: how relevant each is, its stance, and its best quote.

Relevance weighs two things: how close the passage is in meaning (dense similarity) and how many
of the question's words, weighted by rarity, the passage and its title contain. Passages below
the relevance floor are dropped before stance is judged, so a distractor that shares a name with
the question never becomes evidence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from knowledge.models import Claim, Evidence, Hit, Passage, QuestionType, SourceKind, SourceMeta
from knowledge.retrieval import ScopeSnapshot
from knowledge.stance import EvidenceText, StanceModel
from knowledge.stance.cues import JUDGING, RELAYING, Cue, cues_in
from knowledge.text.answers import answers
from knowledge.text.sentences import sentences
from knowledge.text.terms import terms
from knowledge.text.variants import QueryWord, normalise_query, query_words
from knowledge.text.vocabulary import Vocabulary

__all__ = ["RELEVANCE_FLOOR", "best_sentence", "coverage", "judge", "relevance"]

RELEVANCE_FLOOR = 0.35
_UNKNOWN_WORD_WEIGHT = 0.6  # share of the top weight given to a word no source uses
_FORM_WEIGHT = 0.8  # alternatives at least this strong are forms of the word, not synonyms
_QUOTE_CHARS = 200
_SHORT_SENTENCE = 60
_SIBLING_DISCOUNT = 0.95  # a passage found through its document counts a little less


def _weights(words: Sequence[QueryWord], vocabulary: Vocabulary, total: int) -> list[float]:
    def idf(df: int) -> float:
        return math.log(1 + total / (1 + df))

    top = idf(0)
    weights = []
    for word in words:
        if not word.known:
            weights.append(_UNKNOWN_WORD_WEIGHT * top)
        else:
            # "kazakh" is as common as "Kazakhstan", the form the sources use.
            forms = [term for term, weight in word.alternatives if weight >= _FORM_WEIGHT]
            df = max([vocabulary.stem_df(term) for term in forms] or [1])
            weights.append(idf(max(df, 1)))
    return weights


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
    dense = min(1.0, max(0.0, (hit.dense_similarity - 0.25) / 0.5))
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
    options = sentences(text) or [text]

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


def _context(hit: Hit, snapshot: ScopeSnapshot) -> str:
    """The passage before: what a bare "These claims are false." refers to."""
    siblings = snapshot.by_doc.get(hit.passage.doc_id, ())
    return " ".join(p.text for p in siblings if p.seq == hit.passage.seq - 1)


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
                extra.append((score * _SIBLING_DISCOUNT, replace(hit, passage=passage)))
    return extra


def _is_rating(passage: Passage, source: SourceMeta) -> bool:
    return source.kind is SourceKind.FACTCHECK and bool(
        {Cue.RATED_FALSE, Cue.RATED_TRUE} & cues_in(passage.text)
    )


def _answers_question(claim: Claim) -> Callable[[Passage, SourceMeta], bool]:
    """A passage with a plain sentence that answers in kind and shares a word with the claim."""
    wanted = set(terms(claim.text))

    def check(passage: Passage, _: SourceMeta) -> bool:
        return any(
            answers(sentence, claim.wh_word, claim.text) >= 1.0
            and wanted & set(terms(sentence))
            and not cues_in(sentence) & (JUDGING | RELAYING)
            for sentence in sentences(passage.text)
        )

    return check


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
    extra = _siblings(kept, snapshot, _is_rating)
    if claim.question_type is QuestionType.WH:
        extra += _siblings(kept + extra, snapshot, _answers_question(claim))
    kept += extra
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
    # The question's most specific word that sources use ("pentagon" in "what did the pentagon
    # say about the jets"): a quote without it rarely answers.
    known = [(w, word) for word, w in zip(words, weights, strict=True) if word.known]
    key = max(known, key=lambda pair: pair[0])[1].stems if known else frozenset()

    def weigh(text: str) -> float:
        named = 0.5 if key & set(terms(text)) else 0.0
        return coverage(words, weights, text) + named

    evidence = []
    for (score, hit), judged in zip(kept, stances, strict=True):
        sentence = best_sentence(hit.passage.text, claim_text, claim.wh_word, weigh)
        evidence.append(
            Evidence(
                hit=hit, stance=judged, relevance=score, sentence=sentence, focus=weigh(sentence)
            )
        )
    return evidence
