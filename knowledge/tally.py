"""Evidence gathered per source and weighed into the two sides of a claim.

Each document gets one stance (a fact-check that quotes the rumour and then rates it false is a
refutation, not half a confirmation) and a weight: what kind of source it is, who stands behind
it (`knowledge.credibility`), whether it only repeats what someone else claimed, and whether a
later correction or official statement has superseded it. Documents that repeat one another
count as one voice. `knowledge.verdict` reads the sides this module weighs into a label and how
sure the answer may be.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from knowledge.credibility import Credibility, assess, independent_groups
from knowledge.lexicon import pattern
from knowledge.models import Evidence, Signal, SourceKind, SourceMeta, StanceLabel
from knowledge.policy import VERDICT, VerdictPolicy
from knowledge.query import Query
from knowledge.stance.cues import Cue, has_cue
from knowledge.stance.reading import reporting_acts
from knowledge.text.quantities import quantities

__all__ = ["AUTHORITATIVE", "Doc", "Side", "Tally", "documents", "weigh_sides"]

# Kinds whose own stance overrides the rumour they quote.
AUTHORITATIVE = frozenset({SourceKind.STATEMENT, SourceKind.FACTCHECK, SourceKind.CORRECTION})
# Readings of a passage that neither states nor denies the claim nor judges another one.
_PLAIN_NEUTRAL = frozenset({Signal.NOT_ADDRESSED, Signal.MODEL_NEUTRAL})
# The strength of a correction notice read as the correction asked about: the stance rules'
# own strength for a passage that is one (`knowledge.stance.lexical`, CORRECTION_ISSUED).
_NOTICE_STRENGTH = 0.8


@dataclass
class Doc:
    """One source's position on the claim, from its relevant passages."""

    source: SourceMeta
    credibility: Credibility
    relevance: float
    policy: VerdictPolicy
    label: StanceLabel = StanceLabel.NEUTRAL
    strength: float = 0.0
    attributed: bool = False
    uncertain: bool = False
    mixed: bool = False
    hedged: bool = False
    relays: bool = False  # a passage squarely about the claim relays someone's claim
    discusses: bool = False  # a passage squarely about the claim has its point, settles nothing
    signal: Signal | None = None  # how the passage that decides its label reads
    off_point: bool = False  # ... and that passage lacks the claim's point (`Stance.off_point`)
    unnamed: bool = False  # the piece rests on unnamed sources somewhere ("a source said")
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        return self.source.doc_id

    @property
    def kind(self) -> SourceKind:
        return self.source.kind

    @property
    def publisher(self) -> str:
        return self.source.publisher

    @property
    def published(self) -> date | None:
        return self.source.published

    @property
    def weight(self) -> float:
        relevance = min(1.0, self.relevance / self.policy.full_relevance)
        credible = 1.0 if self.credibility.credible else self.policy.weak_source_factor
        return self.policy.kind_weight[self.kind] * relevance * self.strength * credible


def _settle(doc: Doc) -> None:
    """One stance per document. A statement, fact-check or correction that quotes the rumour
    before rejecting it is not half a confirmation: its quotes of the claim do not count."""

    def score(item: Evidence) -> float:
        return item.stance.probs[item.stance.label.value] * item.relevance

    refutes = [e for e in doc.evidence if e.stance.label is StanceLabel.REFUTES]
    supports = [e for e in doc.evidence if e.stance.label is StanceLabel.SUPPORTS]
    ratings = [
        e for e in doc.evidence if e.stance.signal in (Signal.RATES_FALSE, Signal.RATES_TRUE)
    ]
    if doc.kind is SourceKind.FACTCHECK and ratings:
        # A fact-check's own rating is its stance, whatever else it quotes.
        rating = max(ratings, key=score)
        refutes, supports = (
            ([rating], []) if rating.stance.label is StanceLabel.REFUTES else ([], [rating])
        )
    # The model's reading of a passage not squarely about the claim is no support
    # (`VerdictPolicy.model_support_relevance`).
    supports = [
        e
        for e in supports
        if e.stance.signal is not Signal.MODEL_SUPPORTS
        or e.relevance >= doc.policy.model_support_relevance
    ]
    if doc.kind in AUTHORITATIVE:
        supports = [e for e in supports if not e.stance.attributed]
    if doc.kind is SourceKind.CORRECTION:
        # A correction restates the error it corrects; it supports only a claim about itself.
        supports = [e for e in supports if e.stance.signal is Signal.CORRECTION_ISSUED]
    best_refute = max(refutes, key=score, default=None)
    best_support = max(supports, key=score, default=None)
    if best_refute and (best_support is None or score(best_refute) >= score(best_support)):
        doc.label = StanceLabel.REFUTES
        doc.strength = best_refute.stance.probs[StanceLabel.REFUTES.value]
        doc.signal = best_refute.stance.signal
        doc.off_point = all(e.stance.off_point for e in refutes)
    elif best_support:
        doc.label = StanceLabel.SUPPORTS
        doc.strength = best_support.stance.probs[StanceLabel.SUPPORTS.value]
        doc.signal = best_support.stance.signal
        doc.off_point = all(
            e.stance.off_point or e.stance.signal is Signal.STATES_SUBJECT for e in supports
        )
        doc.hedged = all(e.stance.signal is Signal.HEDGES for e in supports)
        # A social post, a report that relays someone else's claim, or a source no one
        # stands behind (anonymous, or campaigning on the matter) only asserts it.
        doc.attributed = (
            doc.kind is SourceKind.SOCIAL
            or best_support.stance.attributed
            or not doc.credibility.credible
        )


