"""A stance model made of rules over words: offline, instant, and explainable.

(`reading.py` reads the claim and the passage into clauses; this module holds the rules.)

It reads a passage the way a careful editor skims. First, does it deny, correct, rate false,
doubt, or call unconfirmed the claim it talks about? Those cues count only when the text they
refer to (the passage, or the sentence before "These claims are false.") is about this claim.
Then it splits the passage into clauses and takes the clause that shares most words with the
claim: if that clause is negated ("has not purchased any vessels from Veloria") the passage
contradicts the claim, otherwise it states it. A figure that differs from the claim's figure
("240,000 jars" against "2 million jars") contradicts it.
"""

from __future__ import annotations

from collections.abc import Sequence

from knowledge.models import Stance, StanceLabel
from knowledge.stance import EvidenceText
from knowledge.stance.cues import JUDGING, Cue
from knowledge.stance.polarity import HEDGED
from knowledge.stance.reading import TARGETS, ClaimView, Reading

__all__ = [
    "REASON_CORRECTION_ISSUED",
    "REASON_HEDGED",
    "REASON_JUDGES_OTHER",
    "REASON_MIXED",
    "REASON_NOT_ADDRESSED",
    "REASON_OPPOSITE",
    "REASON_RATED_FALSE",
    "REASON_RATED_TRUE",
    "REASON_STATES",
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
# Reasons from reading the passage's words alone, with no cue about who says it or how.
REASON_STATES = "states it"
REASON_OPPOSITE = "says the opposite"
REASON_NOT_ADDRESSED = "does not address it"
REASON_JUDGES_OTHER = "judges another claim"

# Cues by which a source says a claim is false.
_AGAINST = frozenset({Cue.DENIAL, Cue.RATED_FALSE, Cue.DOUBT, Cue.CORRECTION})


def _stance(label: StanceLabel, strength: float, reason: str, attributed: bool = False) -> Stance:
    strength = max(0.0, min(0.97, strength))
    rest = (1.0 - strength) / 2
    probs = {option.value: rest for option in StanceLabel}
    probs[label.value] = strength
    return Stance(label=label, probs=probs, reason=reason, attributed=attributed)


def _oriented(label: StanceLabel, claim: ClaimView, reading: Reading) -> StanceLabel:
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
        view = ClaimView.of(claim, evidence)
        return [self._judge(view, item) for item in evidence]

    def _judge(self, claim: ClaimView, item: EvidenceText) -> Stance:
        r = Reading.of(claim, item)
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
        about_story = r.on_topic or r.target + r.title_adds >= TARGETS
        if "correct" in claim.acts and Cue.CORRECTION in cues and about_story:
            return _stance(StanceLabel.SUPPORTS, 0.8, REASON_CORRECTION_ISSUED)
        if "deny" in claim.acts and Cue.DENIAL in cues and about_story:
            return _stance(StanceLabel.SUPPORTS, 0.8, "a denial was issued")
        if "falsity" in claim.acts and cues & _AGAINST and r.on_topic:
            if HEDGED.search(item.text):
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
            return _stance(StanceLabel.REFUTES, 0.7, REASON_OPPOSITE)
        if Cue.DOUBT in cues and r.on_topic and not stands:
            return _stance(_oriented(StanceLabel.REFUTES, claim, r), 0.6, "doubts it")
        if Cue.MIXED in cues and r.on_topic:
            return _stance(StanceLabel.NEUTRAL, 0.5, REASON_MIXED)
        if positive:
            strength = 0.5 + 0.35 * affirming + (0.1 if r.amount_matches else 0.0)
            if HEDGED.search(item.text):
                # "possibly a Russian disinformation effort": no stronger than the source.
                return _stance(StanceLabel.SUPPORTS, min(strength, 0.6), REASON_HEDGED, attributed)
            return _stance(StanceLabel.SUPPORTS, strength, REASON_STATES, attributed)
        # A rating, denial or correction of something else ("the claim that the school closed
        # is false", asked whether its head resigned) is beside the point, however close the
        # topic: saying so keeps a model that reads the shared words from taking it as ours.
        reason = REASON_JUDGES_OTHER if cues & JUDGING else REASON_NOT_ADDRESSED
        return _stance(StanceLabel.NEUTRAL, 0.8 - 0.3 * r.covers, reason)
