"""The usage log: answers kept for their buttons, votes, follow-up threads, and stats, on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from knowledge import Answer, StoreError, StoreSettings, UsageLog, VerdictLabel, open_database
from knowledge.migrations import write_version


@pytest.fixture
def database_url(backend_database_url: str | None) -> str | None:
    return backend_database_url


@pytest.fixture
def log(store_settings: StoreSettings) -> Iterator[UsageLog]:
    opened = UsageLog(open_database(store_settings, "usage.sqlite3"))
    yield opened
    opened.close()


def _answer(claim: str, verdict: VerdictLabel) -> Answer:
    return Answer(f"{claim}?", claim, verdict, 0.7, "Headline", "text", ())


def test_answers_votes_threads_and_stats(log: UsageLog) -> None:
    first = log.record("g1", _answer("the bridge is open", VerdictLabel.NO_EVIDENCE), asked_by="u1")
    log.record("g1", _answer("The bridge is open!", VerdictLabel.NO_EVIDENCE), asked_by="u2")
    third = log.record("g1", _answer("jets were sold", VerdictLabel.REFUTED), asked_by="u1")
    log.record("g2", _answer("other server", VerdictLabel.SUPPORTED), asked_by="u3")

    recorded = log.get(third)
    assert recorded is not None
    assert (recorded.claim, recorded.verdict, recorded.scope) == (
        "jets were sold",
        VerdictLabel.REFUTED,
        "g1",
    )
    assert recorded.answer["passage_ids"] == []
    assert log.get(999) is None

    log.vote(third, "u1", helpful=True)
    log.vote(third, "u2", helpful=True)
    log.vote(third, "u2", helpful=False)  # a member can change their vote
    assert log.votes(third) == (1, 1)

    log.link_thread("thread-9", first)
    found = log.thread_answer("thread-9")
    assert found is not None
    assert found.id == first
    assert log.thread_answer("thread-0") is None

    stats = log.stats("g1")
    assert stats.questions == 3
    assert stats.verdicts == {"no_evidence": 2, "refuted": 1}
    assert (stats.helpful, stats.not_helpful, stats.helpful_rate) == (1, 1, 0.5)
    assert stats.unanswered == [("the bridge is open", 2)]
    assert log.stats("g3").helpful_rate is None


def test_a_vote_on_an_answer_that_was_never_shown_is_refused(log: UsageLog) -> None:
    with pytest.raises(StoreError, match="could not write to the usage log"):
        log.vote(12345, "u1", helpful=True)


def test_a_usage_log_from_a_newer_factdesk_is_refused(
    log: UsageLog, store_settings: StoreSettings
) -> None:
    database = open_database(store_settings, "usage.sqlite3")
    with database.write("test") as conn:
        write_version(conn, database.dialect, "usage", 2)
    database.close()
    with pytest.raises(StoreError, match="usage log was written by a newer factdesk"):
        UsageLog(open_database(store_settings, "usage.sqlite3"))


@pytest.fixture
def other_log(tmp_path: Path, other_database_url: str | None) -> Iterator[UsageLog]:
    """An empty usage log in another data directory or database, as an import's target."""
    store = StoreSettings(data_dir=tmp_path / "other", database_url=other_database_url)
    opened = UsageLog(open_database(store, "usage.sqlite3"))
    yield opened
    opened.close()


def _feedback_of_g1(log: UsageLog) -> tuple[int, int]:
    """Three answers in g1 (two voted on, one with a thread) and one in g2; the ids of the
    first and third."""
    first = log.record("g1", _answer("the bridge is open", VerdictLabel.NO_EVIDENCE), asked_by="u1")
    log.record("g1", _answer("the bridge is shut", VerdictLabel.SUPPORTED), asked_by="u2")
    third = log.record("g1", _answer("jets were sold", VerdictLabel.REFUTED), asked_by="u1")
    other = log.record("g2", _answer("other server", VerdictLabel.SUPPORTED), asked_by="u3")
    log.vote(first, "u2", helpful=False)
    log.vote(third, "u1", helpful=True)
    log.vote(third, "u2", helpful=True)
    log.vote(other, "u3", helpful=True)
    log.link_thread("thread-1", third)
    log.link_thread("thread-2", other)
    return first, third


