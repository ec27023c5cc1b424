"""Each server's factdesk settings: who moderates, where reports go, which corpus it reads.

Stored beside the corpora (a SQLite file in the data directory, or the shared PostgreSQL
database), with defaults for a server that never ran /factdesk config, and migrated to the
newest schema version (`bot/schema/servers/`) when it is opened.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from importlib.resources import files

from sqlalchemy import BigInteger, Column, MetaData, Table, Text, select

from knowledge import Database

__all__ = ["ServerConfig", "ServerConfigStore"]

_META = MetaData()
_servers = Table(
    "servers",
    _META,
    Column("guild_id", BigInteger, primary_key=True, autoincrement=False),
    Column("moderator_role_id", BigInteger),
    Column("log_channel_id", BigInteger),
    Column("corpus", Text),
    Column("updated_by", Text),
    Column("updated_at", Text),
)


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """One server's settings; None means "not set"."""

    guild_id: int
    moderator_role_id: int | None = None
    log_channel_id: int | None = None
    corpus: str | None = None  # read another scope's corpus instead of the server's own

    @property
    def scope(self) -> str:
        """The corpus this server's questions are answered from."""
        return self.corpus or str(self.guild_id)

    @property
    def shared(self) -> bool:
        """Whether that corpus is another scope's rather than the server's own."""
        return self.scope != str(self.guild_id)


class ServerConfigStore:
    """Reads and writes `ServerConfig`s.

    Settings are cached per process: a server's commands and its settings go through the one
    shard that holds the server, so no other process changes them behind this one's back.
    """

    def __init__(self, database: Database) -> None:
        self._db = database
        database.migrate("servers", files("bot") / "schema" / "servers", what="server settings")
        self._lock = threading.Lock()
        self._cache: dict[int, ServerConfig] = {}

    def close(self) -> None:
        self._db.close()

    def get(self, guild_id: int) -> ServerConfig:
        with self._lock:
            if guild_id not in self._cache:
                query = select(
                    _servers.c.moderator_role_id, _servers.c.log_channel_id, _servers.c.corpus
                ).where(_servers.c.guild_id == guild_id)
                with self._db.read("could not read the server settings") as conn:
                    row = conn.execute(query).first()
                self._cache[guild_id] = (
                    ServerConfig(guild_id, *row) if row else ServerConfig(guild_id)
                )
            return self._cache[guild_id]

    def update(self, guild_id: int, *, by: str, **changes: int | str | None) -> ServerConfig:
        """Change some settings of a server and return the result."""
        config = replace(self.get(guild_id), **changes)  # type: ignore[arg-type]
        values = {
            "moderator_role_id": config.moderator_role_id,
            "log_channel_id": config.log_channel_id,
            "corpus": config.corpus,
            "updated_by": by,
            "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        insert = self._db.insert(_servers).values(guild_id=guild_id, **values)
        with self._lock:
            with self._db.write("could not save the server settings") as conn:
                conn.execute(
                    insert.on_conflict_do_update(index_elements=[_servers.c.guild_id], set_=values)
                )
            self._cache[guild_id] = config
        return config
