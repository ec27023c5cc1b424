"""What members asked and what they thought of the answers: the usage log behind stats.

Every answer a front end shows is recorded with an id, so that its buttons can find it again
(the quotes it cited, a vote, a report) and moderators can see the verdict mix, the helpful rate
and the questions their sources could not answer: the gaps to fill.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.resources import files
from typing import Any

from sqlalchemy import Column, Float, Integer, MetaData, Table, Text, func, select

from knowledge.database import Database
from knowledge.models import Answer, VerdictLabel

__all__ = ["RecordedAnswer", "UsageLog", "UsageStats"]

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
