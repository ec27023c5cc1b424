"""The Desk end to end with the real model, embedded Chroma and BM25: sources in, answers out.
Tests that load sources run with the registry on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from knowledge import (
    MAX_TEXT_CHARS,
    Desk,
    MetaDefaults,
    QuestionError,
    ScopeError,
    SourceKind,
    UnknownSourceError,
    VerdictLabel,
)
from knowledge.embeddings import MiniLMEmbeddings
from knowledge.judge import RELEVANCE_FLOOR
from knowledge.models import Stance, StanceLabel
from knowledge.stance import EvidenceText
from knowledge.stance.hybrid import HybridStance
from tests.conftest import SAMPLE_CORPUS

KAZAKH = "did the US buy Kazakh jets?"
DENIAL_STATEMENTS = {"kz-embassy-us-statement", "kz-kazspetsexport-denial"}


@pytest.fixture
def database_url(backend_database_url: str | None) -> str | None:
    return backend_database_url


def _doc(doc_id: str, body: str, *, kind: str = "news", title: str = "A report") -> str:
    return (
        f'---\nid: {doc_id}\ntitle: "{title}"\npublisher: "Test Gazette"\n'
        f"published: 2024-05-01\nkind: {kind}\n---\n{body}\n"
    )


def test_kazakh_question_is_refuted_citing_the_denials(sample_desk: Desk) -> None:
    answer = sample_desk.ask(KAZAKH)
    assert answer.verdict is VerdictLabel.REFUTED
    cited = {c.doc_id for c in answer.citations}
    assert cited & DENIAL_STATEMENTS, cited
    assert any(c.kind is SourceKind.STATEMENT for c in answer.citations)
    assert "false" in answer.headline.lower()
    assert len(answer.text) <= MAX_TEXT_CHARS


def test_every_key_point_quotes_its_cited_passage(sample_desk: Desk) -> None:
    answer = sample_desk.ask(KAZAKH)
    for citation in answer.citations:
        assert f"[{citation.n}]" in answer.text
        source, passages = sample_desk.source(citation.doc_id)
        body = " ".join(" ".join(p.text.split()) for p in passages)
        quote = citation.quote.removesuffix("…")
        assert quote in body, (citation.doc_id, quote)
        assert source.meta.title in answer.text or citation.url in answer.text


def test_unrelated_question_has_no_evidence_and_cites_nothing(sample_desk: Desk) -> None:
    answer = sample_desk.ask("who won the chess olympiad in 2022?")
    assert answer.verdict is VerdictLabel.NO_EVIDENCE
    assert answer.citations == ()
    assert "add" in answer.text.lower()


def test_casual_phrasing_and_typos_find_the_same_story(sample_desk: Desk) -> None:
    answer = sample_desk.ask("wait did kazakstan really flog 117 old jets to the americans??")
    assert answer.verdict is VerdictLabel.REFUTED
    assert {c.doc_id for c in answer.citations} & {
        "kz-factcheck-lantern",
        "kz-embassy-us-statement",
        "kz-kazspetsexport-denial",
        "kz-steppemonitor-denials",
        "kz-eurasiawire-correction",
    }


def test_answer_json_has_the_documented_shape(sample_desk: Desk) -> None:
    data = sample_desk.ask(KAZAKH).to_dict()
    assert set(data) == {
        "question",
        "claim",
        "verdict",
        "confidence",
        "headline",
        "text",
        "citations",
        "timings_ms",
    }
    assert set(data["citations"][0]) == {
        "n",
        "doc_id",
        "title",
        "publisher",
        "published",
        "url",
        "kind",
        "quote",
    }
    assert 0.0 <= data["confidence"] <= 1.0
    assert data["timings_ms"]["total"] > 0


@pytest.mark.parametrize("question", ["", "   ", "?!", "x" * 10_000])
def test_bad_questions_get_a_clear_error(sample_desk: Desk, question: str) -> None:
    with pytest.raises(QuestionError) as caught:
        sample_desk.ask(question)
    message = str(caught.value)
    assert "empty" in message or "limit is 500" in message


def test_bad_scope_is_refused(desk: Desk) -> None:
    with pytest.raises(ScopeError, match="letters, digits"):
        desk.ask(KAZAKH, scope="../etc")


def test_reingest_is_a_no_op_and_changes_replace(desk: Desk, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    path = folder / "a.md"
    path.write_text(_doc("story-a", "The mayor of Tarnby opened the new bridge on Monday."))
    first = desk.ingest([str(folder)])
    assert first.added == ("story-a",)
    again = desk.ingest([str(folder)])
    assert again.unchanged == ("story-a",)
    assert not again.added
    assert not again.replaced
    old_ids = {p.passage_id for p in desk.source("story-a")[1]}

    path.write_text(_doc("story-a", "The mayor of Tarnby closed the old bridge on Tuesday."))
    changed = desk.ingest([str(folder)])
    assert changed.replaced == ("story-a",)
    _source, passages = desk.source("story-a")
    assert "closed the old bridge" in passages[0].text
    assert not old_ids & {p.passage_id for p in passages}
    assert desk.dense.ids("default") == {p.passage_id for p in passages}


def test_failed_documents_leave_the_index_as_it_was(desk: Desk, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "good.md").write_text(_doc("good", "Harbour ferries will run every hour in summer."))
    desk.ingest([str(folder)])
    before = (desk.sources(), desk.dense.ids("default"))

    (folder / "empty.md").write_text("")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "bad-front.md").write_text("---\nid: x\nkind: blog\n---\nBody.\n")
    (folder / "latin.txt").write_bytes("Caf\xe9 prices rose.".encode("latin-1"))
    report = desk.ingest([str(folder)])

    assert len(report.failed) == 4
    messages = " ".join(f.message for f in report.failed)
    for fragment in ("is empty", "binary", "'kind' must be one of", "not UTF-8"):
        assert fragment in messages
    assert (desk.sources(), desk.dense.ids("default")) == before


def test_duplicate_ids_in_one_load_keep_the_first(desk: Desk, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "1.md").write_text(_doc("same-id", "The first version says the pool reopened."))
    (folder / "2.md").write_text(_doc("same-id", "The second version says the pool closed."))
    report = desk.ingest([str(folder)])
    assert report.added == ("same-id",)
    assert len(report.failed) == 1
    assert "is also used by" in report.failed[0].message
    assert "reopened" in desk.source("same-id")[1][0].text


def test_remove_deletes_passages_and_vectors(desk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(_doc("gone-soon", "A short item about a village fete in Marlow."))
    desk.ingest([str(path)])
    desk.remove("gone-soon", actor="tester")
    assert desk.sources() == []
    assert desk.dense.ids("default") == set()
    with pytest.raises(UnknownSourceError, match="sources list"):
        desk.source("gone-soon")
    actions = [e.action for e in desk.journal()]
    assert actions[:2] == ["remove", "add"]


def test_pasted_text_is_a_source(desk: Desk) -> None:
    report = desk.add_text(
        "The library on Quay Street will close for repairs from 3 June to 14 June.",
        defaults=MetaDefaults(
            title="Library closure", publisher="Town Hall", kind=SourceKind.STATEMENT
        ),
        loaded_by="moderator#1",
    )
    assert report.ok
    assert len(report.added) == 1
    answer = desk.ask("is the quay street library closing in june?")
    assert answer.verdict is VerdictLabel.SUPPORTED
    assert answer.citations[0].publisher == "Town Hall"


def test_scopes_keep_corpora_apart(desk: Desk, tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(_doc("only-here", "The Quillby tram line opened to passengers on 2 May."))
    desk.ingest([str(path)], scope="guild-1")
    assert desk.sources("guild-1")
    assert not desk.sources("guild-2")
    elsewhere = desk.ask("did the quillby tram line open?", scope="guild-2")
    assert elsewhere.verdict is VerdictLabel.NO_EVIDENCE


def test_sample_corpus_folder_loads_cleanly(sample_desk: Desk) -> None:
    ids = {s.meta.doc_id for s in sample_desk.sources()}
    assert len(ids) == len(list(SAMPLE_CORPUS.glob("*.md")))
    assert ids >= DENIAL_STATEMENTS


def test_ingest_ask_and_remove_end_to_end(desk: Desk) -> None:
    """The whole way through on each backend: load the sample corpus, answer from it, keep
    the answer and a vote, remove a cited source, and answer without it."""
    report = desk.ingest([str(SAMPLE_CORPUS)], loaded_by="moderator#1")
    assert report.ok
    assert len(report.added) == len(list(SAMPLE_CORPUS.glob("*.md")))
    assert desk.dense.ids("default") == {p.passage_id for p in desk.registry.passages("default")}

    answer = desk.ask(KAZAKH)
    assert answer.verdict is VerdictLabel.REFUTED
    answer_id = desk.usage.record("default", answer, asked_by="member#1")
    desk.usage.vote(answer_id, "member#2", helpful=True)
    assert desk.usage.stats("default").helpful == 1

    cited = answer.citations[0].doc_id
    desk.remove(cited, actor="moderator#1")
    again = desk.ask(KAZAKH)
    assert cited not in {c.doc_id for c in again.citations}
    assert desk.status().sources == len(report.added) - 1
    assert [e.action for e in desk.journal(limit=1)] == ["remove"]
    assert desk.ingest([str(SAMPLE_CORPUS)]).added == (cited,)


class _CountingStance:
    """The shipped cross-encoder, counting the passages it is asked to read."""

    def __init__(self) -> None:
        from knowledge.stance.crossencoder import CrossEncoderStance

        self.model = CrossEncoderStance()
        self.name = self.model.name
        self.asked = 0

    def predict(self, claim: str, evidence: Sequence[EvidenceText]) -> list[Stance]:
        self.asked += len(evidence)
        return self.model.predict(claim, evidence)


def test_a_what_question_is_answered_by_the_rules_without_the_models_pairs(
    sample_desk: Desk, embeddings: MiniLMEmbeddings
) -> None:
    counting = _CountingStance()
    with Desk(sample_desk.settings, embeddings=embeddings, stance=HybridStance(counting)) as desk:
        what = desk.ask("what did the pentagon say about the kazakh jets")
        assert what.verdict is VerdictLabel.SUPPORTED
        assert "declined to comment" in what.text
        assert counting.asked == 0

        desk.ask(KAZAKH)
        assert counting.asked > 0  # a yes/no question's plain passages are the model's


def test_a_source_saying_two_studies_disagree_makes_it_disputed_and_is_quoted(
    desk: Desk, tmp_path: Path
) -> None:
    folder = tmp_path / "trial"
    folder.mkdir()
    docs = {
        "uni-trial": (
            "news",
            "Larch Bay University study: warm baths ease knee pain",
            "A study by Larch Bay University found that warm spring baths eased knee pain in "
            "patients with arthritis. Patients who bathed daily reported less pain after six "
            "weeks.",
        ),
        "institute-trial": (
            "statement",
            "Institute of Joint Health trial of spring baths",
            "A randomised trial by the Institute of Joint Health found that warm spring baths "
            "did not ease knee pain in patients with arthritis. Pain scores were the same in "
            "both groups after six weeks.",
        ),
        "roundup": (
            "analysis",
            "Spring baths and arthritis: a review",
            "Warm spring baths in Larch Bay draw visitors all year, and many come with knee "
            "pain or arthritis.\n\nThe town's three bathhouses date from the 1890s and were "
            "restored in 2019 with money from the regional council, which still owns them.\n\n"
            "Entry costs twelve crowns for adults, and the season runs from March to "
            "November.\n\nThe two trials reached opposite conclusions, and neither is large "
            "enough to settle the matter.",
        ),
    }
    for doc_id, (kind, title, body) in docs.items():
        text = _doc(doc_id, body, kind=kind, title=title)
        (folder / f"{doc_id}.md").write_text(text.replace("Test Gazette", f"Desk of {doc_id}"))
    assert desk.ingest([str(folder)]).ok

    answer = desk.ask("do warm spring baths ease knee pain from arthritis?")
    assert answer.verdict is VerdictLabel.DISPUTED
    quoted = {c.doc_id: c.quote for c in answer.citations}
    # The review's sentence on the conflict shares no word with the question: the answer
    # reads and quotes it because the review is on the story.
    assert "opposite conclusions" in quoted["roundup"]


def test_a_fact_checks_rating_judges_the_claim_it_states_over_several_sentences(
    desk: Desk, tmp_path: Path
) -> None:
    # The claim the fact-check rates takes two passages; the one right before the rating is
    # about sabotage, which the question does not ask about.
    body = (
        "CLAIM: A freight train that came off the rails at Orrin Vale early on 3 May was "
        'hauling "at least twenty tank cars of liquid ammonia" that were leaking, and the '
        "authorities quietly evacuated the whole north side of the town. Some posts added that "
        "the crash was sabotage.\n\n"
        "RATING: False.\n\n"
        "What happened. Nine wagons of a long freight train left the rails at the east end of "
        "the Orrin Vale yard early on 3 May. According to the rail regulator, which checked the "
        "train's cargo list, the derailed wagons were hoppers carrying wheat and potash, and "
        "there were no hazardous goods anywhere on the train. The county's air monitors found "
        "no gas at any of six sites around the yard."
    )
    folder = tmp_path / "check"
    folder.mkdir()
    text = _doc(
        "orrin-check", body, kind="factcheck", title="Fact check: the Orrin Vale derailment"
    )
    (folder / "orrin-check.md").write_text(text)
    assert desk.ingest([str(folder)]).ok

    explanation = desk.explain("did that train wreck at orrin vale leak toxic gas??")
    rating = [e for e in explanation.evidence if e.hit.passage.text.startswith("RATING")]
    assert rating
    assert rating[0].stance.label is StanceLabel.REFUTES
    assert explanation.answer.verdict is VerdictLabel.REFUTED


_TOWN_DOCS = {
    "dc-plan": (
        "news",
        "Harlow Point data centre approved",
        "Planners in Harlow Point approved the data centre on the old brickworks site on "
        "Tuesday. Once it is running, the centre will employ 45 people full time, the operator "
        "Brightgrid said. Building work is due to start in spring and take two years.",
    ),
    "dc-water": (
        "statement",
        "Brightgrid on cooling water",
        "Brightgrid will cool the Harlow Point site with air rather than river water, the "
        "company said in a statement.",
    ),
    "pool": (
        "news",
        "Harlow Point pool reopens",
        "The Harlow Point swimming pool reopened on Saturday after a new roof was fitted. "
        "Lessons for children restart next week.",
    ),
    "library": (
        "statement",
        "Council on the library",
        "The town library will not close, the council said on Monday, after a review of its "
        "opening hours.",
    ),
    "fares": (
        "statement",
        "Transport board on fares",
        "Bus fares in Harlow Point will not go up next year, the transport board said on "
        "Friday. Season tickets keep their price too.",
    ),
    "market": (
        "news",
        "Market moves to the square",
        "The Thursday market in Harlow Point moves to the church square from May while the car "
        "park is resurfaced.",
    ),
}


@pytest.fixture
def town_desk(desk: Desk, tmp_path: Path) -> Desk:
    folder = tmp_path / "town"
    folder.mkdir()
    for doc_id, (kind, title, body) in _TOWN_DOCS.items():
        text = _doc(doc_id, body, kind=kind, title=title)
        (folder / f"{doc_id}.md").write_text(text.replace("Test Gazette", f"Desk of {doc_id}"))
    assert desk.ingest([str(folder)]).ok
    return desk


def test_with_nothing_above_the_floor_the_closest_passage_still_answers_in_other_words(
    town_desk: Desk,
) -> None:
    # "server farm" and "ppl" are the member's words; the source says "data centre" and
    # "people": the passage that answers sits below the relevance floor.
    explained = town_desk.explain("how many ppl will the brightgrid server farm need")
    assert explained.evidence
    assert all(e.relevance < RELEVANCE_FLOOR for e in explained.evidence)
    assert explained.answer.verdict is VerdictLabel.SUPPORTED
    assert "45 people" in explained.answer.text
    assert [c.doc_id for c in explained.answer.citations] == ["dc-plan"]


def test_a_passage_below_the_floor_never_counts_against_the_claim(town_desk: Desk) -> None:
    # The board's word on bus fares reads as contradicting a rise in ferry fares; it is the
    # closest passage, below the floor, and it speaks of another matter.
    explained = town_desk.explain("are ferry tickets getting pricier in january")
    fares = [e for e in explained.evidence if e.hit.source.doc_id == "fares"]
    assert fares
    assert all(e.relevance < RELEVANCE_FLOOR for e in fares)
    assert all(e.stance.label is not StanceLabel.REFUTES for e in explained.evidence)
    assert explained.answer.verdict is VerdictLabel.NO_EVIDENCE
