"""Read a whole scope out of the registry and the usage log, as one `ScopeExport`, and save
it to a file."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import BinaryIO

from knowledge.errors import EmptyScopeError, MissingTextError, StoreError
from knowledge.models import LoadedDocument
from knowledge.registry import Registry
from knowledge.usage import UsageLog

from .format import ScopeExport, encode
from .recovery import rebuild_text

__all__ = ["export_scope", "save_export", "write_export"]


# How often an export reads the scope again when another process changed it meanwhile.
_READS = 5


def export_scope(registry: Registry, usage: UsageLog, scope: str) -> ScopeExport:
    """Every source of `scope` with its full text and who loaded it, the whole journal, and
    the answers with their votes and threads, as of one moment: the registry's reads are
    separate, so if another process (the bot, an ingest) changes the scope while they run
    (its change counter moves), the scope is read again; after `_READS` tries a `StoreError`
    says to export when the loading is done.

    A source loaded before the registry kept texts gets its text rebuilt from its passages
    when that is provably exact (`rebuild_text`); if any cannot be, nothing is exported and
    `MissingTextError` names them. A scope with nothing in it is refused (`EmptyScopeError`):
    most likely its name is mistyped.
    """
    for _ in range(_READS):
        before = registry.scope_state(scope).generation
        try:
            export = _read_scope(registry, usage, scope)
        except (MissingTextError, EmptyScopeError):
            # A source removed between the listing and its text reads as one without a text.
            if registry.scope_state(scope).generation == before:
                raise
            continue
        if registry.scope_state(scope).generation == before:
            return export
    raise StoreError(
        f"scope '{scope}' changed while it was being exported, {_READS} times in a row: "
        "export it again when the sources being loaded or removed are done"
    )


def _read_scope(registry: Registry, usage: UsageLog, scope: str) -> ScopeExport:
    documents: list[LoadedDocument] = []
    missing: list[str] = []
    for source in registry.list_sources(scope):
        doc_id = source.meta.doc_id
        text = registry.text(scope, doc_id)
        if text is None:
            text = rebuild_text(source, registry.passages(scope, doc_id))
        if text is None:
            missing.append(doc_id)
            continue
        documents.append(
            LoadedDocument(
                meta=source.meta,
                text=text,
                origin=source.origin,
                loaded_at=source.loaded_at,
                loaded_by=source.loaded_by,
            )
        )
    if missing:
        raise MissingTextError(scope, missing)
    export = ScopeExport(
        scope=scope,
        exported_at=datetime.now(UTC),
        sources=tuple(documents),
        journal=tuple(registry.journal_history(scope)),
        feedback=usage.feedback(scope),
        written_by=_factdesk_version(),
    )
    if not any(export.counts().values()):
        raise EmptyScopeError(scope)
    return export


def _factdesk_version() -> str | None:
    try:
        return version("factdesk")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return None


def save_export(export: ScopeExport, path: Path) -> None:
    """Write `export` to `path` whole or not at all: into a temporary file beside it, renamed
    over `path` once complete, so a failed export never leaves half a file (or half a backup
    in place of the last good one)."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            write_export(export, out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_export(export: ScopeExport, out: BinaryIO) -> None:
    """Write `export` to a byte stream (standard output) as UTF-8, whatever the locale says."""
    for line in encode(export):
        out.write(line.encode("utf-8") + b"\n")
