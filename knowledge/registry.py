"""The SQLite registry: the record of every source, its passages, and the ingest journal.

The registry is the source of truth. The vector and BM25 indexes are derived from it, and each
scope's `generation` counter (bumped in the same transaction as every change) tells an index
whether it is stale.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Literal

from knowledge.errors import StoreError
from knowledge.models import Passage, Source, SourceKind, SourceMeta

__all__ = ["JournalEntry", "Registry", "ScopeState", "WriteOutcome"]

# What a write of a source did: added it, replaced other content, or found this content there.
WriteOutcome = Literal["add", "replace", "unchanged"]

_SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS scopes (
    scope TEXT PRIMARY KEY,
    generation INTEGER NOT NULL DEFAULT 0,
    embedding TEXT,
    updated_at TEXT
);
CREATE TABLE IF NOT EXISTS sources (
    scope TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    title TEXT NOT NULL,
    publisher TEXT NOT NULL,
    author TEXT,
    url TEXT,
    published TEXT,
    kind TEXT NOT NULL,
    origin TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    loaded_by TEXT NOT NULL,
    passage_count INTEGER NOT NULL,
    PRIMARY KEY (scope, doc_id)
);
CREATE TABLE IF NOT EXISTS passages (
    scope TEXT NOT NULL,
    passage_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (scope, passage_id)
);
CREATE INDEX IF NOT EXISTS passages_by_doc ON passages (scope, doc_id, seq);
CREATE TABLE IF NOT EXISTS journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    scope TEXT NOT NULL,
    action TEXT NOT NULL,
    doc_id TEXT,
    origin TEXT,
    actor TEXT NOT NULL,
    detail TEXT
);
"""


@dataclass(frozen=True, slots=True)
class ScopeState:
    """How many changes a scope has seen, and which embedding model indexed it."""

    generation: int
    embedding: str | None
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class JournalEntry:
    at: datetime
    scope: str
    action: str
    doc_id: str | None
    origin: str | None
    actor: str
    detail: str | None


def _now() -> datetime:
    return datetime.now(UTC)


