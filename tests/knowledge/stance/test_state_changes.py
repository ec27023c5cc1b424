"""The present-state training pairs: "still" keeps a label, an ended state refutes."""

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


def test_an_ended_state_refutes_a_continuing_one_supports_and_another_things_is_neutral() -> None:
    pairs = state_change_pairs(random.Random(5), per_case=2)
    labels = {e.origin: e.allowed for e in pairs}
    assert labels == {
        "state-ended": REFUTES,
        "state-continues": SUPPORTS,
        "state-began": SUPPORTS,
        "state-elsewhere": NEUTRAL,
    }
    counts = Counter(e.origin for e in pairs)
    assert counts["state-ended"] == counts["state-elsewhere"]
    assert counts["state-ended"] == counts["state-continues"] + counts["state-began"]
    subjects = {subject for state in STATES for subject in state.subjects}
    for ended, goes_on, elsewhere in zip(pairs[0::3], pairs[1::3], pairs[2::3], strict=True):
        assert ended.claim == goes_on.claim == elsewhere.claim
        assert ended.evidence != goes_on.evidence
        named = [s for s in subjects if s in ended.claim.lower()]
        # the neutral pair's report is about something the claim does not name
        assert all(s not in elsewhere.evidence.lower() for s in named), elsewhere
    assert not any("{" in e.claim or "{" in e.evidence for e in pairs)


def test_every_state_asks_with_still_or_now_and_the_same_seed_gives_the_same_pairs() -> None:
    for state in STATES:
        assert all(
            any(word in asked.split() for word in ("still", "now", "anymore"))
            for asked in state.asked
        ), state.asked
    assert state_change_pairs(random.Random(9)) == state_change_pairs(random.Random(9))
