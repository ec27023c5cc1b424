"""Turn answers, sources and stats into Discord embeds, within every Discord limit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import discord

from bot.constants import (
    ANSWER_COLOURS,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_TITLE_LIMIT,
    EMBED_TOTAL_LIMIT,
)
from knowledge import Answer, CorpusStatus, Passage, RecordedAnswer, Source, UsageStats

__all__ = [
    "answer_embed",
    "chunk_lines",
    "quotes_embed",
    "source_embed",
    "sources_page",
    "stats_embed",
]

_SOURCES_HEADING = "\n\n**Sources**\n"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def chunk_lines(lines: Sequence[str], limit: int) -> list[str]:
    """Join lines into chunks of at most `limit` characters, never splitting a line (a line
    longer than the limit is cut): a citation stays whole in one field."""
    chunks: list[str] = []
    current = ""
    for line in lines:
        line = _cut(line, limit)
        if current and len(current) + 1 + len(line) > limit:
            chunks.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def _footer(status: CorpusStatus, *, shared: bool) -> str:
    """Corpus size and age; a server that reads another scope's corpus (`/factdesk config
    corpus`) is told whose, so nobody thinks its moderators loaded those sources."""
    updated = status.updated_at.strftime("%Y-%m-%d") if status.updated_at else "never"
    noun = "source" if status.sources == 1 else "sources"
    corpus = f"the shared corpus '{status.scope}'" if shared else "this server's corpus"
    return f"{status.sources} {noun} in {corpus} · last changed {updated}"


def answer_embed(answer: Answer, status: CorpusStatus, *, shared: bool = False) -> discord.Embed:
    """The answer as one embed: headline as title (coloured by verdict), key points as the
    description, numbered sources as fields, and the corpus size and age in the footer."""
    body, _, sources = answer.text.partition(_SOURCES_HEADING)
    headline_line, _, rest = body.partition("\n")
    basis = headline_line.removeprefix(f"**{answer.headline}**").lstrip(": ")
    description = "\n".join(part for part in (basis, rest.strip()) if part)
    embed = discord.Embed(
        title=_cut(answer.headline, EMBED_TITLE_LIMIT),
        description=_cut(description, EMBED_DESCRIPTION_LIMIT),
        colour=ANSWER_COLOURS[answer.verdict],
    )
    embed.set_footer(text=_footer(status, shared=shared))
    lines = [line for line in sources.splitlines() if line.strip()]
    for index, chunk in enumerate(chunk_lines(lines, EMBED_FIELD_VALUE_LIMIT)):
        if index == EMBED_FIELD_LIMIT or len(embed) + len(chunk) + 20 > EMBED_TOTAL_LIMIT:
            break
        embed.add_field(name="Sources" if index == 0 else "More sources", value=chunk, inline=False)
    return embed


def quotes_embed(recorded: RecordedAnswer, passages: Sequence[Passage | None]) -> discord.Embed:
    """The exact passages an answer cites, with links, for the "Quotes" button."""
    embed = discord.Embed(title="Quoted passages", colour=ANSWER_COLOURS[recorded.verdict])
    citations: list[dict[str, Any]] = recorded.answer.get("citations", [])
    for citation, passage in zip(citations, passages, strict=False):
        if len(embed.fields) == EMBED_FIELD_LIMIT:
            break
        text = passage.text if passage is not None else str(citation["quote"])
        url = citation.get("url")
        link = f"\n[{_cut(str(citation['title']), 200)}](<{url}>)" if url else ""
        value = _cut(discord.utils.escape_markdown(text), EMBED_FIELD_VALUE_LIMIT - len(link))
        name = _cut(f"[{citation['n']}] {citation['publisher']}", 256)
        if len(embed) + len(name) + len(value) + len(link) > EMBED_TOTAL_LIMIT:
            break
        embed.add_field(name=name, value=value + link, inline=False)
    return embed


def sources_page(sources: Sequence[Source], page: int, per_page: int) -> discord.Embed:
    """One page of a server's sources."""
    pages = max(1, -(-len(sources) // per_page))
    shown = sources[page * per_page : (page + 1) * per_page]
    lines = [
        f"`{s.meta.doc_id}` · {s.meta.kind.value} · {s.meta.published or 'undated'} · "
        f"{discord.utils.escape_markdown(_cut(s.meta.title, 80))}"
        for s in shown
    ]
    embed = discord.Embed(
        title=f"Sources ({len(sources)})",
        description="\n".join(lines) or "No sources loaded yet. Add some with /source add.",
    )
    embed.set_footer(text=f"Page {page + 1} of {pages}")
    return embed


def source_embed(source: Source, passages: Sequence[Passage]) -> discord.Embed:
    """Everything the registry holds about one source."""
    meta = source.meta
    embed = discord.Embed(
        title=_cut(meta.title, EMBED_TITLE_LIMIT),
        url=meta.url,
        description=_cut(
            discord.utils.escape_markdown(" ".join(p.text for p in passages[:3])), 1000
        ),
    )
    for name, value in (
        ("id", f"`{meta.doc_id}`"),
        ("publisher", meta.publisher),
        ("kind", meta.kind.value),
        ("published", str(meta.published or "undated")),
        ("passages", str(source.passage_count)),
        ("loaded", f"{source.loaded_at:%Y-%m-%d %H:%M} by {source.loaded_by}"),
    ):
        embed.add_field(name=name, value=_cut(value, EMBED_FIELD_VALUE_LIMIT), inline=True)
    return embed


def stats_embed(stats: UsageStats, status: CorpusStatus, *, shared: bool = False) -> discord.Embed:
    """Usage for moderators: volume, verdict mix, helpful rate, and the gaps to fill."""
    embed = discord.Embed(title="factdesk in this server")
    embed.add_field(name="Questions", value=str(stats.questions), inline=True)
    embed.add_field(name="Sources", value=str(status.sources), inline=True)
    rate = stats.helpful_rate
    embed.add_field(
        name="Helpful",
        value=f"{rate:.0%} of {stats.helpful + stats.not_helpful} votes"
        if rate is not None
        else "no votes yet",
        inline=True,
    )
    mix = ", ".join(f"{verdict} {count}" for verdict, count in sorted(stats.verdicts.items()))
    embed.add_field(name="Verdicts", value=mix or "none yet", inline=False)
    gaps = "\n".join(
        f"{count}× {discord.utils.escape_markdown(_cut(claim, 90))}"
        for claim, count in stats.unanswered
    )
    embed.add_field(
        name="Asked but not covered by your sources",
        value=gaps or "Nothing yet: every question found sources.",
        inline=False,
    )
    embed.set_footer(text=_footer(status, shared=shared))
    return embed
