"""Verdict: hand-built evidence weighed into supported, refuted, disputed, unverified or none."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import partial

import pytest

from knowledge.calibration import Calibration
from knowledge.models import (
    Claim,
    Evidence,
    Hit,
    Passage,
    QuestionType,
    Signal,
    SourceKind,
    SourceMeta,
    Stance,
    StanceLabel,
    VerdictLabel,
)
from knowledge.policy import VERDICT
from knowledge.query import Name, Query
from knowledge.verdict import KIND_WEIGHT, decide

SUPPORTS, REFUTES, NEUTRAL = StanceLabel.SUPPORTS, StanceLabel.REFUTES, StanceLabel.NEUTRAL
# The confidence ladder (one voice, several, a primary source, ...) holds for every reading; a
# true/false verdict on plain readings alone is capped lower still (`reading_only_cap`, tested
# on its own below). The ladder's tests use the rules' plain readings and lift that cap.
LADDER = replace(VERDICT, reading_only_cap=1.0)
decide_ladder = partial(decide, policy=LADDER)
YES_NO = Query.plain(
    Claim("did pellam sell its ferries?", "pellam sell its ferries", QuestionType.YES_NO)
)
WH = Query.plain(
    Claim(
        "what happened to the ferries?", "happened to the ferries", QuestionType.WH, wh_word="what"
    )
)


def stance(
    label: StanceLabel, p: float, signal: Signal = Signal.STATES, attributed: bool = False
) -> Stance:
    rest = (1.0 - p) / 2
    probs = {option.value: rest for option in StanceLabel}
    probs[label.value] = p
    return Stance(label=label, probs=probs, signal=signal, attributed=attributed)


def evidence(
    doc_id: str,
    kind: SourceKind,
    label: StanceLabel,
    *,
    p: float = 0.8,
    relevance: float = 0.7,
    publisher: str | None = None,
    published: date | None = None,
    signal: Signal | None = None,
    attributed: bool = False,
    seq: int = 0,
) -> Evidence:
    """A passage of `doc_id`; by default the rules' plain reading that it states the claim,
    or, for a refutation, that it says the opposite (a cue)."""
    if signal is None:
        signal = Signal.SAYS_OPPOSITE if label is REFUTES else Signal.STATES
    source = SourceMeta(
        doc_id=doc_id,
        title=f"About the ferries ({doc_id})",
        publisher=publisher or f"Publisher of {doc_id}",
        kind=kind,
        published=published,
    )
    text = f"What {doc_id} says about the ferries."
    passage = Passage(f"{doc_id}#abc-{seq}", doc_id, seq, 0, len(text), text)
    return Evidence(
        hit=Hit(passage, source, fused_score=0.03, dense_similarity=0.6, bm25_score=4.0),
        stance=stance(label, p, signal, attributed),
        relevance=relevance,
        sentence=text,
    )


def saying(item: Evidence, text: str) -> Evidence:
    """The same evidence, its passage saying `text`."""
    return replace(item, hit=replace(item.hit, passage=replace(item.hit.passage, text=text)))


def cited(verdict_evidence: tuple[Evidence, ...]) -> list[str]:
    return [e.hit.source.doc_id for e in verdict_evidence]


def test_kind_weights_rank_official_sources_above_reports_above_posts() -> None:
    assert KIND_WEIGHT[SourceKind.STATEMENT] == KIND_WEIGHT[SourceKind.FACTCHECK] == 1.0
    assert KIND_WEIGHT[SourceKind.STATEMENT] > KIND_WEIGHT[SourceKind.NEWS]
    assert KIND_WEIGHT[SourceKind.NEWS] > KIND_WEIGHT[SourceKind.SOCIAL]
    assert set(KIND_WEIGHT) == set(SourceKind)


def test_two_official_denials_outweigh_an_anonymous_echo() -> None:
    verdict = decide(
        YES_NO,
        [
            evidence("ministry", SourceKind.STATEMENT, REFUTES),
            evidence("embassy", SourceKind.STATEMENT, REFUTES),
            evidence("wire", SourceKind.NEWS, SUPPORTS, attributed=True),
        ],
    )

    assert verdict.label is VerdictLabel.REFUTED
    assert 0.5 < verdict.confidence < 0.97
    assert "false" in verdict.headline.lower()
    assert "2 official statements" in verdict.basis
    assert cited(verdict.evidence)[:2] == ["ministry", "embassy"]
    assert "wire" in cited(verdict.evidence)


def test_statements_alone_never_make_a_refutation_near_certain() -> None:
    verdict = decide(
        YES_NO,
        [
            evidence(f"ministry-{i}", SourceKind.STATEMENT, REFUTES, p=0.97, relevance=0.9)
            for i in range(5)
        ],
    )

    assert verdict.label is VerdictLabel.REFUTED
    assert verdict.confidence < 0.97


def test_a_statement_and_a_fact_check_can_be_near_certain() -> None:
    only_statements = decide(
        YES_NO,
        [
            evidence("ministry", SourceKind.STATEMENT, REFUTES),
            evidence("embassy", SourceKind.STATEMENT, REFUTES),
        ],
    )
    with_factcheck = decide(
        YES_NO,
        [
            evidence("ministry", SourceKind.STATEMENT, REFUTES),
            evidence("checkers", SourceKind.FACTCHECK, REFUTES, p=0.85),
        ],
    )

    assert with_factcheck.label is VerdictLabel.REFUTED
    assert with_factcheck.confidence > only_statements.confidence


@pytest.mark.parametrize(
    ("kind", "p", "relevance"),
    [
        (SourceKind.NEWS, 0.85, 0.9),
        (SourceKind.NEWS, 0.97, 1.0),
        (SourceKind.STATEMENT, 0.97, 1.0),
    ],
)
def test_a_single_outlet_supports_but_never_confirms(
    kind: SourceKind, p: float, relevance: float
) -> None:
    verdict = decide(YES_NO, [evidence("paper", kind, SUPPORTS, p=p, relevance=relevance)])

    assert verdict.label is VerdictLabel.SUPPORTED
    assert verdict.confidence <= 0.8
    assert verdict.headline != "Confirmed"
    assert cited(verdict.evidence) == ["paper"]


def test_one_publisher_with_several_pieces_is_still_one_outlet() -> None:
    verdict = decide(
        YES_NO,
        [
            evidence(f"gazette-{i}", SourceKind.NEWS, SUPPORTS, p=0.9, publisher="Gazette")
            for i in range(4)
        ],
    )

    assert verdict.label is VerdictLabel.SUPPORTED
    assert verdict.confidence <= 0.8


def test_credible_sources_on_both_sides_make_it_disputed() -> None:
    verdict = decide(
        YES_NO,
        [
            evidence("harbour-board", SourceKind.STATEMENT, SUPPORTS),
            evidence("ministry", SourceKind.STATEMENT, REFUTES),
        ],
    )

    assert verdict.label is VerdictLabel.DISPUTED
    assert verdict.headline.startswith("Disputed")
    assert set(cited(verdict.evidence)) == {"harbour-board", "ministry"}


def test_only_anonymous_posts_and_an_unconfirmed_statement_leave_it_unverified() -> None:
    verdict = decide(
        YES_NO,
        [
            evidence("telegram", SourceKind.SOCIAL, SUPPORTS),
            evidence("blog", SourceKind.NEWS, SUPPORTS, attributed=True),
            evidence("ministry", SourceKind.STATEMENT, NEUTRAL, p=0.7, signal=Signal.UNCONFIRMED),
        ],
    )

    assert verdict.label is VerdictLabel.UNVERIFIED
    assert verdict.headline.startswith("Unconfirmed")
    assert set(cited(verdict.evidence)) == {"telegram", "blog", "ministry"}


def test_echoes_alone_are_unverified_not_supported() -> None:
    verdict = decide(
        YES_NO,
        [
            evidence(f"outlet-{i}", SourceKind.NEWS, SUPPORTS, p=0.85, attributed=True)
            for i in range(3)
        ],
    )

    assert verdict.label is VerdictLabel.UNVERIFIED


def test_no_evidence() -> None:
    verdict = decide(YES_NO, [])

    assert verdict.label is VerdictLabel.NO_EVIDENCE
    assert verdict.evidence == ()
    assert verdict.headline == "Not covered by our sources"


def test_only_neutral_passages_are_no_evidence_and_cite_nothing() -> None:
    verdict = decide(YES_NO, [evidence("paper", SourceKind.NEWS, NEUTRAL, relevance=0.5)])

    assert verdict.label is VerdictLabel.NO_EVIDENCE
    assert verdict.evidence == ()


def test_a_report_corrected_by_its_own_publisher_loses() -> None:
    verdict = decide(
        YES_NO,
        [
            evidence(
                "gazette-story",
                SourceKind.NEWS,
                SUPPORTS,
                p=0.9,
                relevance=0.9,
                publisher="Gazette",
                published=date(2024, 3, 1),
            ),
            evidence(
                "gazette-correction",
                SourceKind.CORRECTION,
                REFUTES,
                publisher="Gazette",
                published=date(2024, 3, 3),
            ),
        ],
    )

    assert verdict.label is VerdictLabel.REFUTED
    assert cited(verdict.evidence)[0] == "gazette-correction"


def test_a_report_is_weaker_after_a_later_official_statement() -> None:
    report = evidence(
        "paper", SourceKind.NEWS, SUPPORTS, p=0.9, relevance=0.9, published=date(2024, 3, 9)
    )
    statement_before = evidence(
        "ministry", SourceKind.STATEMENT, REFUTES, published=date(2024, 3, 5)
    )
    statement_after = evidence(
        "ministry", SourceKind.STATEMENT, REFUTES, published=date(2024, 3, 12)
    )

    assert decide(YES_NO, [report, statement_before]).label is VerdictLabel.DISPUTED
    assert decide(YES_NO, [report, statement_after]).label is VerdictLabel.REFUTED


def test_outlets_echoing_one_anonymous_source_count_once() -> None:
    denial = evidence("ministry", SourceKind.STATEMENT, REFUTES)
    echoes = [
        evidence(f"outlet-{i}", SourceKind.NEWS, SUPPORTS, p=0.85, relevance=0.8, attributed=True)
        for i in range(3)
    ]
    independent = [
        evidence(f"outlet-{i}", SourceKind.NEWS, SUPPORTS, p=0.85, relevance=0.8) for i in range(3)
    ]

    assert decide(YES_NO, [*echoes, denial]).label is VerdictLabel.REFUTED
    assert decide(YES_NO, [*independent, denial]).label is VerdictLabel.SUPPORTED


def test_a_fact_check_quoting_the_rumour_counts_by_its_rating() -> None:
    verdict = decide(
        YES_NO,
        [
            evidence("checkers", SourceKind.FACTCHECK, SUPPORTS, p=0.85, relevance=0.9, seq=0),
            evidence(
                "checkers",
                SourceKind.FACTCHECK,
                REFUTES,
                p=0.85,
                relevance=0.5,
                signal=Signal.RATES_FALSE,
                seq=4,
            ),
        ],
    )

    assert verdict.label is VerdictLabel.REFUTED
    assert [e.stance.label for e in verdict.evidence] == [REFUTES]


def test_each_source_is_cited_once_and_at_most_four() -> None:
    verdict = decide(
        YES_NO,
        [
            evidence(f"paper-{i}", SourceKind.NEWS, SUPPORTS, seq=seq)
            for i in range(6)
            for seq in range(2)
        ],
    )

    assert verdict.label is VerdictLabel.SUPPORTED
    assert len(verdict.evidence) == 4
    assert len(set(cited(verdict.evidence))) == 4


def test_a_wh_question_with_relevant_evidence_is_answered() -> None:
    verdict = decide(
        WH,
        [
            evidence("paper", SourceKind.NEWS, NEUTRAL, relevance=0.7),
            evidence("off-topic", SourceKind.NEWS, NEUTRAL, relevance=0.3),
        ],
    )

    assert verdict.label is VerdictLabel.SUPPORTED
    assert verdict.headline.startswith("What our sources say")
    assert cited(verdict.evidence) == ["paper"]


def test_a_who_question_is_answered_only_by_a_source_naming_someone_it_does_not() -> None:
    who = Query.plain(
        Claim(
            "who bought the pellam ferries?",
            "bought the pellam ferries",
            QuestionType.WH,
            wh_word="who",
        )
    )
    # Squarely on the subject, naming only what the question names.
    on_subject = replace(
        evidence("paper", SourceKind.NEWS, NEUTRAL, relevance=0.7),
        sentence="The Pellam Ferries were put up for sale in March.",
    )
    assert decide(who, [on_subject]).label is VerdictLabel.NO_EVIDENCE

    naming = replace(on_subject, sentence="Harbour Lines Ltd bought the Pellam ferries.")
    verdict = decide(who, [on_subject, naming])
    assert verdict.label is VerdictLabel.SUPPORTED
    assert [e.sentence for e in verdict.evidence] == [naming.sentence]


def test_a_why_question_whose_figure_a_credible_source_contradicts_is_judged_as_a_claim() -> None:
    why = Query.plain(
        Claim(
            "why is pellam selling 20 ferries?",
            "pellam selling 20 ferries",
            QuestionType.WH,
            wh_word="why",
        )
    )
    explains = evidence("paper", SourceKind.NEWS, NEUTRAL, relevance=0.7)
    other_figure = evidence("pellam", SourceKind.STATEMENT, REFUTES, signal=Signal.DIFFERENT_FIGURE)
    assert decide(why, [explains]).label is VerdictLabel.SUPPORTED
    verdict = decide(why, [explains, other_figure])
    assert verdict.label is VerdictLabel.REFUTED
    assert cited(verdict.evidence)[0] == "pellam"


def test_a_wh_question_with_only_weak_matches_is_not_answered() -> None:
    verdict = decide(WH, [evidence("paper", SourceKind.NEWS, NEUTRAL, relevance=0.3)])

    assert verdict.label is VerdictLabel.NO_EVIDENCE
    assert verdict.evidence == ()


def test_a_refutation_without_an_origin_still_cites_four_sources() -> None:
    refuters = [evidence(f"s{i}", SourceKind.STATEMENT, REFUTES) for i in range(8)]
    verdict = decide(YES_NO, refuters)
    assert verdict.label is VerdictLabel.REFUTED
    assert len(verdict.evidence) == 4


def test_news_reports_alone_are_never_confirmed() -> None:
    reports = [
        evidence(f"n{i}", SourceKind.NEWS, SUPPORTS, p=0.95, relevance=0.9) for i in range(4)
    ]
    verdict = decide(YES_NO, reports)
    assert verdict.label is VerdictLabel.SUPPORTED
    assert verdict.confidence <= 0.9
    assert verdict.headline != "Confirmed"


def test_a_refuting_report_its_publisher_later_walked_back_barely_counts() -> None:
    verdict = decide(
        YES_NO,
        [
            evidence(
                "old-report",
                SourceKind.NEWS,
                REFUTES,
                publisher="Gazette",
                published=date(2024, 1, 1),
            ),
            evidence(
                "gazette-fix",
                SourceKind.CORRECTION,
                SUPPORTS,
                publisher="Gazette",
                published=date(2024, 1, 3),
            ),
            evidence("ministry", SourceKind.STATEMENT, SUPPORTS, published=date(2024, 1, 2)),
        ],
    )
    assert verdict.label is VerdictLabel.SUPPORTED


def test_a_partys_claim_that_a_later_report_says_it_revised_barely_counts() -> None:
    # The company's own statement of its figure, and a later report that it revised it.
    claim = evidence(
        "company",
        SourceKind.STATEMENT,
        SUPPORTS,
        p=0.95,
        publisher="Pellam Ferries Ltd",
        published=date(2024, 1, 1),
    )
    revision = evidence(
        "report",
        SourceKind.NEWS,
        REFUTES,
        p=0.8,
        signal=Signal.CORRECTS,
        published=date(2024, 2, 1),
    )
    revised = saying(
        revision, "Pellam Ferries has revised its claim about how many ferries it sold."
    )
    assert decide(YES_NO, [claim, revised]).label is VerdictLabel.REFUTED
    # A report that names someone else correcting it leaves the company's word standing.
    other = saying(revised, "The harbour board revised its figure.")
    assert decide(YES_NO, [claim, other]).label is not VerdictLabel.REFUTED


def test_a_true_verdict_resting_only_on_turned_judgements_is_likely_at_most() -> None:
    # Three credible denials and a rating of what we read as the claim's opposite ("reports
    # that she will not run again are false", asked "is she done after this term"): if that
    # reading of the opposite is wrong, every one of them says the reverse.
    turned = [
        evidence("office", SourceKind.STATEMENT, SUPPORTS, signal=Signal.DENIES),
        evidence("paper-fix", SourceKind.CORRECTION, SUPPORTS, signal=Signal.CORRECTS),
        evidence("check", SourceKind.FACTCHECK, SUPPORTS, p=0.85, signal=Signal.RATES_FALSE),
    ]
    verdict = decide(YES_NO, turned)
    assert verdict.label is VerdictLabel.SUPPORTED
    assert verdict.confidence <= VERDICT.one_voice_cap
    # One source that says it in its own words lifts the cap.
    stated = evidence("wire", SourceKind.NEWS, SUPPORTS, p=0.9)
    assert decide(YES_NO, [*turned, stated]).confidence > VERDICT.one_voice_cap


def test_calibration_moves_the_confidence_but_never_past_the_evidence_ceiling() -> None:
    one_outlet = [evidence("a", SourceKind.NEWS, SUPPORTS, p=0.95, relevance=0.9)]
    bolder = Calibration(slope=3.0, intercept=2.0)
    humbler = Calibration(slope=0.5, intercept=-0.5)

    raw = decide_ladder(YES_NO, one_outlet)
    up = decide_ladder(YES_NO, one_outlet, bolder)
    down = decide_ladder(YES_NO, one_outlet, humbler)

    assert raw.label is up.label is down.label is VerdictLabel.SUPPORTED
    # One outlet: calibration cannot make it surer than "Likely".
    assert up.confidence == VERDICT.one_voice_cap < 0.8
    assert down.confidence == pytest.approx(humbler(raw.confidence))
    assert down.confidence < raw.confidence


# -- credibility, independence and the confidence rules ------------------------------------

TOLVEN = Query(
    claim=Claim("did tolven sell its ferries?", "tolven sell its ferries", QuestionType.YES_NO),
    text="tolven sell its ferries",
    names=(Name("tolven", ("tolven",), frozenset({"tolven"}), True),),
)


def test_one_outlet_alone_is_likely_at_most() -> None:
    verdict = decide_ladder(
        YES_NO, [evidence("paper", SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1)]
    )
    assert verdict.label is VerdictLabel.SUPPORTED
    assert verdict.confidence <= VERDICT.one_voice_cap < 0.8
    assert verdict.headline == "Likely true"


def test_two_independent_outlets_can_be_very_likely() -> None:
    verdict = decide_ladder(
        YES_NO,
        [
            evidence("paper", SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1),
            evidence("wire", SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1),
        ],
    )
    assert verdict.label is VerdictLabel.SUPPORTED
    assert 0.8 <= verdict.confidence <= VERDICT.several_voices_cap


def test_what_will_happen_is_unconfirmed_when_sources_only_say_it_will() -> None:
    future = Query.plain(
        Claim(
            "is pellam gonna sell its ferries next year?",
            "pellam gonna sell its ferries next year",
            QuestionType.YES_NO,
        )
    )
    sources = [
        evidence("paper", SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1),
        evidence("wire", SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1),
        evidence("pellam", SourceKind.STATEMENT, SUPPORTS, p=0.97, relevance=1),
    ]
    assert decide_ladder(YES_NO, sources).confidence >= 0.8

    # A plan, a promise or a forecast in the sources' own words is not yet a fact.
    planned = decide_ladder(future, sources)
    assert planned.label is VerdictLabel.UNVERIFIED
    assert planned.basis == (
        "Planned or forecast in 1 official statement and 2 news reports; it has not happened"
        " yet, so nothing can confirm it."
    )
    assert cited(planned.evidence) == ["paper", "wire", "pellam"]
    # Whether someone said it will happen is a claim about what was said.
    said = Query.plain(
        Claim(
            "did pellam say it's gonna sell its ferries next year?",
            "pellam say it's gonna sell its ferries next year",
            QuestionType.YES_NO,
        )
    )
    assert decide_ladder(said, sources).label is VerdictLabel.SUPPORTED
    # A fact-check that rates it true is more than a plan: "Likely" at most.
    rated = evidence("checkers", SourceKind.FACTCHECK, SUPPORTS, p=0.97, signal=Signal.RATES_TRUE)
    verdict = decide_ladder(future, [*sources, rated])
    assert verdict.label is VerdictLabel.SUPPORTED
    assert verdict.confidence <= VERDICT.future_cap < 0.8
    denied = decide_ladder(future, [replace(e, stance=stance(REFUTES, 0.97)) for e in sources])
    assert denied.label is VerdictLabel.REFUTED
    assert denied.confidence <= VERDICT.future_cap


def test_outlets_read_as_stating_only_the_subject_are_likely_at_most() -> None:
    subject_only = [
        evidence(name, SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1, signal=signal)
        for name, signal in [("paper", Signal.STATES_SUBJECT), ("wire", Signal.STATES_SUBJECT)]
    ]
    verdict = decide(YES_NO, subject_only)
    assert verdict.label is VerdictLabel.SUPPORTED
    assert verdict.confidence <= VERDICT.one_voice_cap < 0.8

    one_firm = [subject_only[0], replace(subject_only[1], stance=stance(SUPPORTS, 0.97))]
    assert decide(YES_NO, one_firm).confidence <= VERDICT.one_voice_cap


def test_refutations_that_may_judge_another_claim_are_likely_at_most() -> None:
    ratings = [
        evidence(name, kind, REFUTES, p=0.95, relevance=1, signal=signal)
        for name, kind, signal in [
            ("check", SourceKind.FACTCHECK, Signal.RATES_FALSE),
            ("regulator", SourceKind.STATEMENT, Signal.DENIES),
        ]
    ]
    firm = decide(YES_NO, ratings)
    off_point = [replace(e, stance=replace(e.stance, off_point=True)) for e in ratings]
    loose = decide(YES_NO, off_point)

    assert firm.label is loose.label is VerdictLabel.REFUTED
    assert firm.confidence >= 0.8
    assert loose.confidence <= VERDICT.one_voice_cap


def test_a_verdict_against_credible_sources_that_say_otherwise_is_likely_at_most() -> None:
    officials = [
        evidence("ministry", SourceKind.STATEMENT, SUPPORTS, p=0.95, relevance=1),
        evidence("agency", SourceKind.STATEMENT, SUPPORTS, p=0.95, relevance=1),
    ]
    report = evidence(
        "report", SourceKind.NEWS, REFUTES, p=0.6, relevance=1, signal=Signal.SAYS_OPPOSITE
    )

    assert decide_ladder(YES_NO, officials).confidence >= 0.8
    contested = decide_ladder(YES_NO, [*officials, report])
    assert contested.label is VerdictLabel.SUPPORTED
    assert contested.confidence <= VERDICT.contested_cap < 0.8


def test_a_source_that_only_says_it_may_be_so_is_no_second_voice() -> None:
    paper = evidence("paper", SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1)
    maybe = evidence("wire", SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1, signal=Signal.HEDGES)
    firm = evidence("wire", SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1)

    assert decide_ladder(YES_NO, [paper, firm]).confidence >= 0.8
    assert decide_ladder(YES_NO, [paper, maybe]).confidence <= VERDICT.one_voice_cap


def test_a_party_speaking_of_its_own_acts_can_be_very_likely_never_certain() -> None:
    verdict = decide_ladder(
        TOLVEN,
        [
            evidence(
                "port",
                SourceKind.STATEMENT,
                SUPPORTS,
                p=0.97,
                relevance=1,
                publisher="Port Authority of Tolven",
            )
        ],
    )
    assert verdict.label is VerdictLabel.SUPPORTED
    assert 0.8 <= verdict.confidence <= VERDICT.primary_cap < 0.95


@pytest.mark.parametrize(
    ("publisher", "said"),
    [("Anonymous upload", "anonymous"), ("Residents for Fair Ferries", "campaigning")],
)
def test_an_anonymous_or_campaigning_source_alone_is_unconfirmed(publisher: str, said: str) -> None:
    verdict = decide(
        TOLVEN,
        [
            evidence(
                "claim", SourceKind.STATEMENT, SUPPORTS, p=0.97, relevance=1, publisher=publisher
            )
        ],
    )
    assert verdict.label is VerdictLabel.UNVERIFIED
    assert said in verdict.basis


def test_an_anonymous_denial_alone_refutes_nothing() -> None:
    verdict = decide(
        TOLVEN,
        [evidence("leak", SourceKind.STATEMENT, REFUTES, p=0.97, publisher="Anonymous")],
    )
    assert verdict.label is not VerdictLabel.REFUTED


def test_reports_that_repeat_one_study_do_not_outvote_a_rival_study() -> None:
    items = [
        evidence("study-a", SourceKind.ANALYSIS, SUPPORTS, p=0.9, publisher="Marsh Institute"),
        evidence("report-1", SourceKind.NEWS, SUPPORTS, p=0.9, publisher="Harbour Gazette"),
        evidence("report-2", SourceKind.NEWS, SUPPORTS, p=0.9, publisher="Valley Times"),
        evidence("study-b", SourceKind.ANALYSIS, REFUTES, p=0.9, publisher="Road Research Lab"),
    ]
    repeating = {
        "study-a": "The lanes cut injuries by a third.",
        "report-1": "A Marsh Institute study says the lanes cut injuries by a third.",
        "report-2": "According to the Marsh Institute, injuries fell by a third.",
        "study-b": "We found no change in injuries.",
    }
    independent = {**repeating, "report-1": "Our own count shows fewer injuries.", "report-2": ""}

    assert decide(YES_NO, items, texts=repeating).label is VerdictLabel.DISPUTED
    assert decide(YES_NO, items, texts=independent).label is VerdictLabel.SUPPORTED


def test_the_latest_source_decides_how_things_stand_now() -> None:
    asked_now = Query.plain(
        Claim("is darrow still the coach?", "darrow still the coach", QuestionType.YES_NO)
    )
    items = [
        evidence("profile", SourceKind.NEWS, SUPPORTS, p=0.9, published=date(2025, 1, 5)),
        evidence("sacking", SourceKind.NEWS, REFUTES, p=0.8, published=date(2025, 3, 1)),
    ]
    assert asked_now.present
    assert decide(asked_now, items).label is VerdictLabel.REFUTED


def test_how_things_stand_now_is_likely_at_most_when_only_older_reports_say_so() -> None:
    asked_now = Query.plain(
        Claim("is the strike still on?", "the strike still on", QuestionType.YES_NO)
    )
    began = [
        evidence("strike-begins", SourceKind.NEWS, SUPPORTS, p=0.9, published=date(2025, 9, 8)),
        evidence("union-call", SourceKind.STATEMENT, SUPPORTS, p=0.9, published=date(2025, 9, 8)),
    ]
    deal = evidence("deal-reached", SourceKind.NEWS, NEUTRAL, p=0.8, published=date(2025, 9, 19))

    assert decide_ladder(asked_now, began).confidence >= 0.8
    overtaken = decide_ladder(asked_now, [*began, deal])
    assert overtaken.label is VerdictLabel.SUPPORTED
    assert overtaken.confidence <= VERDICT.one_voice_cap
    asked_then = Query.plain(
        Claim("did the strike begin?", "the strike begin", QuestionType.YES_NO)
    )
    assert decide_ladder(asked_then, [*began, deal]).confidence >= 0.8


def test_how_things_stand_now_is_likely_at_most_when_only_older_reports_deny_it() -> None:
    asked_now = Query.plain(
        Claim(
            "can i pay online again or is it still down?",
            "i can pay online again",
            QuestionType.YES_NO,
        )
    )
    down = [
        evidence("outage", SourceKind.STATEMENT, REFUTES, p=0.9, published=date(2026, 10, 19)),
        evidence("report", SourceKind.NEWS, REFUTES, p=0.9, published=date(2026, 10, 20)),
    ]
    update = evidence("update", SourceKind.STATEMENT, NEUTRAL, p=0.8, published=date(2026, 11, 4))

    assert decide(asked_now, down).label is VerdictLabel.REFUTED
    verdict = decide(asked_now, [*down, update])
    assert verdict.label is VerdictLabel.REFUTED
    assert verdict.confidence <= VERDICT.one_voice_cap


FIGURE = Query.plain(
    Claim("how many boats were sold?", "boats were sold", QuestionType.WH, wh_word="how many")
)


def _figure(doc_id: str, *, attributed: bool, publisher: str | None = None) -> Evidence:
    item = evidence(
        doc_id, SourceKind.NEWS, NEUTRAL, relevance=0.7, attributed=attributed, publisher=publisher
    )
    return replace(item, sentence="8 boats were sold, an unnamed official said.")


def test_a_figure_that_only_an_anonymous_source_gave_is_unconfirmed() -> None:
    repeated = [_figure(f"outlet-{i}", attributed=True) for i in range(3)]
    verdict = decide(FIGURE, repeated)
    assert verdict.label is VerdictLabel.UNVERIFIED
    assert "well sourced" not in verdict.headline

    first_hand = [*repeated, _figure("registry", attributed=False)]
    assert decide(FIGURE, first_hand).label is VerdictLabel.SUPPORTED
    # A figure in words cannot be traced; then any first-hand answer will do.
    in_words = [replace(e, sentence="Eight boats were sold, a source said.") for e in repeated]
    assert decide(FIGURE, in_words).label is VerdictLabel.UNVERIFIED


def test_a_figure_given_first_hand_is_no_less_an_answer_for_a_post_giving_another() -> None:
    post = replace(
        evidence("post", SourceKind.SOCIAL, NEUTRAL, relevance=0.7),
        sentence="12 boats were sold, my mate says.",
    )
    registry = replace(_figure("registry", attributed=False), sentence="214 boats were sold.")

    # One source each: the first-hand figure answers, whichever source comes first.
    assert decide(FIGURE, [post, registry]).label is VerdictLabel.SUPPORTED
    # Outlets repeating one unnamed source's figure still outnumber it.
    repeated = [_figure(f"outlet-{i}", attributed=True) for i in range(2)]
    assert decide(FIGURE, [*repeated, registry]).label is VerdictLabel.UNVERIFIED


def test_the_figure_most_squarely_on_the_question_answers_when_given_first_hand() -> None:
    registry = replace(_figure("registry", attributed=False), sentence="214 boats were sold.")
    repeated = [_figure(f"outlet-{i}", attributed=True) for i in range(2)]

    # The statistics office's own figure in the passage most on the question answers, however
    # often outlets repeat another one less on the point; the reverse stays unconfirmed.
    closer = [*(replace(e, relevance=0.5) for e in repeated), replace(registry, relevance=0.8)]
    assert decide(FIGURE, closer).label is VerdictLabel.SUPPORTED
    further = [*(replace(e, relevance=0.8) for e in repeated), replace(registry, relevance=0.5)]
    assert decide(FIGURE, further).label is VerdictLabel.UNVERIFIED


def test_a_posts_time_stamp_is_no_figure_to_trace() -> None:
    when = Query.plain(
        Claim("when do the ferries return?", "the ferries return", QuestionType.WH, wh_word="when")
    )
    post = replace(
        evidence("post", SourceKind.SOCIAL, NEUTRAL, relevance=0.8),
        sentence="@harbour_watch · 22 Jul 2025 the ferries are a joke",
    )
    operator = replace(
        evidence("operator", SourceKind.STATEMENT, NEUTRAL, relevance=0.6),
        sentence="The ferries should be back in service by late 2028, once the pier is rebuilt.",
    )
    # The operator answers in words no figure can be read from; the post's stamp is no rival.
    assert decide(when, [post, operator]).label is VerdictLabel.SUPPORTED
    assert decide(when, [post]).label is VerdictLabel.UNVERIFIED


def test_a_source_on_the_subject_answers_in_chat_words_but_not_surely() -> None:
    # Chat words ("how many ppl didn't make it") pull relevance down; a source above the floor
    # (every name of the question in its document) answers, but one that gives no figure of
    # the kind asked only tentatively. Below the floor (a sibling passage found through its
    # document) only a figure of the kind asked answers.
    gives = replace(
        evidence("registry", SourceKind.STATEMENT, NEUTRAL, relevance=0.38),
        sentence="The registry said 8 boats were sold last year.",
    )
    silent = replace(gives, sentence="The registry keeps records of every sale.")

    assert decide(FIGURE, [gives]).label is VerdictLabel.SUPPORTED
    tentative = decide(FIGURE, [silent])
    assert tentative.label is VerdictLabel.SUPPORTED
    assert tentative.confidence < 0.55
    what = decide(WH, [replace(gives, sentence="Ferry Co bought the ferries.")])
    assert what.label is VerdictLabel.SUPPORTED
    assert what.confidence < 0.55

    sibling = replace(gives, relevance=0.33)
    assert decide(FIGURE, [sibling]).label is VerdictLabel.SUPPORTED
    assert decide(FIGURE, [replace(sibling, sentence=silent.sentence)]).label is (
        VerdictLabel.NO_EVIDENCE
    )


def test_a_rumour_only_relayed_is_unconfirmed_not_uncovered() -> None:
    relayed = evidence("gossip", SourceKind.NEWS, NEUTRAL, relevance=0.55, attributed=True)
    far = evidence("gossip", SourceKind.NEWS, NEUTRAL, relevance=0.45, attributed=True)

    assert decide(YES_NO, [relayed]).label is VerdictLabel.UNVERIFIED
    assert decide(YES_NO, [far]).label is VerdictLabel.NO_EVIDENCE


def test_a_piece_on_unnamed_sources_squarely_about_the_claim_relays_it() -> None:
    # No reading finds the claim in the tabloid's words ("set to cross the border" for
    # "ditching the channel"), but a piece that rests on "a source said", about the claim,
    # is the rumour: "Unconfirmed", not "Not covered". A credible piece on named sources, as
    # near, is not; nor is the same tabloid further from the claim.
    tabloid = saying(
        evidence("tabloid", SourceKind.NEWS, NEUTRAL, relevance=0.58, signal=Signal.NOT_ADDRESSED),
        "She is set to cross the border, a source close to the presenter told us.",
    )
    named = saying(tabloid, "She is set to cross the border, her agent told us.")
    far = replace(tabloid, relevance=0.5)

    verdict = decide(YES_NO, [tabloid])

    assert verdict.label is VerdictLabel.UNVERIFIED
    assert cited(verdict.evidence) == ["tabloid"]
    assert decide(YES_NO, [named]).label is VerdictLabel.NO_EVIDENCE
    assert decide(YES_NO, [far]).label is VerdictLabel.NO_EVIDENCE


def test_an_anonymous_post_squarely_about_the_claim_relays_it() -> None:
    # The same for a source no one stands behind: an anonymous news upload.
    upload = evidence(
        "upload",
        SourceKind.NEWS,
        NEUTRAL,
        relevance=0.6,
        publisher="Anonymous",
        signal=Signal.NOT_ADDRESSED,
    )
    assert decide(YES_NO, [upload]).label is VerdictLabel.UNVERIFIED


def test_a_story_the_sources_cover_without_settling_it_is_unconfirmed_not_uncovered() -> None:
    about = evidence("paper", SourceKind.NEWS, NEUTRAL, relevance=0.7, signal=Signal.NOT_ADDRESSED)
    near = replace(about, relevance=0.5)
    # A passage with the claim's subject and not its point does not cover the claim.
    beside = replace(about, stance=replace(about.stance, off_point=True))

    verdict = decide(YES_NO, [about])
    assert verdict.label is VerdictLabel.UNVERIFIED
    assert verdict.basis == "Discussed in 1 news report; none of them confirms or denies it."
    assert cited(verdict.evidence) == ["paper"]
    assert decide(YES_NO, [near]).label is VerdictLabel.NO_EVIDENCE
    assert decide(YES_NO, [beside]).label is VerdictLabel.NO_EVIDENCE


def test_no_evidence_names_what_the_sources_never_mention() -> None:
    verdict = decide(YES_NO, [], unmatched=("Norway",))
    assert verdict.label is VerdictLabel.NO_EVIDENCE
    assert "Norway" in verdict.basis


def test_a_fact_check_that_found_it_unproven_outweighs_one_voice() -> None:
    report = evidence("paper", SourceKind.NEWS, SUPPORTS, p=0.95, relevance=0.9)
    unproven = evidence("checkers", SourceKind.FACTCHECK, NEUTRAL, signal=Signal.UNCONFIRMED)
    second = evidence("wire", SourceKind.NEWS, SUPPORTS, p=0.95, relevance=0.9)

    assert decide(YES_NO, [report, unproven]).label is VerdictLabel.UNVERIFIED
    both = decide(YES_NO, [report, second, unproven])
    assert both.label is VerdictLabel.SUPPORTED
    assert both.confidence <= VERDICT.one_voice_cap


def test_a_credible_source_saying_the_findings_conflict_makes_it_disputed() -> None:
    items = [
        evidence("review-a", SourceKind.STATEMENT, REFUTES, p=0.9),
        evidence("report", SourceKind.NEWS, REFUTES, p=0.9),
        evidence("roundup", SourceKind.NEWS, NEUTRAL, p=0.5, signal=Signal.MIXED),
    ]
    assert decide(YES_NO, items).label is VerdictLabel.DISPUTED
    assert decide(YES_NO, items[:2]).label is VerdictLabel.REFUTED


def test_a_source_whose_text_says_elsewhere_that_the_findings_conflict_makes_it_disputed() -> None:
    sides = [
        evidence("review-a", SourceKind.STATEMENT, REFUTES, p=0.9),
        evidence("report", SourceKind.NEWS, REFUTES, p=0.9),
    ]

    def roundup(kind: SourceKind, text: str) -> Evidence:
        # a passage of a source on the story, read as not addressing the claim itself
        return saying(evidence("roundup", kind, NEUTRAL, p=0.5, signal=Signal.NOT_ADDRESSED), text)

    conflict = "Two studies of the sale reached opposite conclusions."
    disputed = decide(YES_NO, [*sides, roundup(SourceKind.ANALYSIS, conflict)])
    assert disputed.label is VerdictLabel.DISPUTED
    assert conflict in [e.sentence for e in disputed.evidence]  # quoted where it says so
    other = decide(YES_NO, [*sides, roundup(SourceKind.ANALYSIS, "Ferries and fares.")])
    assert other.label is VerdictLabel.REFUTED
    # a post saying so is someone's impression, not a finding
    assert decide(YES_NO, [*sides, roundup(SourceKind.SOCIAL, conflict)]).label is (
        VerdictLabel.REFUTED
    )


def test_a_credible_source_squarely_on_the_claim_saying_findings_conflict_is_a_dispute() -> None:
    # No reading takes a side (each study says it in its own words), but a credible source
    # about the claim says the two conflict: "Disputed", not "Not covered".
    conflict = "The canton and the university reached opposite conclusions about the bloom."
    roundup = saying(
        evidence("roundup", SourceKind.NEWS, NEUTRAL, relevance=0.6, signal=Signal.NOT_ADDRESSED),
        conflict,
    )
    verdict = decide(YES_NO, [roundup])
    assert verdict.label is VerdictLabel.DISPUTED
    assert conflict in [e.sentence for e in verdict.evidence]
    # Further from the claim, it may be about another claim of the story; a post saying so
    # is someone's impression, not a finding.
    assert decide(YES_NO, [replace(roundup, relevance=0.5)]).label is VerdictLabel.NO_EVIDENCE
    post = saying(evidence("post", SourceKind.SOCIAL, NEUTRAL, relevance=0.6), conflict)
    assert decide(YES_NO, [post]).label is not VerdictLabel.DISPUTED


def test_a_conflict_between_a_weak_source_and_credible_ones_leaves_the_claim_refuted() -> None:
    # A campaign figure ("40 eagles a year") that two credible sources reject, with a report
    # that "two very different pictures emerged": nothing credible speaks for the claim.
    rejecting = [
        evidence("wildlife-dept", SourceKind.STATEMENT, REFUTES, p=0.9),
        evidence("operator", SourceKind.STATEMENT, REFUTES, p=0.9),
    ]
    roundup = evidence("roundup", SourceKind.NEWS, NEUTRAL, p=0.5, signal=Signal.MIXED)
    campaign = evidence("campaign", SourceKind.SOCIAL, NEUTRAL, relevance=0.7)
    verdict = decide(YES_NO, [*rejecting, roundup, campaign])
    assert verdict.label is VerdictLabel.REFUTED
    assert verdict.confidence <= VERDICT.one_voice_cap  # someone disputes it: "Likely" at most
    # Between credible sources only, a side the readings missed is still a side.
    assert decide(YES_NO, [*rejecting, roundup]).label is VerdictLabel.DISPUTED


def test_a_relevant_social_post_makes_a_rumour_unconfirmed_not_uncovered() -> None:
    post = evidence("post", SourceKind.SOCIAL, NEUTRAL, relevance=0.8)
    assert decide(YES_NO, [post]).label is VerdictLabel.UNVERIFIED


def test_a_campaigns_denial_alone_is_unconfirmed_and_cited() -> None:
    denial = evidence("campaign", SourceKind.STATEMENT, REFUTES, p=0.9, publisher="Lowe for Mayor")
    verdict = decide(YES_NO, [denial])
    assert verdict.label is VerdictLabel.UNVERIFIED
    assert cited(verdict.evidence) == ["campaign"]


def test_an_unsettled_answer_does_not_blame_a_missing_name() -> None:
    unsettled = evidence("paper", SourceKind.NEWS, NEUTRAL, relevance=0.5)
    verdict = decide(YES_NO, [unsettled], unmatched=("Norway",))
    assert verdict.label is VerdictLabel.NO_EVIDENCE
    assert "Norway" not in verdict.basis


def test_a_credible_report_that_the_rumour_is_untrue_outweighs_the_rumour_repeated() -> None:
    rumour = evidence("post", SourceKind.SOCIAL, SUPPORTS, relevance=0.9)
    denial = evidence("paper", SourceKind.NEWS, REFUTES, relevance=0.6, signal=Signal.DENIES)

    verdict = decide(YES_NO, [rumour, denial])
    alone = decide(YES_NO, [rumour])

    assert verdict.label is VerdictLabel.REFUTED
    assert verdict.confidence <= VERDICT.one_voice_cap
    assert "paper" in cited(verdict.evidence)
    assert alone.label is VerdictLabel.UNVERIFIED


def test_a_report_that_it_is_not_confirmed_keeps_a_rumour_unconfirmed_despite_a_doubt() -> None:
    rumour = evidence("post", SourceKind.SOCIAL, SUPPORTS, relevance=0.9)
    doubt = evidence("paper", SourceKind.NEWS, REFUTES, relevance=0.6, signal=Signal.DOUBTS)
    unsure = evidence("desk", SourceKind.NEWS, NEUTRAL, p=0.7, signal=Signal.UNCONFIRMED)

    assert decide(YES_NO, [rumour, doubt, unsure]).label is VerdictLabel.UNVERIFIED


def test_a_post_is_no_second_voice_toward_very_likely() -> None:
    report = evidence("paper", SourceKind.NEWS, REFUTES, p=0.95, relevance=0.9)
    post = evidence("post", SourceKind.SOCIAL, REFUTES, p=0.95, relevance=0.9)
    wire = evidence("wire", SourceKind.NEWS, REFUTES, p=0.95, relevance=0.9)

    with_post = decide(YES_NO, [report, post])
    assert with_post.label is VerdictLabel.REFUTED
    assert with_post.confidence <= VERDICT.one_voice_cap
    assert decide(YES_NO, [report, wire]).confidence > VERDICT.one_voice_cap


def test_a_party_denying_its_own_acts_alone_is_one_voice() -> None:
    asked = replace(
        Query.plain(
            Claim(
                "is greyling homes funding the trust?",
                "greyling homes funding the trust",
                QuestionType.YES_NO,
            )
        ),
        names=(Name("greyling homes", ("greyling",), frozenset({"greyl"}), True),),
    )
    confirms = evidence(
        "company", SourceKind.STATEMENT, SUPPORTS, p=0.95, relevance=0.9, publisher="Greyling Homes"
    )
    denies = evidence(
        "company", SourceKind.STATEMENT, REFUTES, p=0.95, relevance=0.9, publisher="Greyling Homes"
    )

    assert decide_ladder(asked, [confirms]).confidence > VERDICT.one_voice_cap
    denied = decide_ladder(asked, [denies])
    assert denied.label is VerdictLabel.REFUTED
    assert denied.confidence <= VERDICT.one_voice_cap


def test_a_figure_question_no_source_answers_with_a_figure_is_likely_at_most() -> None:
    figure = evidence("paper", SourceKind.NEWS, NEUTRAL, relevance=0.95)
    other = evidence("wire", SourceKind.STATEMENT, NEUTRAL, relevance=0.95)
    in_words = [
        saying(figure, "Many boats were sold, staff say."),
        saying(other, "The sale of boats went ahead on Monday."),
    ]
    with_number = saying(in_words[1], "Eight boats were sold on Monday.")

    assert decide(FIGURE, in_words).confidence <= VERDICT.one_voice_cap
    assert decide(FIGURE, [in_words[0], with_number]).confidence > VERDICT.one_voice_cap


# -- plain readings alone ------------------------------------------------------------------


def test_a_true_or_false_verdict_on_plain_readings_alone_is_roughly_even_odds() -> None:
    stated = [
        evidence("paper", SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1),
        evidence("wire", SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1),
        evidence("ministry", SourceKind.STATEMENT, SUPPORTS, p=0.97, relevance=1),
    ]
    read_against = [
        evidence(
            e.hit.source.doc_id,
            e.hit.source.kind,
            REFUTES,
            p=0.97,
            relevance=1,
            signal=Signal.MODEL_REFUTES,
        )
        for e in stated
    ]
    for sources, label in ((stated, VerdictLabel.SUPPORTED), (read_against, VerdictLabel.REFUTED)):
        verdict = decide(YES_NO, sources)
        assert verdict.label is label
        assert verdict.confidence == VERDICT.reading_only_cap
        assert verdict.headline == "Roughly even odds"
        lean = "leans true" if label is VerdictLabel.SUPPORTED else "leans false"
        assert lean in verdict.basis
        # the ladder alone would have said "Likely" (the model's readings) or "Very likely"
        assert decide_ladder(YES_NO, sources).confidence >= VERDICT.model_only_cap


def test_a_cue_on_the_winning_side_lifts_the_plain_reading_cap() -> None:
    denied = [
        evidence(
            "ministry", SourceKind.STATEMENT, REFUTES, p=0.95, relevance=1, signal=Signal.DENIES
        ),
        evidence(
            "wire", SourceKind.NEWS, REFUTES, p=0.95, relevance=1, signal=Signal.MODEL_REFUTES
        ),
    ]
    verdict = decide(YES_NO, denied)
    assert verdict.label is VerdictLabel.REFUTED
    assert verdict.confidence > VERDICT.reading_only_cap
    assert "leans" not in verdict.basis


def test_an_answer_to_a_what_question_is_not_held_to_the_plain_reading_cap() -> None:
    verdict = decide(WH, [evidence("paper", SourceKind.NEWS, SUPPORTS, p=0.97, relevance=1)])
    assert verdict.label is VerdictLabel.SUPPORTED
    assert verdict.confidence > VERDICT.reading_only_cap


# -- what "Very likely" rests on -------------------------------------------------------------


def test_a_source_only_the_model_reads_as_agreeing_is_no_second_voice() -> None:
    denial = evidence(
        "ministry", SourceKind.STATEMENT, REFUTES, p=0.95, relevance=1, signal=Signal.DENIES
    )
    reads_against = [
        evidence(name, SourceKind.NEWS, REFUTES, p=0.95, relevance=1, signal=Signal.MODEL_REFUTES)
        for name in ("wire", "paper")
    ]
    second_denial = evidence(
        "embassy", SourceKind.STATEMENT, REFUTES, p=0.95, relevance=1, signal=Signal.DENIES
    )

    one_worded = decide(YES_NO, [denial, *reads_against])
    assert one_worded.label is VerdictLabel.REFUTED
    assert one_worded.confidence <= VERDICT.one_voice_cap < 0.8
    two_worded = decide(YES_NO, [denial, second_denial, *reads_against])
    assert two_worded.label is VerdictLabel.REFUTED
    assert two_worded.confidence >= 0.8


def _later_statements(signal: Signal, *names: str) -> list[Evidence]:
    """Official statements, one per name, that say otherwise on 14 October (`signal`)."""
    return [
        evidence(
            name,
            SourceKind.STATEMENT,
            REFUTES,
            p=0.95,
            relevance=1,
            signal=signal,
            published=date(2026, 10, 14),
        )
        for name in names
    ]


def test_other_figures_against_a_credible_source_with_the_claims_figure_are_likely_at_most() -> (
    None
):
    estimate = evidence(
        "institute",
        SourceKind.ANALYSIS,
        SUPPORTS,
        p=0.8,
        relevance=0.4,
        published=date(2026, 10, 1),
    )
    other_figures = _later_statements(Signal.DIFFERENT_FIGURE, "watchdog", "ministry")
    denials = _later_statements(Signal.DENIES, "watchdog", "ministry")

    # The estimate weighs less than a side in a dispute must: a denial then wins "Very likely",
    # other figures only "Likely".
    assert decide(YES_NO, [estimate, *denials]).confidence >= 0.8
    disputed_figure = decide(YES_NO, [estimate, *other_figures])
    assert disputed_figure.label is VerdictLabel.REFUTED
    assert disputed_figure.confidence <= VERDICT.contested_cap < 0.8


def test_an_answer_a_fact_check_found_unsettled_is_likely_at_most() -> None:
    answers = [
        evidence("ministry", SourceKind.STATEMENT, SUPPORTS, p=0.95, relevance=1),
        evidence("wire", SourceKind.NEWS, SUPPORTS, p=0.95, relevance=1),
    ]
    unproven = evidence("checkers", SourceKind.FACTCHECK, NEUTRAL, signal=Signal.UNCONFIRMED)

    assert decide(WH, answers).confidence >= 0.8
    unsettled = decide(WH, [*answers, unproven])
    assert unsettled.label is VerdictLabel.SUPPORTED
    assert unsettled.confidence <= VERDICT.one_voice_cap


def test_rival_figures_each_given_by_two_publishers_keep_the_answer_likely() -> None:
    def says(doc_id: str, kind: SourceKind, sentence: str) -> Evidence:
        item = evidence(doc_id, kind, NEUTRAL, relevance=0.9)
        passage = replace(item.hit.passage, text=sentence)
        return replace(item, hit=replace(item.hit, passage=passage), sentence=sentence)

    ministry = says("ministry", SourceKind.STATEMENT, "About 340 boats were sold, by our count.")
    wire = says("wire", SourceKind.NEWS, "The ministry says 340 boats were sold.")
    institute = says("institute", SourceKind.ANALYSIS, "We find that 1,000 boats were sold.")
    quoted = says("ministry", SourceKind.STATEMENT, "The institute puts it at 1,000 boats.")
    stray = says("registry", SourceKind.STATEMENT, "The yard built 12,000 boats in all.")

    assert decide(FIGURE, [ministry, wire, stray]).confidence >= 0.8
    contested = decide(FIGURE, [ministry, wire, institute, quoted])
    assert contested.label is VerdictLabel.SUPPORTED
    assert contested.confidence <= VERDICT.one_voice_cap


def test_a_credible_report_a_later_statement_contradicts_still_keeps_the_answer_likely() -> None:
    report = evidence(
        "paper", SourceKind.NEWS, SUPPORTS, p=0.9, relevance=1, published=date(2026, 10, 1)
    )
    denials = _later_statements(Signal.DENIES, "ministry", "agency")
    # The later statements halve the report's weight as evidence; that they settle it is what
    # the verdict concludes, so as a party to the dispute the report weighs in full.
    verdict = decide(YES_NO, [report, *denials])
    assert verdict.label is VerdictLabel.REFUTED
    assert verdict.confidence <= VERDICT.contested_cap < 0.8
    # ... unless its own publisher took it back
    walked_back = replace(
        denials[0],
        hit=replace(
            denials[0].hit, source=replace(denials[0].hit.source, publisher="Publisher of paper")
        ),
    )
    assert decide(YES_NO, [report, walked_back, denials[1]]).confidence >= 0.8


def test_a_correction_notice_on_the_story_is_the_correction_asked_about() -> None:
    asked = Query.plain(
        Claim(
            "did the paper walk back its ferry story?",
            "the paper correct its ferry story",
            QuestionType.YES_NO,
        )
    )
    # The notice ("the article has been amended") shares few of the question's words; the
    # passage that does restates the error it corrects, a relayed claim.
    notice = evidence(
        "notice", SourceKind.CORRECTION, NEUTRAL, relevance=0.6, signal=Signal.JUDGES_OTHER
    )
    restated = evidence("notice", SourceKind.CORRECTION, SUPPORTS, relevance=0.6, attributed=True)

    verdict = decide(asked, [notice, restated])
    assert verdict.label is VerdictLabel.SUPPORTED
    assert cited(verdict.evidence) == ["notice"]
    # Not a notice squarely on the story, or not a correction at all: nothing says it was.
    assert decide(asked, [replace(notice, relevance=0.4)]).label is not VerdictLabel.SUPPORTED
    news = evidence("paper", SourceKind.NEWS, NEUTRAL, relevance=0.6, signal=Signal.JUDGES_OTHER)
    assert decide(asked, [news]).label is not VerdictLabel.SUPPORTED
    # A claim of fact is not answered by the notice's existence.
    fact = Query.plain(Claim("did the ferry sink?", "the ferry sank", QuestionType.YES_NO))
    assert decide(fact, [notice, restated]).label is not VerdictLabel.SUPPORTED


def test_the_models_reading_of_a_passage_not_squarely_on_the_claim_is_no_support() -> None:
    floor = VERDICT.model_support_relevance

    def read(relevance: float, label: StanceLabel, signal: Signal) -> VerdictLabel:
        item = evidence("paper", SourceKind.NEWS, label, p=0.9, relevance=relevance, signal=signal)
        return decide(YES_NO, [item]).label

    below, above = floor - 0.1, floor + 0.05
    # the model's reading of a passage on the same company or place: not a supporter
    assert read(below, SUPPORTS, Signal.MODEL_SUPPORTS) is VerdictLabel.NO_EVIDENCE
    assert read(above, SUPPORTS, Signal.MODEL_SUPPORTS) is VerdictLabel.SUPPORTED
    # the rules finding the claim stated, and the model reading it contradicted, still count
    assert read(below, SUPPORTS, Signal.STATES) is VerdictLabel.SUPPORTED
    assert read(below, REFUTES, Signal.MODEL_REFUTES) is VerdictLabel.REFUTED
