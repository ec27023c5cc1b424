"""The registry: the record of every source, its passages, and the ingest journal.

The registry is the source of truth. The vector and BM25 indexes are derived from it, and each
scope's `generation` counter (bumped in the same transaction as every change) tells an index
whether it is stale. It lives in a SQLite file in the data directory, or in the PostgreSQL
database that several processes and machines share (`knowledge/database.py`).

Every write to a scope first locks the scope's row (`_lock_scope`): on PostgreSQL two
processes then decide one after the other whether a source is new, changed or already there,
as SQLite's one write lock makes them do.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib.resources import files
from typing import Literal

from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    Table,
    Text,
    bindparam,
    delete,
    func,
    select,
    update,
)

from knowledge.database import Database
from knowledge.models import Passage, Source, SourceKind, SourceMeta

__all__ = ["JournalEntry", "Registry", "ScopeState", "WriteOutcome"]

# What a write of a source did: added it, replaced other content, or found this content there.
WriteOutcome = Literal["add", "replace", "unchanged"]

_META = MetaData()
_scopes = Table(
    "scopes",
    _META,
    Column("scope", Text, primary_key=True),
    Column("generation", Integer, nullable=False),
    Column("embedding", Text),
    Column("updated_at", Text),
)
_sources = Table(
    "sources",
    _META,
    Column("scope", Text, primary_key=True),
    Column("doc_id", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("publisher", Text, nullable=False),
    Column("author", Text),
    Column("url", Text),
    Column("published", Text),
    Column("kind", Text, nullable=False),
    Column("origin", Text, nullable=False),
    Column("content_hash", Text, nullable=False),
    Column("loaded_at", Text, nullable=False),
    Column("loaded_by", Text, nullable=False),
    Column("passage_count", Integer, nullable=False),
    # The full text as loaded (schema 2); NULL for sources loaded before, until loaded again.
    Column("text", Text),
)
_passages = Table(
    "passages",
    _META,
    Column("scope", Text, primary_key=True),
    Column("passage_id", Text, primary_key=True),
    Column("doc_id", Text, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
)
_journal = Table(
    "journal",
    _META,
    Column("id", Integer, primary_key=True),
    Column("at", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("doc_id", Text),
    Column("origin", Text),
    Column("actor", Text, nullable=False),
    Column("detail", Text),
)
_READ = "could not read the registry"

# Statements are built once: building and coercing a Core statement costs more than SQLite
# takes to run it (put_source was 15x slower when it built its nine statements per call).
_scope_is = _scopes.c.scope == bindparam("scope")
_source_is = (_sources.c.scope == bindparam("scope"), _sources.c.doc_id == bindparam("doc_id"))
_PASSAGE_COLUMNS = (
    _passages.c.passage_id,
    _passages.c.doc_id,
    _passages.c.seq,
    _passages.c.start,
    _passages.c.end,
    _passages.c.text,
)
_passages_by_doc = (_passages.c.doc_id, _passages.c.seq)
_SCOPE_STATE = select(_scopes.c.generation, _scopes.c.embedding, _scopes.c.updated_at).where(
    _scope_is
)
# Every column but the text, which only export reads.
_SOURCE_COLUMNS = tuple(c for c in _sources.c if c.name != "text")
_SOURCE = select(*_SOURCE_COLUMNS).where(*_source_is)
_SOURCES = (
    select(*_SOURCE_COLUMNS)
    .where(_sources.c.scope == bindparam("scope"))
    .order_by(_sources.c.published.desc().nulls_last(), _sources.c.doc_id)
)
_CONTENT_HASH = select(_sources.c.content_hash).where(*_source_is)
_TEXT = select(_sources.c.text).where(*_source_is)
_WITHOUT_TEXT = (
    select(_sources.c.doc_id)
    .where(_sources.c.scope == bindparam("scope"), _sources.c.text.is_(None))
    .order_by(_sources.c.doc_id)
)
_SCOPE_PASSAGES = (
    select(*_PASSAGE_COLUMNS)
    .where(_passages.c.scope == bindparam("scope"))
    .order_by(*_passages_by_doc)
)
_DOC_PASSAGES = (
    select(*_PASSAGE_COLUMNS)
    .where(_passages.c.scope == bindparam("scope"), _passages.c.doc_id == bindparam("doc_id"))
    .order_by(*_passages_by_doc)
)
_PASSAGE = select(*_PASSAGE_COLUMNS).where(
    _passages.c.scope == bindparam("scope"), _passages.c.passage_id == bindparam("passage_id")
)
_COUNT_SOURCES = (
    select(func.count()).select_from(_sources).where(_sources.c.scope == bindparam("scope"))
)
_COUNT_PASSAGES = (
    select(func.count()).select_from(_passages).where(_passages.c.scope == bindparam("scope"))
)
_JOURNAL_COLUMNS = (
    _journal.c.at,
    _journal.c.scope,
    _journal.c.action,
    _journal.c.doc_id,
    _journal.c.origin,
    _journal.c.actor,
    _journal.c.detail,
)
_JOURNAL = (
    select(*_JOURNAL_COLUMNS)
    .where(_journal.c.scope == bindparam("scope"))
    .order_by(_journal.c.id.desc())
    .limit(bindparam("limit"))
)
_JOURNAL_HISTORY = (
    select(*_JOURNAL_COLUMNS).where(_journal.c.scope == bindparam("scope")).order_by(_journal.c.id)
)
_LOCK_SCOPE = select(_scopes.c.generation).where(_scope_is).with_for_update()
_DELETE_PASSAGES = delete(_passages).where(
    _passages.c.scope == bindparam("scope"), _passages.c.doc_id == bindparam("doc_id")
)
_DELETE_SOURCE = delete(_sources).where(*_source_is)
_INSERT_SOURCE = _sources.insert()
_INSERT_PASSAGES = _passages.insert()
# An UPDATE's or INSERT's parameters may not share a column's name, hence the "b_" names.
_BUMP = (
    update(_scopes)
    .where(_scopes.c.scope == bindparam("b_scope"))
    .values(generation=_scopes.c.generation + 1, updated_at=bindparam("b_updated_at"))
)
_BUMP_AND_EMBEDDING = _BUMP.values(embedding=bindparam("b_embedding"))
_FILL_TEXT = (
    update(_sources)
    .where(
        _sources.c.scope == bindparam("b_scope"),
        _sources.c.doc_id == bindparam("b_doc_id"),
        _sources.c.content_hash == bindparam("b_content_hash"),
        _sources.c.text.is_(None),
    )
    .values(text=bindparam("b_text"))
)
_INSERT_JOURNAL = _journal.insert()


@dataclass(frozen=True, slots=True)
class ScopeState:
    """How many changes a scope has seen, and which embedding model indexed it."""

    generation: int
    embedding: str | None
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One line of a scope's audit trail: who loaded, replaced or removed what, or what failed."""

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
    """Sources, passages and the journal, per scope, in one database."""

    def __init__(self, database: Database) -> None:
        self._db = database
        database.migrate("registry", files("knowledge") / "schema" / "registry", what="registry")
        self._claim_scope = (
            database.insert(_scopes)
            .values(scope=bindparam("b_scope"), generation=0)
            .on_conflict_do_nothing(index_elements=[_scopes.c.scope])
        )

    def close(self) -> None:
        self._db.close()

    # -- reading -------------------------------------------------------------------------------

    def scope_state(self, scope: str) -> ScopeState:
        with self._db.read(_READ) as conn:
            row = conn.execute(_SCOPE_STATE, {"scope": scope}).first()
        if row is None:
            return ScopeState(0, None, None)
        updated = datetime.fromisoformat(row[2]) if row[2] else None
        return ScopeState(int(row[0]), row[1], updated)

    def get_source(self, scope: str, doc_id: str) -> Source | None:
        with self._db.read(_READ) as conn:
            row = conn.execute(_SOURCE, {"scope": scope, "doc_id": doc_id}).first()
        return _source(row) if row else None

    def list_sources(self, scope: str) -> list[Source]:
        with self._db.read(_READ) as conn:
            rows = conn.execute(_SOURCES, {"scope": scope}).all()
        return [_source(r) for r in rows]

    def passages(self, scope: str, doc_id: str | None = None) -> list[Passage]:
        with self._db.read(_READ) as conn:
            if doc_id is None:
                rows = conn.execute(_SCOPE_PASSAGES, {"scope": scope}).all()
            else:
                rows = conn.execute(_DOC_PASSAGES, {"scope": scope, "doc_id": doc_id}).all()
        return [Passage(*r) for r in rows]

    def passage(self, scope: str, passage_id: str) -> Passage | None:
        with self._db.read(_READ) as conn:
            row = conn.execute(_PASSAGE, {"scope": scope, "passage_id": passage_id}).first()
        return Passage(*row) if row else None

    def count_sources(self, scope: str) -> int:
        with self._db.read(_READ) as conn:
            return int(conn.execute(_COUNT_SOURCES, {"scope": scope}).scalar_one())

    def count_passages(self, scope: str) -> int:
        with self._db.read(_READ) as conn:
            return int(conn.execute(_COUNT_PASSAGES, {"scope": scope}).scalar_one())

    def journal(self, scope: str, limit: int = 50) -> list[JournalEntry]:
        """A scope's newest `limit` journal entries, newest first."""
        with self._db.read(_READ) as conn:
            rows = conn.execute(_JOURNAL, {"scope": scope, "limit": limit}).all()
        return [_journal_entry(r) for r in rows]

    def journal_history(self, scope: str) -> list[JournalEntry]:
        """A scope's whole journal, oldest first."""
        with self._db.read(_READ) as conn:
            rows = conn.execute(_JOURNAL_HISTORY, {"scope": scope}).all()
        return [_journal_entry(r) for r in rows]

    def text(self, scope: str, doc_id: str) -> str | None:
        """A source's full text as loaded; None if the source is not there, or was loaded
        before the registry kept texts (see `without_text`)."""
        with self._db.read(_READ) as conn:
            found = conn.execute(_TEXT, {"scope": scope, "doc_id": doc_id}).scalar_one_or_none()
        return str(found) if found is not None else None

    def without_text(self, scope: str) -> set[str]:
        """The ids of a scope's sources that were loaded before the registry kept texts."""
        with self._db.read(_READ) as conn:
            return {str(d) for d in conn.execute(_WITHOUT_TEXT, {"scope": scope}).scalars()}

    # -- writing -------------------------------------------------------------------------------

    def put_source(
        self,
        source: Source,
        passages: Sequence[Passage],
        *,
        text: str,
        embedding: str,
        actor: str | None = None,
    ) -> WriteOutcome:
        """Add or replace a source, its full text and all its passages in one transaction, and
        say which it was. The registry decides, inside the transaction and under the scope's
        lock: two processes loading the same file at once both see it missing beforehand, and
        only the first adds it; the second finds the same content there and writes nothing
        ("unchanged"). The journal names `actor` as who did it (default: who loaded the
        source; an import keeps the original loader on the source, and journals itself)."""
        meta = source.meta
        key = {"scope": source.scope, "doc_id": meta.doc_id}
        with self._db.write(f"could not record {meta.doc_id!r} in the registry") as conn:
            self._lock_scope(conn, source.scope)
            found = conn.execute(_CONTENT_HASH, key).first()
            if found is not None and found[0] == source.content_hash:
                return "unchanged"
            action: WriteOutcome = "add" if found is None else "replace"
            _delete_source(conn, key)
            conn.execute(
                _INSERT_SOURCE,
                {
                    **key,
                    **meta.fields(),
                    "origin": source.origin,
                    "content_hash": source.content_hash,
                    "loaded_at": source.loaded_at.isoformat(),
                    "loaded_by": source.loaded_by,
                    "passage_count": source.passage_count,
                    "text": text,
                },
            )
            if passages:
                conn.execute(
                    _INSERT_PASSAGES,
                    [
                        {
                            "scope": source.scope,
                            "passage_id": p.passage_id,
                            "doc_id": p.doc_id,
                            "seq": p.seq,
                            "start": p.start,
                            "end": p.end,
                            "text": p.text,
                        }
                        for p in passages
                    ],
                )
            _bump(conn, source.scope, embedding)
            who = actor or source.loaded_by
            _log(conn, source.scope, action, meta.doc_id, source.origin, who)
        return action

    def remove_source(self, scope: str, doc_id: str, *, actor: str) -> bool:
        """Delete a source and its passages; False if it was not there."""
        with self._db.write(f"could not remove {doc_id!r} from the registry") as conn:
            self._lock_scope(conn, scope)
            if not _delete_source(conn, {"scope": scope, "doc_id": doc_id}):
                return False
            _bump(conn, scope, None)
            _log(conn, scope, "remove", doc_id, None, actor)
        return True

    def fill_text(self, scope: str, doc_id: str, content_hash: str, text: str) -> bool:
        """Keep the full text of a source loaded before the registry kept texts, when the same
        content is loaded again; nothing else changes, so the generation stays. False if the
        source is gone, has other content, or already has its text."""
        values = {
            "b_scope": scope,
            "b_doc_id": doc_id,
            "b_content_hash": content_hash,
            "b_text": text,
        }
        with self._db.write(f"could not keep the text of {doc_id!r} in the registry") as conn:
            return bool(conn.execute(_FILL_TEXT, values).rowcount)

    def add_journal(self, scope: str, entries: Sequence[JournalEntry]) -> int:
        """Append entries (an imported journal) to a scope's journal, in order, with their own
        times; an entry equal in every field to one the scope already has is skipped, so the
        same journal imported twice is there once. Returns how many were added."""
        with self._db.write("could not write to the journal") as conn:
            self._lock_scope(conn, scope)
            rows = conn.execute(_JOURNAL_HISTORY, {"scope": scope}).all()
            seen = {_journal_key(_journal_entry(r)) for r in rows}
            added = []
            for entry in entries:
                key = _journal_key(entry)
                if key in seen:
                    continue
                seen.add(key)
                added.append(
                    {
                        "at": entry.at.isoformat(),
                        "scope": scope,
                        "action": entry.action,
                        "doc_id": entry.doc_id,
                        "origin": entry.origin,
                        "actor": entry.actor,
                        "detail": entry.detail,
                    }
                )
            if added:
                conn.execute(_INSERT_JOURNAL, added)
        return len(added)

    def set_embedding(self, scope: str, embedding: str) -> None:
        """Record the embedding model that a scope's vectors were (re)made with."""
        with self._db.write("could not record the embedding model in the registry") as conn:
            self._lock_scope(conn, scope)
            _bump(conn, scope, embedding)

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
        with self._db.write("could not write to the journal") as conn:
            _log(conn, scope, action, doc_id, origin, actor, detail)

    def _lock_scope(self, conn: Connection, scope: str) -> None:
        """Hold the scope's row until the transaction ends; every writer of the scope waits
        here, so what it reads next is what the writers before it committed."""
        conn.execute(self._claim_scope, {"b_scope": scope})
        conn.execute(_LOCK_SCOPE, {"scope": scope})


