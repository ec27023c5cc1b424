"""JSON Lines sources: one document per line, each checked alone so a bad line spares the rest."""

from __future__ import annotations

import json

from knowledge.errors import LoadError
from knowledge.models import IngestFailure, LoadedDocument

from .body import require_body
from .metadata import (
    REQUIRED_FIELDS,
    Provenance,
    build_meta,
    describe_fields,
    missing_fields,
    option_flags,
    parse_fields,
)
from .options import MetaDefaults
from .results import LoadResult

__all__ = ["load_jsonl"]


def load_jsonl(text: str, source: Provenance, defaults: MetaDefaults) -> LoadResult:
    """Every line of `text` that holds a valid document; a failure (origin `path:LINE`) per other.

    Blank lines are skipped. A line whose id an earlier line of the file already used fails too.
    """
    documents: list[LoadedDocument] = []
    failures: list[IngestFailure] = []
    first_line_of: dict[str, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            document = _load_line(line, number, source, defaults)
            earlier = first_line_of.setdefault(document.meta.doc_id, number)
            if earlier != number:
                raise LoadError(
                    document.origin,
                    f"id {document.meta.doc_id!r} is already used by line {earlier}; "
                    "give each line its own id",
                )
        except LoadError as err:
            failures.append(IngestFailure(origin=err.origin, message=err.reason))
            continue
        documents.append(document)
    return LoadResult(documents=tuple(documents), failures=tuple(failures))


def _load_line(
    line: str, number: int, source: Provenance, defaults: MetaDefaults
) -> LoadedDocument:
    origin = f"{source.origin}:{number}"
    try:
        raw: object = json.loads(line)
    except json.JSONDecodeError as exc:
        raise LoadError(origin, f"is not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(raw, dict):
        got = "a list" if isinstance(raw, list) else repr(raw)
        raise LoadError(origin, f"is not a JSON object (got {got}); write one object per line")
    text = raw.get("text")
    if text is None:
        raise LoadError(origin, "has no 'text' field; put the document's text in 'text'")
    if not isinstance(text, str):
        raise LoadError(origin, "'text' must be a string")
    stated = parse_fields(raw, origin=origin)
    missing = missing_fields(stated, defaults, REQUIRED_FIELDS)
    if missing:
        pronoun = "it" if len(missing) == 1 else "them"
        raise LoadError(
            origin,
            f"is missing {describe_fields(missing)}; add {pronoun} to the line "
            f"or supply {pronoun} with {option_flags(missing)}",
        )
    body = require_body(text, origin)
    line_source = Provenance(
        origin=origin,
        id_stem=stated.title or f"{source.id_stem}-line-{number}",
        id_key=f"{source.id_key}#{stated.title or number}",
    )
    return LoadedDocument(
        meta=build_meta(stated, defaults, line_source, body), text=body, origin=origin
    )
