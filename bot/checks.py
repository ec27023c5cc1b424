"""Who may do what: app command checks built the discord.py way (factory, predicate, failure)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

import discord
from discord import app_commands

from bot.constants import Text

if TYPE_CHECKING:
    from bot.client import FactdeskBot

__all__ = ["NotAdmin", "NotModerator", "is_admin", "is_moderator", "may_moderate"]

T = TypeVar("T")


class NotModerator(app_commands.CheckFailure):
    """Raised when someone who is not a moderator tries a moderator command."""

    def __init__(self) -> None:
        super().__init__(Text.NOT_MODERATOR)


class NotAdmin(app_commands.CheckFailure):
    """Raised when someone without Manage Server tries to change settings."""

    def __init__(self) -> None:
        super().__init__(Text.NOT_ADMIN)


def may_moderate(interaction: discord.Interaction[FactdeskBot]) -> bool:
    """Manage Messages, or the moderator role the server configured."""
    if interaction.guild is None or not isinstance(interaction.user, discord.Member):
        return False
    if interaction.permissions.manage_messages:
        return True
    role = interaction.client.server_config(interaction.guild.id).moderator_role_id
    return role is not None and any(r.id == role for r in interaction.user.roles)


def is_moderator() -> Callable[[T], T]:
    """Only moderators may run the command."""

    def predicate(interaction: discord.Interaction[FactdeskBot]) -> bool:
        if not may_moderate(interaction):
            raise NotModerator()
        return True

    return app_commands.check(predicate)


def is_admin() -> Callable[[T], T]:
    """Only people who may manage the server may run the command."""

    def predicate(interaction: discord.Interaction[FactdeskBot]) -> bool:
        if interaction.guild is None or not interaction.permissions.manage_guild:
            raise NotAdmin()
        return True

    return app_commands.check(predicate)
