"""Server administration: /factdesk stats and /factdesk config."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.admin.cog import AdminCog

if TYPE_CHECKING:
    from bot.client import FactdeskBot

__all__ = ["AdminCog", "setup"]


async def setup(bot: FactdeskBot) -> None:
    await bot.add_cog(AdminCog(bot))
