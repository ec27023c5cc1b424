"""Weigh the evidence into a verdict: supported, refuted, disputed, unverified or no_evidence.

Each document gets one stance (a fact-check that quotes the rumour and then rates it false is a
refutation, not half a confirmation) and a weight: what kind of source it is, whether it only
repeats what someone else claimed, and whether a later correction or official statement has
superseded it. Echoes of one anonymous claim count once. The confidence is capped by how good
the evidence is: one outlet alone never makes a claim "Confirmed".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from knowledge.calibration import IDENTITY, Calibration
from knowledge.hedging import headline
from knowledge.models import (
    Claim,
    Evidence,
    QuestionType,
    SourceKind,
    StanceLabel,
    Verdict,
    VerdictLabel,
)
from knowledge.stance.lexical import (
    REASON_CORRECTION_ISSUED,
    REASON_HEDGED,
    REASON_MIXED,
    REASON_RATED_FALSE,
    REASON_RATED_TRUE,
    REASON_UNCONFIRMED,
)
from knowledge.text.answers import answers
from knowledge.text.terms import terms

__all__ = ["KIND_WEIGHT", "decide"]

KIND_WEIGHT = {
    SourceKind.STATEMENT: 1.0,
    SourceKind.FACTCHECK: 1.0,
    SourceKind.CORRECTION: 1.0,
    SourceKind.NEWS: 0.7,
    SourceKind.ANALYSIS: 0.6,
    SourceKind.SOCIAL: 0.25,
}
# Kinds whose own stance overrides the rumour they quote.
_AUTHORITATIVE = {SourceKind.STATEMENT, SourceKind.FACTCHECK, SourceKind.CORRECTION}
_ECHO_FACTOR = 0.35  # a report that only relays someone else's claim
_SUPERSEDED_FACTOR = 0.5  # a report that a later correction or official statement contradicts
_EVIDENCE_PER_ANSWER = 4
_DUPLICATE_QUOTE = 0.75  # word overlap (Jaccard) above which two quotes say the same thing
_HEDGED_CAP = 0.75  # "Likely true" at most when every source hedges
_ANSWERS_FROM = 0.45  # relevance a source needs to answer a what/when/where question


@dataclass
class _Doc:
    """One source's position on the claim, from its relevant passages."""

    doc_id: str
    kind: SourceKind
    publisher: str
    published: date | None
    relevance: float
    label: StanceLabel = StanceLabel.NEUTRAL
    strength: float = 0.0
    attributed: bool = False
    uncertain: bool = False
    mixed: bool = False
    hedged: bool = False
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def weight(self) -> float:
        return KIND_WEIGHT[self.kind] * min(1.0, self.relevance / 0.6) * self.strength


def _settle(doc: _Doc) -> None:
    """One stance per document. A statement, fact-check or correction that quotes the rumour
    before rejecting it is not half a confirmation: its quotes of the claim do not count."""

    def score(item: Evidence) -> float:
        return item.stance.probs[item.stance.label.value] * item.relevance

    refutes = [e for e in doc.evidence if e.stance.label is StanceLabel.REFUTES]
    supports = [e for e in doc.evidence if e.stance.label is StanceLabel.SUPPORTS]
    ratings = [
        e for e in doc.evidence if e.stance.reason in (REASON_RATED_FALSE, REASON_RATED_TRUE)
    ]
    if doc.kind is SourceKind.FACTCHECK and ratings:
        # A fact-check's own rating is its stance, whatever else it quotes.
        rating = max(ratings, key=score)
        refutes, supports = (
            ([rating], []) if rating.stance.label is StanceLabel.REFUTES else ([], [rating])
        )
    if doc.kind in _AUTHORITATIVE:
        supports = [e for e in supports if not e.stance.attributed]
    if doc.kind is SourceKind.CORRECTION:
        # A correction restates the error it corrects; it supports only a claim about itself.
        supports = [e for e in supports if e.stance.reason == REASON_CORRECTION_ISSUED]
    best_refute = max(refutes, key=score, default=None)
    best_support = max(supports, key=score, default=None)
    if best_refute and (best_support is None or score(best_refute) >= score(best_support)):
        doc.label = StanceLabel.REFUTES
        doc.strength = best_refute.stance.probs[StanceLabel.REFUTES.value]
    elif best_support:
        doc.label = StanceLabel.SUPPORTS
        doc.strength = best_support.stance.probs[StanceLabel.SUPPORTS.value]
        doc.hedged = all(e.stance.reason == REASON_HEDGED for e in supports)
        # A social post, or a report that relays someone else's claim, only asserts it.
        doc.attributed = doc.kind is SourceKind.SOCIAL or best_support.stance.attributed


