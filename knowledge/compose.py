"""Write the reply a member reads: headline, key points with quotes, numbered sources.

Extractive by design: every key point is a short quote from a cited passage, attributed to its
publisher, so nothing in the reply is invented and nothing a document says is ever followed as
an instruction; it is only quoted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from knowledge.models import (
    Answer,
    Citation,
    Claim,
    Evidence,
    QuestionType,
    SourceKind,
    StanceLabel,
    Verdict,
    VerdictLabel,
)

__all__ = ["MAX_TEXT_CHARS", "compose_answer", "escape_markdown"]

MAX_TEXT_CHARS = 1800
# With these caps one key point and its source line always fit, so a reply never loses the
# source of a point it makes.
_TITLE_CHARS = 120
_PUBLISHER_CHARS = 60
_QUOTE_CHARS = 240
_URL_CHARS = 400
_CLAIM_CHARS = 200
_KIND_WORDS = {
    SourceKind.NEWS: "news report",
    SourceKind.STATEMENT: "official statement",
    SourceKind.ANALYSIS: "analysis",
    SourceKind.SOCIAL: "social media post",
    SourceKind.FACTCHECK: "fact-check",
    SourceKind.CORRECTION: "correction",
}
_MARKDOWN = re.compile(r"([\\*_~`|>\[\]])")
_MENTION = re.compile(r"@(?=(?:everyone|here)\b|[!&]?\d)")
_NO_EVIDENCE = (
    "The sources loaded here do not cover this, so factdesk cannot check it and will not "
    "guess. Moderators can add articles or statements that cover it."
)


def escape_markdown(text: str) -> str:
    """Quote source text safely: no Markdown formatting, no pings."""
    return _MENTION.sub("@\u200b", _MARKDOWN.sub(r"\\\1", text))


def _date(evidence: Evidence) -> str:
    published = evidence.hit.source.published
    return published.isoformat() if published else "undated"


def _point(evidence: Evidence, n: int, verdict: VerdictLabel) -> str:
    source = evidence.hit.source
    publisher = escape_markdown(_shorten(source.publisher, _PUBLISHER_CHARS))
    who = f"{publisher} ({_KIND_WORDS[source.kind]}, {_date(evidence)})"
    # Under a "false" or "unconfirmed" verdict, a passage that states the claim is its origin.
    asserts = evidence.stance.label is StanceLabel.SUPPORTS
    if asserts and verdict in (VerdictLabel.REFUTED, VerdictLabel.UNVERIFIED):
        who = f"Where the claim comes from: {who}"
    quote = escape_markdown(_shorten(evidence.sentence, _QUOTE_CHARS))
    return f"- {who}: “{quote}” [{n}]"


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _source_line(citation: Citation) -> str:
    title = escape_markdown(_shorten(citation.title, _TITLE_CHARS))
    published = citation.published.isoformat() if citation.published else "undated"
    url = citation.url if citation.url and len(citation.url) <= _URL_CHARS else None
    linked = f"[{title}](<{url}>)" if url else title
    publisher = escape_markdown(_shorten(citation.publisher, _PUBLISHER_CHARS))
    return f"[{citation.n}] {linked}, {publisher}, {published}"


def _citations(evidence: Sequence[Evidence]) -> list[Citation]:
    return [
        Citation(
            n=n,
            doc_id=e.hit.source.doc_id,
            title=e.hit.source.title,
            publisher=e.hit.source.publisher,
            published=e.hit.source.published,
            url=e.hit.source.url,
            kind=e.hit.source.kind,
            quote=e.sentence,
            passage_id=e.hit.passage.passage_id,
        )
        for n, e in enumerate(evidence, 1)
    ]


def _render(
    claim: Claim, verdict: Verdict, evidence: Sequence[Evidence]
) -> tuple[str, list[Citation]]:
    citations = _citations(evidence)
    top = f"**{verdict.headline}**"
    if verdict.basis:
        top += f": {verdict.basis}"
    lines = [top]
    if claim.question_type is QuestionType.YES_NO:
        # Says what "Likely false" is about: the claim as factdesk understood the question.
        lines.append(f"Checked: “{escape_markdown(_shorten(claim.text, _CLAIM_CHARS))}”")
    lines.append("")
    lines += [_point(e, c.n, verdict.label) for e, c in zip(evidence, citations, strict=True)]
    lines += ["", "**Sources**"] + [_source_line(c) for c in citations]
    return "\n".join(lines), citations


def _least_needed(evidence: Sequence[Evidence], label: VerdictLabel) -> int:
    """Which point to drop when the reply is too long: the last, except that a "false" reply
    keeps the point that shows where the claim came from."""
    if label is VerdictLabel.REFUTED and evidence[-1].stance.label is StanceLabel.SUPPORTS:
        return len(evidence) - 2
    return len(evidence) - 1


def compose_answer(claim: Claim, verdict: Verdict) -> Answer:
    """The answer for a claim's verdict, within MAX_TEXT_CHARS."""
    citations: list[Citation] = []
    if verdict.label is VerdictLabel.NO_EVIDENCE or not verdict.evidence:
        text = f"**{verdict.headline}**\n\n{_NO_EVIDENCE}"
    else:
        evidence = list(verdict.evidence)
        text, citations = _render(claim, verdict, evidence)
        while len(text) > MAX_TEXT_CHARS and len(evidence) > 1:
            evidence.pop(_least_needed(evidence, verdict.label))
            text, citations = _render(claim, verdict, evidence)
    return Answer(
        question=claim.question,
        claim=claim.text,
        verdict=verdict.label,
        confidence=verdict.confidence,
        headline=verdict.headline,
        text=text,
        citations=tuple(citations),
    )