def _delete_source(conn: Connection, key: dict[str, str]) -> bool:
    """Delete a source's row and passages; False if it had no row."""
    conn.execute(_DELETE_PASSAGES, key)
    return bool(conn.execute(_DELETE_SOURCE, key).rowcount)


def _bump(conn: Connection, scope: str, embedding: str | None) -> None:
    """Count a change of a locked scope, and record its embedding model if given."""
    values = {"b_scope": scope, "b_updated_at": _now().isoformat()}
    if embedding is None:
        conn.execute(_BUMP, values)
    else:
        conn.execute(_BUMP_AND_EMBEDDING, {**values, "b_embedding": embedding})


def _log(
    conn: Connection,
    scope: str,
    action: str,
    doc_id: str | None,
    origin: str | None,
    actor: str,
    detail: str | None = None,
) -> None:
    conn.execute(
        _INSERT_JOURNAL,
        {
            "at": _now().isoformat(),
            "scope": scope,
            "action": action,
            "doc_id": doc_id,
            "origin": origin,
            "actor": actor,
            "detail": detail,
        },
    )


def _journal_entry(row: Sequence[object]) -> JournalEntry:
    at, scope, action, doc_id, origin, actor, detail = row
    return JournalEntry(
        at=datetime.fromisoformat(str(at)),
        scope=str(scope),
        action=str(action),
        doc_id=None if doc_id is None else str(doc_id),
        origin=None if origin is None else str(origin),
        actor=str(actor),
        detail=None if detail is None else str(detail),
    )


def _journal_key(entry: JournalEntry) -> tuple[object, ...]:
    """What makes two entries of one scope's journal the same entry: everything but the scope."""
    return (entry.at, entry.action, entry.doc_id, entry.origin, entry.actor, entry.detail)


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
