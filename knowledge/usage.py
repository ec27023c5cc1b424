"""What members asked and what they thought of the answers: the usage log behind stats.

Every answer a front end shows is recorded with an id, so that its buttons can find it again
(the quotes it cited, a vote, a report) and moderators can see the verdict mix, the helpful rate
and the questions their sources could not answer: the gaps to fill.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from knowledge.errors import StoreError
from knowledge.models import Answer, VerdictLabel

__all__ = ["RecordedAnswer", "UsageLog", "UsageStats"]

_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    scope TEXT NOT NULL,
    asked_by TEXT NOT NULL,
    question TEXT NOT NULL,
    claim TEXT NOT NULL,
    verdict TEXT NOT NULL,
    confidence REAL NOT NULL,
    answer_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_scope ON answers (scope, at);
CREATE TABLE IF NOT EXISTS votes (
    answer_id INTEGER NOT NULL REFERENCES answers (id),
    voter TEXT NOT NULL,
    helpful INTEGER NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (answer_id, voter)
);
CREATE TABLE IF NOT EXISTS threads (
    thread TEXT PRIMARY KEY,
    answer_id INTEGER NOT NULL REFERENCES answers (id)
);
"""


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
    """Answers, votes and follow-up threads in one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            (version,) = self._db.execute("PRAGMA user_version").fetchone()
            if version > _SCHEMA_VERSION:
                raise StoreError(
                    f"the usage log was written by a newer factdesk (schema {version}); "
                    "upgrade factdesk"
                )
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the usage log at {path}: {exc}") from exc
        self._lock = threading.Lock()

    def close(self) -> None:
        self._db.close()

    def _write(self, sql: str, params: tuple[object, ...]) -> int:
        try:
            with self._lock:
                cursor = self._db.execute(sql, params)
                return int(cursor.lastrowid or 0)
        except sqlite3.Error as exc:
            raise StoreError(f"could not write to the usage log: {exc}") from exc

    def record(self, scope: str, answer: Answer, *, asked_by: str) -> int:
        """Keep an answer that was shown; returns its id."""
        return self._write(
            "INSERT INTO answers (at, scope, asked_by, question, claim, verdict, confidence, "
            "answer_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _now(),
                scope,
                asked_by,
                answer.question,
                answer.claim,
                answer.verdict.value,
                answer.confidence,
                json.dumps(
                    {**answer.to_dict(), "passage_ids": [c.passage_id for c in answer.citations]}
                ),
            ),
        )

    def get(self, answer_id: int) -> RecordedAnswer | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, scope, asked_by, question, claim, verdict, answer_json "
                "FROM answers WHERE id = ?",
                (answer_id,),
            ).fetchone()
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
        self._write(
            "INSERT INTO votes (answer_id, voter, helpful, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (answer_id, voter) DO UPDATE SET helpful = excluded.helpful, "
            "at = excluded.at",
            (answer_id, voter, int(helpful), _now()),
        )

    def votes(self, answer_id: int) -> tuple[int, int]:
        """(helpful, not helpful) votes on one answer."""
        with self._lock:
            row = self._db.execute(
                "SELECT COALESCE(SUM(helpful), 0), COUNT(*) - COALESCE(SUM(helpful), 0) "
                "FROM votes WHERE answer_id = ?",
                (answer_id,),
            ).fetchone()
        return int(row[0]), int(row[1])

    def link_thread(self, thread: str, answer_id: int) -> None:
        """Remember which answer a follow-up thread continues."""
        self._write(
            "INSERT OR REPLACE INTO threads (thread, answer_id) VALUES (?, ?)", (thread, answer_id)
        )

    def thread_answer(self, thread: str) -> RecordedAnswer | None:
        with self._lock:
            row = self._db.execute(
                "SELECT answer_id FROM threads WHERE thread = ?", (thread,)
            ).fetchone()
        return self.get(int(row[0])) if row else None

    def stats(self, scope: str, *, top: int = 5) -> UsageStats:
        with self._lock:
            verdicts = dict(
                self._db.execute(
                    "SELECT verdict, COUNT(*) FROM answers WHERE scope = ? GROUP BY verdict",
                    (scope,),
                ).fetchall()
            )
            helpful, total = self._db.execute(
                "SELECT COALESCE(SUM(v.helpful), 0), COUNT(v.helpful) FROM votes v "
                "JOIN answers a ON a.id = v.answer_id WHERE a.scope = ?",
                (scope,),
            ).fetchone()
            unanswered = self._db.execute(
                "SELECT claim FROM answers WHERE scope = ? AND verdict = ?",
                (scope, VerdictLabel.NO_EVIDENCE.value),
            ).fetchall()
        gaps = Counter(_gap_key(str(claim)) for (claim,) in unanswered)
        return UsageStats(
            questions=sum(int(n) for n in verdicts.values()),
            verdicts={str(k): int(v) for k, v in verdicts.items()},
            helpful=int(helpful),
            not_helpful=int(total) - int(helpful),
            unanswered=gaps.most_common(top),
        )
