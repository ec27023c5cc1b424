"""The export format: a scope's sources, journal and feedback <-> JSON lines. Pure: no store.

A file is UTF-8 JSON Lines. The first line is the header, each further line one record with a
`type`; every field below is present in every record (null where the column allows it):

```
{"format": "factdesk-corpus", "version": 1, "scope": "A", "exported_at": "...+00:00",
 "factdesk": "0.1.0", "counts": {"source": 15, "journal": 17, "answer": 3, "vote": 2, "thread": 1}}
{"type": "source", "id", "title", "publisher", "author", "url", "published", "kind",
 "origin", "loaded_at", "loaded_by", "text"}
{"type": "journal", "at", "action", "doc_id", "origin", "actor", "detail"}
{"type": "answer", "id", "at", "asked_by", "question", "claim", "verdict", "confidence", "answer"}
{"type": "vote", "answer_id", "voter", "helpful", "at"}
{"type": "thread", "thread", "answer_id"}
```

Times are ISO 8601 with their UTC offset. A source's metadata is `SourceMeta.fields()`; its
text is the full text as loaded, so an import splits and embeds it afresh. Answer ids only tie
votes and threads to their answers inside the file. `decode` checks the whole file (header,
version, every field, the counts) before anything is written, and names the line at fault.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NoReturn, TypeVar

from knowledge.errors import ExportFileError
from knowledge.loaders.ids import ID_RULE, is_valid_doc_id
from knowledge.models import LoadedDocument, SourceKind, SourceMeta, VerdictLabel
from knowledge.registry import JournalEntry
from knowledge.usage import Feedback, KeptAnswer, ThreadLink, Vote

__all__ = ["FORMAT", "RECORD_TYPES", "VERSION", "ScopeExport", "decode", "encode", "read_export"]

FORMAT = "factdesk-corpus"
VERSION = 1
RECORD_TYPES = ("source", "journal", "answer", "vote", "thread")

_HEADER_FIELDS = frozenset({"format", "version", "scope", "exported_at", "factdesk", "counts"})
_OPTIONAL_HEADER_FIELDS = frozenset({"factdesk"})
# A source's are its id, SourceMeta.fields() (named one by one, so that a field added there
# and not read here fails the round-trip test instead of being dropped), and its provenance.
_META_FIELDS = ("title", "publisher", "author", "url", "published", "kind")
_FIELDS = {
    "source": frozenset({"id", *_META_FIELDS, "origin", "loaded_at", "loaded_by", "text"}),
    "journal": frozenset({"at", "action", "doc_id", "origin", "actor", "detail"}),
    "answer": frozenset(
        {"id", "at", "asked_by", "question", "claim", "verdict", "confidence", "answer"}
    ),
    "vote": frozenset({"answer_id", "voter", "helpful", "at"}),
    "thread": frozenset({"thread", "answer_id"}),
}
_AGAIN = "export the scope again with `factdesk export`"
_Choice = TypeVar("_Choice", SourceKind, VerdictLabel)


@dataclass(frozen=True, slots=True)
class ScopeExport:
    """Everything an export holds about one scope. Sources carry who loaded them and when."""

    scope: str
    exported_at: datetime
    sources: tuple[LoadedDocument, ...] = ()
    journal: tuple[JournalEntry, ...] = ()
    feedback: Feedback = field(default_factory=Feedback)
    written_by: str | None = None  # the factdesk version that wrote it

    def counts(self) -> dict[str, int]:
        """Records of each type, as the header states them."""
        return {
            "source": len(self.sources),
            "journal": len(self.journal),
            "answer": len(self.feedback.answers),
            "vote": len(self.feedback.votes),
            "thread": len(self.feedback.threads),
        }


# -- writing -----------------------------------------------------------------------------------


def encode(export: ScopeExport) -> Iterator[str]:
    """The file's lines, header first, each without its newline."""
    yield _line(
        {
            "format": FORMAT,
            "version": VERSION,
            "scope": export.scope,
            "exported_at": export.exported_at.isoformat(),
            "factdesk": export.written_by,
            "counts": export.counts(),
        }
    )
    for document in export.sources:
        if document.loaded_at is None or document.loaded_by is None:
            raise ValueError(f"source {document.meta.doc_id!r} does not say who loaded it, when")
        yield _line(
            {
                "type": "source",
                "id": document.meta.doc_id,
                **document.meta.fields(),
                "origin": document.origin,
                "loaded_at": document.loaded_at.isoformat(),
                "loaded_by": document.loaded_by,
                "text": document.text,
            }
        )
    for entry in export.journal:
        yield _line(
            {
                "type": "journal",
                "at": entry.at.isoformat(),
                "action": entry.action,
                "doc_id": entry.doc_id,
                "origin": entry.origin,
                "actor": entry.actor,
                "detail": entry.detail,
            }
        )
    for answer in export.feedback.answers:
        yield _line(
            {
                "type": "answer",
                "id": answer.id,
                "at": answer.at.isoformat(),
                "asked_by": answer.asked_by,
                "question": answer.question,
                "claim": answer.claim,
                "verdict": answer.verdict.value,
                "confidence": answer.confidence,
                "answer": answer.answer,
            }
        )
    for vote in export.feedback.votes:
        yield _line(
            {
                "type": "vote",
                "answer_id": vote.answer_id,
                "voter": vote.voter,
                "helpful": vote.helpful,
                "at": vote.at.isoformat(),
            }
        )
    for link in export.feedback.threads:
        yield _line({"type": "thread", "thread": link.thread, "answer_id": link.answer_id})


