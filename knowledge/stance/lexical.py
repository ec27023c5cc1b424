"""A stance model made of rules over words: offline, instant, and explainable.

(`reading.py` reads the claim and the passage into clauses; this module holds the rules.)

It reads a passage the way a careful editor skims. First, does it deny, correct, rate false,
doubt, or call unconfirmed the claim it talks about? Those cues count only when the text they
refer to (the passage, or the sentence before "These claims are false.") is about this claim.
Then it splits the passage into clauses and takes the clause that shares most words with the
claim: if that clause is negated ("has not purchased any vessels from the navy") the passage
contradicts the claim, otherwise it states it. A figure that differs from the claim's figure
("240 jobs" against "2,000 jobs") contradicts it.

The rules are one ordered table, `LADDER`: the first rung whose condition holds decides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from knowledge.models import Signal, Stance, StanceLabel
from knowledge.stance import EvidenceText
from knowledge.stance.cues import JUDGING, Cue
from knowledge.stance.polarity import HEDGED
from knowledge.stance.reading import TARGETS, ClaimView, Reading

__all__ = ["LADDER", "Facts", "LexicalStance", "Rung", "climb"]

# Cues by which a source says a claim is false.
_AGAINST = frozenset({Cue.DENIAL, Cue.RATED_FALSE, Cue.DOUBT, Cue.CORRECTION})


@dataclass(frozen=True, slots=True)
class Facts:
    """What the rungs test: the claim, the reading of the passage, and what follows from both."""

    claim: ClaimView
    reading: Reading
    hedged: bool  # the passage says it only may be so ("possibly", "could")
    attributed: bool  # the passage relays someone's claim ("posts say", "unnamed sources")
    positive: bool  # a clause states the claim plainly (same polarity, same figure)
    stands: bool  # ... and does so after any judgement in the passage
    about_story: bool  # the passage, or its document's title, is about this story
    affirming: float  # share of the claim in the best plainly affirming clause

    @property
    def cues(self) -> frozenset[Cue]:
        return self.reading.cues

    @property
    def on_topic(self) -> bool:
        return self.reading.on_topic

    @classmethod
    def of(cls, claim: ClaimView, item: EvidenceText) -> Facts:
        r = Reading.of(claim, item)
        cues = r.cues
        figure_ok = r.amount_matches or not claim.amounts
        affirming = r.affirming(claim)
        positive = r.states(affirming) and not r.amount_differs and figure_ok
        return cls(
            claim=claim,
            reading=r,
            hedged=bool(HEDGED.search(item.text)),
            attributed=Cue.ANONYMOUS in cues
            or (Cue.ATTRIBUTED in cues and Cue.CONFIRM not in cues),
            positive=positive,
            # A judgement that comes before a plain statement of the claim judges something
            # else ("Verdict: False. The school is open and admitting students").
            stands=positive and r.affirms_after_judgement(claim),
            # Whether it is about the same story may show only in the title ("Correction: ...").
            about_story=r.on_topic or r.target + r.title_adds >= TARGETS,
            affirming=affirming,
        )


def _oriented(label: StanceLabel, facts: Facts) -> StanceLabel:
    """A denial of "the school closed" refutes "the school closed" but supports "the school is
    still admitting students": a judgement counts against the claim it judges."""
    reported = facts.reading.reported_negative
    if reported is None or reported == facts.claim.negated or label is StanceLabel.NEUTRAL:
        return label
    if facts.reading.reported_stop and not (facts.claim.goes or facts.claim.denies):
        # "posts claiming every tram line will be closed" are denied, asked whether every
        # tram is dead: only a claim that says something runs or is not stopped ("is the line
        # still open", "the ferry was not cancelled") is the opposite of a reported stop. One
        # that says neither may say the same stop in words the polarity lists lack ("dead",
        # "binned"); turning the denial into support would spread the rumour it denies.
        return label
    return StanceLabel.REFUTES if label is StanceLabel.SUPPORTS else StanceLabel.SUPPORTS


def _stated_strength(facts: Facts) -> float:
    return 0.5 + 0.35 * facts.affirming + (0.1 if facts.reading.amount_matches else 0.0)


