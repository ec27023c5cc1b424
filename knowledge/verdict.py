"""Weigh the evidence into a verdict: supported, refuted, disputed, unverified or no_evidence.

`knowledge.tally` gives each document one stance and a weight (what kind of source it is, who
stands behind it, whether it only repeats someone else's claim or was superseded later) and
groups documents that repeat one another into one voice, on each side of the claim. This
module reads the two sides into a label, says which sources the answer cites and why, and caps
the confidence by what the verdict rests on (`VerdictPolicy`): one voice is never more than
"Likely"; "Very likely" needs two independent credible voices that agree, or a party speaking
about its own acts; an anonymous or campaigning source alone makes a claim at most
"Unconfirmed".
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date

from knowledge.calibration import IDENTITY, Calibration
from knowledge.credibility import Standing, independent_groups
from knowledge.hedging import headline
from knowledge.judge import Judgement
from knowledge.lexicon import phrases
from knowledge.models import (
    Claim,
    Evidence,
    QuestionType,
    Signal,
    SourceKind,
    StanceLabel,
    Verdict,
    VerdictLabel,
)
from knowledge.policy import VERDICT, VerdictPolicy
from knowledge.query import Query
from knowledge.stance.cues import Cue, has_cue
from knowledge.tally import AUTHORITATIVE, Doc, Side, Tally, documents, weigh_sides
from knowledge.text.answers import answers, figures
from knowledge.text.sentences import sentences
from knowledge.text.terms import terms

__all__ = ["KIND_WEIGHT", "decide", "decide_judgement"]

KIND_WEIGHT = VERDICT.kind_weight
_EVIDENCE_PER_ANSWER = 4
_DUPLICATE_QUOTE = 0.75  # word overlap (Jaccard) above which two quotes say the same thing
# The raw confidence of a hedged label, which `decide` replaces by the policy's measured rate.
_UNCALIBRATED = 0.5
# Questions that ask for a figure or a date: one anonymous source repeated is no answer.
_FIGURE_QUESTIONS = frozenset({"how many", "how much", "how long", "how old", "when"})
# ... of them, those that ask for an amount.
_FIGURE_WORDS = frozenset({"how many", "how much"})


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


_MODEL_READINGS = frozenset({Signal.MODEL_SUPPORTS, Signal.MODEL_REFUTES})


# Readings that find a passage saying the claim, or its opposite, in other words: no cue.
_PLAIN_READINGS = _MODEL_READINGS | {Signal.STATES, Signal.STATES_SUBJECT}


def _reading_only(claim: Claim, label: VerdictLabel, tally: Tally) -> bool:
    """Whether a true/false verdict rests on plain readings alone: every source on its side
    only reads as saying it (or the opposite) in other words, none with a cue."""
    if claim.question_type is QuestionType.WH:
        return False
    side = {VerdictLabel.SUPPORTED: tally.supporters, VerdictLabel.REFUTED: tally.refuters}
    docs = side.get(label, [])
    return bool(docs) and all(d.signal in _PLAIN_READINGS for d in docs)


# A denial, rating, doubt or correction counts for a claim only once its reading is turned:
# it judges a claim we read as the opposite of ours ("reports that she will not run again are
# false", asked whether she is done after this term).
_TURNED = frozenset({Signal.DENIES, Signal.RATES_FALSE, Signal.DOUBTS, Signal.CORRECTS})


def _turned_only(label: VerdictLabel, tally: Tally) -> bool:
    """Whether a "true" verdict rests only on judgements turned round: every source for it
    denies, rates, doubts or corrects what we read as the claim's opposite (or has only the
    model's reading of other words). Which claim is the opposite is our reading, from the
    words' polarity ("done after this term" against "not seek a second term"), and when it
    is wrong every such source says the reverse: "Likely" at most."""
    return (
        label is VerdictLabel.SUPPORTED
        and any(d.signal in _TURNED for d in tally.supporters)
        and all(d.signal in _TURNED | _MODEL_READINGS for d in tally.supporters)
    )


def _firm(doc: Doc) -> bool:
    """A credible source whose reading has the claim's point and does not only say "may"; a
    post is someone's say-so, however it reads, and no firm voice either way."""
    return (
        doc.credibility.credible
        and doc.kind is not SourceKind.SOCIAL
        and not doc.off_point
        and not doc.hedged
    )


