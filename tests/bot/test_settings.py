"""The bot's settings: sharding is read from the environment, checked, and picks the client."""

from __future__ import annotations

import discord
import pytest
from click.testing import CliRunner
from discord.ext import commands

from bot.cli import cli
from bot.client import FactdeskBot, ShardedFactdeskBot
from bot.runner import build_bot
from bot.settings import read_discord_settings
from knowledge import InputError


@pytest.mark.parametrize(
    ("ids", "count", "shard_ids", "shard_count"),
    [
        (None, None, None, None),
        ("0", "1", (0,), 1),
        ("1", "2", (1,), 2),
        (" 2, 3 ", "4", (2, 3), 4),
        (None, "3", None, 3),  # a count alone: this process runs every shard
    ],
)
def test_shards_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    ids: str | None,
    count: str | None,
    shard_ids: tuple[int, ...] | None,
    shard_count: int | None,
) -> None:
    for name, value in (("FACTDESK_SHARD_IDS", ids), ("FACTDESK_SHARD_COUNT", count)):
        if value is not None:
            monkeypatch.setenv(name, value)
    settings = read_discord_settings()
    assert (settings.shard_ids, settings.shard_count) == (shard_ids, shard_count)
    assert settings.sharded is (shard_count is not None)


@pytest.mark.parametrize(
    ("ids", "count", "message"),
    [
        ("0", None, "FACTDESK_SHARD_IDS needs FACTDESK_SHARD_COUNT"),
        (
            "2",
            "2",
            "FACTDESK_SHARD_IDS has 2, but with FACTDESK_SHARD_COUNT=2 the shards are "
            "numbered 0 to 1",
        ),
        ("-1,0", "2", "FACTDESK_SHARD_IDS has -1,"),
        ("0,0", "2", "FACTDESK_SHARD_IDS names shard 0 more than once"),
        ("a", "2", "FACTDESK_SHARD_IDS: must be shard numbers separated by commas"),
        ("0,,1", "2", "FACTDESK_SHARD_IDS: must be shard numbers separated by commas"),
        ("0.5", "2", "FACTDESK_SHARD_IDS: must be shard numbers separated by commas"),
        (None, "0", "FACTDESK_SHARD_COUNT must be 1 or more, not 0"),
        (None, "two", "FACTDESK_SHARD_COUNT: Input should be a valid integer"),
    ],
)
def test_bad_shard_settings_are_named(
    monkeypatch: pytest.MonkeyPatch, ids: str | None, count: str | None, message: str
) -> None:
    for name, value in (("FACTDESK_SHARD_IDS", ids), ("FACTDESK_SHARD_COUNT", count)):
        if value is not None:
            monkeypatch.setenv(name, value)
    with pytest.raises(InputError) as raised:
        read_discord_settings()
    assert str(raised.value).startswith("bad bot setting: ")
    assert message in str(raised.value)


def test_factdesk_bot_says_which_setting_is_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "x")
    monkeypatch.setenv("FACTDESK_SHARD_IDS", "0,3")
    monkeypatch.setenv("FACTDESK_SHARD_COUNT", "3")
    result = CliRunner().invoke(cli, ["bot"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: bad bot setting: FACTDESK_SHARD_IDS has 3, but with FACTDESK_SHARD_COUNT=3 the "
        "shards are numbered 0 to 2\n"
    )


def test_without_shard_settings_the_bot_is_the_unsharded_one() -> None:
    bot = build_bot(discord_settings=read_discord_settings())
    try:
        assert type(bot) is FactdeskBot
        assert not isinstance(bot, discord.AutoShardedClient)
        assert (bot.shard_id, bot.shard_count) == (None, None)
    finally:
        bot.desk.close()
        bot.configs.close()


def test_with_shard_settings_the_bot_runs_those_shards(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_SHARD_IDS", "1")
    monkeypatch.setenv("FACTDESK_SHARD_COUNT", "2")
    bot = build_bot(discord_settings=read_discord_settings())
    try:
        assert isinstance(bot, ShardedFactdeskBot)
        assert isinstance(bot, commands.AutoShardedBot)
        assert (bot.shard_ids, bot.shard_count) == ([1], 2)
        assert bot.shards_held() == ", shards [1] of 2"
    finally:
        bot.desk.close()
        bot.configs.close()