@dataclass(frozen=True, slots=True)
class Rung:
    """One rule: when `applies`, the passage gets `label` at `strength` for `signal`.
    `oriented`: the label is of the claim the passage judges, flipped if that claim is the
    negation of ours. `relays`: the stance keeps the passage's `attributed` mark (it only
    relays someone's claim); a rung where the passage itself judges the claim does not: a
    denial that quotes the rumour is a denial, not an echo."""

    name: str
    applies: Callable[[Facts], bool]
    label: StanceLabel
    strength: Callable[[Facts], float]
    signal: Signal
    oriented: bool = False
    relays: bool = False


def _fixed(value: float) -> Callable[[Facts], float]:
    return lambda _: value


SUPPORTS, REFUTES, NEUTRAL = StanceLabel.SUPPORTS, StanceLabel.REFUTES, StanceLabel.NEUTRAL

# First match wins. A claim about a correction, a denial or a falsehood is supported by the
# correction, the denial or the verdict itself; then ratings, figures, uncertainty, denials,
# plain contradiction and doubt, in falling order of how explicit they are; then plain
# statements; the rest is neutral.
LADDER: tuple[Rung, ...] = (
    Rung(
        "the claim is that a correction was made, and this is one",
        lambda f: "correct" in f.claim.acts and Cue.CORRECTION in f.cues and f.about_story,
        SUPPORTS,
        _fixed(0.8),
        Signal.CORRECTION_ISSUED,
    ),
    Rung(
        "the claim is that a denial was made, and this is one",
        lambda f: "deny" in f.claim.acts and Cue.DENIAL in f.cues and f.about_story,
        SUPPORTS,
        _fixed(0.8),
        Signal.DENIAL_ISSUED,
    ),
    Rung(
        "the claim is that something is false, and this says it may be",
        lambda f: "falsity" in f.claim.acts and bool(f.cues & _AGAINST) and f.on_topic and f.hedged,
        SUPPORTS,
        _fixed(0.6),
        Signal.HEDGES,
    ),
    Rung(
        "the claim is that something is false, and this says it is",
        lambda f: "falsity" in f.claim.acts and bool(f.cues & _AGAINST) and f.on_topic,
        SUPPORTS,
        _fixed(0.75),
        Signal.AGREES_FALSE,
    ),
    Rung(
        "a fact-check's rating of true",
        lambda f: Cue.RATED_TRUE in f.cues and f.on_topic,
        SUPPORTS,
        _fixed(0.85),
        Signal.RATES_TRUE,
        oriented=True,
    ),
    Rung(
        "a fact-check's rating of false",
        lambda f: Cue.RATED_FALSE in f.cues and f.on_topic and not f.stands,
        REFUTES,
        _fixed(0.85),
        Signal.RATES_FALSE,
        oriented=True,
    ),
    Rung(
        "a different figure for the claim's amount",
        lambda f: f.reading.amount_differs and (f.on_topic or f.reading.covers >= 0.34),
        REFUTES,
        _fixed(0.75),
        Signal.DIFFERENT_FIGURE,
    ),
    Rung(
        "says it is not confirmed",
        lambda f: (
            Cue.UNCERTAIN in f.cues and Cue.DENIAL not in f.cues and not f.stands and f.on_topic
        ),
        NEUTRAL,
        _fixed(0.7),
        Signal.UNCONFIRMED,
        relays=True,
    ),
    Rung(
        "corrects the report",
        lambda f: Cue.CORRECTION in f.cues and f.on_topic and not f.stands,
        REFUTES,
        _fixed(0.8),
        Signal.CORRECTS,
        oriented=True,
    ),
    Rung(
        "denies it",
        lambda f: Cue.DENIAL in f.cues and f.on_topic and not f.stands,
        REFUTES,
        _fixed(0.8),
        Signal.DENIES,
        oriented=True,
    ),
    Rung(
        # "did the embassy deny selling jets" against "Kazakhstan does not sell arms to any
        # country": saying it is not so is the denial. (Coming first, it also keeps the rung
        # below, "says the opposite", from any claim that a denial was made.)
        "the claim is that a denial was made, and this says it is not so",
        lambda f: "deny" in f.claim.acts and f.reading.contradicts(f.claim),
        SUPPORTS,
        _fixed(0.7),
        Signal.DENIAL_ISSUED,
    ),
    Rung(
        "the clause about the claim says the opposite",
        lambda f: f.reading.contradicts(f.claim),
        REFUTES,
        _fixed(0.7),
        Signal.SAYS_OPPOSITE,
    ),
    Rung(
        "doubts it",
        lambda f: Cue.DOUBT in f.cues and f.on_topic and not f.stands,
        REFUTES,
        _fixed(0.6),
        Signal.DOUBTS,
        oriented=True,
    ),
    Rung(
        "says the evidence is mixed",
        lambda f: Cue.MIXED in f.cues and f.on_topic,
        NEUTRAL,
        _fixed(0.5),
        Signal.MIXED,
    ),
    Rung(
        # "possibly a disinformation effort": no stronger than the source.
        "states it, hedged",
        lambda f: f.positive and f.hedged,
        SUPPORTS,
        lambda f: min(_stated_strength(f), 0.6),
        Signal.HEDGES,
        relays=True,
    ),
    Rung(
        # "the zoo's orangutan escaped" asked whether the zoo was fined: most of the claim's
        # words, none of what it says about them. The rules cannot tell this from a paraphrase
        # of the point, so the model may call it beside the point (`hybrid.py`).
        "states its subject, not its point",
        lambda f: f.positive and f.reading.point_missing,
        SUPPORTS,
        _stated_strength,
        Signal.STATES_SUBJECT,
        relays=True,
    ),
    Rung(
        "states it",
        lambda f: f.positive,
        SUPPORTS,
        _stated_strength,
        Signal.STATES,
        relays=True,
    ),
    Rung(
        # A rating, denial or correction of something else ("the claim that the school closed
        # is false", asked whether its head resigned) is beside the point, however close the
        # topic: saying so keeps a model that reads the shared words from taking it as ours.
        "judges another claim",
        lambda f: bool(f.cues & JUDGING),
        NEUTRAL,
        lambda f: 0.8 - 0.3 * f.reading.covers,
        Signal.JUDGES_OTHER,
    ),
    Rung(
        "does not address it",
        lambda _: True,
        NEUTRAL,
        lambda f: 0.8 - 0.3 * f.reading.covers,
        Signal.NOT_ADDRESSED,
        relays=True,
    ),
)