def _against(other: Side, policy: VerdictPolicy, *, figures: bool = False) -> float:
    """The ceiling the other side puts on a verdict: `contested_cap` when credible, firm
    sources there weigh as much as a side in a dispute must (`contested`). They are weighed
    before any later statement or fact-check on this side is taken to settle it (`standing`):
    that it does is what the verdict concludes, not a reason to be surer of it. `figures`: the
    verdict rests on other figures than the claim's. Sources that give different estimates of
    one thing disagree about it, whoever spoke last: a credible, firm source that gives the
    claim's figure keeps the answer at "Likely", however little it weighs."""
    firm = [v for v in other.credible_voices if any(_firm(d) for d in v)]
    heavy = other.standing >= policy.contested
    return policy.contested_cap if firm and (figures or heavy) else 1.0


def _ceiling(
    voices: Sequence[Sequence[Doc]], policy: VerdictPolicy, *, denial: bool = False
) -> float:
    """The most confidence what a verdict rests on can carry (`VerdictPolicy`'s caps);
    `denial`: the voices say the claim is not so."""
    docs = [d for v in voices for d in v]
    if docs and all(d.signal in _MODEL_READINGS for d in docs):
        return min(policy.model_only_cap, _voices_ceiling(voices, policy, denial))
    return _voices_ceiling(voices, policy, denial)


def _voices_ceiling(
    voices: Sequence[Sequence[Doc]], policy: VerdictPolicy, denial: bool = False
) -> float:
    # A source whose every reading lacks the claim's point (it states only the subject, or
    # judges a claim that may be another), or that only says it may be so, is no firm voice:
    # nothing above "Likely" rests on such readings.
    credible = [v for v in voices if any(_firm(d) for d in v)]
    # Agreement the small model alone reads into a source ("says it in other words") is no
    # independent confirmation: it is wrong too often on unseen phrasing (MODEL_CARD.md). A
    # voice counts towards "Very likely" when its own words are found stating, denying,
    # rating or correcting the claim.
    worded = [v for v in credible if any(_firm(d) and d.signal not in _MODEL_READINGS for d in v)]
    if len(worded) < 2:
        # A party on its own acts may confirm them ("we recalled 240,000 jars"); its denial
        # alone is what it would say either way: one voice.
        primary = (
            len(worded) == 1
            and not denial
            and any(
                d.credibility.standing is Standing.PRIMARY and d.kind in AUTHORITATIVE
                for d in worded[0]
            )
        )
        return policy.primary_cap if primary else policy.one_voice_cap
    docs = [d for v in worded for d in v]
    if all(d.credibility.standing is Standing.PRIMARY for d in docs) or all(
        d.kind is SourceKind.STATEMENT for d in docs
    ):
        return policy.primary_cap  # only interested parties, or bodies speaking for themselves
    if not {d.kind for d in docs} & AUTHORITATIVE:
        return policy.several_voices_cap  # reports and analyses alone: never "Confirmed"
    return policy.confirmed_cap


def _answers_wh(doc: Doc, claim: Claim) -> bool:
    """Whether a source answers a what/when/how-many question: about it (`answers_from`), or,
    for a figure or a date, giving one of the kind asked ("three people were killed" to "how
    many ppl didn't make it") in a passage less relevant than that (one found through its
    document): chat words pull relevance down, a figure of the kind asked does not come by
    chance. A "who" question is answered only by a source that names someone the question
    does not, however squarely it is about the question: "the marathon takes place on 12
    October" is on the subject of "who won the marathon" and names no winner."""
    if claim.wh_word == "who":
        return any(
            answers(item.sentence, claim.wh_word, claim.text) >= 1.0 for item in doc.evidence
        )
    if doc.relevance >= doc.policy.answers_from:
        return True
    return claim.wh_word in _FIGURE_QUESTIONS and any(
        answers(item.sentence, claim.wh_word, claim.text) >= 1.0 for item in doc.evidence
    )


def _own_voice(doc: Doc) -> bool:
    """A credible source that speaks for itself: not a post, not a piece resting on unnamed
    sources."""
    return doc.credibility.credible and doc.kind is not SourceKind.SOCIAL and not doc.unnamed


