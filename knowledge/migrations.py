"""Versioned SQL for each store, one script per version and dialect, applied in order.

A store's scripts lie in one folder as `NNN.sqlite.sql` and `NNN.postgresql.sql` (version NNN,
from 001 without gaps), statements separated by `;` at the end of a line. Where a store's version
is recorded differs, so that data directories written before PostgreSQL support keep working:
- SQLite: each store has its own file, and its version is the file's `PRAGMA user_version`;
- PostgreSQL: the stores share one database, and `schema_versions` holds one row per store.
Every script of a store runs in the one transaction that also records the new version, under a
lock (SQLite's write lock; a PostgreSQL advisory lock), so processes that start together
migrate once. A database whose version is newer than the newest script is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING

from sqlalchemy import text

from knowledge.errors import StoreError

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from knowledge.database import Dialect

__all__ = ["Script", "load_scripts", "migrate", "pending", "read_version", "write_version"]

_NAME = re.compile(r"^(\d{3})\.(sqlite|postgresql)\.sql$")
_STATEMENT_END = re.compile(r";[ \t]*(?:\n|$)")
# Any constant will do: PostgreSQL advisory locks are named by a number, per database.
_MIGRATION_LOCK = 0x66616374  # "fact"


@dataclass(frozen=True, slots=True)
class Script:
    """One version's statements for one dialect."""

    version: int
    statements: tuple[str, ...]


def load_scripts(folder: Traversable, dialect: Dialect) -> tuple[Script, ...]:
    """A store's scripts for one dialect, in version order; a gap is a packaging error."""
    found: dict[int, Script] = {}
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match is None or match[2] != dialect:
            continue
        version = int(match[1])
        statements = tuple(s.strip() for s in _STATEMENT_END.split(entry.read_text("utf-8")))
        found[version] = Script(version, tuple(s for s in statements if s))
    if sorted(found) != list(range(1, len(found) + 1)):
        raise StoreError(f"the {dialect} scripts in {folder} are not numbered 001, 002, ...")
    return tuple(found[v] for v in sorted(found))


def pending(scripts: tuple[Script, ...], current: int, *, what: str) -> tuple[Script, ...]:
    """The scripts a database at version `current` still needs."""
    latest = scripts[-1].version if scripts else 0
    if current > latest:
        raise StoreError(
            f"the {what} was written by a newer factdesk (schema {current}, this one knows "
            f"{latest}); upgrade factdesk"
        )
    return tuple(s for s in scripts if s.version > current)


def migrate(
    conn: Connection, dialect: Dialect, store: str, folder: Traversable, *, what: str
) -> None:
    """Apply `store`'s pending scripts inside the caller's write transaction."""
    if dialect == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        conn.exec_driver_sql(
            "CREATE TABLE IF NOT EXISTS schema_versions "
            "(store TEXT PRIMARY KEY, version INTEGER NOT NULL)"
        )
    todo = pending(load_scripts(folder, dialect), read_version(conn, dialect, store), what=what)
    for script in todo:
        for statement in script.statements:
            conn.exec_driver_sql(statement)
    if todo:
        write_version(conn, dialect, store, todo[-1].version)


def read_version(conn: Connection, dialect: Dialect, store: str) -> int:
    """The version `store`'s tables are at; 0 for none."""
    if dialect == "sqlite":
        return int(conn.exec_driver_sql("PRAGMA user_version").scalar_one())
    found = conn.execute(
        text("SELECT version FROM schema_versions WHERE store = :store"), {"store": store}
    ).scalar_one_or_none()
    return int(found) if found is not None else 0


def write_version(conn: Connection, dialect: Dialect, store: str, version: int) -> None:
    if dialect == "sqlite":
        conn.exec_driver_sql(f"PRAGMA user_version={int(version)}")
        return
    conn.execute(
        text(
            "INSERT INTO schema_versions (store, version) VALUES (:store, :version) "
            "ON CONFLICT (store) DO UPDATE SET version = excluded.version"
        ),
        {"store": store, "version": version},
    )
