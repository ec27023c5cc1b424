"""Moderators load and manage the server's sources: /source add, remove, list and info.

Attachments are kept under the data directory (one folder per corpus), so that loading the same
file again is recognised as unchanged and a changed file replaces its old version. Every load
and removal goes to the journal with who did it, and to the log channel if the server set one.
"""

from __future__ import annotations

import asyncio
import re
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.checks import is_moderator
from bot.constants import Text
from bot.render import source_embed, sources_page
from knowledge import IngestFailure, IngestReport, InputError, MetaDefaults, Source, SourceKind

if TYPE_CHECKING:
    from bot.client import FactdeskBot

__all__ = ["SourcesCog", "summary"]

_PER_PAGE = 10
_PROGRESS_EVERY_S = 1.0


def summary(report: IngestReport) -> str:
    """What a load did, in a few lines: added, replaced, unchanged, failed and why."""
    lines = []
    for label, ids in (
        ("Added", report.added),
        ("Replaced", report.replaced),
        ("Already loaded, unchanged", report.unchanged),
    ):
        if ids:
            shown = ", ".join(f"`{i}`" for i in ids[:15]) + (" …" if len(ids) > 15 else "")
            lines.append(f"{label} ({len(ids)}): {shown}")
    for failure in report.failed[:10]:
        name = Path(failure.origin).name if "://" not in failure.origin else failure.origin
        lines.append(f"Failed: {discord.utils.escape_markdown(name)}: {failure.message}")
    if len(report.failed) > 10:
        lines.append(f"…and {len(report.failed) - 10} more failures")
    return "\n".join(lines) or "Nothing to load."


def _merge(first: IngestReport, second: IngestReport) -> IngestReport:
    return IngestReport(
        added=first.added + second.added,
        replaced=first.replaced + second.replaced,
        unchanged=first.unchanged + second.unchanged,
        failed=first.failed + second.failed,
        passages_indexed=first.passages_indexed + second.passages_indexed,
        seconds=first.seconds + second.seconds,
    )


def _safe_name(filename: str) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(filename).name).strip(".-")
    return name or "attachment"


class _Progress:
    """Edits the deferred response while a load runs in a worker thread, at most once a second."""

    def __init__(self, interaction: discord.Interaction[Any], loop: asyncio.AbstractEventLoop):
        self._interaction = interaction
        self._loop = loop
        self._last = 0.0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if total <= 1 or now - self._last < _PROGRESS_EVERY_S:
            return
        self._last = now
        template = Text.SOURCE_LOADING if stage == "load" else Text.SOURCE_EMBEDDING
        text = template.format(done=done, total=total)
        self._loop.call_soon_threadsafe(
            lambda: asyncio.ensure_future(self._interaction.edit_original_response(content=text))
        )