def _figure_first_hand(query: Query, docs: Sequence[Doc]) -> bool:
    """Whether the figure or date that answers "how many" or "when" has a credible, first-hand
    source: one that gives it in its own voice, not relayed ("40 were arrested, an unnamed
    official said") and not in a piece that rests on unnamed sources. Outlets repeating one
    anonymous account's figure are one unconfirmed claim.
    The answer's figure is the one in the passage most squarely on the question: given
    first-hand there, it answers, whatever other figures outlets repeat in passages less on the
    point ("4.1 billion crowns" from the statistics office, against a sale price that two
    papers relay). Otherwise it is the figure the sources give most often. A post's figures (a
    time stamp, a fan's guess) are nobody's figure to trace. Where no figure can be read
    ("eight"), any answer given first-hand will do; where nothing answers in kind at all,
    there is nothing to trace."""
    claim = query.claim
    givers: dict[str, dict[str, bool]] = {}  # figure -> doc id -> given first-hand
    answered: list[bool] = []
    # The top passage giving figures; of two as relevant, the one not given first-hand.
    closest: tuple[float, bool, tuple[str, ...]] = (-1.0, False, ())
    for doc in docs:
        own_voice = _own_voice(doc)
        for item in doc.evidence:
            first_hand = own_voice and not item.stance.attributed
            if answers(item.sentence, claim.wh_word, claim.text) > 0:
                answered.append(first_hand)
            if doc.kind is SourceKind.SOCIAL:
                continue
            found = figures(item.sentence, claim.wh_word)
            for figure in found:
                by_doc = givers.setdefault(figure, {})
                by_doc[doc.doc_id] = by_doc.get(doc.doc_id, False) or first_hand
            if found and (item.relevance, not first_hand) > closest[:2]:
                closest = (item.relevance, not first_hand, found)
    if not givers:
        return any(answered) or not answered
    if any(any(givers[figure].values()) for figure in closest[2]):
        return True
    # Figures given equally often are equal candidates.
    most = max(len(by_doc) for by_doc in givers.values())
    return any(any(by_doc.values()) for by_doc in givers.values() if len(by_doc) == most)


def _figures_disagree(query: Query, docs: Sequence[Doc]) -> bool:
    """Whether the sources answering "how many" or "how much" give two different figures of
    the kind asked, each from at least two publishers in their own voice ("about 340 tonnes"
    from the ministry and an outlet, "900 to 1,100 tonnes" from an institute and the ministry
    quoting it): the figure is contested, and whichever one the answer quotes is "Likely" at
    most. One publisher's stray figure (a cargo, a total) is not a rival estimate."""
    claim = query.claim
    if claim.wh_word not in _FIGURE_WORDS:
        return False
    publishers: dict[str, set[str]] = {}  # figure -> publishers giving it in their own voice
    for doc in docs:
        if not _own_voice(doc):
            continue
        for item in doc.evidence:
            if item.stance.attributed or answers(item.sentence, claim.wh_word, claim.text) < 1.0:
                continue
            for figure in figures(item.sentence, claim.wh_word):
                publishers.setdefault(figure, set()).add(doc.publisher)
    counts = sorted((len(p) for p in publishers.values()), reverse=True)
    return len(counts) >= 2 and counts[1] >= 2


def _overtaken(query: Query, side: Sequence[Doc], docs: Sequence[Doc]) -> bool:
    """Whether a question about how things stand now ("is he still the coach?", "is it back
    up again?") is settled only by reports older than the newest credible source on the story,
    which does not repeat them: what was so then may have changed since ("the strike began"
    before "the deal was reached"), and the side may describe the past: its verdict is
    "Likely" at most."""
    if not query.present or not side:
        return False
    dated = [d.published for d in side if d.published]
    newest = _newest_credible(docs)
    return bool(dated) and newest is not None and max(dated) < (newest.published or date.min)


def _unproven(doc: Doc) -> bool:
    """A credible fact-check that found the evidence does not settle it ("Unproven")."""
    return doc.uncertain and doc.kind is SourceKind.FACTCHECK and doc.credibility.credible


def _newest_credible(docs: Sequence[Doc]) -> Doc | None:
    """The latest dated credible report among `docs`, if any is dated."""
    return max(
        (d for d in docs if d.published and d.credibility.credible),
        key=lambda d: d.published or date.min,
        default=None,
    )


