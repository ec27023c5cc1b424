"""Members ask: /ask, a mention, a reply with a mention, or the "Fact-check this message" menu.

Every path defers or answers within Discord's three seconds, does the work off the event loop,
and sends one embed with the answer's buttons and no pings. A question asked in a follow-up
thread is read together with the claim the thread started from.
"""

from __future__ import annotations

import asyncio
import re
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import reply_privately
from bot.cogs.ask.limits import AnswerLimits, Refused
from bot.cogs.ask.views import answer_view
from bot.constants import Text
from bot.render import answer_embed
from knowledge import QuestionError, validate_question

if TYPE_CHECKING:
    from bot.client import FactdeskBot

__all__ = ["AskCog"]

_NO_PINGS = discord.AllowedMentions.none()


class AskCog(commands.Cog):
    """Questions from members."""

    def __init__(self, bot: FactdeskBot) -> None:
        self.bot = bot
        self.limits = AnswerLimits(
            cooldown_s=bot.settings.ask_cooldown_s,
            max_concurrent=bot.settings.max_concurrent_answers,
        )
        self.menu = app_commands.ContextMenu(name=Text.CONTEXT_MENU, callback=self.check_message)
        self.menu.guild_only = True

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def _answer(
        self, guild: discord.Guild, user: discord.abc.User, question: str, context: str | None
    ) -> tuple[discord.Embed, int]:
        """Ask the desk (off the event loop), keep the answer, and render it."""
        desk = self.bot.desk
        config = self.bot.server_config(guild.id)
        scope = config.scope

        def work() -> tuple[discord.Embed, int]:
            answer = desk.ask(question, scope=scope, context=context)
            answer_id = desk.usage.record(scope, answer, asked_by=f"discord:{user.id}")
            return answer_embed(answer, desk.status(scope), shared=config.shared), answer_id

        return await asyncio.to_thread(work)

    async def _thread_context(self, channel: object) -> str | None:
        """The claim a follow-up thread started from, if `channel` is one."""
        if not isinstance(channel, discord.Thread):
            return None
        recorded = await asyncio.to_thread(self.bot.desk.usage.thread_answer, str(channel.id))
        return recorded.claim if recorded else None

    def _check_length(self, question: str) -> None:
        validate_question(question, max_chars=self.bot.desk.settings.answer.max_question_chars)

    @app_commands.command(name="ask", description=Text.ASK_DESCRIPTION)
    @app_commands.describe(question=Text.ASK_QUESTION)
    @app_commands.guild_only()
    async def ask(self, interaction: discord.Interaction[FactdeskBot], question: str) -> None:
        assert interaction.guild is not None  # guild_only
        try:
            self._check_length(question)
            with self.limits.slot(interaction.guild.id, interaction.user.id):
                await interaction.response.defer(thinking=True)
                context = await self._thread_context(interaction.channel)
                embed, answer_id = await self._answer(
                    interaction.guild, interaction.user, question, context
                )
                can_thread = isinstance(interaction.channel, discord.TextChannel)
                await interaction.followup.send(
                    embed=embed,
                    view=answer_view(answer_id, thread=can_thread),
                    allowed_mentions=_NO_PINGS,
                )
        except (Refused, QuestionError) as refusal:
            await reply_privately(interaction, str(refusal))

    async def check_message(
        self, interaction: discord.Interaction[FactdeskBot], message: discord.Message
    ) -> None:
        """The "Fact-check this message" menu: private unless its user shares it."""
        assert interaction.guild is not None  # guild_only
        try:
            if not message.content.strip():
                raise QuestionError(Text.NOTHING_TO_CHECK)
            self._check_length(message.content)
            with self.limits.slot(interaction.guild.id, interaction.user.id):
                await interaction.response.defer(ephemeral=True, thinking=True)
                embed, answer_id = await self._answer(
                    interaction.guild, interaction.user, message.content, None
                )
                await interaction.followup.send(
                    embed=embed,
                    view=answer_view(answer_id, share=True),
                    ephemeral=True,
                    allowed_mentions=_NO_PINGS,
                )
        except (Refused, QuestionError) as refusal:
            await reply_privately(interaction, str(refusal))

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if message.author.bot or me is None or me not in message.mentions:
            return
        try:
            await self._answer_mention(message, me)
        except Exception as error:  # the bot stays up and says sorry
            error_id = self.bot.error_id(error, "a mention")
            await message.reply(
                Text.ERROR.format(error_id=error_id),
                mention_author=False,
                allowed_mentions=_NO_PINGS,
            )

    async def _answer_mention(self, message: discord.Message, me: discord.ClientUser) -> None:
        if message.guild is None:
            await message.reply(Text.GUILD_ONLY, mention_author=False, allowed_mentions=_NO_PINGS)
            return
        question = await self._mentioned_question(message, me)
        try:
            if not question:
                raise QuestionError(Text.EMPTY_MENTION)
            self._check_length(question)
            with self.limits.slot(message.guild.id, message.author.id):
                context = await self._thread_context(message.channel)
                embed, answer_id = await self._answer(
                    message.guild, message.author, question, context
                )
                await message.reply(
                    embed=embed,
                    view=answer_view(answer_id),
                    mention_author=False,
                    allowed_mentions=_NO_PINGS,
                )
        except (Refused, QuestionError) as refusal:
            await message.reply(str(refusal), mention_author=False, allowed_mentions=_NO_PINGS)

    async def _mentioned_question(self, message: discord.Message, me: discord.ClientUser) -> str:
        """A reply with a mention checks the message replied to; otherwise the mention's text
        is the question."""
        reference = message.reference
        if reference is not None and reference.message_id is not None:
            target = reference.resolved
            if not isinstance(target, discord.Message):
                target = await message.channel.fetch_message(reference.message_id)
            return target.content.strip()
        mention = re.compile(rf"<@!?{me.id}>")
        return mention.sub(" ", message.content).strip()