def _documents(evidence: Sequence[Evidence]) -> list[_Doc]:
    docs: dict[str, _Doc] = {}
    for item in evidence:
        source = item.hit.source
        doc = docs.get(source.doc_id)
        if doc is None:
            doc = docs[source.doc_id] = _Doc(
                source.doc_id, source.kind, source.publisher, source.published, item.relevance
            )
        doc.relevance = max(doc.relevance, item.relevance)
        doc.evidence.append(item)
        stance = item.stance
        doc.uncertain |= stance.reason == REASON_UNCONFIRMED
        doc.mixed |= stance.reason == REASON_MIXED
    for doc in docs.values():
        _settle(doc)
    return sorted(docs.values(), key=lambda d: -d.relevance)


@dataclass(frozen=True)
class _Tally:
    support: float  # independent, first-hand support
    echo: float  # support that only relays someone else's claim
    refute: float
    supporters: list[_Doc]
    echoes: list[_Doc]
    refuters: list[_Doc]
    uncertain: list[_Doc]
    mixed: list[_Doc]


def _independent(weights: dict[str, float]) -> float:
    """Sum over independent publishers (one publisher's several pieces count once)."""
    return sum(weights.values())


def _tally(docs: Sequence[_Doc]) -> _Tally:
    refuters = [d for d in docs if d.label is StanceLabel.REFUTES]
    supporters = [d for d in docs if d.label is StanceLabel.SUPPORTS and not d.attributed]
    echoes = [d for d in docs if d.label is StanceLabel.SUPPORTS and d.attributed]

    def discounted(doc: _Doc, other_side: Sequence[_Doc]) -> float:
        """A report that its own publisher later contradicted (a correction) barely counts;
        one that a later official statement, fact-check or correction contradicts counts half."""
        weight = doc.weight
        day = doc.published or date.min
        if any(
            o.publisher == doc.publisher and (o.published or date.min) >= day for o in other_side
        ):
            return weight * 0.1
        if doc.published and any(
            o.kind in _AUTHORITATIVE and o.published and o.published >= doc.published
            for o in other_side
        ):
            return weight * _SUPERSEDED_FACTOR
        return weight

    by_publisher: dict[str, float] = {}
    for doc in supporters:
        weight = discounted(doc, refuters)
        by_publisher[doc.publisher] = max(by_publisher.get(doc.publisher, 0.0), weight)
    support = _independent(by_publisher)
    # Echoes of a claim made elsewhere are one source however many outlets repeat it.
    echo_weights = sorted((discounted(d, refuters) * _ECHO_FACTOR for d in echoes), reverse=True)
    echo = echo_weights[0] + 0.1 * sum(echo_weights[1:]) if echo_weights else 0.0
    refute_by_publisher: dict[str, float] = {}
    for doc in refuters:
        weight = discounted(doc, supporters)
        refute_by_publisher[doc.publisher] = max(
            refute_by_publisher.get(doc.publisher, 0.0), weight
        )
    refute = _independent(refute_by_publisher)
    uncertain = [d for d in docs if d.uncertain and d.kind is not SourceKind.SOCIAL]
    mixed = [d for d in docs if d.mixed and d.kind is not SourceKind.SOCIAL]
    return _Tally(support, echo, refute, supporters, echoes, refuters, uncertain, mixed)


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def _cap(docs: Sequence[_Doc]) -> float:
    """The most confidence the sources can carry: one publisher alone, only interested
    parties, or only news reports never make a verdict near-certain."""
    publishers = {d.publisher for d in docs}
    if len(publishers) <= 1:
        return 0.8
    kinds = {d.kind for d in docs}
    if kinds <= {SourceKind.STATEMENT}:
        return 0.9
    if not kinds & _AUTHORITATIVE:
        return 0.9  # reports and analyses alone: "very likely", never "confirmed"
    return 0.97


