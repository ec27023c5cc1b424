"""The shipped stance cross-encoder, run as users run it (int8 ONNX, no torch), on news-stance
cases we wrote ourselves (news_stance_cases.jsonl: relayed, denied, corrected, rated false,
changed figures, confirmed, plainly stated or contradicted, off the point, unconfirmed)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from knowledge.errors import ModelError
from knowledge.models import Signal, Stance, StanceLabel
from knowledge.stance import (
    SHIPPED_MODEL,
    EvidenceText,
    WarmsUp,
    make_stance_model,
)
from knowledge.stance.cases import accuracy_by_pattern, load_cases
from knowledge.stance.crossencoder import (
    CrossEncoderStance,
    OnnxPairScorer,
    load_pair_scorer,
)
from knowledge.stance.hybrid import MIN_MODEL_CONFIDENCE, STATEMENT_STANDS_FROM, HybridStance
from knowledge.stance.lexical import LexicalStance

CASES = load_cases(Path(__file__).with_name("news_stance_cases.jsonl"))


@pytest.fixture(scope="module")
def model() -> CrossEncoderStance:
    return CrossEncoderStance()


def test_the_shipped_model_fits_the_size_budget_and_says_what_it_is() -> None:
    files = sorted(SHIPPED_MODEL.iterdir())
    size = sum(path.stat().st_size for path in files if path.is_file())
    card = json.loads((SHIPPED_MODEL / "model.json").read_text())

    assert size <= 25 * 1024 * 1024
    assert card["labels"] == ["supports", "refutes", "neutral"]
    assert card["temperature"] > 0
    assert (SHIPPED_MODEL / "MODEL_CARD.md").is_file()


def test_the_model_reads_news_stance_cases_written_in_our_own_words(
    model: CrossEncoderStance,
) -> None:
    overall, by_pattern = accuracy_by_pattern(model, CASES)

    # Floors under the shipped model's measured 0.70 (relayed, rated false, figures: all right;
    # plain support and denials in other words: 2 of 6), so that a retrained model that reads
    # news worse fails here. See MODEL_CARD.md for the per-pattern numbers.
    print(f"model alone: {overall:.2f} {by_pattern}")
    assert overall >= 0.65, by_pattern
    assert min(by_pattern.values()) >= 0.3, by_pattern
    for pattern in ("relayed", "rated-false", "number"):
        assert by_pattern[pattern] >= 0.8, by_pattern


def test_the_default_hybrid_reads_them_at_least_as_well_as_either_part(
    model: CrossEncoderStance,
) -> None:
    hybrid, by_pattern = accuracy_by_pattern(HybridStance(model), CASES)
    alone, _ = accuracy_by_pattern(model, CASES)
    rules, _ = accuracy_by_pattern(LexicalStance(), CASES)

    # Measured: hybrid 0.78, model 0.75 to 0.78, rules 0.67. The shipped default must never
    # read worse than the model alone; it leads the rules clearly, the model only by a case or
    # two (the guards that keep the model from overruling a relayed or stated passage cost
    # plain cases). The model's int8 kernels differ between CPUs, and two of its readings sit
    # at 0.49-0.50 (0.75 on one development machine, 0.78 on another): one case either way is
    # the machine, not the reading.
    print(f"hybrid {hybrid:.2f}, model {alone:.2f}, rules {rules:.2f}: {by_pattern}")
    assert hybrid >= alone - 1 / len(CASES)
    assert hybrid >= rules + 0.1
    assert hybrid >= 0.75, by_pattern


@pytest.mark.parametrize(
    ("evidence", "not_label"),
    [
        # The issue's own failure cases for a plain NLI model.
        ("The Kyiv Post reported that the US bought 81 jets from Kazakhstan.", "supports"),
        ("An earlier version of this story wrongly said the US bought 81 jets.", "supports"),
        ("The US bought 12 jets from Kazakhstan last year.", "supports"),
    ],
)
def test_a_relayed_claim_a_correction_and_another_figure_are_not_support(
    model: CrossEncoderStance, evidence: str, not_label: str
) -> None:
    (stance,) = model.predict("The US bought 81 jets from Kazakhstan.", [EvidenceText(evidence)])

    assert stance.label.value != not_label
    assert stance.probs[not_label] < 0.5


def test_probabilities_are_a_distribution_in_label_order(model: CrossEncoderStance) -> None:
    claim = "The Danube flows into the Black Sea."
    stances = model.predict(claim, [EvidenceText("The Danube ends at the Black Sea.")])

    (stance,) = stances
    assert list(stance.probs) == [label.value for label in StanceLabel]
    assert sum(stance.probs.values()) == pytest.approx(1.0, abs=1e-3)
    assert stance.label is StanceLabel.SUPPORTS
    assert stance.signal == Signal.MODEL_SUPPORTS


def test_a_pair_scores_the_same_alone_or_in_a_batch() -> None:
    scorer = load_pair_scorer()
    pair = ("The bridge opened in 1995.", "The bridge opened to traffic in 2003.")
    others = [(case.claim, case.evidence) for case in CASES[:20]]

    alone = scorer.probabilities([pair])[0]
    batched = scorer.probabilities([*others, pair, *others])[len(others)]

    np.testing.assert_array_equal(alone, batched)
    assert scorer.probabilities([]).shape == (0, 3)


def test_the_hybrid_keeps_cues_from_the_rules_and_asks_the_model_about_plain_passages(
    model: CrossEncoderStance,
) -> None:
    claim = "The mayor of Dunmore resigned."
    evidence = [
        EvidenceText("Fact-checkers rated the claim that the mayor of Dunmore resigned as false."),
        EvidenceText("It is unconfirmed whether the mayor of Dunmore resigned."),
        EvidenceText("Dunmore council confirmed the mayor handed in her resignation on Monday."),
        EvidenceText("Posts online claim the mayor of Dunmore resigned."),
    ]

    rated, unconfirmed, confirmed, relayed = HybridStance(model).predict(claim, evidence)

    assert (rated.label, rated.signal) == (StanceLabel.REFUTES, Signal.RATES_FALSE)
    assert (unconfirmed.label, unconfirmed.signal) == (StanceLabel.NEUTRAL, Signal.UNCONFIRMED)
    assert confirmed.label is StanceLabel.SUPPORTS
    assert confirmed.probs == model.predict(claim, [evidence[2]])[0].probs
    # A relayed claim keeps the rules' reading: an echo, which the verdict counts once.
    assert (relayed.label, relayed.attributed) == (StanceLabel.SUPPORTS, True)


class _Fixed:
    """A stance model that reads every passage the same way (stands in for the cross-encoder
    here, to test how the hybrid weighs it)."""

    name = "fixed"

    def __init__(self, stance: Stance) -> None:
        self.stance = stance

    def predict(self, claim: str, evidence: Sequence[EvidenceText]) -> list[Stance]:
        return [self.stance for _ in evidence]


def _model_says(label: StanceLabel, p: float) -> Stance:
    """The model's reading: `label` at `p`, the rest shared by the other two labels."""
    rest = (1 - p) / 2
    probs = {option.value: rest for option in StanceLabel}
    probs[label.value] = p
    return Stance(label, probs, "model says")


