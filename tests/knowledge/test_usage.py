"""The usage log: answers kept for their buttons, votes, follow-up threads, and stats."""

from __future__ import annotations

from pathlib import Path

from knowledge import Answer, UsageLog, VerdictLabel


def _answer(claim: str, verdict: VerdictLabel) -> Answer:
    return Answer(f"{claim}?", claim, verdict, 0.7, "Headline", "text", ())


def test_answers_votes_threads_and_stats(tmp_path: Path) -> None:
    log = UsageLog(tmp_path / "usage.sqlite3")
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
