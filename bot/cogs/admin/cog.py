"""/factdesk stats for moderators, /factdesk config for people who manage the server."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import is_admin, is_moderator
from bot.constants import Text
from bot.render import stats_embed
from knowledge import ScopeError, validate_scope

if TYPE_CHECKING:
    from bot.client import FactdeskBot

__all__ = ["AdminCog"]


class AdminCog(commands.Cog):
    """Usage and settings of a server."""

    factdesk = app_commands.Group(
        name="factdesk", description="factdesk's usage and settings in this server", guild_only=True
    )

    def __init__(self, bot: FactdeskBot) -> None:
        self.bot = bot

    @factdesk.command(name="stats")
    @is_moderator()
    async def stats(self, interaction: discord.Interaction[FactdeskBot]) -> None:
        """Questions asked, verdicts, helpful rate, sources, and what your sources miss."""
        assert interaction.guild is not None
        desk = self.bot.desk
        config = self.bot.server_config(interaction.guild.id)
        scope = config.scope
        usage, status = await asyncio.to_thread(
            lambda: (desk.usage.stats(scope), desk.status(scope))
        )
        await interaction.response.send_message(
            embed=stats_embed(usage, status, shared=config.shared), ephemeral=True
        )

    @factdesk.command(name="config")
    @app_commands.describe(
        moderator_role="A role whose members may load and remove sources",
        log_channel="Where reports and source changes are posted",
        shared_corpus="Read this corpus instead of the server's own (a name, or 'own' to undo)",
    )
    @is_admin()
    async def config(
        self,
        interaction: discord.Interaction[FactdeskBot],
        moderator_role: discord.Role | None = None,
        log_channel: discord.TextChannel | None = None,
        shared_corpus: str | None = None,
    ) -> None:
        """Set who moderates, where reports go, and which corpus this server reads."""
        assert interaction.guild is not None
        changes: dict[str, int | str | None] = {}
        if moderator_role is not None:
            changes["moderator_role_id"] = moderator_role.id
        if log_channel is not None:
            changes["log_channel_id"] = log_channel.id
        if shared_corpus is not None:
            try:
                changes["corpus"] = (
                    None if shared_corpus == "own" else validate_scope(shared_corpus)
                )
            except ScopeError as error:
                await interaction.response.send_message(str(error), ephemeral=True)
                return
        by = f"discord:{interaction.user.id} ({interaction.user})"
        config = await asyncio.to_thread(
            self.bot.configs.update, interaction.guild.id, by=by, **changes
        )
        role = f"<@&{config.moderator_role_id}>" if config.moderator_role_id else "none"
        channel = f"<#{config.log_channel_id}>" if config.log_channel_id else "none"
        corpus = config.corpus or "this server's own"
        summary = f"Moderator role: {role}. Log channel: {channel}. Corpus: {corpus}."
        await interaction.response.send_message(
            Text.CONFIG_SAVED.format(summary=summary),
            ephemeral=True,
            allowed_mentions=discord.AllowedMentions.none(),
        )