def test_a_scopes_feedback_is_read_whole_and_only_its_own(log: UsageLog) -> None:
    first, third = _feedback_of_g1(log)
    feedback = log.feedback("g1")
    assert [a.claim for a in feedback.answers] == [
        "the bridge is open",
        "the bridge is shut",
        "jets were sold",
    ]
    assert feedback.answers[2].verdict is VerdictLabel.REFUTED
    assert feedback.answers[2].answer["passage_ids"] == []
    assert [(v.answer_id, v.voter, v.helpful) for v in feedback.votes] == [
        (first, "u2", False),
        (third, "u1", True),
        (third, "u2", True),
    ]
    assert [(t.thread, t.answer_id) for t in feedback.threads] == [("thread-1", third)]


def test_feedback_merged_into_an_empty_log_keeps_ids_and_counts(
    log: UsageLog, other_log: UsageLog
) -> None:
    _, third = _feedback_of_g1(log)

    merged = other_log.merge("g9", log.feedback("g1"))

    assert (merged.answers_added, merged.votes_added, merged.threads_added) == (3, 3, 1)
    assert other_log.stats("g9") == log.stats("g1")
    assert other_log.votes(third) == log.votes(third)  # a button's id finds its answer again
    moved = other_log.get(third)
    assert moved is not None
    assert (moved.scope, moved.claim) == ("g9", "jets were sold")
    linked = other_log.thread_answer("thread-1")
    assert linked is not None
    assert linked.id == third
    # New answers get new ids after the kept ones, on both backends.
    later = other_log.record("g9", _answer("a new question", VerdictLabel.SUPPORTED), asked_by="u4")
    assert later > third


def test_merging_the_same_feedback_again_adds_nothing(log: UsageLog, other_log: UsageLog) -> None:
    _feedback_of_g1(log)
    feedback = log.feedback("g1")
    other_log.merge("g9", feedback)

    again = other_log.merge("g9", feedback)

    assert (again.answers_added, again.votes_added, again.threads_added) == (0, 0, 0)
    assert (again.answers_present, again.votes_present, again.threads_present) == (3, 3, 1)
    assert other_log.stats("g9") == log.stats("g1")
    assert len(other_log.feedback("g9").answers) == 3


def test_merged_answers_whose_ids_are_taken_get_new_ones_and_keep_their_votes(
    log: UsageLog,
) -> None:
    first, third = _feedback_of_g1(log)

    merged = log.merge("g5", log.feedback("g1"))  # the same database: every id is taken

    assert merged.answers_added == 3
    moved = log.feedback("g5")
    assert not {a.id for a in moved.answers} & {first, third}
    assert log.stats("g5") == log.stats("g1")
    assert log.votes(moved.answers[2].id) == (2, 0)
    assert moved.threads == ()  # thread-1 stays with the answer it was opened from
    linked = log.thread_answer("thread-1")
    assert linked is not None
    assert linked.id == third


def test_a_merged_vote_replaces_only_an_older_one(log: UsageLog, other_log: UsageLog) -> None:
    answer = log.record("g1", _answer("jets were sold", VerdictLabel.REFUTED), asked_by="u1")
    log.vote(answer, "u1", helpful=True)
    older = log.feedback("g1")
    vote = older.votes[0]
    newer = replace(older, votes=(replace(vote, helpful=False, at=vote.at + timedelta(hours=1)),))

    other_log.merge("g1", newer)
    kept = other_log.merge("g1", older)

    assert (kept.votes_added, kept.votes_present) == (0, 1)
    assert other_log.votes(answer) == (0, 1)
