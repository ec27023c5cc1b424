"""A stance model made of rules over words: offline, instant, and explainable.

It reads a passage the way a careful editor skims. First, does it deny, correct, rate false,
doubt, or call unconfirmed the claim it talks about? Those cues count only when the text they
refer to (the passage, or the sentence before "These claims are false.") is about this claim.
Then it splits the passage into clauses and takes the clause that shares most words with the
claim: if that clause is negated ("has not purchased any vessels from Veloria") the passage
contradicts the claim, otherwise it states it. A figure that differs from the claim's figure
("240,000 jars" against "2 million jars") contradicts it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from knowledge.models import Stance, StanceLabel
from knowledge.stance import EvidenceText
from knowledge.stance.cues import JUDGING, RELAYING, Cue, cues_in, first_cue_at
from knowledge.text.quantities import Quantity, quantities, same_amount
from knowledge.text.sentences import sentence_spans
from knowledge.text.synonyms import related
from knowledge.text.terms import NEGATORS, STOPWORDS, stem, surface_words, terms
from knowledge.text.variants import expand_idioms

__all__ = [
    "REASON_CORRECTION_ISSUED",
    "REASON_HEDGED",
    "REASON_MIXED",
    "REASON_RATED_FALSE",
    "REASON_RATED_TRUE",
    "REASON_UNCONFIRMED",
    "LexicalStance",
]

# Reasons the verdict stage reads besides the label.
REASON_UNCONFIRMED = "says it is unconfirmed"
REASON_MIXED = "says the evidence is mixed"
REASON_CORRECTION_ISSUED = "a correction was published"
REASON_HEDGED = "says it may be so"
REASON_RATED_FALSE = "rated false"
REASON_RATED_TRUE = "rated true"

_ACTS = {
    "correct": ("correct", "retract", "apolog", "withdraw", "amend"),
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
_NEGATIVE_WORDS = NEGATORS | {"nothing", "nobody", "nowhere"}
_CLAUSE_BREAK = re.compile(
    r"[,;:.!?()\"“”—–\n]+|\s(?:but|which|while|whereas|although|though|because|and|who|where)\s"
)
_NEGATED = re.compile(
    r"\b(?:not|no|never|none|neither|nor|nothing|without|cannot|no longer)\b|n't\b", re.I
)


def _stems(words: str) -> frozenset[str]:
    return frozenset(stem(w) for w in words.split())


# Words that say the opposite of each other about the same thing ("the school is open" against
# "the school was closed"). Plain English, not tied to any corpus.
# Words that say something stopped or is not there: "the train is off", "the line is
# closed". A clause with one of these says the same as a negated clause ("no trains run").
_STOPPING = _stems(
    "close closed closes closing closure shut shutting shutdown cancel cancelled cancels "
    "suspend suspended halt halted stop stopped stops scrap scrapped axe axed abolish abolished "
    "remove removed ban banned moratorium embargo freeze frozen"
)
# Words that say something runs or is there: against "the train is off", "trains will run"
# says the opposite, while a sentence that merely mentions trains does not.
_GOING = _stems(
    "open opened opens reopen reopened reopens run runs running ran operate operates operating "
    "continue continues continuing remain remains remained resume resumed resumes back available"
)
# Words that say something changed: "the lanes did nothing" is contradicted by "injuries fell".
_CHANGING = _stems(
    "rise rose risen increase increased grew grow gain gained boost boosted fall fell fallen "
    "decrease decreased decline declined drop dropped cut reduce reduced lower lowered halve "
    "halved double doubled improve improved worsen worsened"
)
_OPPOSITES = (
    (
        _stems("rise rose risen increase increased grew grow gain gained boost boosted up more"),
        _stems(
            "fall fell fallen decrease decreased decline declined drop dropped cut reduce "
            "reduced lower lowered down fewer less"
        ),
    ),
    (_stems("win won wins"), _stems("lose lost loses defeat defeated")),
    (_stems("alive survived survives"), _stems("dead died dies killed")),
    (
        _stems("approve approved accept accepted passed allow allowed legal"),
        _stems("reject rejected block blocked veto vetoed ban banned illegal forbidden"),
    ),
    (_stems("hire hired hiring"), _stems("fire fired sack sacked layoffs laid")),
    (
        _stems("start started begin began launch launched resume resumed"),
        _stems("stop stopped halt halted cancel cancelled suspend suspended"),
    ),
    (_stems("true correct accurate"), _stems("false incorrect wrong inaccurate")),
)


def _opposite_words(words: Iterable[str]) -> frozenset[str]:
    """Stems that contradict any of `words`."""
    found: set[str] = set()
    for left, right in _OPPOSITES:
        for word in words:
            if word in left:
                found |= right
            elif word in right:
                found |= left
    return frozenset(found)


# Words by which a source says something only may be so.
_HEDGED = re.compile(
    r"\b(?:possibly|possible|possibility|may|might|could|perhaps|probably|likely|appears?|"
    r"seems?|suggests?|suspected|plausible)\b",
    re.I,
)

# Cues by which a source says a claim is false.
_AGAINST = frozenset({Cue.DENIAL, Cue.RATED_FALSE, Cue.DOUBT, Cue.CORRECTION})

# How much of the claim (share of its words, and dense similarity) a text must share for each
# judgement: a clause states the claim at any of these (share, similarity) pairs.
_STATES = ((0.8, 0.0), (0.75, 0.45), (0.6, 0.55), (0.4, 0.62))
_CLOSE_MEANING = 0.6  # dense similarity that counts as close
# How much more a claim word counts when few retrieved passages share it.
_IDF_SLOPE = 0.25
_TARGETS = 0.5  # share of the text a denial, rating or doubt refers to
_TITLE_HELPS_FROM = 0.5  # a clause sharing this much may borrow the rest from the title


@lru_cache(maxsize=1 << 18)
def _similar_stems(a: str, b: str) -> bool:
    """Stems of one word family: "safeti"/"safer", "closur"/"close"."""
    if a == b:
        return True
    if a[0].isdigit() or b[0].isdigit():
        return False
    shorter = min(len(a), len(b))
    if shorter < 5:
        return False
    common = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        common += 1
    return common >= 4 and common >= shorter - 2


def _found(word: str, pool: set[str]) -> bool:
    if related(word) & pool:
        return True
    return any(_similar_stems(word, s) for s in pool)


def _share(words: Mapping[str, float], stems: Iterable[str]) -> float:
    """The weighted share of `words` found among `stems` (word families and synonyms count)."""
    total = sum(words.values())
    if not total:
        return 0.0
    pool = set(stems)
    return sum(weight for w, weight in words.items() if _found(w, pool)) / total


# "off" means stopped ("the trains are off", "called off"), except after verbs that take it
# as a particle ("sold off", "paid off", "kicked off").
_OFF = re.compile(
    r"\b(?<!sold )(?<!sell )(?<!sells )(?<!selling )(?<!paid )(?<!pay )(?<!took )(?<!take )"
    r"(?<!set )(?<!kicked )(?<!kick )(?<!showed )(?<!show )(?<!better )(?<!well )"
    r"(?<!signed )(?<!sign )(?<!topped )(?<!fended )(?<!warded )(?<!auctioned )(?<!pulled )off\b",
    re.I,
)


def _denies(text: str) -> bool:
    """Whether a text uses a negation word."""
    return bool(_NEGATED.search(text)) or any(w in _NEGATIVE_WORDS for w in surface_words(text))


def _polarity_negative(text: str) -> bool:
    """True if a text says something is not so or has stopped, counting a double negative
    ("has not closed") as positive."""
    surface = surface_words(text)
    negated = bool(_NEGATED.search(text)) or any(w in _NEGATIVE_WORDS for w in surface)
    stopping = any(stem(w) in _STOPPING for w in surface) or bool(_OFF.search(text))
    return negated != stopping


_VERDICT_WORDS = re.compile(
    r"\b(?:is|are|was|were) (?:false|untrue|wrong|incorrect|inaccurate|baseless|not true)\b|"
    r"\b(?:false|untrue|denied|denies|deny|not true)\b",
    re.I,
)


def _without_cues(text: str) -> str:
    """A reported claim without the words that judge it ("the claim that X is false" -> X)."""
    return _VERDICT_WORDS.sub(" ", text)


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


def _framed_clauses(text: str) -> list[tuple[int, str, frozenset[Cue]]]:
    """(offset, clause, cues of its sentence): a denial or an attribution frames the whole
    sentence it is in ("A report, widely shared, stated that the school has closed.")."""
    found = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        cues = cues_in(sentence)
        for offset, clause in _clause_spans(sentence):
            found.append((start + offset, clause, cues))
    return found


_REPORTED_CONTENT = re.compile(
    r"^\s*(?:(?:stating|claiming|saying|suggesting|alleging|reporting|that)\b)", re.I
)


def _reported_negative(claim: _Claim, *texts: str) -> bool | None:
    """The polarity of the claim that a denial or report refers to: the clause, in a sentence
    that judges or relays something, that shares most with the claim. None if there is none."""
    candidates = [
        clause
        for text in texts
        for _, clause, cues in _framed_clauses(text)
        if cues & (JUDGING | RELAYING)
    ]
    if not candidates:
        return None

    def score(clause: str) -> float:
        # What follows "stating that" or "claiming that" is the claim being reported.
        content = 0.2 if _REPORTED_CONTENT.match(clause) else 0.0
        return _share(claim.words, terms(clause)) + content

    return _polarity_negative(_without_cues(max(candidates, key=score)))


@dataclass(frozen=True, slots=True)
class _Claim:
    words: Mapping[str, float]  # stem -> weight: words that few passages share weigh more
    negated: bool  # says something is not so, or stopped ("did nothing", "the train is off")
    denies: bool  # uses a negation word itself ("did not close", "did nothing")
    acts: frozenset[str]
    amounts: tuple[Quantity, ...]
    opposites: frozenset[str]

    @classmethod
    def of(cls, claim: str, evidence: Sequence[EvidenceText] = ()) -> _Claim:
        text = expand_idioms(claim)
        surface = surface_words(text)
        stems = tuple(dict.fromkeys(stem(w) for w in surface if w not in STOPWORDS))
        # The words every retrieved passage shares are the topic; the ones few share are what
        # the claim says about it ("open" in "is the new tram line open yet").
        pools = [set(terms(f"{e.context} {e.text}")) for e in evidence]
        words = {
            w: 1.0
            + _IDF_SLOPE * math.log((len(pools) + 1) / (1 + sum(1 for p in pools if _found(w, p))))
            for w in stems
        }
        acts = frozenset(
            act for act, prefixes in _ACTS.items() if any(w.startswith(prefixes) for w in stems)
        )
        denies = _denies(text)
        return cls(
            words,
            _polarity_negative(text),
            denies,
            acts,
            tuple(quantities(text)),
            _opposite_words(stems),
        )


@dataclass(frozen=True, slots=True)
class _Clause:
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
class _Reading:
    """What one passage says about the claim."""

    cues: frozenset[Cue]
    covers: float  # share of the claim's words in the passage
    clauses: tuple[_Clause, ...]
    title_adds: float  # share of the claim that only the document's title contributes
    judgement_at: int | None  # where the passage first denies, rates or doubts something
    target: float  # share in the text a cue refers to (this passage or the one before)
    reported_negative: bool | None  # polarity of the claim a denial or report refers to
    similarity: float
    amount_matches: bool
    amount_differs: bool

    @classmethod
    def of(cls, claim: _Claim, item: EvidenceText) -> _Reading:
        clauses = []
        for start, text, found_cues in _framed_clauses(item.text):
            stems = terms(text)
            clauses.append(
                _Clause(
                    share=_share(claim.words, stems),
                    negated=_polarity_negative(text),
                    denies=_denies(text),
                    goes=bool(_GOING & set(stems)),
                    changes=bool(_CHANGING & set(stems)),
                    judged=bool(found_cues & JUDGING),
                    framed=bool(cues_in(text) & (JUDGING | RELAYING)),
                    opposite=bool(claim.opposites & set(stems)),
                    start=start,
                )
            )
        own = terms(item.text)
        covers = _share(claim.words, own)
        before = _share(claim.words, terms(item.context)) if item.context else 0.0
        titled = _share(claim.words, [*own, *terms(item.title)]) if item.title else covers
        found = quantities(item.text)
        matches = differs = False
        for wanted in claim.amounts:
            same_unit = [q for q in found if q.unit in (wanted.unit, "")]
            if any(same_amount(q.value, wanted.value) for q in same_unit):
                matches = True
            elif any(q.unit == wanted.unit for q in same_unit):
                differs = True
        return cls(
            cues=cues_in(item.text),
            covers=covers,
            clauses=tuple(clauses),
            title_adds=titled - covers,
            judgement_at=first_cue_at(item.text, JUDGING),
            target=max(covers, before),
            reported_negative=_reported_negative(claim, item.text, item.context),
            similarity=item.similarity if item.similarity is not None else 0.0,
            amount_matches=matches,
            amount_differs=differs and not matches,
        )

    def states(self, share: float) -> bool:
        return any(share >= least and self.similarity >= close for least, close in _STATES)

    @property
    def on_topic(self) -> bool:
        return self.target >= _TARGETS or (
            self.target >= 0.34 and self.similarity >= _CLOSE_MEANING
        )

    def _affirming(self, claim: _Claim) -> list[_Clause]:
        return [
            c for c in self.clauses if c.negated == claim.negated and not (c.judged or c.opposite)
        ]

    def affirms_after_judgement(self, claim: _Claim) -> bool:
        """Whether the passage states the claim after judging something: "Verdict: False. The
        school is open and admitting students" states the corrected fact; "X. That is not
        true." does not."""
        if self.judgement_at is None:
            return True
        return any(
            c.start > self.judgement_at and self.states(c.share) for c in self._affirming(claim)
        )

    def affirming(self, claim: _Claim) -> float:
        """Share of the claim in the best clause that asserts it plainly: same polarity, not
        framed as someone's claim or as false, not saying the opposite. The title may name
        what the clause refers to ("The School is also admitting new students")."""
        best = max((c.share for c in self._affirming(claim)), default=0.0)
        return min(1.0, best + self.title_adds) if best >= _TITLE_HELPS_FROM else best

    def contradicts(self, claim: _Claim) -> bool:
        """Whether the clause that shares most with the claim has the other polarity ("has not
        purchased any vessels" against "bought the boats"; "no trains" agrees with "the train
        is off") or says the opposite; on a tie the clause that agrees wins."""

        def disagrees(c: _Clause) -> bool:
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
                return not c.negated and (c.changes or c.goes or c.share >= _STATES[0][0])
            return c.negated

        best = max(self.clauses, key=lambda c: (c.share, not disagrees(c)), default=None)
        if best is None or not disagrees(best):
            return False
        share = best.share
        if best.denies:
            # The rest of the passage can carry the claim's other words ("...does not sell arms
            # to any country. This applies equally to the United States.").
            share = max(share, min(self.covers, share + 0.25))
        elif not best.opposite and not claim.negated:
            # Only a stopping word ("removed the product from sale") against a positive claim:
            # it must share more of the claim than the topic to be about the same thing.
            return share >= _STATES[2][0] and self.similarity >= _STATES[2][1]
        return self.states(share + (0.2 if best.opposite else 0.0))