# Plain readings, which the model may replace (`hybrid.py`): whether the passage has the
# claim's point travels with them, so that the model's reading of it is weighed accordingly.
_PLAIN = frozenset({Signal.STATES_SUBJECT, Signal.NOT_ADDRESSED})


def _stance(label: StanceLabel, strength: float, signal: Signal, attributed: bool) -> Stance:
    strength = max(0.0, min(0.97, strength))
    rest = (1.0 - strength) / 2
    probs = {option.value: rest for option in StanceLabel}
    probs[label.value] = strength
    return Stance(label=label, probs=probs, signal=signal, attributed=attributed)


def climb(facts: Facts) -> tuple[Rung, Stance]:
    """The first rung that applies, and the stance it gives."""
    for rung in LADDER:
        if rung.applies(facts):
            label = _oriented(rung.label, facts) if rung.oriented else rung.label
            if rung.oriented and label is REFUTES and "deny" in facts.claim.acts:
                # Asked whether someone denied it, a rating or doubt of what was denied is no
                # argument that they did not: it judges the denied claim, not the denial.
                label = NEUTRAL
            relayed = rung.relays and facts.attributed
            stance = _stance(label, rung.strength(facts), rung.signal, relayed)
            if (rung.oriented and label is not StanceLabel.NEUTRAL) or rung.signal in _PLAIN:
                stance = replace(stance, off_point=facts.reading.point_missing)
            return rung, stance
    raise AssertionError("the last rung always applies")  # pragma: no cover


class LexicalStance:
    """Cue- and clause-based stance; see the module docstring."""

    name = "lexical"

    def predict(self, claim: str, evidence: Sequence[EvidenceText]) -> list[Stance]:
        view = ClaimView.of(claim, evidence)
        return [climb(Facts.of(view, item))[1] for item in evidence]
