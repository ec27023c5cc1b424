"""Read a claim and a passage the way the lexical stance needs them: the claim's words and
polarity, and for the passage each clause's share of the claim, polarity and framing."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from knowledge.stance import EvidenceText
from knowledge.stance.cues import JUDGING, RELAYING, Cue, cues_in, first_cue_at, without_cues
from knowledge.stance.matching import found, share
from knowledge.stance.polarity import (
    CHANGING,
    GOING,
    denies,
    opposite_words,
    polarity_negative,
    stopped_only,
)
from knowledge.text.quantities import Quantity, quantities, same_amount
from knowledge.text.sentences import sentence_spans
from knowledge.text.terms import STOPWORDS, stem, surface_words, terms
from knowledge.text.variants import expand_idioms

__all__ = [
    "STATES",
    "TARGETS",
    "ClaimView",
    "Clause",
    "Reading",
    "framed_clauses",
    "reporting_acts",
]

_ACTS = {
    "correct": ("correct", "retract", "apolog"),
    "deny": ("deni", "deny", "reject", "dismiss", "rebut", "refut"),
    # The claim is that something is false: "was the jets story Russian disinformation?"
    "falsity": (
        "fals",
        "fake",
        "hoax",
        "untru",
        "disinform",
        "misinform",
        "propaganda",
        "mislead",
        "bogus",
        "fabric",
        "debunk",
    ),
}
# Punctuation and conjunctions end a clause; a comma or point inside a number ("240,000",
# "1.4 million") does not.
_CLAUSE_BREAK = re.compile(
    r"(?:(?<!\d)[,.]|[,.](?!\d)|[;:!?()\"“”—–\n])+"
    r"|\s(?:but|which|while|whereas|although|though|because|and|who|where)\s"
    # "that" before an auxiliary starts a relative clause about a noun ("the strike that has
    # shut down the crossing", "a club that can't afford a bus"): what it says of the noun,
    # negated or not, is not the sentence's assertion.
    r"|\sthat\s(?=(?:(?:has|have|had|is|are|was|were|will|would|could|can|may|might|does|do"
    r"|did)(?:n?['’]t)?|won['’]t|cannot)\s)"
)
# How much of the claim (share of its words, and dense similarity) a text must share for each
# judgement: a clause states the claim at any of these (share, similarity) pairs.
STATES = ((0.8, 0.0), (0.75, 0.45), (0.6, 0.55), (0.4, 0.62))
_CLOSE_MEANING = 0.6  # dense similarity that counts as close
# How much more a claim word counts when few retrieved passages share it.
_IDF_SLOPE = 0.25
TARGETS = 0.5  # share of the text a denial, rating or doubt refers to
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# A claim word that at most this share of the passages using its commonest word use is part
# of its point (see `ClaimView.point`).
_POINT_SHARE = 0.5
_TITLE_HELPS_FROM = 0.5  # a clause sharing this much may borrow the rest from the title


def _without_cues(text: str) -> str:
    """A reported claim without the words that judge it ("the claim that X is false" -> X;
    "accounts of X do not match the record" -> X): the negation of a denial or a doubt is the
    judgement's, not the reported claim's."""
    return without_cues(text, JUDGING)


def _clause_spans(text: str) -> list[tuple[int, str]]:
    """(offset, clause) for each clause of a text."""
    spans = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(text):
        if text[start : match.start()].strip():
            spans.append((start, text[start : match.start()]))
        start = match.end()
    if text[start:].strip():
        spans.append((start, text[start:]))
    return spans


def _clauses(text: str) -> list[str]:
    return [clause for _, clause in _clause_spans(text)]


@lru_cache(maxsize=1 << 14)
def framed_clauses(text: str) -> tuple[tuple[int, str, frozenset[Cue]], ...]:
    """(offset, clause, cues of its sentence): a denial or an attribution frames the whole
    sentence it is in ("A report, widely shared, stated that the school has closed."). Cached:
    a question reads a passage's clauses for the claim it states and for the claim it judges,
    and reads each passage again as the context of the next."""
    found = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        cues = cues_in(sentence)
        asserted = cues - _FRAMING if _FRONTED_FRAME.match(sentence) else cues
        for index, (offset, clause) in enumerate(_clause_spans(sentence)):
            found.append((start + offset, clause, asserted if index else cues))
    return tuple(found)


_FRAMING = JUDGING | RELAYING
# A sentence that opens by setting a report aside ("Contrary to a report published today, the
# steamer will not be scrapped"; "Despite claims that the line was cut, trains run as normal")
# judges or relays what its opening names; the rest is the source's own assertion.
_FRONTED_FRAME = re.compile(
    r"^\W*(?:contrary to|despite|in spite of|unlike|in contrast to|notwithstanding)\b", re.I
)

_REPORTED_CONTENT = re.compile(
    r"^\s*(?:(?:stating|claiming|saying|suggesting|alleging|reporting|that)\b)", re.I
)


# Quotation marks inside a sentence: a quoted fragment ('banned "for the rest of the season"')
# is part of the clause it is quoted in.
_QUOTE_MARKS = re.compile(r"[\"“”]")


def _reported_negative(claim: ClaimView, *texts: str) -> tuple[bool | None, bool]:
    """The polarity of the claim that a denial or report refers to: the clause, in a sentence
    that judges or relays something, that shares most with the claim (or, where that shares
    none of its words, the opposite of what a sentence setting the report aside asserts).
    None if there is none.
    And whether it is negative only by a word of stopping ("posts claiming every line will be
    closed"), with no negation word.
    Quotation marks do not end the clause here: split there, 'posts claiming he was banned
    "for the rest of the season" were wrong' left the quoted words, with no verb and so no
    polarity, as the clause most like "was he banned for the rest of the season"."""
    candidates = [
        clause
        for text in texts
        for _, clause, cues in framed_clauses(_QUOTE_MARKS.sub("", text))
        if cues & (JUDGING | RELAYING)
    ]
    if not candidates:
        return None, False

    def score(clause: str) -> float:
        # What follows "stating that" or "claiming that" is the claim being reported.
        content = 0.2 if _REPORTED_CONTENT.match(clause) else 0.0
        return share(claim.words, terms(clause)) + content

    best = max(candidates, key=score)
    if share(claim.words, terms(best)):
        reported = _without_cues(best)
        return polarity_negative(reported), stopped_only(reported)
    # A clause with none of the claim's words says nothing of its polarity. "Contrary to a
    # report published today, the steamer will not be scrapped": the report said the
    # opposite of what the sentence asserts, in words it does not give, so perhaps a stop in
    # words the polarity lists lack.
    asserted = [clause for text in texts for clause in _asserted_after_frame(text)]
    if asserted:
        main = max(asserted, key=lambda clause: share(claim.words, terms(clause)))
        if share(claim.words, terms(main)):
            return not polarity_negative(main), True
    return None, False


def _asserted_after_frame(text: str) -> list[str]:
    """The source's own account in each sentence that opens by setting a report aside
    (`_FRONTED_FRAME`): everything after the opening clause."""
    found = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        spans = _clause_spans(sentence)
        if _FRONTED_FRAME.match(sentence) and len(spans) > 1:
            found.append(" ".join(clause for _, clause in spans[1:]))
    return found


# Verbs that correct the reporting only when what they act on is reporting: "the paper
# withdrew its story", not "the vaccine was withdrawn from sale" or "they fixed the bridge".
_CORRECTING_A_REPORT = ("withdraw", "amend", "fix")
_REPORTS = (
    "stori",
    "report",
    "articl",
    "claim",
    "statement",
    "figur",
    "number",
    "headlin",
    "piec",
    "post",
    "tweet",
    "remark",
    "comment",
    "estim",
    "scoop",
)


def _acts(stems: Sequence[str]) -> frozenset[str]:
    acts = {act for act, prefixes in _ACTS.items() if any(w.startswith(prefixes) for w in stems)}
    if any(w.startswith(_CORRECTING_A_REPORT) for w in stems) and any(
        w.startswith(_REPORTS) for w in stems
    ):
        acts.add("correct")
    return frozenset(acts)


def reporting_acts(claim: str) -> frozenset[str]:
    """What a claim about the reporting itself says was done: "correct" (was it corrected or
    walked back), "deny", "falsity" (was the story false). Empty for a claim of fact."""
    surface = surface_words(expand_idioms(claim))
    return _acts([stem(w) for w in surface if w not in STOPWORDS])


@dataclass(frozen=True, slots=True)
class ClaimView:
    words: Mapping[str, float]  # stem -> weight: words that few passages share weigh more
    negated: bool  # says something is not so, or stopped ("did nothing", "the train is off")
    denies: bool  # uses a negation word itself ("did not close", "did nothing")
    acts: frozenset[str]
    amounts: tuple[Quantity, ...]
    opposites: frozenset[str]
    # The words that say what the claim says about its subject: those fewer retrieved
    # passages share than its commonest word ("open" in "is the new tram line open yet"), and
    # that at least one of them uses (a word none uses is chat or a paraphrase, not a point a
    # passage could be checked for). Empty when every word is as common as the rest.
    point: frozenset[str] = frozenset()
    # Years the claim names ("the toll goes up to 7 in 2028"): a figure is about that time.
    years: frozenset[str] = frozenset()
    # Says something runs, is open or is still so ("is the ferry running", "still open").
    goes: bool = False

    @classmethod
    def of(cls, claim: str, evidence: Sequence[EvidenceText] = ()) -> ClaimView:
        text = expand_idioms(claim)
        surface = surface_words(text)
        stems = tuple(dict.fromkeys(stem(w) for w in surface if w not in STOPWORDS))
        # The words every retrieved passage shares are the topic; the ones few share are what
        # the claim says about it ("open" in "is the new tram line open yet").
        pools = [set(terms(f"{e.context} {e.text}")) for e in evidence]
        counts = {w: sum(1 for p in pools if found(w, p)) for w in stems}
        words = {w: 1.0 + _IDF_SLOPE * math.log((len(pools) + 1) / (1 + counts[w])) for w in stems}
        used = [w for w in stems if counts[w]]
        common = max((counts[w] for w in used), default=0)
        point = frozenset(w for w in used if counts[w] <= common * _POINT_SHARE)
        acts = _acts(stems)
        return cls(
            words,
            polarity_negative(text),
            denies(text),
            acts,
            tuple(quantities(text)),
            opposite_words(stems),
            point,
            frozenset(_YEAR.findall(text)),
            bool(GOING & set(stems)) or "still" in surface,
        )


_LOWER_WORD = re.compile(r"(?<![\w'’])[a-z][a-z'’-]*")


def _measured_figures(claim: ClaimView, sentence: str) -> list[Quantity]:
    """The figures of a sentence that says what each measures in the claim's words: it shares
    a word of the claim besides the figure's unit, or both say something rose or fell. Only
    words in lower case count: a name the sentence shares ("Caldrenne's exports reached ...")
    says whom the figure is about, not what it measures."""
    figures = quantities(sentence)
    if not figures:
        return []
    lower = {t for part in _LOWER_WORD.findall(sentence) for t in terms(part)}
    claim_changes = bool(CHANGING & set(claim.words))

    def measures(unit: str) -> bool:
        common = lower - {unit}
        wanted = (w for w in claim.words if w != unit and not w.isdigit())
        return any(found(w, common) for w in wanted) or bool(claim_changes and CHANGING & common)

    return [q for q in figures if measures(q.unit)]


@dataclass(frozen=True, slots=True)
class Clause:
    share: float  # of the claim's words
    negated: bool  # negated or says something stopped; "has not closed" is not negated
    denies: bool  # has a negation word ("not", "no", "never")
    goes: bool  # says something runs or is open ("trains will run", "remains open")
    changes: bool  # says something rose or fell ("injuries fell by 30%")
    judged: bool  # its sentence denies, rates or doubts something ("X, the ministry denied")
    framed: bool  # the clause itself judges or relays ("the claim that X is false")
    opposite: bool  # says the opposite of the claim's point ("the school is open")
    start: int  # offset in the passage


@dataclass(frozen=True, slots=True)
class Reading:
    """What one passage says about the claim."""

    cues: frozenset[Cue]
    covers: float  # share of the claim's words in the passage
    clauses: tuple[Clause, ...]
    title_adds: float  # share of the claim that only the document's title contributes
    judgement_at: int | None  # where the passage first denies, rates or doubts something
    target: float  # share in the text a cue refers to (this passage or the one before)
    reported_negative: bool | None  # polarity of the claim a denial or report refers to
    reported_stop: bool  # ... negative only by a word of stopping ("will be closed")
    similarity: float
    amount_matches: bool
    amount_differs: bool
    # The claim has a point (`ClaimView.point`) and none of its words is in the passage, the
    # passage before it or the document's title: it shares the claim's subject only.
    point_missing: bool = False

    @classmethod
    def of(cls, claim: ClaimView, item: EvidenceText) -> Reading:
        clauses = []
        for start, text, found_cues in framed_clauses(item.text):
            stems = terms(text)
            clauses.append(
                Clause(
                    share=share(claim.words, stems),
                    negated=polarity_negative(text),
                    denies=denies(text),
                    goes=bool(GOING & set(stems)),
                    changes=bool(CHANGING & set(stems)),
                    judged=bool(found_cues & JUDGING),
                    # a clause has no cue its sentence lacks: most sentences have none
                    framed=bool(found_cues & _FRAMING) and bool(cues_in(text) & _FRAMING),
                    opposite=bool(claim.opposites & set(stems)),
                    start=start,
                )
            )
        own = terms(item.text)
        context = terms(item.context) if item.context else []
        title = terms(item.title) if item.title else []
        covers = share(claim.words, own)
        before = share(claim.words, context) if item.context else 0.0
        titled = share(claim.words, [*own, *title]) if item.title else covers
        pool = {*own, *context, *title}
        point_missing = bool(claim.point) and not any(found(w, pool) for w in claim.point)
        found_amounts = quantities(item.text)
        # The figures of sentences that say what they measure in the claim's words ("recorded
        # crime fell 9 per cent" to "crime's up 20%"): a figure of the same unit for something
        # else ("a beekeeper who keeps eight hives" to "the beekeepers lost 60 hives") is no
        # rival.
        measured = (
            [
                q
                for start, end in sentence_spans(item.text)
                for q in _measured_figures(claim, item.text[start:end])
            ]
            if claim.amounts
            else []
        )
        matches = differs = False
        # A claim about a named year is not contradicted by a figure for some other time
        # ("7 in 2028" against "4.50 from January"): the passage must name that year.
        same_time = not claim.years or any(
            year in f"{item.title or ''} {item.context or ''} {item.text}" for year in claim.years
        )
        for wanted in claim.amounts:
            same_unit = [q for q in found_amounts if q.unit == "" or q.same_unit(wanted)]
            if any(same_amount(q.value, wanted.value) for q in same_unit):
                matches = True
            elif same_time and any(q.same_unit(wanted) for q in measured):
                differs = True
        cues = cues_in(item.text)
        reported, reported_stop = _reported_negative(claim, item.text, item.context)
        return cls(
            cues=cues,
            covers=covers,
            clauses=tuple(clauses),
            title_adds=titled - covers,
            judgement_at=first_cue_at(item.text, JUDGING) if cues & JUDGING else None,
            target=max(covers, before),
            reported_negative=reported,
            reported_stop=reported_stop,
            similarity=item.similarity if item.similarity is not None else 0.0,
            amount_matches=matches,
            amount_differs=differs and not matches,
            point_missing=point_missing,
        )

    def states(self, share: float) -> bool:
        return any(share >= least and self.similarity >= close for least, close in STATES)

    @property
    def on_topic(self) -> bool:
        return self.target >= TARGETS or (self.target >= 0.34 and self.similarity >= _CLOSE_MEANING)

    def _affirming(self, claim: ClaimView) -> list[Clause]:
        return [
            c for c in self.clauses if c.negated == claim.negated and not (c.judged or c.opposite)
        ]

    def affirms_after_judgement(self, claim: ClaimView) -> bool:
        """Whether the passage states the claim after judging something: "Verdict: False. The
        school is open and admitting students" states the corrected fact; "X. That is not
        true." does not."""
        if self.judgement_at is None:
            return True
        # "Verdict: False. Posts say the rule bans blazers." relays the claim it rated.
        return any(
            c.start > self.judgement_at and not c.framed and self.states(c.share)
            for c in self._affirming(claim)
        )

    def affirming(self, claim: ClaimView) -> float:
        """Share of the claim in the best clause that asserts it plainly: same polarity, not
        framed as someone's claim or as false, not saying the opposite. The title may name
        what the clause refers to ("The School is also admitting new students")."""
        best = max((c.share for c in self._affirming(claim)), default=0.0)
        return min(1.0, best + self.title_adds) if best >= _TITLE_HELPS_FROM else best

    def contradicts(self, claim: ClaimView) -> bool:
        """Whether the clause that shares most with the claim has the other polarity ("has not
        purchased any vessels" against "bought the boats"; "no trains" agrees with "the train
        is off") or says the opposite; on a tie the clause that agrees wins."""

        def disagrees(c: Clause) -> bool:
            if c.opposite:
                return True
            if c.framed:
                return False
            if claim.negated and not claim.denies:
                # "The train is off": only a clause that says it runs, or that it is not
                # stopped, disagrees; one that merely mentions trains does not.
                return not c.negated and (c.goes or c.denies)
            if claim.negated:
                # "The lanes did nothing": a clause that says something changed disagrees, or
                # one that states the whole claim without its negation.
                return not c.negated and (c.changes or c.goes or c.share >= STATES[0][0])
            return c.negated

        best = max(self.clauses, key=lambda c: (c.share, not disagrees(c)), default=None)
        if best is None or not disagrees(best):
            return False
        portion = best.share
        if best.denies:
            # The rest of the passage can carry the claim's other words ("...does not sell arms
            # to any country. This applies equally to the United States.").
            portion = max(portion, min(self.covers, portion + 0.25))
        elif not best.opposite and not claim.negated:
            # Only a stopping word ("removed the product from sale") against a positive claim:
            # it must share more of the claim than the topic to be about the same thing.
            return portion >= STATES[2][0] and self.similarity >= STATES[2][1]
        return self.states(portion + (0.2 if best.opposite else 0.0))
