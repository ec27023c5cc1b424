"""What members asked and what they thought of the answers: the usage log behind stats.

Every answer a front end shows is recorded with an id, so that its buttons can find it again
(the quotes it cited, a vote, a report) and moderators can see the verdict mix, the helpful rate
and the questions their sources could not answer: the gaps to fill. A scope's answers, votes
and threads can be read whole (`feedback`) and merged into another scope (`merge`), for
`factdesk export` and `import`.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from sqlalchemy import Column, Connection, Float, Integer, MetaData, Table, Text, func, select

from knowledge.database import Database
from knowledge.models import Answer, VerdictLabel

__all__ = [
    "Feedback",
    "KeptAnswer",
    "MergedFeedback",
    "RecordedAnswer",
    "ThreadLink",
    "UsageLog",
    "UsageStats",
    "Vote",
]

_META = MetaData()
_answers = Table(
    "answers",
    _META,
    Column("id", Integer, primary_key=True),
    Column("at", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("asked_by", Text, nullable=False),
    Column("question", Text, nullable=False),
    Column("claim", Text, nullable=False),
    Column("verdict", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("answer_json", Text, nullable=False),
)
_votes = Table(
    "votes",
    _META,
    Column("answer_id", Integer, primary_key=True),
    Column("voter", Text, primary_key=True),
    Column("helpful", Integer, nullable=False),
    Column("at", Text, nullable=False),
)
_threads = Table(
    "threads",
    _META,
    Column("thread", Text, primary_key=True),
    Column("answer_id", Integer, nullable=False),
)
_READ = "could not read the usage log"
_WRITE = "could not write to the usage log"


@dataclass(frozen=True, slots=True)
class RecordedAnswer:
    """An answer as it was shown, found again by its id."""

    id: int
    scope: str
    asked_by: str
    question: str
    claim: str
    verdict: VerdictLabel
    answer: dict[str, Any]  # Answer.to_dict(), plus "passage_ids" of its citations


@dataclass(frozen=True, slots=True)
class KeptAnswer:
    """An answer of a scope's usage log with everything kept about it (export, import)."""

    id: int
    at: datetime
    asked_by: str
    question: str
    claim: str
    verdict: VerdictLabel
    confidence: float
    answer: dict[str, Any]  # as in `RecordedAnswer`

    def key(self) -> tuple[datetime, str, str, str]:
        """What makes two kept answers of one scope the same answer, whatever their ids: when
        and by whom it was asked, and the whole answer (its timings too, so two askings in
        one second stay two)."""
        return (self.at, self.asked_by, self.question, json.dumps(self.answer, sort_keys=True))


@dataclass(frozen=True, slots=True)
class Vote:
    """A member's vote on an answer; a member has one vote per answer, the latest."""

    answer_id: int
    voter: str
    helpful: bool
    at: datetime


@dataclass(frozen=True, slots=True)
class ThreadLink:
    """A follow-up thread (a Discord channel id) and the answer it continues."""

    thread: str
    answer_id: int


@dataclass(frozen=True, slots=True)
class Feedback:
    """A scope's answers, the votes on them and their follow-up threads."""

    answers: tuple[KeptAnswer, ...] = ()
    votes: tuple[Vote, ...] = ()
    threads: tuple[ThreadLink, ...] = ()


@dataclass(frozen=True, slots=True)
class MergedFeedback:
    """What a merge did: records added, and those the scope already had (or, for votes, had
    a newer one of)."""

    answers_added: int = 0
    answers_present: int = 0
    votes_added: int = 0
    votes_present: int = 0
    threads_added: int = 0
    threads_present: int = 0


@dataclass(frozen=True, slots=True)
class UsageStats:
    """A scope's questions, verdicts and votes, for moderators."""

    questions: int
    verdicts: dict[str, int]
    helpful: int
    not_helpful: int
    unanswered: list[tuple[str, int]]  # questions the sources did not cover, most asked first

    @property
    def helpful_rate(self) -> float | None:
        votes = self.helpful + self.not_helpful
        return self.helpful / votes if votes else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _canonical(answer_json: str) -> str:
    """A stored answer's JSON in one spelling, for comparing answers (`KeptAnswer.key`)."""
    return json.dumps(json.loads(answer_json), sort_keys=True)


def _gap_key(claim: str) -> str:
    """Questions that differ only in case, punctuation or spacing are one gap."""
    return re.sub(r"[^\w]+", " ", claim.lower()).strip()