def documents(
    query: Query, evidence: Sequence[Evidence], texts: Mapping[str, str], policy: VerdictPolicy
) -> list[Doc]:
    docs: dict[str, Doc] = {}
    for item in evidence:
        source = item.hit.source
        doc = docs.get(source.doc_id)
        if doc is None:
            doc = docs[source.doc_id] = Doc(source, assess(source, query), item.relevance, policy)
        doc.relevance = max(doc.relevance, item.relevance)
        doc.evidence.append(item)
        doc.uncertain |= item.stance.signal is Signal.UNCONFIRMED
        # A passage that says the findings conflict counts wherever in the source it says so:
        # that sentence shares few of the claim's words, so its reading may miss it
        # (`knowledge.judge` adds such passages of the story's sources to the evidence).
        doc.mixed |= item.stance.signal is Signal.MIXED or has_cue(item.hit.passage.text, Cue.MIXED)
        relayed = item.stance.attributed or source.kind is SourceKind.SOCIAL
        doc.relays |= relayed and item.relevance >= policy.relayed_relevance
        doc.discusses |= (
            item.relevance >= policy.discussed_relevance
            and item.stance.signal in _PLAIN_NEUTRAL
            and not item.stance.off_point
        )
    asks_correction = "correct" in reporting_acts(query.text)
    for doc in docs.values():
        doc.unnamed = bool(pattern("sources", "unnamed_source").search(texts.get(doc.doc_id, "")))
        # ... and so does its title ("Two studies, two answers"): a source on the story that
        # says the credible findings conflict says it of the story's claims.
        doc.mixed |= has_cue(doc.source.title, Cue.MIXED)
        # ... and a source no one stands behind, squarely about the claim, relays it whether
        # or not a reading finds the claim in its words (`unnamed_relay_relevance`).
        doc.relays |= (
            doc.unnamed or not doc.credibility.credible
        ) and doc.relevance >= policy.unnamed_relay_relevance
        _settle(doc)
        if asks_correction:
            _correction_notice(doc)
    return sorted(docs.values(), key=lambda d: -d.relevance)


def _correction_notice(doc: Doc) -> None:
    """Asked whether a report was corrected or walked back, a credible correction notice on
    the story is that correction, whichever passage a reading took it from: its notice ("The
    headline and article have been amended") shares few of the question's words, and the
    passage that does restates the error, a relayed claim (`_settle`)."""
    if (
        doc.kind is SourceKind.CORRECTION
        and doc.credibility.credible
        and doc.relevance >= doc.policy.relayed_relevance
        and (doc.label is StanceLabel.NEUTRAL or doc.attributed)
    ):
        doc.label = StanceLabel.SUPPORTS
        doc.strength = _NOTICE_STRENGTH
        doc.signal = Signal.CORRECTION_ISSUED
        doc.attributed = doc.off_point = doc.hedged = False


@dataclass(frozen=True)
class Side:
    """The documents on one side of the claim, grouped into independent voices."""

    docs: list[Doc]
    voices: list[list[Doc]]  # documents that repeat one another form one voice
    weight: float  # sum over voices of the voice's heaviest (discounted) document
    # ... discounted only where its own publisher later said otherwise: what the side weighs
    # as a party to a dispute, before any later source is taken to have settled it.
    standing: float = 0.0

    @property
    def credible_voices(self) -> list[list[Doc]]:
        return [v for v in self.voices if any(d.credibility.credible for d in v)]


@dataclass(frozen=True)
class Tally:
    support: Side  # independent, first-hand support
    refute: Side
    echo: float  # support that only relays someone else's claim
    echoes: list[Doc]
    uncertain: list[Doc]
    mixed: list[Doc]
    relayed: list[Doc]  # relay a claim about this, though no reading finds it stated
    discussed: list[Doc]  # squarely about it, though no reading finds it stated or denied

    @property
    def supporters(self) -> list[Doc]:
        return self.support.docs

    @property
    def refuters(self) -> list[Doc]:
        return self.refute.docs