def _stance(label: StanceLabel, strength: float, reason: str, attributed: bool = False) -> Stance:
    strength = max(0.0, min(0.97, strength))
    rest = (1.0 - strength) / 2
    probs = {option.value: rest for option in StanceLabel}
    probs[label.value] = strength
    return Stance(label=label, probs=probs, reason=reason, attributed=attributed)


def _oriented(label: StanceLabel, claim: _Claim, reading: _Reading) -> StanceLabel:
    """A denial of "the school closed" refutes "the school closed" but supports "the school is
    still admitting students": a judgement counts against the claim it judges."""
    same = reading.reported_negative is None or reading.reported_negative == claim.negated
    if same or label is StanceLabel.NEUTRAL:
        return label
    return StanceLabel.REFUTES if label is StanceLabel.SUPPORTS else StanceLabel.SUPPORTS


class LexicalStance:
    """Cue- and clause-based stance; see the module docstring."""

    name = "lexical"

    def predict(self, claim: str, evidence: Sequence[EvidenceText]) -> list[Stance]:
        view = _Claim.of(claim, evidence)
        return [self._judge(view, item) for item in evidence]

    def _judge(self, claim: _Claim, item: EvidenceText) -> Stance:
        r = _Reading.of(claim, item)
        cues = r.cues
        attributed = Cue.ANONYMOUS in cues or (Cue.ATTRIBUTED in cues and Cue.CONFIRM not in cues)
        # A claim about a figure is stated only by a passage that gives the same figure.
        figure_ok = r.amount_matches or not claim.amounts
        affirming = r.affirming(claim)
        positive = r.states(affirming) and not r.amount_differs and figure_ok
        # A judgement that comes before a plain statement of the claim judges something else
        # ("Verdict: False. The school is open and admitting students").
        stands = positive and r.affirms_after_judgement(claim)

        # A claim that something was corrected or denied is supported by the correction or
        # the denial itself.
        # Whether it is about the same story may show only in the title ("Correction: ...").
        about_story = r.on_topic or r.target + r.title_adds >= _TARGETS
        if "correct" in claim.acts and Cue.CORRECTION in cues and about_story:
            return _stance(StanceLabel.SUPPORTS, 0.8, REASON_CORRECTION_ISSUED)
        if "deny" in claim.acts and Cue.DENIAL in cues and about_story:
            return _stance(StanceLabel.SUPPORTS, 0.8, "a denial was issued")
        if "falsity" in claim.acts and cues & _AGAINST and r.on_topic:
            if _HEDGED.search(item.text):
                return _stance(StanceLabel.SUPPORTS, 0.6, REASON_HEDGED)
            return _stance(StanceLabel.SUPPORTS, 0.75, "agrees it is false")

        if Cue.RATED_TRUE in cues and r.on_topic:
            return _stance(_oriented(StanceLabel.SUPPORTS, claim, r), 0.85, REASON_RATED_TRUE)
        if Cue.RATED_FALSE in cues and r.on_topic and not stands:
            return _stance(_oriented(StanceLabel.REFUTES, claim, r), 0.85, REASON_RATED_FALSE)
        if r.amount_differs and (r.on_topic or r.covers >= 0.34):
            return _stance(StanceLabel.REFUTES, 0.75, "gives a different figure")
        if Cue.UNCERTAIN in cues and Cue.DENIAL not in cues and not stands and r.on_topic:
            return _stance(StanceLabel.NEUTRAL, 0.7, REASON_UNCONFIRMED, attributed)
        if (Cue.DENIAL in cues or Cue.CORRECTION in cues) and r.on_topic and not stands:
            reason = "corrects the report" if Cue.CORRECTION in cues else "denies it"
            return _stance(_oriented(StanceLabel.REFUTES, claim, r), 0.8, reason)
        if r.contradicts(claim):
            return _stance(StanceLabel.REFUTES, 0.7, "says the opposite")
        if Cue.DOUBT in cues and r.on_topic and not stands:
            return _stance(_oriented(StanceLabel.REFUTES, claim, r), 0.6, "doubts it")
        if Cue.MIXED in cues and r.on_topic:
            return _stance(StanceLabel.NEUTRAL, 0.5, REASON_MIXED)
        if positive:
            strength = 0.5 + 0.35 * affirming + (0.1 if r.amount_matches else 0.0)
            if _HEDGED.search(item.text):
                # "possibly a Russian disinformation effort": no stronger than the source.
                return _stance(StanceLabel.SUPPORTS, min(strength, 0.6), REASON_HEDGED, attributed)
            return _stance(StanceLabel.SUPPORTS, strength, "states it", attributed)
        return _stance(StanceLabel.NEUTRAL, 0.8 - 0.3 * r.covers, "does not address it")
