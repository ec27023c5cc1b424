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

# The ladder is symmetric: "Confirmed" at 0.95 and above mirrors "Almost certainly false" at
# 0.05 and below, "Very likely" at 0.80 mirrors 0.20, "Likely" at 0.55 mirrors 0.45.
_TRUE_SIDE = ((0.95, "Confirmed"), (0.80, "Very likely true"), (0.55, "Likely true"))
_FALSE_SIDE = (
    (0.05, "Almost certainly false"),
    (0.20, "Very likely false"),
    (0.45, "Likely false"),
)
_EVEN = "Roughly even odds"

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
    """Words for the probability that a claim is true (rounded, so 1 - 0.8 reads as 0.2)."""
    p = round(p_true, 6)
    for floor, words in _TRUE_SIDE:
        if p >= floor:
            return words
    for ceiling, words in _FALSE_SIDE:
        if p <= ceiling:
            return words
    return _EVEN


def headline(label: VerdictLabel, confidence: float, *, answers_question: bool = False) -> str:
    """The first line a member reads: the verdict in estimative words."""
    if label is VerdictLabel.NO_EVIDENCE:
        return "Not covered by our sources"
    if label is VerdictLabel.DISPUTED:
        return "Disputed: credible sources disagree and the evidence is mixed"
    if label is VerdictLabel.UNVERIFIED:
        return "Unconfirmed: nothing credible confirms or denies it"
    if answers_question:
        strength = "well sourced" if confidence >= 0.8 else "from limited sources"
        return f"What our sources say ({strength})"
    p_true = confidence if label is VerdictLabel.SUPPORTED else 1.0 - confidence
    return probability_words(p_true)
