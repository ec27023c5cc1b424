"""The one place where a probability becomes words.

The ladder follows the estimative language of US ICD 203 (see docs/HEDGING.md): "Almost
certainly false" ... "Likely false" ... "Unconfirmed" ... "Likely true" ... "Confirmed". The
verdict stage caps the probability by the quality of the evidence before it gets here, so that a
single outlet is never "Confirmed" and one interested party's denial is never "Almost certainly
false".
"""

from __future__ import annotations

from knowledge.models import VerdictLabel

__all__ = ["HEDGE_WORDS", "headline", "probability_words"]

# (lowest probability that the claim is true, words), highest first.
_LADDER = (
    (0.95, "Confirmed"),
    (0.80, "Very likely true"),
    (0.55, "Likely true"),
    (0.45, "Roughly even odds"),
    (0.20, "Likely false"),
    (0.05, "Very likely false"),
    (0.00, "Almost certainly false"),
)

# Words that mark an answer as hedged; compose uses them and the evaluator looks for them.
HEDGE_WORDS = (
    "likely",
    "unlikely",
    "unconfirmed",
    "not confirmed",
    "reportedly",
    "appears",
    "disputed",
    "mixed",
    "uncertain",
    "unclear",
    "may",
    "might",
    "roughly",
    "alleged",
    "claimed",
    "rumour",
    "no clear",
    "not yet",
    "probably",
)


def probability_words(p_true: float) -> str:
    """Words for the probability that a claim is true."""
    for floor, words in _LADDER:
        if p_true >= floor:
            return words
    return _LADDER[-1][1]


def headline(label: VerdictLabel, confidence: float, *, answers_question: bool = False) -> str:
    """The first line a member reads: the verdict in estimative words."""
    if label is VerdictLabel.NO_EVIDENCE:
        return "Not covered by our sources"
    if label is VerdictLabel.DISPUTED:
        return "Disputed: credible sources disagree and the evidence is mixed"
    if label is VerdictLabel.UNVERIFIED:
        return "Unconfirmed: reported, but nothing credible confirms or denies it"
    if answers_question:
        strength = "well sourced" if confidence >= 0.8 else "from limited sources"
        return f"What our sources say ({strength})"
    p_true = confidence if label is VerdictLabel.SUPPORTED else 1.0 - confidence
    return probability_words(p_true)
