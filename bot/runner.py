"""Start the Discord bot: settings, the desk, the server settings store, and discord.py's loop."""

from __future__ import annotations

import logging

from bot.client import FactdeskBot, ShardedFactdeskBot, point_at
from bot.server_config import ServerConfigStore
from bot.settings import DiscordSettings, read_discord_settings
from knowledge import Desk, InputError, Settings, open_database

__all__ = ["build_bot", "run_bot"]


def build_bot(
    desk_settings: Settings | None = None, discord_settings: DiscordSettings | None = None
) -> FactdeskBot:
    """A bot wired to its desk and settings, pointed at Discord or at a configured proxy; the
    sharded bot when the settings name shards, else the plain one."""
    settings = discord_settings or read_discord_settings()
    point_at(settings.api_base_url, settings.gateway_url)
    desk = Desk(desk_settings or Settings())
    configs = ServerConfigStore(open_database(desk.settings.store, "discord.sqlite3"))
    bot_class = ShardedFactdeskBot if settings.sharded else FactdeskBot
    return bot_class(desk, settings, configs)


def run_bot(desk_settings: Settings | None = None, sync: str | None = None) -> None:
    """Run until stopped (Ctrl-C)."""
    settings = read_discord_settings()
    token = settings.token
    if token is None:
        raise InputError(
            "no bot token: set DISCORD_TOKEN in .env (see .env.example) to the token of your "
            "application's bot from the Discord developer portal"
        )
    if sync is not None:
        settings = settings.model_copy(update={"command_sync": sync})
    bot = build_bot(desk_settings, settings)
    bot.desk.warm_up()  # models load before the bot goes online, not on the first question
    bot.run(token.get_secret_value(), log_level=logging.INFO, root_logger=True)
