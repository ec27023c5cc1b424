"""The SQL database a store keeps its tables in: its own SQLite file, or the PostgreSQL
database that several processes and machines share (`FACTDESK_DATABASE_URL`).

The stores (registry, usage log, server settings) write SQLAlchemy Core statements once; what
differs between the two dialects lives here and in `knowledge/migrations.py`:
- a write transaction on SQLite starts with `BEGIN IMMEDIATE`, taking the file's one write lock
  before the first read, so that a read-decide-write cannot interleave with another process's;
  on PostgreSQL it is a plain transaction, and the store locks the rows it decides on
  (`SELECT ... FOR UPDATE`, which SQLite's compiler leaves out);
- an insert that may meet an existing key (`insert(table)`) uses the dialect's own
  `ON CONFLICT` construct;
- rows inserted with ids of the caller's choosing (`choose_ids`, `advance_ids`): PostgreSQL's
  identity sequence does not see them, SQLite's AUTOINCREMENT does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import Connection, Engine, Table, create_engine, event, make_url
from sqlalchemy.dialects import sqlite
from sqlalchemy.dialects.sqlite import Insert as SQLiteInsert
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from knowledge import migrations
from knowledge.errors import StoreError

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PostgresInsert

    from knowledge.settings import StoreSettings

__all__ = ["Database", "Dialect", "open_database"]

Dialect = Literal["sqlite", "postgresql"]

# Seconds a SQLite writer waits for another process's write lock before it gives up.
_SQLITE_BUSY_TIMEOUT_S = 10
# The execution option that makes the SQLite `begin` hook take the write lock at once.
_IMMEDIATE = "factdesk_immediate"
_POSTGRES_DRIVERS = {"postgres", "postgresql", "postgresql+psycopg"}


def open_database(store: StoreSettings, sqlite_file: str) -> Database:
    """The shared PostgreSQL database when `FACTDESK_DATABASE_URL` is set, else the store's
    own SQLite file in the data directory (the embedded default)."""
    if store.database_url is not None:
        return Database.postgresql(store.database_url.get_secret_value())
    return Database.sqlite(Path(store.data_dir) / sqlite_file)


class Database:
    """One SQLAlchemy engine, its dialect, and transactions that mean the same on both."""

    def __init__(self, engine: Engine, where: str) -> None:
        self.engine = engine
        self.where = where  # for messages: a file path, or the URL without its password
        name = engine.dialect.name
        if name not in ("sqlite", "postgresql"):
            raise StoreError(f"factdesk keeps its records in SQLite or PostgreSQL, not {name}")
        self.dialect: Dialect = "sqlite" if name == "sqlite" else "postgresql"

    @classmethod
    def sqlite(cls, path: Path) -> Database:
        """A SQLite file, created with its folder if missing."""
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": _SQLITE_BUSY_TIMEOUT_S},
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return cls(engine, str(path))

    @classmethod
    def postgresql(cls, url: str) -> Database:
        """A PostgreSQL database by SQLAlchemy URL; `postgresql://` means psycopg 3."""
        try:
            parsed = make_url(url)
        except ArgumentError as exc:
            raise StoreError(f"FACTDESK_DATABASE_URL is not a database URL: {exc}") from exc
        if parsed.drivername not in _POSTGRES_DRIVERS:
            raise StoreError(
                "FACTDESK_DATABASE_URL must be a PostgreSQL URL such as "
                "postgresql+psycopg://factdesk@127.0.0.1:5432/factdesk, "
                f"not a {parsed.drivername!r} one"
            )
        parsed = parsed.set(drivername="postgresql+psycopg")
        # pool_pre_ping: a bot that runs for weeks outlives server restarts and idle timeouts.
        engine = create_engine(parsed, pool_pre_ping=True)
        return cls(engine, parsed.render_as_string(hide_password=True))

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def read(self, failure: str) -> Iterator[Connection]:
        """A connection for reads; any database error becomes a `StoreError` that starts with
        `failure` ("could not read the registry")."""
        try:
            with self.engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{failure}: {reason(exc)}") from exc

    @contextmanager
    def write(self, failure: str) -> Iterator[Connection]:
        """One transaction, committed when the block ends and rolled back if it raises; on
        SQLite it holds the file's write lock from its first statement."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{_IMMEDIATE: True})
                with conn.begin():
                    yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"{failure}: {reason(exc)}") from exc

    def insert(self, table: Table) -> SQLiteInsert | PostgresInsert:
        """An INSERT that can say what to do when the row's key is already there
        (`on_conflict_do_nothing`, `on_conflict_do_update`)."""
        if self.dialect == "sqlite":
            return sqlite.insert(table)
        # Imported here: the PostgreSQL dialect costs an embedded desk 50-150 ms at start.
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table)

    def choose_ids(self, conn: Connection, table: Table) -> None:
        """Let this transaction insert rows of `table` with ids it chooses: on PostgreSQL the
        table is locked against other inserts until the transaction ends, so that no other
        process draws one of those ids from the sequence meanwhile (a SQLite write
        transaction already excludes every other writer). Call `advance_ids` before the end."""
        if self.dialect == "postgresql":
            conn.exec_driver_sql(f"LOCK TABLE {table.name} IN SHARE ROW EXCLUSIVE MODE")

    def advance_ids(self, conn: Connection, table: Table) -> None:
        """After inserting chosen ids into `table` (its key is `id`): on PostgreSQL, move the
        identity sequence past the largest, so the next default id is a new one."""
        if self.dialect == "postgresql":
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT max(id) FROM {table.name}))"
            )

    def migrate(self, store: str, scripts: Traversable, *, what: str) -> None:
        """Bring `store`'s tables to the newest version in `scripts` (see `migrations`); a
        database written by a newer factdesk is refused."""
        with self.write(f"cannot open the {what} at {self.where}") as conn:
            migrations.migrate(conn, self.dialect, store, scripts, what=what)


def reason(exc: SQLAlchemyError) -> str:
    """The driver's own first line ("UNIQUE constraint failed: ..."), without SQLAlchemy's
    statement dump and link."""
    cause: object = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    lines = str(cause).strip().splitlines()
    return lines[0] if lines else type(cause).__name__


def _sqlite_connect(dbapi_connection: Any, _record: object) -> None:
    # SQLAlchemy, not the sqlite3 module, says when a transaction begins (`_sqlite_begin`).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; fewer fsyncs
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_TIMEOUT_S * 1000}")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    immediate = conn.get_execution_options().get(_IMMEDIATE, False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")
