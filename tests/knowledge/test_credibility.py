"""Credibility: who stands behind a source, and which sources repeat which."""

from __future__ import annotations

import pytest

from knowledge.credibility import Standing, assess, independent_groups, voice
from knowledge.models import Claim, QuestionType, SourceKind, SourceMeta
from knowledge.query import Name, Query

CLAIM = Claim("did tolven sell its ferries?", "tolven sell its ferries", QuestionType.YES_NO)
QUERY = Query(
    claim=CLAIM,
    text=CLAIM.text,
    names=(Name("tolven", ("tolven",), frozenset({"tolven"}), True),),
)


def source(
    publisher: str,
    kind: SourceKind = SourceKind.NEWS,
    *,
    doc_id: str = "doc",
    author: str | None = None,
) -> SourceMeta:
    return SourceMeta(doc_id, "A title", publisher, kind, author=author)


@pytest.mark.parametrize(
    ("publisher", "author", "standing"),
    [
        ("Harbour Gazette", None, Standing.INDEPENDENT),
        ("Unknown publisher", None, Standing.ANONYMOUS),
        ("Anonymous", None, Standing.ANONYMOUS),
        ("", None, Standing.ANONYMOUS),
        ("Anonymous upload", None, Standing.ANONYMOUS),
        ("Harbour Gazette", "anonymous", Standing.ANONYMOUS),
        ("Harbour Gazette", "", Standing.INDEPENDENT),
        ("Residents for Fair Ballots", None, Standing.ADVOCATE),
        ("Save Our Ferries Campaign", None, Standing.ADVOCATE),
        ("Coalition for Cleaner Harbours", None, Standing.ADVOCATE),
        ("Port Authority of Tolven", None, Standing.PRIMARY),
        ("Tolven Residents for Fair Fares", None, Standing.ADVOCATE),
        # Bodies named for the members they speak for have a stake, even on their own town.
        ("Tolven Hotels Association", None, Standing.ADVOCATE),
        ("Tolven Ferrymen's Union", None, Standing.ADVOCATE),
        ("Union of Tolven Dockers", None, Standing.ADVOCATE),
        # ... but not a wire service, a governing body or a bloc of states.
        ("Press Association", None, Standing.INDEPENDENT),
        ("Tolven Athletics Federation", None, Standing.PRIMARY),
        ("European Union", None, Standing.INDEPENDENT),
    ],
)
def test_standing_from_the_registry_entry_and_the_claim(
    publisher: str, author: str | None, standing: Standing
) -> None:
    assert assess(source(publisher, author=author), QUERY).standing is standing


def test_only_named_sources_and_parties_are_credible() -> None:
    assert assess(source("Harbour Gazette"), QUERY).credible
    assert assess(source("Port Authority of Tolven"), QUERY).credible
    assert not assess(source("Anonymous"), QUERY).credible
    assert not assess(source("Residents for Fair Ballots"), QUERY).credible


def test_a_social_post_speaks_for_its_account_not_its_platform() -> None:
    one = source("Chirper", SourceKind.SOCIAL, doc_id="a", author="@harbour_fan")
    two = source("Chirper", SourceKind.SOCIAL, doc_id="b", author="@ferry_watch")
    assert voice(one) != voice(two)
    assert voice(source("Harbour Gazette", doc_id="c")) == voice(
        source("harbour gazette", doc_id="d")
    )


def test_a_report_that_names_another_sources_publisher_repeats_it() -> None:
    study = source("Marsh Institute", SourceKind.ANALYSIS, doc_id="study")
    report = source("Harbour Gazette", doc_id="report")
    other = source("Valley Times", doc_id="other")
    texts = {
        "study": "Injuries fell by a third, the study found.",
        "report": "A study by the Marsh Institute found injuries fell by a third.",
        "other": "Injuries fell by a third on the new lanes, council figures show.",
    }

    groups = independent_groups([study, report, other], texts)

    ids = sorted(sorted(s.doc_id for s in group) for group in groups)
    assert ids == [["other"], ["report", "study"]]


def test_one_publishers_pieces_are_one_voice() -> None:
    first = source("Harbour Gazette", doc_id="a")
    second = source("Harbour Gazette", doc_id="b")
    groups = independent_groups([first, second], {"a": "x", "b": "y"})
    assert len(groups) == 1


def test_reports_giving_one_studys_figure_repeat_it_even_unnamed() -> None:
    first = source("Harbour Gazette", doc_id="a")
    second = source("Valley Times", doc_id="b")
    third = source("Coast Post", doc_id="c")
    figures = {"a": frozenset({"percent:30"}), "b": frozenset({"percent:30"}), "c": frozenset()}

    groups = independent_groups([first, second, third], {}, figures)

    assert sorted(sorted(s.doc_id for s in g) for g in groups) == [["a", "b"], ["c"]]
