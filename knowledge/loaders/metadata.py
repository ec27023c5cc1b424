"""Metadata a source states (front matter, a JSONL object, HTML or PDF info) -> a `SourceMeta`.

Every value is validated here, and the precedence is the same for every format: what the source
states, then the moderator's `MetaDefaults`, then fallbacks drawn from the text itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from knowledge.errors import LoadError
from knowledge.models import SourceKind, SourceMeta

from .body import title_from_text
from .ids import ID_RULE, derive_doc_id, is_valid_doc_id
from .options import MetaDefaults

__all__ = [
    "PASTED_REQUIRED",
    "REQUIRED_FIELDS",
    "UNKNOWN_PUBLISHER",
    "Provenance",
    "StatedMeta",
    "build_meta",
    "clean_text",
    "describe_fields",
    "is_web_url",
    "missing_fields",
    "option_flags",
    "parse_fields",
    "parse_iso_date",
]

REQUIRED_FIELDS: tuple[str, ...] = ("title", "publisher", "kind", "published")
PASTED_REQUIRED: tuple[str, ...] = ("title", "publisher", "kind")
UNKNOWN_PUBLISHER = "Unknown publisher"
_KIND_CHOICES = ", ".join(kind.value for kind in SourceKind)


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a document came from: its origin, what a derived id is built from, its fetched URL."""

    origin: str
    id_stem: str
    id_key: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class StatedMeta:
    """The metadata a source states about itself; None wherever it says nothing."""

    doc_id: str | None = None
    title: str | None = None
    publisher: str | None = None
    kind: SourceKind | None = None
    published: date | None = None
    author: str | None = None
    url: str | None = None


def parse_fields(raw: Mapping[str, object], *, origin: str, where: str = "") -> StatedMeta:
    """Validate the known fields of `raw`; unknown keys are ignored.

    `where` ("front matter") prefixes each message; a bad value raises `LoadError`.
    """
    reader = _FieldReader(raw, origin, where)
    return StatedMeta(
        doc_id=reader.doc_id(),
        title=reader.text("title"),
        publisher=reader.text("publisher"),
        kind=reader.kind(),
        published=reader.published(),
        author=reader.text("author"),
        url=reader.url(),
    )


def missing_fields(
    stated: StatedMeta, defaults: MetaDefaults, required: Sequence[str]
) -> list[str]:
    """The names in `required` that neither the source nor the defaults give."""
    return [
        name
        for name in required
        if _present(getattr(stated, name)) is None and _present(getattr(defaults, name)) is None
    ]


def build_meta(
    stated: StatedMeta, defaults: MetaDefaults, source: Provenance, body: str
) -> SourceMeta:
    """Stated values first, then defaults, then fallbacks (first line, unknown publisher, news)."""
    title = clean_text(stated.title) or clean_text(defaults.title) or title_from_text(body)
    return SourceMeta(
        doc_id=stated.doc_id or derive_doc_id(source.id_stem, source.id_key),
        title=title,
        publisher=clean_text(stated.publisher)
        or clean_text(defaults.publisher)
        or UNKNOWN_PUBLISHER,
        kind=stated.kind or defaults.kind or SourceKind.NEWS,
        published=stated.published or defaults.published,
        author=clean_text(stated.author) or clean_text(defaults.author),
        url=clean_text(stated.url) or clean_text(defaults.url) or source.url,
    )


def clean_text(value: str | None) -> str | None:
    """`value` with runs of whitespace collapsed to one space; None when nothing is left."""
    if value is None:
        return None
    return " ".join(value.split()) or None


def parse_iso_date(value: str) -> date | None:
    """A date from `2024-04-28` or an ISO date-time such as `2024-04-28T09:30:00Z`, else None."""
    value = value.strip()
    try:
        return (
            date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value).date()
        )
    except ValueError:
        return None


def is_web_url(value: str) -> bool:
    """Whether `value` is an absolute http(s) address with a host."""
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def describe_fields(names: Sequence[str]) -> str:
    """`'kind'`, `'kind' and 'published'`, `'title', 'kind' and 'published'`."""
    quoted = [f"'{name}'" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def option_flags(names: Sequence[str]) -> str:
    """The command-line options that supply `names`, as `--kind/--published`."""
    return "/".join(f"--{name}" for name in names)


def _present(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _describe(value: object) -> str:
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return repr(value)


class _FieldReader:
    """Reads and validates one field at a time, naming the field in every error."""

    def __init__(self, raw: Mapping[str, object], origin: str, where: str) -> None:
        self._raw = raw
        self._origin = origin
        self._where = where

    def _error(self, message: str) -> LoadError:
        return LoadError(self._origin, f"{self._where}: {message}" if self._where else message)

    def text(self, name: str) -> str | None:
        value = self._raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float | date):
            raise self._error(f"'{name}' must be text (got {_describe(value)})")
        return clean_text(value if isinstance(value, str) else str(value))

    def doc_id(self) -> str | None:
        value = self.text("id")
        if value is not None and not is_valid_doc_id(value):
            raise self._error(f"'id' must be {ID_RULE} (got {value!r})")
        return value

    def kind(self) -> SourceKind | None:
        value = self._raw.get("kind")
        if value is None:
            return None
        if isinstance(value, str):
            try:
                return SourceKind(value.strip().lower())
            except ValueError:
                pass
        raise self._error(f"'kind' must be one of {_KIND_CHOICES} (got {_describe(value)})")

    def published(self) -> date | None:
        value = self._raw.get("published")
        if value is None:
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        parsed = parse_iso_date(value) if isinstance(value, str) else None
        if parsed is None:
            raise self._error(
                f"'published' must be an ISO date like 2024-04-28 (got {_describe(value)})"
            )
        return parsed

    def url(self) -> str | None:
        value = self.text("url")
        if value is not None and not is_web_url(value):
            raise self._error(
                f"'url' must be a web address starting with http:// or https:// (got {value!r})"
            )
        return value