def _refutes(p: float) -> Stance:
    return _model_says(StanceLabel.REFUTES, p)


def _neutral(p: float) -> Stance:
    return _model_says(StanceLabel.NEUTRAL, p)


def test_an_unsure_model_reading_leaves_the_rules_reading_in_place() -> None:
    claim = "The Tarn Valley line is closed for a week in May."
    passage = [EvidenceText("The Tarn Valley line is closed for a week in May this year.")]
    (rules,) = LexicalStance().predict(claim, passage)
    assert rules.signal == Signal.STATES

    (unsure,) = HybridStance(_Fixed(_refutes(MIN_MODEL_CONFIDENCE - 0.05))).predict(claim, passage)
    (sure,) = HybridStance(_Fixed(_refutes(MIN_MODEL_CONFIDENCE + 0.05))).predict(claim, passage)

    assert unsure == rules
    assert sure.label is StanceLabel.REFUTES


def test_a_sure_model_sets_aside_a_loose_statement_but_not_a_verbatim_one() -> None:
    # A clause with most of the claim's words may state another fact of the same story; one
    # with all of them is what the rules are surest of.
    claim = "Welk is appealing her murder conviction."
    verbatim = [EvidenceText("Welk is appealing her murder conviction, her lawyer said.", "", 0.6)]
    loose = [EvidenceText("Welk's murder conviction was welcomed by her family.", "", 0.6)]
    sure = HybridStance(_Fixed(_neutral(MIN_MODEL_CONFIDENCE + 0.1)))

    (rules_verbatim,) = LexicalStance().predict(claim, verbatim)
    (rules_loose,) = LexicalStance().predict(claim, loose)
    assert rules_verbatim.signal is rules_loose.signal is Signal.STATES
    assert rules_verbatim.probs["supports"] >= STATEMENT_STANDS_FROM > rules_loose.probs["supports"]

    assert sure.predict(claim, verbatim) == [rules_verbatim]
    (set_aside,) = sure.predict(claim, loose)
    assert set_aside.label is StanceLabel.NEUTRAL
    unsure = HybridStance(_Fixed(_neutral(MIN_MODEL_CONFIDENCE - 0.1)))
    assert unsure.predict(claim, loose) == [rules_loose]