def _premise_figure_contradicted(claim: Claim, tally: Tally) -> bool:
    """Whether a "why" question's own figure is one a credible source contradicts with another
    figure for the same thing: the question presupposes its claim ("why is the govt handing out
    20 tuna licences" when the ministry offers twelve), so the claim is judged first."""
    return claim.wh_word == "why" and any(
        d.credibility.credible and d.signal is Signal.DIFFERENT_FIGURE for d in tally.refuters
    )


def _label(
    query: Query, tally: Tally, docs: Sequence[Doc], texts: Mapping[str, str]
) -> tuple[VerdictLabel, float, float]:
    """The label, its raw confidence, and the ceiling that the quality of the evidence puts on
    any confidence in it (calibration may move the confidence, never above the ceiling). The
    hedged labels' confidence is the policy's measured rate, not a raw score."""
    policy = docs[0].policy
    claim = query.claim
    if claim.question_type is QuestionType.WH and _premise_figure_contradicted(claim, tally):
        # "why is the govt handing out 20 licences" presupposes the 20: judged as a claim.
        premise = replace(claim, question_type=QuestionType.YES_NO, wh_word=None)
        return _label(replace(query, claim=premise), tally, docs, texts)
    if claim.question_type is QuestionType.WH:
        answering = [d for d in docs if _answers_wh(d, claim)]
        if not answering:
            return VerdictLabel.NO_EVIDENCE, _UNCALIBRATED, 1.0
        if claim.wh_word in _FIGURE_QUESTIONS and not _figure_first_hand(query, answering):
            return VerdictLabel.UNVERIFIED, _UNCALIBRATED, 1.0
        top = max(d.relevance for d in answering)
        grouped = independent_groups([d.source for d in answering], texts)
        by_id = {d.doc_id: d for d in answering}
        ceiling = _ceiling([[by_id[s.doc_id] for s in g] for g in grouped], policy)
        if claim.wh_word in _FIGURE_QUESTIONS and not any(
            answers(item.hit.passage.text, claim.wh_word, claim.text) > 0
            for doc in answering
            for item in doc.evidence
        ):
            # Sources on the subject, none giving a figure or date of the kind asked: what
            # they say may answer it in words ("dozens"), or may not. "Likely" at most.
            ceiling = min(ceiling, policy.one_voice_cap)
        if any(_unproven(d) for d in docs):
            ceiling = min(ceiling, policy.one_voice_cap)  # a fact-check found it unsettled
        if _figures_disagree(query, answering):
            ceiling = min(ceiling, policy.one_voice_cap)  # sources give rival figures
        return VerdictLabel.SUPPORTED, min(ceiling, 0.5 + 0.6 * (top - 0.35)), ceiling

    support, refute, echo = tally.support.weight, tally.refute.weight, tally.echo
    refute_carries = bool(tally.refute.credible_voices)
    # A credible source that says the findings conflict ("two reviews reached opposite
    # conclusions") is the best evidence of a dispute there is: the small model's reading of
    # each side's wording is not enough to overrule it.
    # But where the claim comes from a weak source (a post, a campaign group, a rumour the
    # sources relay) and nothing credible speaks for it, the conflict is between that source
    # and the credible ones: "two very different pictures emerged" of a campaign group's
    # figure that credible sources reject leaves the figure rejected, "Likely false" at most
    # since someone disputes it. Between credible sources (two studies), a side the readings
    # missed is still a side: disputed.
    conflict = bool(tally.mixed) and any(d.credibility.credible for d in tally.mixed)
    one_sided = (
        conflict
        and not support
        and refute_carries
        and refute >= policy.carry
        and bool(tally.echoes or tally.relayed or any(not d.credibility.credible for d in docs))
    )
    if conflict and (support or refute) and not one_sided:
        return VerdictLabel.DISPUTED, _UNCALIBRATED, 1.0
    if not (support or refute) and any(
        d.credibility.credible and d.relevance >= policy.conflict_alone_relevance
        for d in tally.mixed
    ):
        # Nothing read takes a side, most often because each side says it in other words
        # ("warming, not nutrient input, was the main driver" asked whether the lake just got
        # too hot), but a credible source squarely about the claim says the findings conflict.
        return VerdictLabel.DISPUTED, _UNCALIBRATED, 1.0
    if (
        refute_carries
        and refute >= policy.carry
        and refute >= policy.lead * support
        and refute > echo
    ):
        ceiling = min(
            _ceiling(tally.refute.voices, policy, denial=True),
            _against(
                tally.support,
                policy,
                figures=any(d.signal is Signal.DIFFERENT_FIGURE for d in tally.refuters),
            ),
        )
        if _overtaken(query, tally.refuters, docs) or one_sided:
            ceiling = min(ceiling, policy.one_voice_cap)  # it may have changed since; disputed
        confidence = _logistic(2.5 * (refute - support - echo) + 0.3)
        return VerdictLabel.REFUTED, min(confidence, ceiling), ceiling
    # A fact-check that found the evidence does not settle it ("Unproven") outweighs one voice
    # saying it is so, and keeps more voices at "Likely".
    unproven = any(_unproven(d) for d in docs)
    if support >= policy.carry and support >= policy.lead * refute:
        if unproven and len(tally.support.credible_voices) < 2:
            return VerdictLabel.UNVERIFIED, _UNCALIBRATED, 1.0
        ceiling = min(_ceiling(tally.support.voices, policy), _against(tally.refute, policy))
        if _overtaken(query, tally.supporters, docs):
            ceiling = min(ceiling, policy.one_voice_cap)
        if unproven:
            ceiling = min(ceiling, policy.one_voice_cap)
        if all(d.hedged for d in tally.supporters):
            ceiling = min(ceiling, policy.hedged_cap)  # sources say "may", so do we
        confidence = _logistic(2.5 * (support - refute) + 0.3)
        return VerdictLabel.SUPPORTED, min(confidence, ceiling), ceiling
    if support >= policy.contested and refute >= policy.contested and refute_carries:
        return VerdictLabel.DISPUTED, _UNCALIBRATED, 1.0
    if (
        refute >= policy.contested
        and refute > support + echo
        and not tally.uncertain
        and any(_firm(d) for voice in tally.refute.credible_voices for d in voice)
    ):
        # A credible source that says, on the point, that it is not so ("rumours that the
        # mayor resigned were untrue") outweighs a rumour that is only repeated, even when
        # it is too light to carry the verdict on its own: "Likely false" at most.
        ceiling = min(_ceiling(tally.refute.voices, policy), policy.one_voice_cap)
        return VerdictLabel.REFUTED, min(0.6, ceiling), ceiling
    if echo or tally.uncertain or (refute and not refute_carries):
        return VerdictLabel.UNVERIFIED, _UNCALIBRATED, 1.0
    if support > refute:
        ceiling = _ceiling(tally.support.voices, policy)
        return VerdictLabel.SUPPORTED, min(0.6, ceiling), ceiling
    if refute > support:
        ceiling = _ceiling(tally.refute.voices, policy)
        return VerdictLabel.REFUTED, min(0.6, ceiling), ceiling
    if tally.relayed or tally.discussed:
        # A rumour that is about, or a story the sources cover, though nothing they say
        # states or settles the claim: "Unconfirmed", not "Not covered".
        return VerdictLabel.UNVERIFIED, _UNCALIBRATED, 1.0
    return VerdictLabel.NO_EVIDENCE, _UNCALIBRATED, 1.0