def _line(record: Mapping[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


# -- reading -----------------------------------------------------------------------------------


def read_export(data: bytes, name: str) -> ScopeExport:
    """`decode` a file's bytes (UTF-8, with or without a byte order mark)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ExportFileError(name, line, f"is not UTF-8 text; {_AGAIN}") from exc
    return decode(text.split("\n"), name)


def decode(lines: Iterable[str], name: str) -> ScopeExport:
    """Read and check a whole file; `name` (the file's name) starts every error message.

    Raises `ExportFileError` at the first problem: not an export, another format version, a
    line that is not JSON, an unknown record type or field, a missing or wrong field, a
    duplicate id, a vote or thread for an answer the file lacks, or counts that differ from the
    header's (a file cut short). Blank lines are skipped.
    """
    numbered = ((n, line) for n, line in enumerate(lines, start=1) if line.strip())
    first = next(numbered, None)
    if first is None:
        raise ExportFileError(
            name, 0, f"is empty; a factdesk export starts with a header line ({_AGAIN})"
        )
    header = _Header.read(*first, name)
    reader = _Records(name, header.scope)
    for number, line in numbered:
        reader.read(number, line)
    export = reader.export(header)
    for kind, stated in header.counts.items():
        found = export.counts()[kind]
        if found != stated:
            raise ExportFileError(
                name,
                0,
                f"the header counts {stated} {kind} record(s) but the file holds {found}; the "
                f"file is incomplete or was edited: {_AGAIN}",
            )
    return export


@dataclass(frozen=True, slots=True)
class _Header:
    scope: str
    exported_at: datetime
    written_by: str | None
    counts: dict[str, int]

    @classmethod
    def read(cls, number: int, line: str, name: str) -> _Header:
        raw = _json_object(name, number, line)
        if raw is None or raw.get("format") != FORMAT:
            raise ExportFileError(
                name,
                number,
                f'is not a factdesk export: its first line should be a header like {{"format": '
                f'"{FORMAT}", "version": {VERSION}, ...}}; make one with `factdesk export`',
            )
        version = raw.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise ExportFileError(
                name, number, f"has an unknown format version {version!r}; {_AGAIN}"
            )
        if version > VERSION:
            raise ExportFileError(
                name,
                number,
                f"was written by a newer factdesk (format version {version}; this one reads "
                f"version {VERSION}): upgrade factdesk to import it",
            )
        fields = _Fields(raw, name, number, "the header", _HEADER_FIELDS, _OPTIONAL_HEADER_FIELDS)
        counts = fields.get("counts", dict)
        if set(counts) != set(RECORD_TYPES) or not all(
            isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in counts.values()
        ):
            fields.fail(f"'counts' must give a number for each of {', '.join(RECORD_TYPES)}")
        return cls(
            scope=fields.text("scope"),
            exported_at=fields.moment("exported_at"),
            written_by=fields.optional_text("factdesk"),
            counts=dict(counts),
        )


class _Records:
    """Collects the records of a file, line by line, checking each and their references."""

    def __init__(self, name: str, scope: str) -> None:
        self._name = name
        self._scope = scope
        self._sources: list[LoadedDocument] = []
        self._journal: list[JournalEntry] = []
        self._answers: list[KeptAnswer] = []
        self._votes: list[Vote] = []
        self._threads: list[ThreadLink] = []
        self._source_lines: dict[str, int] = {}
        self._answer_lines: dict[int, int] = {}
        self._references: list[tuple[int, int]] = []  # (line, answer id) of votes and threads

    def read(self, number: int, line: str) -> None:
        raw = _json_object(self._name, number, line)
        if raw is None:
            raise ExportFileError(
                self._name,
                number,
                f"is not a JSON object; each record is one object: correct the line or {_AGAIN}",
            )
        kind = raw.get("type")
        if not isinstance(kind, str) or kind not in _FIELDS:
            raise ExportFileError(
                self._name,
                number,
                f"has an unknown record type {kind!r} (the types are {', '.join(RECORD_TYPES)}); "
                f"correct the line or {_AGAIN}",
            )
        fields = _Fields(raw, self._name, number, f"a {kind} record", _FIELDS[kind] | {"type"})
        readers = {
            "source": self._read_source,
            "journal": self._read_journal,
            "answer": self._read_answer,
            "vote": self._read_vote,
            "thread": self._read_thread,
        }
        readers[kind](number, fields)

    def _read_source(self, number: int, fields: _Fields) -> None:
        doc_id = fields.text("id")
        if not is_valid_doc_id(doc_id):
            fields.fail(f"'id' must be {ID_RULE} (got {doc_id!r})")
        earlier = self._source_lines.setdefault(doc_id, number)
        if earlier != number:
            fields.fail(f"source {doc_id!r} is already on line {earlier}")
        meta = SourceMeta(
            doc_id=doc_id,
            title=fields.text("title"),
            publisher=fields.text("publisher"),
            kind=fields.choice("kind", SourceKind),
            published=fields.day("published"),
            author=fields.optional_text("author"),
            url=fields.optional_text("url"),
        )
        self._sources.append(
            LoadedDocument(
                meta=meta,
                text=fields.text("text"),
                origin=fields.text("origin"),
                loaded_at=fields.moment("loaded_at"),
                loaded_by=fields.text("loaded_by"),
            )
        )

    def _read_journal(self, number: int, fields: _Fields) -> None:
        self._journal.append(
            JournalEntry(
                at=fields.moment("at"),
                scope=self._scope,
                action=fields.text("action"),
                doc_id=fields.optional_text("doc_id"),
                origin=fields.optional_text("origin"),
                actor=fields.text("actor"),
                detail=fields.optional_text("detail", allow_empty=True),
            )
        )

    def _read_answer(self, number: int, fields: _Fields) -> None:
        answer_id = fields.identifier("id")
        earlier = self._answer_lines.setdefault(answer_id, number)
        if earlier != number:
            fields.fail(f"answer {answer_id} is already on line {earlier}")
        confidence = fields.get("confidence", float)
        if not 0.0 <= confidence <= 1.0:
            fields.fail(f"'confidence' must be between 0 and 1 (got {confidence!r})")
        self._answers.append(
            KeptAnswer(
                id=answer_id,
                at=fields.moment("at"),
                asked_by=fields.text("asked_by"),
                question=fields.text("question"),
                claim=fields.text("claim", allow_empty=True),
                verdict=fields.choice("verdict", VerdictLabel),
                confidence=float(confidence),
                answer=fields.get("answer", dict),
            )
        )

    def _read_vote(self, number: int, fields: _Fields) -> None:
        vote = Vote(
            answer_id=fields.identifier("answer_id"),
            voter=fields.text("voter"),
            helpful=fields.get("helpful", bool),
            at=fields.moment("at"),
        )
        self._references.append((number, vote.answer_id))
        self._votes.append(vote)

    def _read_thread(self, number: int, fields: _Fields) -> None:
        link = ThreadLink(thread=fields.text("thread"), answer_id=fields.identifier("answer_id"))
        self._references.append((number, link.answer_id))
        self._threads.append(link)

    def export(self, header: _Header) -> ScopeExport:
        for number, answer_id in self._references:
            if answer_id not in self._answer_lines:
                raise ExportFileError(
                    self._name,
                    number,
                    f"refers to answer {answer_id}, which the file does not hold; {_AGAIN}",
                )
        return ScopeExport(
            scope=header.scope,
            exported_at=header.exported_at,
            sources=tuple(self._sources),
            journal=tuple(self._journal),
            feedback=Feedback(tuple(self._answers), tuple(self._votes), tuple(self._threads)),
            written_by=header.written_by,
        )


def _json_object(name: str, number: int, line: str) -> dict[str, Any] | None:
    """The line's JSON object; None if it holds other JSON; an error if it is not JSON."""
    try:
        raw = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ExportFileError(
            name, number, f"is not JSON ({exc.msg}, column {exc.colno}); {_AGAIN}"
        ) from exc
    return raw if isinstance(raw, dict) else None


class _Fields:
    """One record's fields, read by type; every error names the line and the field."""

    def __init__(
        self,
        raw: Mapping[str, Any],
        name: str,
        number: int,
        what: str,
        allowed: frozenset[str],
        optional: frozenset[str] = frozenset(),
    ) -> None:
        self._raw = raw
        self._name = name
        self._number = number
        self._what = what
        unknown = sorted(set(raw) - allowed)
        if unknown:
            self.fail(f"{what} has an unknown field {unknown[0]!r}")
        missing = sorted(allowed - optional - set(raw))
        if missing:
            self.fail(f"{what} lacks the field {missing[0]!r}")

    def fail(self, reason: str) -> NoReturn:
        raise ExportFileError(self._name, self._number, f"{reason}; correct the line or {_AGAIN}")

    def get(self, key: str, kind: type[Any]) -> Any:
        """The value of `key` if it is of `kind`; JSON's true and false are not numbers, and
        a number field takes a whole number too."""
        value = self._raw.get(key)
        if isinstance(value, bool):
            ok = kind is bool
        elif kind is float:
            ok = isinstance(value, int | float)
        else:
            ok = isinstance(value, kind)
        if not ok:
            self.fail(f"{key!r} must be {_NAMES[kind]} (got {_describe(value)})")
        return value

    def text(self, key: str, *, allow_empty: bool = False) -> str:
        value: str = self.get(key, str)
        if not allow_empty and not value.strip():
            self.fail(f"{key!r} must not be empty")
        return value

    def optional_text(self, key: str, *, allow_empty: bool = False) -> str | None:
        if self._raw.get(key) is None:
            return None
        return self.text(key, allow_empty=allow_empty)

    def identifier(self, key: str) -> int:
        value: int = self.get(key, int)
        if value < 1:
            self.fail(f"{key!r} must be a positive whole number (got {value})")
        return value

    def moment(self, key: str) -> datetime:
        value = self.text(key)
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is None or parsed.tzinfo is None:
            self.fail(
                f"{key!r} must be a date and time with its UTC offset, like "
                f"2024-05-01T09:30:00+00:00 (got {value!r})"
            )
        return parsed

    def day(self, key: str) -> date | None:
        value = self.optional_text(key)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            self.fail(f"{key!r} must be null or a date like 2024-04-28 (got {value!r})")

    def choice(self, key: str, kind: type[_Choice]) -> _Choice:
        value = self.text(key)
        try:
            return kind(value)
        except ValueError:
            choices = ", ".join(member.value for member in kind)
            self.fail(f"{key!r} must be one of {choices} (got {value!r})")


_NAMES: dict[type[Any], str] = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dict: "a JSON object",
}


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return json.dumps(value, ensure_ascii=False)[:40]
