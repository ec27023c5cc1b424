"""An answer as the terminal shows it, from its JSON form: one renderer for the command line
and for the warm client (`bot.answer_client`), which must not import the engine."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import click

from bot.tables import table

__all__ = ["echo_answer", "echo_explanation"]


def echo_answer(answer: Mapping[str, Any]) -> None:
    """The answer's text, then a dim line with its verdict, confidence and time."""
    click.echo(answer["text"])
    total = float(answer.get("timings_ms", {}).get("total", 0.0))
    summary = f"verdict: {answer['verdict']} · confidence {float(answer['confidence']):.2f}"
    click.echo(click.style(f"\n{summary} · {total:.0f} ms", dim=True))


def echo_explanation(claim: Mapping[str, str], rows: Sequence[Mapping[str, Any]]) -> None:
    """The claim as checked and every passage judged (`answer_server.evidence_rows`)."""
    cells = [
        (
            str(r["doc_id"])[:32],
            r["kind"],
            r["stance"],
            r["strength"],
            r["relevance"],
            r["reason"],
            " ".join(str(r["passage"]).split())[:60],
        )
        for r in rows
    ]
    click.echo(f"\nclaim checked: {claim['text']} ({claim['type']})")
    if cells:
        click.echo(table(("source", "kind", "stance", "p", "rel", "reason", "passage"), cells))
    else:
        click.echo("no passage was relevant enough to judge")
