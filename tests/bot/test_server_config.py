"""Each server's settings survive a restart and default sensibly, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.server_config import ServerConfigStore
from knowledge import StoreError, StoreSettings, open_database
from knowledge.migrations import write_version

# A real Discord id: above 2**53, so a 64-bit column is needed to keep it.
GUILD = 1_234_567_890_123_456_789


@pytest.fixture
def database_url(backend_database_url: str | None) -> str | None:
    return backend_database_url


def _open(store: StoreSettings) -> ServerConfigStore:
    return ServerConfigStore(open_database(store, "discord.sqlite3"))


def test_defaults_updates_and_persistence(store_settings: StoreSettings) -> None:
    store = _open(store_settings)
    assert store.get(42).scope == "42"
    assert not store.get(42).shared
    assert store.get(42).moderator_role_id is None
    store.update(42, by="admin", moderator_role_id=7, log_channel_id=8)
    store.update(42, by="admin", corpus="shared-news")
    store.close()
    again = _open(store_settings)
    got = again.get(42)
    again.close()
    assert (got.moderator_role_id, got.log_channel_id, got.scope) == (7, 8, "shared-news")
    assert got.shared


def test_discord_ids_keep_all_their_digits(store_settings: StoreSettings) -> None:
    store = _open(store_settings)
    store.update(GUILD, by="admin", moderator_role_id=GUILD + 1, log_channel_id=GUILD + 2)
    store.close()
    again = _open(store_settings)
    got = again.get(GUILD)
    again.close()
    assert (got.scope, got.moderator_role_id, got.log_channel_id) == (
        str(GUILD),
        GUILD + 1,
        GUILD + 2,
    )


def test_settings_from_a_newer_factdesk_are_refused(store_settings: StoreSettings) -> None:
    _open(store_settings).close()
    database = open_database(store_settings, "discord.sqlite3")
    with database.write("test") as conn:
        write_version(conn, database.dialect, "servers", 5)
    database.close()
    with pytest.raises(StoreError, match="upgrade factdesk"):
        _open(store_settings)