def _only_planned(query: Query, label: VerdictLabel, tally: Tally) -> bool:
    """Whether a yes/no claim about what will happen ("is the plant gonna double its staff")
    is borne out only by sources saying it will: a plan, a promise or a forecast in their own
    words, which no rating, confirmation or correction makes a fact. That it will happen is
    "Unconfirmed" until it does. On the spent blind sets r5-r31 (1,431 questions), every such
    claim answered "true" was wrong (13: 9 unconfirmed, 3 not covered, 1 false)."""
    return (
        query.future
        and label is VerdictLabel.SUPPORTED
        and query.claim.question_type is not QuestionType.WH
        # "did the minister say the tax will go up": a claim about what was said, which the
        # statement settles.
        and not phrases("said_so").search(query.text)
        and all(d.signal in _PLAIN_READINGS or d.hedged for d in tally.supporters)
    )


def _planned_basis(tally: Tally) -> str:
    docs = tally.supporters or tally.echoes
    return (
        f"Planned or forecast in {_kinds(docs)}; it has not happened yet, so nothing can"
        " confirm it."
    )


def _kinds(docs: Sequence[Doc]) -> str:
    """The documents counted by kind, in words: "1 official statement and 2 news reports"."""
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
            parts.append(f"{len(matching)} {one if len(matching) == 1 else many}")
    return _join(parts)


