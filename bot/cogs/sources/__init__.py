"""Moderators load and manage sources: /source add, remove, list, info."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.sources.cog import SourcesCog

if TYPE_CHECKING:
    from bot.client import FactdeskBot

__all__ = ["SourcesCog", "setup"]


async def setup(bot: FactdeskBot) -> None:
    await bot.add_cog(SourcesCog(bot))
