"""Each server's settings survive a restart and default sensibly."""

from __future__ import annotations

from pathlib import Path

from bot.server_config import ServerConfigStore


def test_defaults_updates_and_persistence(tmp_path: Path) -> None:
    store = ServerConfigStore(tmp_path / "discord.sqlite3")
    assert store.get(42).scope == "42"
    assert store.get(42).moderator_role_id is None
    store.update(42, by="admin", moderator_role_id=7, log_channel_id=8)
    store.update(42, by="admin", corpus="shared-news")
    store.close()
    again = ServerConfigStore(tmp_path / "discord.sqlite3").get(42)
    assert (again.moderator_role_id, again.log_channel_id, again.scope) == (7, 8, "shared-news")