class Registry:
    """Sources, passages and the journal, per scope, in one SQLite file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; fewer fsyncs
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the registry at {path}: {exc}") from exc
        self._lock = threading.RLock()

    def close(self) -> None:
        self._db.close()

    def _migrate(self) -> None:
        (version,) = self._db.execute("PRAGMA user_version").fetchone()
        if version > _SCHEMA_VERSION:
            raise StoreError(
                f"the registry was written by a newer factdesk (schema {version}); upgrade factdesk"
            )
        self._db.executescript(_SCHEMA)
        self._db.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    # -- reading -------------------------------------------------------------------------------

    def scope_state(self, scope: str) -> ScopeState:
        with self._lock:
            row = self._db.execute(
                "SELECT generation, embedding, updated_at FROM scopes WHERE scope = ?", (scope,)
            ).fetchone()
        if row is None:
            return ScopeState(0, None, None)
        updated = datetime.fromisoformat(row[2]) if row[2] else None
        return ScopeState(int(row[0]), row[1], updated)

    def get_source(self, scope: str, doc_id: str) -> Source | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE scope = ? AND doc_id = ?",
                (scope, doc_id),
            ).fetchone()
        return _source(row) if row else None

    def list_sources(self, scope: str) -> list[Source]:
        with self._lock:
            rows = self._db.execute(
                f"SELECT {_SOURCE_COLUMNS} FROM sources WHERE scope = ? "
                "ORDER BY published DESC, doc_id",
                (scope,),
            ).fetchall()
        return [_source(r) for r in rows]

    def passages(self, scope: str, doc_id: str | None = None) -> list[Passage]:
        query = "SELECT passage_id, doc_id, seq, start, end, text FROM passages WHERE scope = ?"
        params: tuple[str, ...] = (scope,)
        if doc_id is not None:
            query += " AND doc_id = ?"
            params = (scope, doc_id)
        with self._lock:
            rows = self._db.execute(query + " ORDER BY doc_id, seq", params).fetchall()
        return [Passage(*r) for r in rows]

    def passage(self, scope: str, passage_id: str) -> Passage | None:
        with self._lock:
            row = self._db.execute(
                "SELECT passage_id, doc_id, seq, start, end, text FROM passages "
                "WHERE scope = ? AND passage_id = ?",
                (scope, passage_id),
            ).fetchone()
        return Passage(*row) if row else None

    def count_sources(self, scope: str) -> int:
        with self._lock:
            (n,) = self._db.execute(
                "SELECT COUNT(*) FROM sources WHERE scope = ?", (scope,)
            ).fetchone()
        return int(n)

    def count_passages(self, scope: str) -> int:
        with self._lock:
            (n,) = self._db.execute(
                "SELECT COUNT(*) FROM passages WHERE scope = ?", (scope,)
            ).fetchone()
        return int(n)

    def journal(self, scope: str, limit: int = 50) -> list[JournalEntry]:
        with self._lock:
            rows = self._db.execute(
                "SELECT at, scope, action, doc_id, origin, actor, detail FROM journal "
                "WHERE scope = ? ORDER BY id DESC LIMIT ?",
                (scope, limit),
            ).fetchall()
        return [JournalEntry(datetime.fromisoformat(r[0]), *r[1:]) for r in rows]

    # -- writing -------------------------------------------------------------------------------

    def put_source(
        self, source: Source, passages: Sequence[Passage], *, embedding: str
    ) -> WriteOutcome:
        """Add or replace a source and all its passages in one transaction, and say which it
        was. The registry decides, inside the transaction: two processes loading the same
        file at once both see it missing beforehand, and only the first adds it; the second
        finds the same content there and writes nothing ("unchanged")."""
        meta = source.meta
        try:
            with self._transaction() as db:
                row = db.execute(
                    "SELECT content_hash FROM sources WHERE scope = ? AND doc_id = ?",
                    (source.scope, meta.doc_id),
                ).fetchone()
                if row is not None and row[0] == source.content_hash:
                    return "unchanged"
                action: WriteOutcome = "add" if row is None else "replace"
                db.execute(
                    "DELETE FROM passages WHERE scope = ? AND doc_id = ?",
                    (source.scope, meta.doc_id),
                )
                db.execute(
                    f"INSERT OR REPLACE INTO sources ({_SOURCE_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        source.scope,
                        meta.doc_id,
                        meta.title,
                        meta.publisher,
                        meta.author,
                        meta.url,
                        meta.published.isoformat() if meta.published else None,
                        meta.kind.value,
                        source.origin,
                        source.content_hash,
                        source.loaded_at.isoformat(),
                        source.loaded_by,
                        source.passage_count,
                    ),
                )
                db.executemany(
                    "INSERT INTO passages (scope, passage_id, doc_id, seq, start, end, text) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        (source.scope, p.passage_id, p.doc_id, p.seq, p.start, p.end, p.text)
                        for p in passages
                    ],
                )
                self._bump(db, source.scope, embedding)
                self._log(db, source.scope, action, meta.doc_id, source.origin, source.loaded_by)
        except sqlite3.Error as exc:
            raise StoreError(f"could not record {meta.doc_id!r} in the registry: {exc}") from exc
        return action

    def remove_source(self, scope: str, doc_id: str, *, actor: str) -> bool:
        """Delete a source and its passages; False if it was not there."""
        try:
            with self._transaction() as db:
                gone = db.execute(
                    "DELETE FROM sources WHERE scope = ? AND doc_id = ?", (scope, doc_id)
                ).rowcount
                if not gone:
                    return False
                db.execute("DELETE FROM passages WHERE scope = ? AND doc_id = ?", (scope, doc_id))
                self._bump(db, scope, None)
                self._log(db, scope, "remove", doc_id, None, actor)
        except sqlite3.Error as exc:
            raise StoreError(f"could not remove {doc_id!r} from the registry: {exc}") from exc
        return True

    def set_embedding(self, scope: str, embedding: str) -> None:
        """Record the embedding model that a scope's vectors were (re)made with."""
        with self._transaction() as db:
            self._bump(db, scope, embedding)

    def log(
        self,
        scope: str,
        action: str,
        *,
        actor: str,
        doc_id: str | None = None,
        origin: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Write a journal entry on its own (a failed load, for example)."""
        with self._transaction() as db:
            self._log(db, scope, action, doc_id, origin, actor, detail)

    @staticmethod
    def _bump(db: sqlite3.Connection, scope: str, embedding: str | None) -> None:
        db.execute(
            "INSERT INTO scopes (scope, generation, embedding, updated_at) VALUES (?, 1, ?, ?) "
            "ON CONFLICT (scope) DO UPDATE SET generation = generation + 1, "
            "embedding = COALESCE(excluded.embedding, embedding), updated_at = excluded.updated_at",
            (scope, embedding, _now().isoformat()),
        )

    @staticmethod
    def _log(
        db: sqlite3.Connection,
        scope: str,
        action: str,
        doc_id: str | None,
        origin: str | None,
        actor: str,
        detail: str | None = None,
    ) -> None:
        db.execute(
            "INSERT INTO journal (at, scope, action, doc_id, origin, actor, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (_now().isoformat(), scope, action, doc_id, origin, actor, detail),
        )


_SOURCE_COLUMNS = (
    "scope, doc_id, title, publisher, author, url, published, kind, origin, content_hash, "
    "loaded_at, loaded_by, passage_count"
)


def _source(row: Sequence[object]) -> Source:
    (
        scope,
        doc_id,
        title,
        publisher,
        author,
        url,
        published,
        kind,
        origin,
        content_hash,
        loaded_at,
        loaded_by,
        passage_count,
    ) = row
    meta = SourceMeta(
        doc_id=str(doc_id),
        title=str(title),
        publisher=str(publisher),
        kind=SourceKind(str(kind)),
        published=date.fromisoformat(str(published)) if published else None,
        author=str(author) if author else None,
        url=str(url) if url else None,
    )
    return Source(
        meta=meta,
        scope=str(scope),
        origin=str(origin),
        content_hash=str(content_hash),
        loaded_at=datetime.fromisoformat(str(loaded_at)),
        loaded_by=str(loaded_by),
        passage_count=int(str(passage_count)),
    )
