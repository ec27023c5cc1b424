"""Cues: the words by which news text denies, corrects, rates, doubts or attributes a claim."""

from __future__ import annotations

import pytest

from knowledge.stance.cues import Cue, cues_in
from knowledge.stance.reading import reporting_acts


@pytest.mark.parametrize(
    "text",
    [
        "The ministry denied the report.",
        "These claims are false.",
        "The story is completely untrue.",
        "Rumours of a sale are baseless.",
        "There is no truth in it.",
        "The meeting never happened.",
        "There was no such deal.",
        "The video was debunked by several outlets.",
        "It is false that the zoo closed.",
        "The claim is not true, the agency said.",
    ],
)
def test_denials(text: str) -> None:
    assert Cue.DENIAL in cues_in(text)


@pytest.mark.parametrize(
    ("text", "denies"),
    [
        ("The ministry rejected the claims.", True),
        ("The company rejected the union's allegations of fraud.", True),
        ("The board rejected reports that it had sold the site.", True),
        ("She rejected it as baseless.", True),
        ("- Rejected ballots: 312", False),
        ("Voters rejected the plan by 54% to 46%.", False),
        ("The club rejected an offer of 2 million crowns.", False),
    ],
)
def test_rejecting_a_claim_denies_it_rejecting_a_proposal_or_a_ballot_does_not(
    text: str, denies: bool
) -> None:
    assert (Cue.DENIAL in cues_in(text)) is denies


@pytest.mark.parametrize(
    "text",
    [
        "Correction: an earlier version of this article said the museum had closed.",
        "The paper wrongly reported that the ferry was sold.",
        "We apologise for the error.",
        "The report has since been retracted.",
        "This article has been amended.",
        "The company has revised its claim about how many homes the array could supply.",
        "The ministry quietly walked back its earlier estimate of the cost.",
    ],
)
def test_corrections(text: str) -> None:
    assert Cue.CORRECTION in cues_in(text)


def test_revising_a_plan_is_not_a_correction() -> None:
    assert Cue.CORRECTION not in cues_in("The operator revised the timetable for the winter.")


@pytest.mark.parametrize(
    "text",
    [
        "Verdict: False.",
        "Our ruling: Mostly false",
        "Rating: Misleading.",
        "Conclusion: False.",
        "We rate it false.",
        "The verdict: false.",
        "False.",
        "Mostly false.",
        "Fact-checkers rated the claim that the mayor resigned as false.",
        "Reviewers found the story about the jets to be baseless.",
    ],
)
def test_fact_check_ratings_of_false(text: str) -> None:
    cues = cues_in(text)

    assert Cue.RATED_FALSE in cues
    assert Cue.RATED_TRUE not in cues


@pytest.mark.parametrize(
    "text",
    [
        "Verdict: True.",
        "Rating: Mostly true",
        "Our ruling: accurate.",
        "Independent fact-checkers found the claim that the bridge reopened to be accurate.",
    ],
)
def test_fact_check_ratings_of_true(text: str) -> None:
    cues = cues_in(text)

    assert Cue.RATED_TRUE in cues
    assert Cue.RATED_FALSE not in cues


@pytest.mark.parametrize(
    "text",
    [
        "The sale has not been confirmed.",
        "The deal has not yet been finalised.",
        "A spokesperson declined to comment.",
        "Officials could not be reached for comment.",
        "We were unable to independently verify the video.",
        "It remains unclear whether the ship sailed.",
        "The report is unconfirmed.",
    ],
)
def test_uncertainty(text: str) -> None:
    assert Cue.UNCERTAIN in cues_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "The ministry will not confirm or deny the deal.",
        "The ministry would neither confirm nor deny the report.",
        "A spokesman said he was not confirming or denying anything.",
    ],
)
def test_refusing_to_confirm_or_deny_is_uncertainty_not_denial(text: str) -> None:
    cues = cues_in(text)

    assert Cue.UNCERTAIN in cues
    assert Cue.DENIAL not in cues


def test_uncertainty_outweighs_a_confirmation_word() -> None:
    cues = cues_in("The sale has not been confirmed.")

    assert Cue.CONFIRM not in cues


def test_confirmation() -> None:
    assert Cue.CONFIRM in cues_in("The mayor confirmed the plan on Monday.")