def _label(claim: Claim, tally: _Tally, docs: Sequence[_Doc]) -> tuple[VerdictLabel, float, float]:
    """The label, its raw confidence, and the ceiling that the quality of the evidence puts on
    any confidence in it (calibration may move the confidence, never above the ceiling)."""
    if claim.question_type is QuestionType.WH:
        answering = [d for d in docs if d.relevance >= _ANSWERS_FROM]
        if not answering:
            return VerdictLabel.NO_EVIDENCE, 0.6, 1.0
        top = max(d.relevance for d in answering)
        ceiling = _cap(answering)
        return VerdictLabel.SUPPORTED, min(ceiling, 0.5 + 0.6 * (top - 0.35)), ceiling

    support, echo, refute = tally.support, tally.echo, tally.refute
    if refute >= 0.6 and refute >= 1.5 * support and refute > echo:
        ceiling = _cap(tally.refuters)
        confidence = _logistic(2.5 * (refute - support - echo) + 0.3)
        return VerdictLabel.REFUTED, min(confidence, ceiling), ceiling
    if support >= 0.6 and support >= 1.5 * refute:
        ceiling = _cap(tally.supporters)
        if all(d.hedged for d in tally.supporters):
            ceiling = min(ceiling, _HEDGED_CAP)  # sources say "may", so do we
        confidence = _logistic(2.5 * (support - refute) + 0.3)
        return VerdictLabel.SUPPORTED, min(confidence, ceiling), ceiling
    if (support >= 0.4 and refute >= 0.4) or (tally.mixed and (support or refute)):
        balance = abs(support - refute) / max(support + refute, 1e-9)
        return VerdictLabel.DISPUTED, 0.75 - 0.3 * balance, 1.0
    if echo or tally.uncertain:
        return VerdictLabel.UNVERIFIED, 0.7 if tally.uncertain and echo else 0.6, 1.0
    if support > refute:
        ceiling = _cap(tally.supporters)
        return VerdictLabel.SUPPORTED, min(0.6, ceiling), ceiling
    if refute > support:
        ceiling = _cap(tally.refuters)
        return VerdictLabel.REFUTED, min(0.6, ceiling), ceiling
    return VerdictLabel.NO_EVIDENCE, 0.6, 1.0


