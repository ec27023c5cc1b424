"""Answers, quotes, sources and stats as Discord embeds, inside every Discord limit."""

from __future__ import annotations

from datetime import UTC, date, datetime

import discord
import pytest

from bot.constants import (
    ANSWER_COLOURS,
    EMBED_DESCRIPTION_LIMIT,
    EMBED_FIELD_LIMIT,
    EMBED_FIELD_VALUE_LIMIT,
    EMBED_TITLE_LIMIT,
    EMBED_TOTAL_LIMIT,
)
from bot.render import answer_embed, chunk_lines, quotes_embed, stats_embed
from knowledge import Answer, Citation, CorpusStatus, RecordedAnswer, SourceKind, UsageStats
from knowledge import VerdictLabel as V

STATUS = CorpusStatus("100", 12, datetime(2024, 5, 6, tzinfo=UTC))


def _answer(points: int = 2, title: str = "A title", quote: str = "A quote.") -> Answer:
    citations = tuple(
        Citation(
            n,
            f"doc-{n}",
            title,
            f"Publisher {n}",
            date(2024, 5, 1 + n % 28),
            f"https://e.com/{n}",
            SourceKind.STATEMENT,
            quote,
            f"doc-{n}#x-0",
        )
        for n in range(1, points + 1)
    )
    lines = [
        f"- Publisher {c.n} (official statement, 2024-05-0{c.n}): “{quote}” [{c.n}]"
        for c in citations
    ]
    sources = [f"[{c.n}] [{title}](<{c.url}>), {c.publisher}, {c.published}" for c in citations]
    text = "\n".join(
        [
            "**Likely false**: Contradicted by 2 official statements.",
            "Checked: “the claim”",
            "",
            *lines,
            "",
            "**Sources**",
            *sources,
        ]
    )
    return Answer("q?", "the claim", V.REFUTED, 0.7, "Likely false", text, citations)


def test_answer_embed_parts() -> None:
    embed = answer_embed(_answer(), STATUS)
    assert embed.title == "Likely false"
    assert embed.colour is not None
    assert embed.colour.value == ANSWER_COLOURS[V.REFUTED]
    assert embed.description is not None
    assert embed.description.startswith("Contradicted by 2 official statements.")
    assert "[1]" in embed.description
    assert "**Sources**" not in embed.description
    assert [f.name for f in embed.fields] == ["Sources"]
    assert "12 sources in this server's corpus" in (embed.footer.text or "")
    assert "2024-05-06" in (embed.footer.text or "")


def test_a_shared_corpus_is_named_in_the_footer() -> None:
    embed = answer_embed(_answer(), STATUS, shared=True)
    assert f"12 sources in the shared corpus '{STATUS.scope}'" in (embed.footer.text or "")


@pytest.mark.parametrize(("points", "title_chars"), [(4, 900), (30, 300), (60, 60)])
def test_answer_embed_respects_every_limit(points: int, title_chars: int) -> None:
    embed = answer_embed(_answer(points, title="T" * title_chars), STATUS)
    assert len(embed.title or "") <= EMBED_TITLE_LIMIT
    assert len(embed.description or "") <= EMBED_DESCRIPTION_LIMIT
    assert len(embed.fields) <= EMBED_FIELD_LIMIT
    assert all(len(f.value or "") <= EMBED_FIELD_VALUE_LIMIT for f in embed.fields)
    assert len(embed) <= EMBED_TOTAL_LIMIT
    # No source line is split between fields: each field holds whole lines.
    for field in embed.fields:
        for line in (field.value or "").splitlines():
            assert line.startswith("[")


def test_chunk_lines_keeps_lines_whole() -> None:
    lines = [f"[{n}] " + "x" * 300 for n in range(10)]
    chunks = chunk_lines(lines, 1024)
    assert all(len(c) <= 1024 for c in chunks)
    assert sum(len(c.splitlines()) for c in chunks) == 10


def test_quotes_embed_uses_the_passages_and_links() -> None:
    answer = _answer()
    recorded = RecordedAnswer(
        1,
        "100",
        "discord:1",
        "q?",
        "the claim",
        V.REFUTED,
        {**answer.to_dict(), "passage_ids": ["a", "b"]},
    )
    from knowledge import Passage

    passages = [Passage("a", "doc-1", 0, 0, 9, "The *full* passage one."), None]
    embed = quotes_embed(recorded, passages)
    assert len(embed.fields) == 2
    assert "The \\*full\\* passage one." in (embed.fields[0].value or "")
    assert "https://e.com/1" in (embed.fields[0].value or "")
    assert "A quote." in (embed.fields[1].value or "")  # the quote stands in for a lost passage


def test_stats_embed_lists_the_gaps() -> None:
    stats = UsageStats(7, {"refuted": 4, "no_evidence": 3}, 3, 1, [("is the bridge open", 2)])
    embed = stats_embed(stats, STATUS)
    values = {f.name: f.value for f in embed.fields}
    assert values["Questions"] == "7"
    assert values["Helpful"] == "75% of 4 votes"
    assert "2× is the bridge open" in (values["Asked but not covered by your sources"] or "")
    assert isinstance(embed, discord.Embed)
