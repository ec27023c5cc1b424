"""Terminal output for the command line: progress bars, tables, and JSON lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from tqdm import tqdm

from bot.tables import table

if TYPE_CHECKING:
    from knowledge import Progress

__all__ = ["echo_json", "progress_bars", "table"]

_STAGES = {"load": "Reading", "embed": "Embedding", "write": "Indexing"}


@contextmanager
def progress_bars(enabled: bool | None = None) -> Iterator[Progress]:
    """A progress callback that draws one bar per stage on stderr, only on a terminal."""
    show = sys.stderr.isatty() if enabled is None else enabled
    bars: dict[str, tqdm[Any]] = {}

    def update(stage: str, done: int, total: int) -> None:
        if not show or total <= 1:
            return
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(
                total=total, desc=_STAGES.get(stage, stage), unit="", file=sys.stderr, leave=False
            )
        bar.update(done - bar.n)

    try:
        yield update
    finally:
        for bar in bars.values():
            bar.close()


def echo_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))
