"""The present-state training pairs: "still" keeps a label, a change is read by its direction."""

from __future__ import annotations

import random
from collections import Counter

from knowledge.stance.training.datasets import NEUTRAL, REFUTES, SUPPORTS, Example
from knowledge.stance.training.state_changes import STATES, state_change_pairs, still_variants


def test_still_keeps_the_label_and_no_longer_refutes() -> None:
    pairs = [
        Example("A man is sleeping.", "A man sleeps on a bench.", SUPPORTS, "snli"),
        Example("The lake is deep.", "The lake is shallow.", REFUTES, "snli"),
        Example("The road is not open.", "The road is closed.", SUPPORTS, "snli"),
        Example("Dogs run.", "Two dogs run in a field.", SUPPORTS, "snli"),
    ]
    variants = still_variants(pairs * 20, random.Random(3), share=1.0)

    same = {(e.claim, e.allowed) for e in variants if e.origin == "still-same"}
    assert same == {("A man is still sleeping.", SUPPORTS), ("The lake is still deep.", REFUTES)}
    ended = {(e.claim, e.evidence, e.allowed) for e in variants if e.origin == "still-no-longer"}
    assert ended == {("A man is still sleeping.", "A man is no longer sleeping.", REFUTES)}


def test_a_change_refutes_one_claim_and_supports_its_opposite_as_often() -> None:
    pairs = state_change_pairs(random.Random(5), per_case=2)
    labels = {e.origin: e.allowed for e in pairs}
    assert labels == {
        "state-ended": REFUTES,
        "state-continues": SUPPORTS,
        "state-began": SUPPORTS,
        "state-elsewhere": NEUTRAL,
        "state-over-ended": SUPPORTS,
        "state-over-continues": REFUTES,
        "state-over-elsewhere": NEUTRAL,
    }
    counts = Counter(e.allowed for e in pairs)
    assert counts[REFUTES] == counts[SUPPORTS] == counts[NEUTRAL]
    subjects = {subject for state in STATES for subject in state.subjects}
    for on_ended, on_goes, on_else, over_ended, over_goes, over_else in zip(
        *(pairs[i::6] for i in range(6)), strict=True
    ):
        assert on_ended.claim == on_goes.claim == on_else.claim
        assert over_ended.claim == over_goes.claim == over_else.claim != on_ended.claim
        # the same report of the end refutes the one claim and supports the other
        assert on_ended.evidence == over_ended.evidence
        assert on_ended.allowed == REFUTES
        assert over_ended.allowed == SUPPORTS
        named = [s for s in subjects if s in on_ended.claim.lower()]
        # the neutral pairs' report is about something the claims do not name
        assert all(s not in on_else.evidence.lower() for s in named), on_else
    assert not any("{" in e.claim or "{" in e.evidence for e in pairs)


def test_every_state_asks_with_still_or_now_and_the_same_seed_gives_the_same_pairs() -> None:
    for state in STATES:
        assert all(
            any(word in asked.split() for word in ("still", "now", "anymore"))
            for asked in state.asked
        ), state.asked
    assert state_change_pairs(random.Random(9)) == state_change_pairs(random.Random(9))
