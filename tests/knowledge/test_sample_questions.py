"""Questions about the bundled sample corpus, phrased as members would, and what they get.

These pin the engine's behaviour on a corpus the rules were not tuned on (the dev set is
elsewhere): verdicts, the sources cited, and that quotes answer what was asked.
"""

from __future__ import annotations

import pytest

from knowledge import Desk, SourceKind, VerdictLabel

REFUTED, SUPPORTED = VerdictLabel.REFUTED, VerdictLabel.SUPPORTED
NO_EVIDENCE, UNVERIFIED = VerdictLabel.NO_EVIDENCE, VerdictLabel.UNVERIFIED


@pytest.mark.parametrize(
    ("question", "verdict", "in_text"),
    [
        ("did the US buy Kazakh jets?", REFUTED, "false"),
        ("did kazspetsexport sell planes to ukraine", REFUTED, "did not sell"),
        ("did the embassy confirm the sale to the US", REFUTED, "never confirmed"),
        ("did kazakhstan deny the sale?", SUPPORTED, "denied"),
        ("does kazakhstan have a ban on arms exports", SUPPORTED, "moratorium"),
        ("what did the pentagon say about the kazakh jets", SUPPORTED, "declined to comment"),
        ("what is russia kazakhstan trade worth", SUPPORTED, "27bn"),
        ("who won the chess olympiad in 2022?", NO_EVIDENCE, "do not cover this"),
        # The council's statement covers the line (approved, first passengers expected in
        # 2027) without saying whether it has opened: not "Not covered".
        ("is the new tram line in lindenport open yet", UNVERIFIED, "none of them confirms"),
    ],
)
def test_sample_questions(
    sample_desk: Desk, question: str, verdict: VerdictLabel, in_text: str
) -> None:
    answer = sample_desk.ask(question)
    assert answer.verdict is verdict, answer.text
    assert in_text.lower() in answer.text.lower()
    if verdict is NO_EVIDENCE:
        assert answer.citations == ()


def test_a_claim_that_something_is_false_is_supported_by_the_denials(sample_desk: Desk) -> None:
    answer = sample_desk.ask("did analysts think the jets story was russian disinformation?")
    assert answer.verdict is SUPPORTED
    # The analysts said "possibly": the reply is no surer than they were.
    assert answer.headline == "Likely true"


def test_yes_no_replies_say_what_was_checked(sample_desk: Desk) -> None:
    answer = sample_desk.ask("wait, is it true the US bought 81 kazakh jets??")
    assert "Checked: “the US bought 81 kazakh jets”" in answer.text


def test_the_refutation_leads_with_official_and_fact_check_sources(sample_desk: Desk) -> None:
    answer = sample_desk.ask("did the US buy Kazakh jets?")
    kinds = [c.kind for c in answer.citations]
    assert kinds[0] in (SourceKind.FACTCHECK, SourceKind.STATEMENT)
    assert "Where the claim comes from" in answer.text