@pytest.mark.parametrize(
    "text",
    [
        "This is very unlikely to be true.",
        "The account is highly implausible.",
        "The photos are probably fabricated.",
        "There is no evidence the vessels were sold.",
        "The registry lists no such aircraft.",
        "The story does not hold up.",
    ],
)
def test_doubt(text: str) -> None:
    cues = cues_in(text)

    assert Cue.DOUBT in cues
    assert Cue.DENIAL not in cues


@pytest.mark.parametrize(
    "text",
    [
        "The evidence is mixed.",
        "Researchers are divided on the question.",
        "Two studies reached opposite conclusions.",
        "The results were inconclusive.",
        "The agency and the insurers gave conflicting estimates of the damage.",
        "Two bodies have given very different answers to the same question.",
        "The two sides also differ on how much water was released.",
        "Residents have been handed two official answers to whether crime is rising.",
        "There are two official-looking answers, and they point in opposite directions.",
        "The bee deaths that two investigations can't agree on",
        "How much did exports grow last year? It depends on whom you ask.",
        "For now, the honest verdict is: not proven either way.",
    ],
)
def test_mixed_evidence(text: str) -> None:
    assert Cue.MIXED in cues_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "The company reported figures for each of its different regions.",
        "The two sides signed the agreement on Monday.",
        "She keeps two accounts at the same bank.",
        "The minister did not agree to the plan.",
        "The road points in different directions at the junction signs.",
        # a source's track record, not the evidence on a claim
        "The gossip account has a mixed record on festival bookings.",
    ],
)
def test_differences_that_are_no_dispute_are_not_mixed(text: str) -> None:
    assert Cue.MIXED not in cues_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "An anonymous account on a Telegram channel posted the claim.",
        "Sources told the paper the deal was done.",
        "An official who asked not to be named said so.",
        "People familiar with the talks said a deal was close.",
        "The rumour spread quickly.",
        # word of mouth, and a paper's scoop with no one named behind it
        "The club's coach is set to leave, according to whispers at the training ground.",
        "I hear that the band will play the festival next summer.",
        "I heard from someone on the crew that fares are going up.",
        "The town is set to bring in its own toll, it has emerged.",
        "The director is being shown the door, the Evening Bugle can reveal.",
        "Sources close to the striker say a deal has been agreed.",
    ],
)
def test_anonymous_sources(text: str) -> None:
    assert Cue.ANONYMOUS in cues_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "According to local media, the mayor resigned.",
        "The mayor reportedly resigned.",
        "The blog claimed the mayor resigned.",
        "Citing a leaked memo, the paper said the mayor resigned.",
    ],
)
def test_attribution(text: str) -> None:
    cues = cues_in(text)

    assert Cue.ATTRIBUTED in cues
    assert Cue.ANONYMOUS not in cues


@pytest.mark.parametrize(
    "text",
    [
        "The zoo closed on Monday.",
        "The ferry carries 300 passengers.",
        "",
        "I hear you: the figures will be published on Monday, the minister said.",
        "The village lies close to the border.",
        "The talk is scheduled for Monday; the password is on the poster.",
    ],
)
def test_plain_statements_have_no_cues(text: str) -> None:
    assert cues_in(text) == frozenset()


def test_cues_ignore_case() -> None:
    assert cues_in("THESE CLAIMS ARE FALSE.") == cues_in("these claims are false.")


@pytest.mark.parametrize(
    ("claim", "acts"),
    [
        ("did the herald get the turnout figure wrong", {"falsity"}),
        ("the paper said the pool shut, did they get that wrong", {"falsity"}),
        ("did the gazette botch its recall story", {"falsity"}),
        ("did the council ever own up to the error", {"correct"}),
        ("did they walk it back", {"correct"}),
        ("did the ministry deny it", {"deny"}),
        # Errors that are not about reporting stay claims of fact.
        ("did the surgeon get the wrong leg", set()),
        ("they messed up the rollout", set()),
        ("did the ferry sink", set()),
        # Withdrawing, amending and fixing correct the reporting only when they act on it.
        ("did the paper withdraw its story", {"correct"}),
        ("was the figure fixed", {"correct"}),
        ("the vaccine was withdrawn from sale", set()),
        ("did they fix the bridge", set()),
    ],
)
def test_claims_about_the_reporting_are_told_from_claims_of_fact(
    claim: str, acts: set[str]
) -> None:
    assert reporting_acts(claim) == acts