def _basis(label: VerdictLabel, tally: _Tally) -> str:
    """How good the evidence is, in words: what makes the headline believable."""

    def count(docs: Sequence[_Doc], one: str, many: str) -> str:
        return f"{len(docs)} {one if len(docs) == 1 else many}" if docs else ""

    def kinds(docs: Sequence[_Doc]) -> str:
        names = {
            SourceKind.STATEMENT: ("official statement", "official statements"),
            SourceKind.FACTCHECK: ("fact-check", "fact-checks"),
            SourceKind.CORRECTION: ("correction", "corrections"),
            SourceKind.NEWS: ("news report", "news reports"),
            SourceKind.ANALYSIS: ("analysis", "analyses"),
            SourceKind.SOCIAL: ("social media post", "social media posts"),
        }
        parts = []
        for kind, (one, many) in names.items():
            matching = [d for d in docs if d.kind is kind]
            if matching:
                parts.append(count(matching, one, many))
        return _join(parts)

    if label is VerdictLabel.NO_EVIDENCE:
        return "None of the loaded sources addresses this."
    if label is VerdictLabel.REFUTED:
        text = f"Contradicted by {kinds(tally.refuters)}"
        if tally.echoes or tally.supporters:
            text += f"; the claim rests on {kinds(tally.echoes + tally.supporters)}"
        return text + "."
    if label is VerdictLabel.SUPPORTED:
        return f"Backed by {kinds(tally.supporters or tally.echoes)}."
    if label is VerdictLabel.DISPUTED:
        return (
            f"Supported by {kinds(tally.supporters) or 'no first-hand source'}, "
            f"contradicted by {kinds(tally.refuters) or 'no first-hand source'}."
        )
    sources = kinds(tally.echoes) or "no first-hand source"
    return f"Reported by {sources}; no independent confirmation."


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _cited(
    label: VerdictLabel, claim: Claim, tally: _Tally, docs: Sequence[_Doc]
) -> tuple[Evidence, ...]:
    """The evidence the answer will quote, strongest for the verdict first, one per source."""

    def answering(item: Evidence) -> float:
        return answers(item.sentence, claim.wh_word, claim.text)

    def best(doc: _Doc, prefer: StanceLabel | None = None) -> Evidence:
        matching = [e for e in doc.evidence if prefer is None or e.stance.label is prefer]
        pool = matching or doc.evidence
        return max(
            pool,
            key=lambda e: (
                answering(e),
                e.focus,
                e.relevance,
                e.stance.probs[e.stance.label.value],
            ),
        )

    ordered: list[tuple[_Doc, StanceLabel | None]] = []
    if claim.question_type is QuestionType.WH:
        # Sources that answer in kind ("when": a date) first, credible ones before posts.
        def merit(doc: _Doc) -> float:
            answered = 0.3 * max(answering(e) for e in doc.evidence)
            focus = max(e.focus for e in doc.evidence)
            return doc.relevance * (0.5 + 0.5 * KIND_WEIGHT[doc.kind]) + answered + focus

        ranked = sorted((d for d in docs if d.relevance >= _ANSWERS_FROM), key=merit, reverse=True)
        ordered = [(d, None) for d in ranked]
    elif label is VerdictLabel.REFUTED:
        ordered = [
            (d, StanceLabel.REFUTES) for d in sorted(tally.refuters, key=lambda d: -d.weight)
        ]
        origin = sorted(tally.echoes + tally.supporters, key=lambda d: d.published or date.max)
        if origin:  # the last slot shows where the claim came from
            ordered[_EVIDENCE_PER_ANSWER - 1 :] = [(origin[0], StanceLabel.SUPPORTS)]
    elif label is VerdictLabel.SUPPORTED:
        ordered = [
            (d, StanceLabel.SUPPORTS)
            for d in sorted(tally.supporters or tally.echoes, key=lambda d: -d.weight)
        ]
    elif label is VerdictLabel.DISPUTED:
        sides = [tally.supporters, tally.refuters, tally.mixed]
        preferred = [StanceLabel.SUPPORTS, StanceLabel.REFUTES, None]
        for round_ in range(_EVIDENCE_PER_ANSWER):
            for side, prefer in zip(sides, preferred, strict=True):
                if round_ < len(side):
                    ordered.append((side[round_], prefer))
    elif label is VerdictLabel.UNVERIFIED:
        ordered = [(d, None) for d in tally.uncertain] + [
            (d, StanceLabel.SUPPORTS) for d in tally.echoes
        ]
    seen: set[str] = set()
    chosen: list[Evidence] = []
    for doc, prefer in ordered:
        if doc.doc_id in seen or len(chosen) == _EVIDENCE_PER_ANSWER:
            continue
        item = best(doc, prefer)
        # A second outlet quoting the same statement adds nothing: quote another source.
        if not any(_same_words(item.sentence, other.sentence) for other in chosen):
            seen.add(doc.doc_id)
            chosen.append(item)
    return tuple(chosen)


def _same_words(a: str, b: str) -> bool:
    first, second = set(terms(a)), set(terms(b))
    if not first or not second:
        return False
    return len(first & second) / len(first | second) >= _DUPLICATE_QUOTE


def decide(
    claim: Claim, evidence: Sequence[Evidence], calibration: Calibration = IDENTITY
) -> Verdict:
    """The verdict on a claim from its evidence; `calibration` maps the raw confidence to the
    probability that the verdict is right (see `knowledge.calibration`)."""
    docs = _documents(evidence)
    if not docs:
        return Verdict(
            label=VerdictLabel.NO_EVIDENCE,
            confidence=0.9,
            headline=headline(VerdictLabel.NO_EVIDENCE, 0.9),
            basis=_basis(VerdictLabel.NO_EVIDENCE, _tally([])),
        )
    tally = _tally(docs)
    label, raw, ceiling = _label(claim, tally, docs)
    confidence = min(calibration(raw), ceiling)
    cited = _cited(label, claim, tally, docs) if label is not VerdictLabel.NO_EVIDENCE else ()
    if label is not VerdictLabel.NO_EVIDENCE and not cited:
        label, confidence = VerdictLabel.NO_EVIDENCE, calibration(0.6)
    answered = claim.question_type is QuestionType.WH and label is VerdictLabel.SUPPORTED
    return Verdict(
        label=label,
        confidence=confidence,
        headline=headline(label, confidence, answers_question=answered),
        basis=_basis(label, tally) if not answered else "",
        evidence=cited,
    )