def test_the_model_does_not_argue_against_a_claim_about_the_reporting_itself() -> None:
    # A correction's own words ("that figure was wrong") read to the model as refuting the
    # claim that the paper corrected it; on a claim of fact its refutation counts.
    passage = [EvidenceText("The figure of 8.4 billion crowns we gave for the tunnel was wrong.")]
    sure = HybridStance(_Fixed(_refutes(0.99)))

    (about_reporting,) = sure.predict(
        "did the ledger walk back what it said the tunnel cost", passage
    )
    (of_fact,) = sure.predict("the tunnel cost 8.4 billion crowns", passage)

    assert about_reporting.label is not StanceLabel.REFUTES
    assert of_fact.label is StanceLabel.REFUTES


class _Counting(_Fixed):
    def __init__(self, stance: Stance) -> None:
        super().__init__(stance)
        self.asked: list[str] = []

    def predict(self, claim: str, evidence: Sequence[EvidenceText]) -> list[Stance]:
        self.asked += [item.text for item in evidence]
        return super().predict(claim, evidence)


def test_the_model_reads_only_the_first_passages_it_is_given() -> None:
    # The stance stage's cost is the model's pairs; the passages come most relevant first.
    claim = "The zoo was fined over the escaped orangutan."
    passages = [EvidenceText(f"Keepers fed the zoo's animals on day {n}.") for n in range(5)]
    model = _Counting(_refutes(0.99))

    read = HybridStance(model, max_model_pairs=3).predict(claim, passages)

    assert model.asked == [p.text for p in passages[:3]]
    assert [s.label for s in read[:3]] == [StanceLabel.REFUTES] * 3
    assert read[3:] == LexicalStance().predict(claim, passages)[3:]


def test_a_rating_of_another_claim_stays_beside_the_point() -> None:
    claim = "The vice chancellor of Aldenbrook University resigned."
    passage = [
        EvidenceText("The claim that Aldenbrook University has closed its medical school is false.")
    ]

    (rules,) = LexicalStance().predict(claim, passage)
    (hybrid,) = HybridStance(_Fixed(_refutes(0.99))).predict(claim, passage)

    assert (rules.label, rules.signal) == (StanceLabel.NEUTRAL, Signal.JUDGES_OTHER)
    assert hybrid == rules


def test_a_model_reading_of_a_passage_without_the_claims_point_stays_off_the_point() -> None:
    # The model reads a side into the subject's words; without the claim's point in the
    # passage that side is no firm voice (`knowledge.verdict`).
    claim = "The zoo was fined over the escaped orangutan."
    passages = [
        EvidenceText("Visitors queued at the zoo on Sunday to see the orangutan's new enclosure."),
        EvidenceText("The council fined the zoo 20,000 crowns over the orangutan's escape."),
        EvidenceText("The orangutan spent two hours in the zoo's car park."),
        EvidenceText("Keepers said the zoo's orangutan was calm after the escape."),
    ]
    rules = LexicalStance().predict(claim, passages)
    read = HybridStance(_Fixed(_refutes(0.99))).predict(claim, passages)

    assert rules[0].off_point
    assert read[0].off_point
    assert read[0].label is StanceLabel.REFUTES
    assert not rules[1].off_point


def test_stance_models_by_name() -> None:
    assert make_stance_model("lexical").name == "lexical"
    assert make_stance_model("model").name.startswith("cross-encoder:")
    assert make_stance_model("hybrid").name.startswith("hybrid(")
    with pytest.raises(ModelError, match="no LLM mode"):
        make_stance_model("llm")
    with pytest.raises(ModelError, match="unknown stance model"):
        make_stance_model("oracle")


def test_a_folder_that_is_not_a_stance_model_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"no model\.json"):
        OnnxPairScorer(tmp_path)
    (tmp_path / "model.json").write_text(json.dumps({"labels": [], "max_tokens": 8}))
    with pytest.raises(ModelError, match=r"exactly one \.onnx"):
        OnnxPairScorer(tmp_path)


def test_a_bad_model_setting_fails_at_warm_up_and_says_what_to_do(tmp_path: Path) -> None:
    stance = make_stance_model("hybrid", str(tmp_path / "missing"))  # nothing loads yet
    assert isinstance(stance, WarmsUp)

    with pytest.raises(ModelError, match="no such folder"):
        stance.warm_up()


def test_a_ban_stated_with_a_negation_word_stays_stated_whatever_the_model_reads() -> None:
    # The small model reads "does not export" against "has a ban on exports" as a
    # contradiction; the rules read the same negative sense.
    claim = "Kazakhstan has a ban on arms exports."
    passage = [EvidenceText("Kazakhstan does not export arms to any country.", "", 0.7)]
    (rules,) = LexicalStance().predict(claim, passage)
    assert rules.label is StanceLabel.SUPPORTS
    (read,) = HybridStance(_Fixed(_refutes(0.95))).predict(claim, passage)
    assert read == rules
    # A stop stated in the same words is the model's to argue with.
    same = [EvidenceText("Kazakhstan has a ban on arms exports this year.", "", 0.7)]
    (argued,) = HybridStance(_Fixed(_refutes(0.95))).predict(claim, same)
    assert argued.label is StanceLabel.REFUTES
