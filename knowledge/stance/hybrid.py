"""The default stance model: the rules' cues, the trained model's reading.

The lexical rules are precise about what news signals in words (a rating, a denial by the
party concerned, a correction notice, "unconfirmed", a different figure) and they say why,
which the verdict stage reads. Whether a plain passage states the claim or is beside the
point is a question of meaning that word overlap answers badly: there the trained
cross-encoder decides, when it is sure enough (`MIN_MODEL_CONFIDENCE`). A rating, denial or
correction of some other claim also stays with the rules (neutral, "judges another claim"):
the model reads "the claim that the school closed is false" as refuting whatever shares its
words. Where the rules find a clause stating the claim in its own words (most of the claim's
words, same polarity, same figure), the model may overrule them to say it contradicts the
claim; it may say the passage is beside the point only when the clause is not near-verbatim
(`STATEMENT_STANDS_FROM`): on unseen phrasing the small model calls even a verbatim statement
"not settling it" (MODEL_CARD.md), and such a statement is what the rules are surest of, while
a clause that shares most of the claim's words may state another fact of the same story. A
clause that negates the claim ("the navy has not bought any vessels") stays with the rules:
the model, like most small NLI models, is swayed by shared words and reads such a clause as
support more often than the rules misread it (on our own
news-stance cases, tests/knowledge/stance/news_stance_cases.jsonl).

A claim about the reporting itself ("did the paper walk back its figure?", "did the ministry
deny it?") is the rules' to argue against: the model learned claims of fact, and reads a
correction's own words ("that figure was incorrect", "2035 is not our forecast") as refuting
the claim that a correction was made. On the spent blind sets r5-r13 every one of the six such
answers that the model's reading turned to "refuted" was wrong; without it, accuracy there
rose 0.594 -> 0.605 and no set lost a question. Its support, and the rules' reading of the
correction, stand.

The model reads at most `MAX_MODEL_PAIRS` passages of one question, the first ones it is given
(`knowledge.judge` passes the retrieved passages most relevant first, the siblings it adds
after them); the rest keep the rules' reading. Its pairs are most of a warm answer's time, and
on a large corpus the passages further down are mostly beside the point. A what/who/when
question's passages are read by the rules alone (`knowledge.judge`): its answer quotes what
the sources say, and the model's reading of them changed no answer on the spent blind sets.

A claim that says something stopped or is barred ("has a ban on arms exports"), stated by a
clause that says so with a negation word ("does not export arms to any country"), stays
stated: the model reads the negation word against the claim's "ban" as a contradiction, the
same confusion as above, seen from the other side.

A passage the rules find only relaying someone's claim ("posts say ...", "according to an
anonymous source ...") keeps the rules' reading when they find it stating the claim, support
marked `attributed`: the verdict counts such echoes once and at low weight, and they are what
makes a rumour "Unconfirmed" rather than "nothing found". (The model alone, trained to call a
relayed claim neutral, would drop them.) Where the rules find nothing, the model reads a relayed
passage too, and its reading stays marked `attributed`; it may find it repeating the claim, not
arguing against it (a denial it relays is the rules' to read). A passage the rules find
without the claim's point (`Stance.off_point`) keeps that mark under the model's reading: the
model found its side in the subject's words, and the verdict does not count it as a firm voice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from knowledge.models import Signal, Stance, StanceLabel
from knowledge.policy import STANCE
from knowledge.stance import EvidenceText, StanceModel, WarmsUp
from knowledge.stance.lexical import LexicalStance
from knowledge.stance.polarity import denies, stopped_only
from knowledge.stance.reading import reporting_acts

__all__ = ["MAX_MODEL_PAIRS", "MIN_MODEL_CONFIDENCE", "STATEMENT_STANDS_FROM", "HybridStance"]

# The rules' readings that the model replaces (relayed support stays the rules': an echo).
_MODEL_READS = frozenset({Signal.STATES, Signal.STATES_SUBJECT, Signal.NOT_ADDRESSED})
# ... when it is at least this sure; the reason is in `knowledge.policy.StancePolicy`.
MIN_MODEL_CONFIDENCE = STANCE.min_model_confidence
# ... and a statement of the claim at least this strong stands against its "beside the point".
STATEMENT_STANDS_FROM = STANCE.statement_stands_from
# ... about at most this many passages of a question, the first ones given (the most relevant).
MAX_MODEL_PAIRS = STANCE.max_model_pairs


class HybridStance:
    """Rules for cues and relayed claims, the model for plain readings; see the module
    docstring."""

    def __init__(
        self,
        model: StanceModel,
        rules: StanceModel | None = None,
        *,
        min_confidence: float = MIN_MODEL_CONFIDENCE,
        statement_stands_from: float = STATEMENT_STANDS_FROM,
        max_model_pairs: int | None = MAX_MODEL_PAIRS,
    ) -> None:
        self.min_confidence = min_confidence
        self.statement_stands_from = statement_stands_from
        self.max_model_pairs = max_model_pairs
        self.model = model
        self.rules = rules or LexicalStance()
        self.name = f"hybrid({self.rules.name}+{model.name})"

    def warm_up(self) -> None:
        """Load the model now rather than on the first question."""
        if isinstance(self.model, WarmsUp):
            self.model.warm_up()

    def predict(self, claim: str, evidence: Sequence[EvidenceText]) -> list[Stance]:
        stances = self.rules.predict(claim, evidence)
        plain = [
            i
            for i, stance in enumerate(stances)
            if stance.signal in _MODEL_READS
            and not (stance.attributed and stance.signal is Signal.STATES)
        ]
        # The model's pairs are the stage's cost: it reads the first (most relevant) ones.
        plain = plain[: self.max_model_pairs]
        read = self.model.predict(claim, [evidence[i] for i in plain])
        about_reporting = bool(reporting_acts(claim))
        stopped_claim = stopped_only(claim)  # "a ban on exports"
        for i, stance in zip(plain, read, strict=True):
            if (
                stances[i].signal is Signal.STATES
                and stance.label is StanceLabel.NEUTRAL
                and stances[i].probs[StanceLabel.SUPPORTS.value] >= self.statement_stands_from
            ):
                continue  # see the module docstring: a near-verbatim statement stands
            if stance.label is StanceLabel.REFUTES and (stances[i].attributed or about_reporting):
                continue  # relaying a claim is no argument against it; see the docstring
            if (
                stance.label is StanceLabel.REFUTES
                and stopped_claim
                and stances[i].signal is Signal.STATES
                and denies(evidence[i].text)
            ):
                continue  # a claim of a stop, stated with a negation word; see the docstring
            if max(stance.probs.values()) >= self.min_confidence:
                # A relayed passage stays relayed, whoever reads it; one without the claim's
                # point stays off the point: the model found its side in the subject's words.
                stances[i] = replace(
                    stance, attributed=stances[i].attributed, off_point=stances[i].off_point
                )
        return stances
