"""Word lists as data: the phrases, words and pairs by which the rules read text.

Each file in this folder holds named tables; each table says what it is for (`about`) and
each entry gives its reason (`why`), one line of general English usage, never a question
that happened to use the word. An entry holds one of:

- `patterns`: regular expressions (matched case-insensitively, as whole words);
- `words`: plain words;
- `pairs`: a mapping from a word as members type it to the word sources use (in
  `idioms.toml`, from a phrase pattern to the word);
- `groups`: lists of words that mean the same for checking a claim.

    [doubt]
    about = "A source finds a claim hard to believe: it counts against the claim."
    [[doubt.entry]]
    why = "adjectives of low likelihood"
    patterns = ["(?:very |highly )?(?:unlikely|implausible)"]

Tables load once per process. `tests/knowledge/test_lexicon.py` checks every entry has a
reason and that no name or phrase of the development questions or the sample corpus is in here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

__all__ = [
    "LEXICON_DIR",
    "Entry",
    "LexiconError",
    "alternation",
    "entries",
    "groups",
    "pairs",
    "pattern",
    "phrases",
    "tables",
    "words",
]

LEXICON_DIR = Path(__file__).parent


class LexiconError(ValueError):
    """A lexicon file is malformed (a developer's error, raised at load)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a table, with its reason."""

    why: str
    patterns: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    pairs: tuple[tuple[str, str], ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()


def _entry(where: str, raw: Any) -> Entry:
    if not isinstance(raw, dict):
        raise LexiconError(f"{where}: an entry must be a table")
    why = raw.get("why")
    if not isinstance(why, str) or not why.strip():
        raise LexiconError(f"{where}: every entry needs a one-line 'why'")
    unknown = set(raw) - {"why", "patterns", "words", "pairs", "groups"}
    if unknown:
        raise LexiconError(f"{where}: unknown keys {sorted(unknown)}")
    pairs_raw = raw.get("pairs", {})
    if not isinstance(pairs_raw, dict):
        raise LexiconError(f"{where}: 'pairs' must be a table")
    return Entry(
        why=why.strip(),
        patterns=tuple(str(p) for p in raw.get("patterns", ())),
        words=tuple(str(w) for w in raw.get("words", ())),
        pairs=tuple((str(k), str(v)) for k, v in pairs_raw.items()),
        groups=tuple(tuple(str(w) for w in g.split()) for g in raw.get("groups", ())),
    )


@cache
def tables(file: str) -> Mapping[str, tuple[Entry, ...]]:
    """Every table of `<file>.toml`: name -> entries."""
    path = LEXICON_DIR / f"{file}.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LexiconError(f"cannot read lexicon {path.name}: {exc}") from exc
    found: dict[str, tuple[Entry, ...]] = {}
    for name, table in data.items():
        if not isinstance(table, dict) or not isinstance(table.get("about"), str):
            raise LexiconError(f"{path.name}: table [{name}] needs an 'about' line")
        raw_entries = table.get("entry", [])
        found[name] = tuple(
            _entry(f"{path.name} [{name}] entry {i}", raw) for i, raw in enumerate(raw_entries, 1)
        )
    return found


def entries(file: str, table: str) -> tuple[Entry, ...]:
    try:
        return tables(file)[table]
    except KeyError as exc:
        raise LexiconError(f"lexicon {file}.toml has no table [{table}]") from exc


@cache
def alternation(file: str, table: str) -> str:
    """The table's patterns as one uncompiled group, "(?:(?:a)|(?:b))", for a caller that
    places them inside a larger expression (at the start of a message, before a clause)."""
    parts = [p for e in entries(file, table) for p in e.patterns]
    if not parts:
        raise LexiconError(f"lexicon {file}.toml [{table}] has no patterns")
    return "(?:" + "|".join(f"(?:{p})" for p in parts) + ")"


@cache
def pattern(file: str, table: str) -> re.Pattern[str]:
    """One case-insensitive pattern matching any entry's patterns as whole words."""
    # Whole words: no letter or digit right before or after (a pattern may end in "." or "!").
    return re.compile(r"(?<!\w)" + alternation(file, table) + r"(?!\w)", re.I)


def phrases(table: str) -> re.Pattern[str]:
    """A pattern of `phrases.toml`: the short tables of phrases questions are read by."""
    return pattern("phrases", table)


@cache
def words(file: str, table: str) -> frozenset[str]:
    return frozenset(w for e in entries(file, table) for w in e.words)


@cache
def pairs(file: str, table: str) -> Mapping[str, str]:
    return {k: v for e in entries(file, table) for k, v in e.pairs}


@cache
def groups(file: str, table: str) -> tuple[tuple[str, ...], ...]:
    return tuple(g for e in entries(file, table) for g in e.groups)