def _basis(label: VerdictLabel, tally: Tally) -> str:
    """How good the evidence is, in words: what makes the headline believable."""

    if label is VerdictLabel.REFUTED:
        text = f"Contradicted by {_kinds(tally.refuters)}"
        if tally.echoes or tally.supporters:
            text += f"; the claim rests on {_kinds(tally.echoes + tally.supporters)}"
        return text + "."
    if label is VerdictLabel.SUPPORTED:
        return f"Backed by {_kinds(tally.supporters or tally.echoes)}."
    if label is VerdictLabel.DISPUTED:
        return (
            f"Supported by {_kinds(tally.supporters) or 'no first-hand source'}, "
            f"contradicted by {_kinds(tally.refuters) or 'no first-hand source'}."
        )
    weak = {d.credibility.standing for d in tally.echoes if not d.credibility.credible}
    if tally.echoes and len(weak) == 1 and all(not d.credibility.credible for d in tally.echoes):
        return f"Asserted only by {weak.pop().value}; nothing credible confirms or denies it."
    if not tally.echoes and not tally.relayed and tally.discussed:
        return f"Discussed in {_kinds(tally.discussed)}; none of them confirms or denies it."
    sources = _kinds(tally.echoes) or _kinds(tally.relayed) or "no first-hand source"
    if len(tally.echoes) > 1:
        return f"Reported by {sources}, repeating one claim; no independent confirmation."
    return f"Reported by {sources}; no independent confirmation."


