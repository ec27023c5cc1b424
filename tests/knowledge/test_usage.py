"""The usage log: answers kept for their buttons, votes, follow-up threads, and stats, on
SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

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