def _discounted(doc: Doc, other_side: Sequence[Doc], query: Query) -> float:
    """A report its own publisher later contradicted (a correction) barely counts; one that a
    later official statement, fact-check or correction contradicts counts half; and when the
    question is how things stand now, one that any later credible source contradicts
    describes the past."""
    policy = doc.policy
    weight = doc.weight
    if _walked_back(doc, other_side):
        return weight * policy.self_corrected_factor
    day = doc.published or date.min
    later = [o for o in other_side if o.published and (o.published >= day)]
    if (
        query.present
        and doc.published
        and any(
            o.credibility.credible and o.published and o.published > doc.published for o in later
        )
    ):
        return weight * policy.outdated_factor
    if doc.published and any(o.kind in AUTHORITATIVE for o in later):
        return weight * policy.superseded_factor
    return weight


def _specific_figures(doc: Doc) -> frozenset[str]:
    """The specific figures a document gives where it takes its side ("30%", "240,000 jars";
    small counts like "two studies" are too common to tell who repeats whom)."""
    found = set()
    for item in doc.evidence:
        if item.stance.label is doc.label:
            for q in quantities(item.hit.passage.text):
                if q.unit == "percent" or q.value >= 10:
                    found.add(f"{q.unit}:{q.value:.3g}")
    return frozenset(found)


def _side(
    docs: Sequence[Doc], other: Sequence[Doc], query: Query, texts: Mapping[str, str]
) -> Side:
    by_id = {d.doc_id: d for d in docs}
    weights = {d.doc_id: _discounted(d, other, query) for d in docs}
    figures_by_doc = {d.doc_id: _specific_figures(d) for d in docs}
    grouped = independent_groups([d.source for d in docs], texts, figures_by_doc)
    voices = [[by_id[s.doc_id] for s in group] for group in grouped]
    total = sum(max(weights[d.doc_id] for d in voice) for voice in voices)
    standing = sum(max(_self_corrected(d, other) for d in voice) for voice in voices)
    return Side(list(docs), voices, total, standing)


def _walked_back(doc: Doc, other_side: Sequence[Doc]) -> bool:
    """Whether the document's own publisher later said otherwise: a correction of its own,
    or a later report that it corrected itself ("Skerrow Tidal has revised its claim about
    how many homes ...", against Skerrow Tidal Ltd's own statement of the old figure)."""
    day = doc.published or date.min
    name = _CORPORATE_ENDING.sub("", doc.publisher).strip().lower()
    return any(
        o.publisher == doc.publisher
        or (
            len(name) >= 4
            and any(
                e.stance.signal is Signal.CORRECTS and name in e.hit.passage.text.lower()
                for e in o.evidence
            )
        )
        for o in other_side
        if o.published and o.published >= day
    )


_CORPORATE_ENDING = re.compile(r"\s+(?:ltd|limited|plc|inc|llc|co|corp|group|gmbh|sa)\.?$", re.I)


def _self_corrected(doc: Doc, other_side: Sequence[Doc]) -> float:
    """A document's weight, discounted only if its own publisher later said otherwise."""
    factor = doc.policy.self_corrected_factor if _walked_back(doc, other_side) else 1.0
    return doc.weight * factor


def weigh_sides(docs: Sequence[Doc], query: Query, texts: Mapping[str, str]) -> Tally:
    refuters = [d for d in docs if d.label is StanceLabel.REFUTES]
    supporters = [d for d in docs if d.label is StanceLabel.SUPPORTS and not d.attributed]
    echoes = [d for d in docs if d.label is StanceLabel.SUPPORTS and d.attributed]
    policy = docs[0].policy if docs else VERDICT
    # Weak refuters (anonymous, campaigning) are weighed, but cannot carry a verdict alone.
    support = _side(supporters, refuters, query, texts)
    refute = _side(refuters, supporters, query, texts)
    # Echoes of a claim made elsewhere are one source however many outlets repeat it.
    echo_weights = sorted(
        (_discounted(d, refuters, query) * policy.echo_factor for d in echoes), reverse=True
    )
    echo = (
        echo_weights[0] + policy.extra_echo_factor * sum(echo_weights[1:]) if echo_weights else 0.0
    )
    uncertain = [d for d in docs if d.uncertain and d.kind is not SourceKind.SOCIAL]
    mixed = [d for d in docs if d.mixed and d.kind is not SourceKind.SOCIAL]
    relayed = [d for d in docs if d.relays and d.label is StanceLabel.NEUTRAL]
    discussed = [d for d in docs if d.label is StanceLabel.NEUTRAL and d.discusses and not d.relays]
    return Tally(support, refute, echo, echoes, uncertain, mixed, relayed, discussed)
