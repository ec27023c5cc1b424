"""The Discord bot: a discord.py Bot that hands every question and source to the `Desk`.

Dependencies come in through the constructor; `setup_hook` loads the cogs, registers the
answer buttons (which work for any past answer, across restarts) and syncs commands only when
the settings ask for it. Failures answer with an apology and an error id; the traceback goes to
the log and the bot stays up.
"""

from __future__ import annotations

import logging
import uuid
from typing import Any

import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.constants import Text
from bot.server_config import ServerConfig, ServerConfigStore
from bot.settings import DiscordSettings
from knowledge import Desk

__all__ = ["FactdeskBot", "ShardedFactdeskBot", "point_at", "reply_privately"]

log = logging.getLogger("factdesk.bot")

_COGS = ("bot.cogs.ask", "bot.cogs.sources", "bot.cogs.admin")


def point_at(api_base_url: str | None, gateway_url: str | None) -> None:
    """Send REST calls and the gateway connection to a proxy (or a test's fake Discord)."""
    if api_base_url:
        discord.http.Route.BASE = api_base_url.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


class FactdeskBot(commands.Bot):
    """factdesk on Discord."""

    def __init__(
        self, desk: Desk, settings: DiscordSettings, configs: ServerConfigStore, **options: Any
    ) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # to read a message someone replies to with a mention
        super().__init__(
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=settings.guild_ready_timeout_s,
            help_command=None,
            **options,
        )
        self.desk = desk
        self.settings = settings
        self.configs = configs
        self.tree.on_error = self.on_app_command_error  # type: ignore[method-assign]

    async def setup_hook(self) -> None:
        from bot.cogs.ask.views import ANSWER_BUTTONS

        for extension in _COGS:
            await self.load_extension(extension)
        self.add_dynamic_items(*ANSWER_BUTTONS)
        await self.sync_commands(self.settings.command_sync)

    async def sync_commands(self, mode: str) -> None:
        """Push the slash commands to Discord, to one server or globally, or not at all."""
        if mode == "guild" and self.settings.sync_guild_id:
            guild = discord.Object(self.settings.sync_guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        elif mode == "global":
            synced = await self.tree.sync()
        else:
            return
        log.info("synced %d commands (%s)", len(synced), mode)

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: mentions are questions, handled by the ask cog's listener."""

    async def on_ready(self) -> None:
        """Log that the bot is online, in how many servers and on which shards."""
        count = len(self.guilds)
        servers = f"{count} server" if count == 1 else f"{count} servers"
        log.info(
            "ready as %s (%s): %s%s", self.user, self.application_id, servers, self.shards_held()
        )

    def shards_held(self) -> str:
        """Which shards this process runs, for the log ("" when the bot is not sharded)."""
        return ""

    async def close(self) -> None:
        await super().close()
        self.desk.close()
        self.configs.close()

    # -- per-server helpers ----------------------------------------------------------------------

    def server_config(self, guild_id: int) -> ServerConfig:
        return self.configs.get(guild_id)

    def scope_for(self, guild: discord.abc.Snowflake) -> str:
        """The corpus a server reads: its own (its id), or the shared one it chose."""
        return self.server_config(guild.id).scope

    async def post_to_log(self, guild: discord.Guild, embed: discord.Embed) -> bool:
        """Post to the server's moderators' log channel; False if none is set or reachable."""
        channel_id = self.server_config(guild.id).log_channel_id
        channel = guild.get_channel(channel_id) if channel_id else None
        if not isinstance(channel, discord.TextChannel):
            return False
        try:
            await channel.send(embed=embed, allowed_mentions=discord.AllowedMentions.none())
        except discord.HTTPException:
            log.warning("could not post to the log channel of %s", guild.id, exc_info=True)
            return False
        return True

    # -- failures --------------------------------------------------------------------------------

    def error_id(self, error: BaseException, where: str) -> str:
        """Log a failure with its traceback under a short id people can quote."""
        error_id = uuid.uuid4().hex[:8]
        log.error("error %s in %s", error_id, where, exc_info=error)
        return error_id

    async def on_app_command_error(
        self, interaction: discord.Interaction[FactdeskBot], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, app_commands.CheckFailure):
            message = str(error)
        else:
            cause = error.original if isinstance(error, app_commands.CommandInvokeError) else error
            name = interaction.command.qualified_name if interaction.command else "a command"
            message = Text.ERROR.format(error_id=self.error_id(cause, f"/{name}"))
        await reply_privately(interaction, message)

    async def on_error(self, event_method: str, /, *args: Any, **kwargs: Any) -> None:
        log.exception("error in %s", event_method)


class ShardedFactdeskBot(FactdeskBot, commands.AutoShardedBot):
    """factdesk on some shards of a sharded bot: FACTDESK_SHARD_IDS of FACTDESK_SHARD_COUNT.

    Discord sends a server's events to one shard only, (server id >> 22) % shard count, so
    processes that each hold some shards split the servers between them and share the corpora
    (one data directory, or PostgreSQL and a Chroma server across machines). The MRO puts
    FactdeskBot's behaviour in front of discord.py's AutoShardedBot (one gateway connection per
    shard held), as `commands.Bot` puts BotBase in front of `discord.Client`.
    """

    def __init__(
        self, desk: Desk, settings: DiscordSettings, configs: ServerConfigStore, **options: Any
    ) -> None:
        if settings.shard_count is None:
            raise ValueError("a sharded bot needs FACTDESK_SHARD_COUNT")
        super().__init__(
            desk,
            settings,
            configs,
            shard_count=settings.shard_count,
            shard_ids=None if settings.shard_ids is None else list(settings.shard_ids),
            **options,
        )

    def shards_held(self) -> str:
        held = self.shard_ids if self.shard_ids is not None else range(self.shard_count or 0)
        return f", shards {list(held)} of {self.shard_count}"


async def reply_privately(interaction: discord.Interaction[Any], message: str) -> None:
    """Answer an interaction with a message only its user sees, however far it got."""
    try:
        if interaction.response.is_done():
            await interaction.followup.send(
                message, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
        else:
            await interaction.response.send_message(
                message, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
            )
    except discord.HTTPException:
        log.warning("could not tell the user about a failure", exc_info=True)
