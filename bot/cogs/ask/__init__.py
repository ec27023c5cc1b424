"""Members ask: /ask, mentions, replies, the message menu, buttons and follow-up threads."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.cogs.ask.cog import AskCog

if TYPE_CHECKING:
    from bot.client import FactdeskBot

__all__ = ["AskCog", "setup"]


async def setup(bot: FactdeskBot) -> None:
    await bot.add_cog(AskCog(bot))