def _join(parts: Sequence[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _cited(
    label: VerdictLabel, claim: Claim, tally: Tally, docs: Sequence[Doc]
) -> tuple[Evidence, ...]:
    """The evidence the answer will quote, strongest for the verdict first, one per source."""

    def answering(item: Evidence) -> float:
        return answers(item.sentence, claim.wh_word, claim.text)

    def best(doc: Doc, prefer: StanceLabel | None = None) -> Evidence:
        matching = [e for e in doc.evidence if prefer is None or e.stance.label is prefer]
        if label is VerdictLabel.DISPUTED and any(d is doc for d in tally.mixed):
            # Quote where the source says that the findings conflict.
            saying = [
                replace(e, sentence=sentence)
                for e in doc.evidence
                for sentence in sentences(e.hit.passage.text)
                if has_cue(sentence, Cue.MIXED)
            ]
            if saying:
                return max(saying, key=lambda e: e.relevance)
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

    ordered: list[tuple[Doc, StanceLabel | None]] = []
    if claim.question_type is QuestionType.WH:
        # Sources that answer in kind ("when": a date) first, credible ones before posts.
        def merit(doc: Doc) -> float:
            answered = 0.3 * max(answering(e) for e in doc.evidence)
            focus = max(e.focus for e in doc.evidence)
            kind = doc.policy.kind_weight[doc.kind]
            return doc.relevance * (0.5 + 0.5 * kind) + answered + focus

        ranked = sorted((d for d in docs if _answers_wh(d, claim)), key=merit, reverse=True)
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
        echoed: list[tuple[Doc, StanceLabel | None]] = [
            (d, StanceLabel.SUPPORTS) for d in tally.echoes
        ]
        weak_refuters: list[tuple[Doc, StanceLabel | None]] = [
            (d, StanceLabel.REFUTES) for d in tally.refuters if not d.credibility.credible
        ]
        # Credible sources on either side that did not settle it (a fact-check found the
        # claim unproven): the newest report first, then what said so, or otherwise, before.
        before: list[tuple[Doc, StanceLabel | None]] = [
            (d, StanceLabel.SUPPORTS) for d in tally.supporters
        ]
        before += [(d, StanceLabel.REFUTES) for d in tally.refuters if d.credibility.credible]
        newest = _newest_credible(docs)
        since: list[tuple[Doc, StanceLabel | None]] = (
            [(newest, None)]
            if newest and before and all(d is not newest for d, _ in before)
            else []
        )
        ordered = (
            [(d, None) for d in tally.uncertain]
            + echoed
            + weak_refuters
            + [(d, None) for d in tally.relayed]
            + [(d, None) for d in tally.discussed]
            + since
            + before
        )
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
    query: Query,
    evidence: Sequence[Evidence],
    calibration: Calibration = IDENTITY,
    *,
    unmatched: Sequence[str] = (),
    texts: Mapping[str, str] | None = None,
    policy: VerdictPolicy = VERDICT,
) -> Verdict:
    """The verdict on a claim from its evidence; `calibration` maps the raw confidence to the
    probability that the verdict is right (see `knowledge.calibration`). `unmatched` names
    what the claim is about that relevant sources never mention; `texts` holds each evidence
    document's text by id, to tell which sources repeat which (default: the evidence's own
    passages)."""
    claim = query.claim
    if texts is None:
        texts = _passage_texts(evidence)
    docs = documents(query, evidence, texts, policy)
    if not docs:
        confidence = policy.not_covered_confidence
        return Verdict(
            label=VerdictLabel.NO_EVIDENCE,
            confidence=confidence,
            headline=headline(VerdictLabel.NO_EVIDENCE, confidence),
            basis=_not_covered(unmatched),
        )
    tally = weigh_sides(docs, query, texts)
    label, raw, ceiling = _label(query, tally, docs, texts)
    planned = _only_planned(query, label, tally)
    if planned:
        label, raw, ceiling = VerdictLabel.UNVERIFIED, _UNCALIBRATED, 1.0
    if query.future:  # a plan or a forecast is not yet a fact; see `VerdictPolicy.future_cap`
        ceiling = min(ceiling, policy.future_cap)
    reading_only = _reading_only(claim, label, tally)
    if reading_only:  # see `VerdictPolicy.reading_only_cap`
        ceiling = min(ceiling, policy.reading_only_cap)
    if _turned_only(label, tally):
        ceiling = min(ceiling, policy.one_voice_cap)
    cited = _cited(label, claim, tally, docs) if label is not VerdictLabel.NO_EVIDENCE else ()
    if label is not VerdictLabel.NO_EVIDENCE and not cited:
        label = VerdictLabel.NO_EVIDENCE
    hedged = {
        VerdictLabel.NO_EVIDENCE: policy.unsettled_confidence,
        VerdictLabel.UNVERIFIED: policy.unverified_confidence,
        VerdictLabel.DISPUTED: policy.disputed_confidence,
    }
    confidence = hedged.get(label, min(calibration(raw), ceiling))
    answered = claim.question_type is QuestionType.WH and label is VerdictLabel.SUPPORTED
    return Verdict(
        label=label,
        confidence=confidence,
        headline=headline(label, confidence, answers_question=answered),
        basis=(
            _UNSETTLED
            if label is VerdictLabel.NO_EVIDENCE
            else _planned_basis(tally)
            if planned
            else (_basis(label, tally) if not answered else "")
        )
        + (_LEANS.get(label, "") if reading_only else ""),
        evidence=cited,
    )


def decide_judgement(
    query: Query, judgement: Judgement, calibration: Calibration = IDENTITY
) -> Verdict:
    """`decide` on what `knowledge.judge.judge` found: its evidence, the names relevant
    sources never mention, and its documents' texts."""
    return decide(
        query,
        judgement.evidence,
        calibration,
        unmatched=judgement.unmatched,
        texts=judgement.texts,
    )


def _passage_texts(evidence: Sequence[Evidence]) -> dict[str, str]:
    texts: dict[str, list[str]] = {}
    for item in evidence:
        texts.setdefault(item.hit.source.doc_id, [item.hit.source.title]).append(
            item.hit.passage.text
        )
    return {doc_id: " ".join(parts) for doc_id, parts in texts.items()}


_UNSETTLED = "The loaded sources touch on this, but none of them says whether it is so."

# Said after the basis of a verdict on plain readings alone ("Roughly even odds"), so that the
# reader knows which way it leans and why it is no surer.
_LEANS = {
    VerdictLabel.SUPPORTED: (
        " That is our reading of their words: no rating, confirmation or correction settles"
        " it, so it leans true at best."
    ),
    VerdictLabel.REFUTED: (
        " That is our reading of their words: no denial, rating or correction settles it, so"
        " it leans false at best."
    ),
}


def _not_covered(unmatched: Sequence[str]) -> str:
    if not unmatched:
        return "None of the loaded sources addresses this."
    return f"The loaded sources cover related stories but never mention {_join(list(unmatched))}."