class SourcesCog(commands.Cog):
    """Sources, for moderators."""

    source = app_commands.Group(
        name="source",
        description="Load and manage the sources factdesk checks against",
        guild_only=True,
    )

    def __init__(self, bot: FactdeskBot) -> None:
        self.bot = bot

    def _uploads(self, scope: str) -> Path:
        folder = Path(self.bot.desk.settings.store.data_dir) / "uploads" / scope
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    @source.command(name="add")
    @app_commands.describe(
        url="A web page or PDF to load",
        file="A .md, .txt, .html, .pdf or .jsonl file",
        file2="Another file",
        file3="Another file",
        text="Text to load as a source (give title, publisher and kind)",
        title="Title, for pasted text or files that do not say",
        publisher="Publisher, for pasted text or files that do not say",
        published="Publication date, like 2024-04-28",
        kind="What kind of source it is",
    )
    @is_moderator()
    async def add(
        self,
        interaction: discord.Interaction[FactdeskBot],
        url: str | None = None,
        file: discord.Attachment | None = None,
        file2: discord.Attachment | None = None,
        file3: discord.Attachment | None = None,
        text: str | None = None,
        title: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
        kind: SourceKind | None = None,
    ) -> None:
        """Load sources: a URL, files, or pasted text."""
        assert interaction.guild is not None
        attachments = [a for a in (file, file2, file3) if a is not None]
        if not (url or attachments or text):
            await interaction.response.send_message(Text.SOURCE_NOTHING, ephemeral=True)
            return
        try:
            day = date.fromisoformat(published) if published else None
        except ValueError:
            await interaction.response.send_message(Text.SOURCE_BAD_DATE, ephemeral=True)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        bot = self.bot
        scope = bot.scope_for(interaction.guild)
        by = f"discord:{interaction.user.id} ({interaction.user})"
        defaults = MetaDefaults(title=title, publisher=publisher, kind=kind, published=day)
        targets, too_big = await self._save(attachments, scope)
        if url:
            targets.insert(0, url)
        progress = _Progress(interaction, asyncio.get_running_loop())

        def work() -> IngestReport:
            report = IngestReport()
            if targets:
                report = bot.desk.ingest(
                    targets, scope=scope, defaults=defaults, loaded_by=by, progress=progress
                )
            if text:
                try:
                    pasted = bot.desk.add_text(
                        text, defaults=defaults, scope=scope, loaded_by=by, origin="pasted text"
                    )
                except InputError as error:
                    pasted = IngestReport(failed=(IngestFailure("pasted text", str(error)),))
                report = _merge(report, pasted)
            return report

        report = await asyncio.to_thread(work)
        report = _merge(report, IngestReport(failed=tuple(too_big)))
        message = summary(report)
        await interaction.edit_original_response(content=message[:2000])
        if report.added or report.replaced or report.failed:
            embed = discord.Embed(title="Sources loaded", description=message[:4000])
            embed.set_footer(text=f"by {interaction.user} ({interaction.user.id})")
            await bot.post_to_log(interaction.guild, embed)

    async def _save(
        self, attachments: list[discord.Attachment], scope: str
    ) -> tuple[list[str], list[IngestFailure]]:
        """Keep attachments under the corpus's uploads folder; too-large ones are failures."""
        limit_mb = self.bot.desk.settings.ingest.max_file_mb
        folder = self._uploads(scope)
        paths: list[str] = []
        too_big: list[IngestFailure] = []
        for attachment in attachments:
            if attachment.size > limit_mb * 1024 * 1024:
                too_big.append(
                    IngestFailure(
                        attachment.filename,
                        Text.SOURCE_TOO_BIG.format(
                            name=attachment.filename,
                            size=attachment.size / 1024 / 1024,
                            limit=limit_mb,
                        ),
                    )
                )
                continue
            path = folder / _safe_name(attachment.filename)
            path.write_bytes(await attachment.read())
            paths.append(str(path))
        return paths, too_big

    @source.command(name="remove")
    @app_commands.describe(source_id="The id shown by /source list")
    @is_moderator()
    async def remove(self, interaction: discord.Interaction[FactdeskBot], source_id: str) -> None:
        """Remove a source and its passages."""
        assert interaction.guild is not None
        scope = self.bot.scope_for(interaction.guild)
        by = f"discord:{interaction.user.id} ({interaction.user})"
        try:
            removed = await asyncio.to_thread(self.bot.desk.remove, source_id, scope, actor=by)
        except InputError as error:
            await interaction.response.send_message(str(error), ephemeral=True)
            return
        message = f"Removed `{removed.meta.doc_id}` ({removed.passage_count} passages)."
        await interaction.response.send_message(message, ephemeral=True)
        embed = discord.Embed(title="Source removed", description=message)
        embed.set_footer(text=f"by {interaction.user} ({interaction.user.id})")
        await self.bot.post_to_log(interaction.guild, embed)

    @source.command(name="list")
    @is_moderator()
    async def list_sources(self, interaction: discord.Interaction[FactdeskBot]) -> None:
        """List this server's sources, newest first."""
        assert interaction.guild is not None
        scope = self.bot.scope_for(interaction.guild)
        found = await asyncio.to_thread(self.bot.desk.sources, scope)
        view = _Pages(found, interaction.user.id)
        await interaction.response.send_message(
            embed=sources_page(found, 0, _PER_PAGE), view=view, ephemeral=True
        )

    @source.command(name="info")
    @app_commands.describe(source_id="The id shown by /source list")
    @is_moderator()
    async def info(self, interaction: discord.Interaction[FactdeskBot], source_id: str) -> None:
        """Show one source: who published it, when, and when and by whom it was loaded."""
        assert interaction.guild is not None
        scope = self.bot.scope_for(interaction.guild)
        try:
            found, passages = await asyncio.to_thread(self.bot.desk.source, source_id, scope)
        except InputError as error:
            await interaction.response.send_message(str(error), ephemeral=True)
            return
        await interaction.response.send_message(embed=source_embed(found, passages), ephemeral=True)


class _Pages(discord.ui.View):
    """Previous / Next buttons over a list of sources, for the person who asked."""

    def __init__(self, sources: list[Source], owner: int) -> None:
        super().__init__(timeout=300)
        self.sources = sources
        self.owner = owner
        self.page = 0
        self.pages = max(1, -(-len(sources) // _PER_PAGE))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.previous.disabled = self.page == 0
        self.next.disabled = self.page >= self.pages - 1

    async def _show(self, interaction: discord.Interaction[Any]) -> None:
        self._update_buttons()
        await interaction.response.edit_message(
            embed=sources_page(self.sources, self.page, _PER_PAGE), view=self
        )

    @discord.ui.button(label="Previous", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]
    ) -> None:
        self.page = max(0, self.page - 1)
        await self._show(interaction)

    @discord.ui.button(label="Next", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction[Any], _: discord.ui.Button[Any]) -> None:
        self.page = min(self.pages - 1, self.page + 1)
        await self._show(interaction)
