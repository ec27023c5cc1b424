"""Each server's factdesk settings: who moderates, where reports go, which corpus it reads.

Stored beside the corpora (one SQLite file in the data directory), with defaults for a server
that never ran /factdesk config, and a schema version checked when the file is opened.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from knowledge import StoreError

__all__ = ["ServerConfig", "ServerConfigStore"]

_SCHEMA_VERSION = 1


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


class ServerConfigStore:
    """Reads and writes `ServerConfig`s."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            (version,) = self._db.execute("PRAGMA user_version").fetchone()
            if version > _SCHEMA_VERSION:
                raise StoreError(f"{path} was written by a newer factdesk; upgrade factdesk")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS servers (guild_id INTEGER PRIMARY KEY, "
                "moderator_role_id INTEGER, log_channel_id INTEGER, corpus TEXT, "
                "updated_by TEXT, updated_at TEXT)"
            )
            self._db.execute(f"PRAGMA user_version={_SCHEMA_VERSION}")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the server settings at {path}: {exc}") from exc
        self._lock = threading.Lock()
        self._cache: dict[int, ServerConfig] = {}

    def close(self) -> None:
        self._db.close()

    def get(self, guild_id: int) -> ServerConfig:
        with self._lock:
            if guild_id not in self._cache:
                row = self._db.execute(
                    "SELECT moderator_role_id, log_channel_id, corpus FROM servers "
                    "WHERE guild_id = ?",
                    (guild_id,),
                ).fetchone()
                self._cache[guild_id] = (
                    ServerConfig(guild_id, *row) if row else ServerConfig(guild_id)
                )
            return self._cache[guild_id]

    def update(self, guild_id: int, *, by: str, **changes: int | str | None) -> ServerConfig:
        """Change some settings of a server and return the result."""
        config = replace(self.get(guild_id), **changes)  # type: ignore[arg-type]
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO servers (guild_id, moderator_role_id, log_channel_id, "
                "corpus, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    guild_id,
                    config.moderator_role_id,
                    config.log_channel_id,
                    config.corpus,
                    by,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
            self._cache[guild_id] = config
        return config
