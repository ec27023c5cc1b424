"""The buttons under an answer: Quotes, Helpful, Not helpful, Report, a follow-up thread, and
Share (for answers only their asker sees).

Each button carries the answer's id in its custom id, so it works for any past answer and after
a restart: the bot registers one dynamic item that reads the id back.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING, Any

import discord

from bot.constants import Text
from bot.render import quotes_embed

if TYPE_CHECKING:
    from bot.client import FactdeskBot

__all__ = ["ANSWER_BUTTONS", "AnswerButton", "answer_view"]

_LABELS = {
    "quotes": ("Quotes", discord.ButtonStyle.secondary),
    "up": ("Helpful", discord.ButtonStyle.success),
    "down": ("Not helpful", discord.ButtonStyle.secondary),
    "report": ("Report", discord.ButtonStyle.danger),
    "thread": ("Follow up in a thread", discord.ButtonStyle.primary),
    "share": ("Share in channel", discord.ButtonStyle.primary),
}


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button[discord.ui.View]],
    template=re.compile(r"fd:(?P<action>quotes|up|down|report|thread|share):(?P<answer>\d+)"),
):
    """One of an answer's buttons."""

    def __init__(self, action: str, answer_id: int) -> None:
        label, style = _LABELS[action]
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=f"fd:{action}:{answer_id}")
        )
        self.action = action
        self.answer_id = answer_id

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> AnswerButton:
        return cls(match["action"], int(match["answer"]))

    async def callback(self, interaction: discord.Interaction[FactdeskBot]) -> None:  # type: ignore[override]
        handlers = {
            "quotes": _quotes,
            "up": _vote,
            "down": _vote,
            "report": _report,
            "thread": _thread,
            "share": _share,
        }
        await handlers[self.action](interaction, self)


ANSWER_BUTTONS = (AnswerButton,)


def answer_view(answer_id: int, *, thread: bool = False, share: bool = False) -> discord.ui.View:
    """The buttons for an answer; `thread` where a thread can follow, `share` if private."""
    view = discord.ui.View(timeout=None)
    actions = ["quotes", "up", "down", "report"]
    if thread:
        actions.append("thread")
    if share:
        actions.append("share")
    for action in actions:
        view.add_item(AnswerButton(action, answer_id))
    return view


async def _private(
    interaction: discord.Interaction[Any],
    content: str | None = None,
    embed: discord.Embed | None = None,
) -> None:
    kwargs: dict[str, Any] = {"ephemeral": True, "allowed_mentions": discord.AllowedMentions.none()}
    if embed is not None:
        kwargs["embed"] = embed
    await interaction.response.send_message(content, **kwargs)


async def _quotes(interaction: discord.Interaction[FactdeskBot], button: AnswerButton) -> None:
    desk = interaction.client.desk
    recorded = await asyncio.to_thread(desk.usage.get, button.answer_id)
    if recorded is None:
        await _private(interaction, Text.QUOTES_GONE)
        return
    ids: list[str] = recorded.answer.get("passage_ids", [])
    passages = await asyncio.to_thread(
        lambda: [desk.passage(pid, scope=recorded.scope) for pid in ids]
    )
    await _private(interaction, Text.QUOTES_HEADER, quotes_embed(recorded, passages))


async def _vote(interaction: discord.Interaction[FactdeskBot], button: AnswerButton) -> None:
    helpful = button.action == "up"
    await asyncio.to_thread(
        interaction.client.desk.usage.vote,
        button.answer_id,
        f"discord:{interaction.user.id}",
        helpful=helpful,
    )
    await _private(interaction, Text.VOTED.format(vote="helpful" if helpful else "not helpful"))


async def _report(interaction: discord.Interaction[FactdeskBot], button: AnswerButton) -> None:
    bot = interaction.client
    recorded = await asyncio.to_thread(bot.desk.usage.get, button.answer_id)
    if interaction.guild is None or recorded is None:
        await _private(interaction, Text.QUOTES_GONE)
        return
    embed = discord.Embed(title="An answer was reported", colour=0xC0392B)
    embed.add_field(name="Question", value=_field(recorded.question), inline=False)
    embed.add_field(
        name="Answer",
        value=_field(f"{recorded.answer['headline']} ({recorded.verdict.value})"),
        inline=False,
    )
    embed.add_field(
        name="Reported by",
        value=_field(f"{interaction.user} ({interaction.user.id})"),
        inline=False,
    )
    if interaction.message is not None:
        embed.add_field(name="Message", value=interaction.message.jump_url, inline=False)
    posted = await bot.post_to_log(interaction.guild, embed)
    await _private(interaction, Text.REPORTED if posted else Text.NO_LOG_CHANNEL)


async def _thread(interaction: discord.Interaction[FactdeskBot], button: AnswerButton) -> None:
    message = interaction.message
    if message is None or not isinstance(message.channel, discord.TextChannel):
        await _private(interaction, Text.THREAD_NOT_HERE)
        return
    recorded = await asyncio.to_thread(interaction.client.desk.usage.get, button.answer_id)
    name = (recorded.claim if recorded else "Follow-up")[:90] or "Follow-up"
    thread = await message.create_thread(name=name)
    await asyncio.to_thread(
        interaction.client.desk.usage.link_thread, str(thread.id), button.answer_id
    )
    await _private(interaction, Text.THREAD_STARTED.format(thread=thread.mention))


async def _share(interaction: discord.Interaction[FactdeskBot], button: AnswerButton) -> None:
    channel = interaction.channel
    message = interaction.message
    if message is None or not message.embeds or not isinstance(channel, discord.abc.Messageable):
        await _private(interaction, Text.QUOTES_GONE)
        return
    await channel.send(
        embed=message.embeds[0],
        view=answer_view(button.answer_id),
        allowed_mentions=discord.AllowedMentions.none(),
    )
    await _private(interaction, Text.SHARED)


def _field(text: str) -> str:
    escaped = discord.utils.escape_mentions(discord.utils.escape_markdown(text))
    return escaped if len(escaped) <= 1024 else escaped[:1023] + "…"