class UsageLog:
    """Answers, votes and follow-up threads, in one database."""

    def __init__(self, database: Database) -> None:
        self._db = database
        database.migrate("usage", files("knowledge") / "schema" / "usage", what="usage log")

    def close(self) -> None:
        self._db.close()

    def record(self, scope: str, answer: Answer, *, asked_by: str) -> int:
        """Keep an answer that was shown; returns its id."""
        shown = {**answer.to_dict(), "passage_ids": [c.passage_id for c in answer.citations]}
        with self._db.write(_WRITE) as conn:
            result = conn.execute(
                _answers.insert().values(
                    at=_now(),
                    scope=scope,
                    asked_by=asked_by,
                    question=answer.question,
                    claim=answer.claim,
                    verdict=answer.verdict.value,
                    confidence=answer.confidence,
                    answer_json=json.dumps(shown),
                )
            )
            key = result.inserted_primary_key
        assert key is not None
        return int(key[0])

    def get(self, answer_id: int) -> RecordedAnswer | None:
        query = select(
            _answers.c.id,
            _answers.c.scope,
            _answers.c.asked_by,
            _answers.c.question,
            _answers.c.claim,
            _answers.c.verdict,
            _answers.c.answer_json,
        ).where(_answers.c.id == answer_id)
        with self._db.read(_READ) as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return RecordedAnswer(
            id=int(row[0]),
            scope=str(row[1]),
            asked_by=str(row[2]),
            question=str(row[3]),
            claim=str(row[4]),
            verdict=VerdictLabel(row[5]),
            answer=json.loads(row[6]),
        )

    def vote(self, answer_id: int, voter: str, *, helpful: bool) -> None:
        """One vote per voter and answer; voting again changes it."""
        insert = self._db.insert(_votes).values(
            answer_id=answer_id, voter=voter, helpful=int(helpful), at=_now()
        )
        with self._db.write(_WRITE) as conn:
            conn.execute(
                insert.on_conflict_do_update(
                    index_elements=[_votes.c.answer_id, _votes.c.voter],
                    set_={"helpful": insert.excluded.helpful, "at": insert.excluded.at},
                )
            )

    def votes(self, answer_id: int) -> tuple[int, int]:
        """(helpful, not helpful) votes on one answer."""
        helpful = func.coalesce(func.sum(_votes.c.helpful), 0)
        query = select(helpful, func.count() - helpful).where(_votes.c.answer_id == answer_id)
        with self._db.read(_READ) as conn:
            row = conn.execute(query).one()
        return int(row[0]), int(row[1])

    def link_thread(self, thread: str, answer_id: int) -> None:
        """Remember which answer a follow-up thread continues."""
        insert = self._db.insert(_threads).values(thread=thread, answer_id=answer_id)
        with self._db.write(_WRITE) as conn:
            conn.execute(
                insert.on_conflict_do_update(
                    index_elements=[_threads.c.thread],
                    set_={"answer_id": insert.excluded.answer_id},
                )
            )

    def thread_answer(self, thread: str) -> RecordedAnswer | None:
        query = select(_threads.c.answer_id).where(_threads.c.thread == thread)
        with self._db.read(_READ) as conn:
            found = conn.execute(query).scalar_one_or_none()
        return self.get(int(found)) if found is not None else None

    def feedback(self, scope: str) -> Feedback:
        """A scope's whole usage log: answers by id, their votes and threads."""
        in_scope = _answers.c.scope == scope
        of_scope = select(_answers.c.id).where(in_scope)
        with self._db.read(_READ) as conn:
            answers = conn.execute(
                select(
                    _answers.c.id,
                    _answers.c.at,
                    _answers.c.asked_by,
                    _answers.c.question,
                    _answers.c.claim,
                    _answers.c.verdict,
                    _answers.c.confidence,
                    _answers.c.answer_json,
                )
                .where(in_scope)
                .order_by(_answers.c.id)
            ).all()
            votes = conn.execute(
                select(_votes.c.answer_id, _votes.c.voter, _votes.c.helpful, _votes.c.at)
                .where(_votes.c.answer_id.in_(of_scope))
                .order_by(_votes.c.answer_id, _votes.c.voter)
            ).all()
            threads = conn.execute(
                select(_threads.c.thread, _threads.c.answer_id)
                .where(_threads.c.answer_id.in_(of_scope))
                .order_by(_threads.c.answer_id, _threads.c.thread)
            ).all()
        return Feedback(
            answers=tuple(
                KeptAnswer(
                    id=int(r[0]),
                    at=datetime.fromisoformat(r[1]),
                    asked_by=str(r[2]),
                    question=str(r[3]),
                    claim=str(r[4]),
                    verdict=VerdictLabel(r[5]),
                    confidence=float(r[6]),
                    answer=json.loads(r[7]),
                )
                for r in answers
            ),
            votes=tuple(
                Vote(int(r[0]), str(r[1]), bool(r[2]), datetime.fromisoformat(r[3])) for r in votes
            ),
            threads=tuple(ThreadLink(str(r[0]), int(r[1])) for r in threads),
        )

    def merge(self, scope: str, feedback: Feedback) -> MergedFeedback:
        """Add another scope's feedback (an import) to `scope`, in one transaction.

        An answer the scope already has (`KeptAnswer.key`) is not added again; a new one keeps
        its id when no answer here has it, so the buttons of answers shown before a restore
        find them, and gets a new id otherwise. Votes and threads follow their answers; a vote
        replaces the same member's vote on the same answer only if it is newer, and a thread
        already linked here stays with its answer. Merging the same feedback twice therefore
        adds nothing the second time.
        """
        with self._db.write(_WRITE) as conn:
            self._db.choose_ids(conn, _answers)
            ids, added, present = self._merge_answers(conn, scope, feedback.answers)
            if added:
                self._db.advance_ids(conn, _answers)
            votes_added = sum(self._merge_vote(conn, v, ids[v.answer_id]) for v in feedback.votes)
            threads_added = sum(
                self._merge_thread(conn, t, ids[t.answer_id]) for t in feedback.threads
            )
        return MergedFeedback(
            answers_added=added,
            answers_present=present,
            votes_added=votes_added,
            votes_present=len(feedback.votes) - votes_added,
            threads_added=threads_added,
            threads_present=len(feedback.threads) - threads_added,
        )

    def _merge_answers(
        self, conn: Connection, scope: str, answers: Sequence[KeptAnswer]
    ) -> tuple[dict[int, int], int, int]:
        """Each merged answer's id here (by its id there), and how many were added and were
        here already."""
        rows = conn.execute(
            select(
                _answers.c.id,
                _answers.c.at,
                _answers.c.asked_by,
                _answers.c.question,
                _answers.c.answer_json,
            ).where(_answers.c.scope == scope)
        ).all()
        here = {
            (
                datetime.fromisoformat(at),
                str(asked_by),
                str(question),
                _canonical(answer_json),
            ): int(id_)
            for id_, at, asked_by, question, answer_json in rows
        }
        taken = {int(i) for i in conn.execute(select(_answers.c.id)).scalars()}
        ids: dict[int, int] = {}
        added = present = 0
        for kept in answers:
            found = here.get(kept.key())
            if found is not None:
                ids[kept.id] = found
                present += 1
                continue
            values: dict[str, Any] = {
                "at": kept.at.isoformat(),
                "scope": scope,
                "asked_by": kept.asked_by,
                "question": kept.question,
                "claim": kept.claim,
                "verdict": kept.verdict.value,
                "confidence": kept.confidence,
                "answer_json": json.dumps(kept.answer),
            }
            if kept.id not in taken:
                values["id"] = kept.id
            key = conn.execute(_answers.insert().values(**values)).inserted_primary_key
            assert key is not None
            new_id = int(key[0])
            taken.add(new_id)
            here[kept.key()] = ids[kept.id] = new_id
            added += 1
        return ids, added, present

    def _merge_vote(self, conn: Connection, vote: Vote, answer_id: int) -> bool:
        """Write a vote unless the member's vote here is as new or newer; True if written."""
        found = conn.execute(
            select(_votes.c.at).where(_votes.c.answer_id == answer_id, _votes.c.voter == vote.voter)
        ).scalar_one_or_none()
        if found is not None and datetime.fromisoformat(found) >= vote.at:
            return False
        insert = self._db.insert(_votes).values(
            answer_id=answer_id, voter=vote.voter, helpful=int(vote.helpful), at=vote.at.isoformat()
        )
        conn.execute(
            insert.on_conflict_do_update(
                index_elements=[_votes.c.answer_id, _votes.c.voter],
                set_={"helpful": insert.excluded.helpful, "at": insert.excluded.at},
            )
        )
        return True

    def _merge_thread(self, conn: Connection, link: ThreadLink, answer_id: int) -> bool:
        """Link a thread unless it is linked already; True if linked."""
        insert = self._db.insert(_threads).values(thread=link.thread, answer_id=answer_id)
        # RETURNING, not the row count: through psycopg this INSERT reports a row count of -1.
        done = conn.execute(
            insert.on_conflict_do_nothing(index_elements=[_threads.c.thread]).returning(
                _threads.c.thread
            )
        )
        return done.first() is not None

    def stats(self, scope: str, *, top: int = 5) -> UsageStats:
        in_scope = _answers.c.scope == scope
        with self._db.read(_READ) as conn:
            verdicts = {
                str(verdict): int(n)
                for verdict, n in conn.execute(
                    select(_answers.c.verdict, func.count())
                    .where(in_scope)
                    .group_by(_answers.c.verdict)
                ).all()
            }
            helpful, total = conn.execute(
                select(func.coalesce(func.sum(_votes.c.helpful), 0), func.count(_votes.c.helpful))
                .select_from(_votes.join(_answers, _answers.c.id == _votes.c.answer_id))
                .where(in_scope)
            ).one()
            unanswered = conn.execute(
                select(_answers.c.claim).where(
                    in_scope, _answers.c.verdict == VerdictLabel.NO_EVIDENCE.value
                )
            ).scalars()
            gaps = Counter(_gap_key(str(claim)) for claim in unanswered)
        return UsageStats(
            questions=sum(verdicts.values()),
            verdicts=verdicts,
            helpful=int(helpful),
            not_helpful=int(total) - int(helpful),
            unanswered=gaps.most_common(top),
        )
