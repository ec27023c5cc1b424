"""Hedging: the one place a probability becomes words."""

from __future__ import annotations

import pytest

from knowledge.hedging import HEDGE_WORDS, headline, probability_words
from knowledge.models import VerdictLabel


@pytest.mark.parametrize(
    ("p_true", "words"),
    [
        (1.0, "Confirmed"),
        (0.95, "Confirmed"),
        (0.9499, "Very likely true"),
        (0.80, "Very likely true"),
        (0.7999, "Likely true"),
        (0.55, "Likely true"),
        (0.5499, "Roughly even odds"),
        (0.50, "Roughly even odds"),
        (0.4501, "Roughly even odds"),
        (0.45, "Likely false"),
        (0.2001, "Likely false"),
        (0.20, "Very likely false"),
        (0.0501, "Very likely false"),
        (0.05, "Almost certainly false"),
        (0.0, "Almost certainly false"),
    ],
)
def test_probability_ladder(p_true: float, words: str) -> None:
    assert probability_words(p_true) == words


@pytest.mark.parametrize("p_true", [0.95, 0.9, 0.8, 0.7, 0.55, 0.5])
def test_the_ladder_is_symmetric(p_true: float) -> None:
    """Rounding must not make 1 - 0.8 read differently from 0.2."""
    true_side = probability_words(p_true)
    false_side = probability_words(1 - p_true)
    assert true_side.replace("true", "false").replace("Confirmed", "Almost certainly false") == (
        false_side
    )


@pytest.mark.parametrize(
    ("confidence", "words"),
    [(0.97, "Confirmed"), (0.9, "Very likely true"), (0.6, "Likely true")],
)
def test_supported_headline_reads_the_confidence_as_true(confidence: float, words: str) -> None:
    assert headline(VerdictLabel.SUPPORTED, confidence) == words


@pytest.mark.parametrize(
    ("confidence", "words"),
    [
        (0.97, "Almost certainly false"),
        (0.95, "Almost certainly false"),
        (0.9, "Very likely false"),
        (0.8, "Very likely false"),
        (0.75, "Likely false"),
        (0.6, "Likely false"),
    ],
)
def test_refuted_headline_reads_the_confidence_as_false(confidence: float, words: str) -> None:
    assert headline(VerdictLabel.REFUTED, confidence) == words


@pytest.mark.parametrize(
    ("label", "start"),
    [
        (VerdictLabel.DISPUTED, "Disputed:"),
        (VerdictLabel.UNVERIFIED, "Unconfirmed:"),
        (VerdictLabel.NO_EVIDENCE, "Not covered by our sources"),
    ],
)
@pytest.mark.parametrize("confidence", [0.3, 0.6, 0.95])
def test_labels_without_a_probability_have_fixed_headlines(
    label: VerdictLabel, start: str, confidence: float
) -> None:
    assert headline(label, confidence).startswith(start)
    assert headline(label, confidence) == headline(label, 0.5)
    assert headline(label, confidence, answers_question=True) == headline(label, confidence)


@pytest.mark.parametrize(
    ("confidence", "strength"), [(0.9, "well sourced"), (0.8, "well sourced"), (0.7, "limited")]
)
def test_an_answered_question_says_how_well_it_is_sourced(confidence: float, strength: str) -> None:
    words = headline(VerdictLabel.SUPPORTED, confidence, answers_question=True)

    assert words.startswith("What our sources say")
    assert strength in words


@pytest.mark.parametrize(
    "label", [VerdictLabel.DISPUTED, VerdictLabel.UNVERIFIED, VerdictLabel.SUPPORTED]
)
def test_hedged_headlines_use_a_hedge_word(label: VerdictLabel) -> None:
    words = headline(label, 0.6).lower()

    assert any(hedge in words for hedge in HEDGE_WORDS)


def test_every_headline_is_distinct_per_label() -> None:
    headlines = {headline(label, 0.7) for label in VerdictLabel}

    assert len(headlines) == len(VerdictLabel)
