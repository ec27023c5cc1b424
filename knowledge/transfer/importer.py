"""Put a checked `ScopeExport` into a scope: sources through the normal ingest, then the
journal and the feedback, each merged so that importing the same file again adds nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from knowledge.ingest import Ingestor, Progress
from knowledge.models import IngestReport
from knowledge.registry import Registry
from knowledge.usage import MergedFeedback, UsageLog

from .format import ScopeExport

__all__ = ["ImportReport", "import_scope"]


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: the sources' ingest report, and the journal entries and feedback
    added or found already there."""

    exported_scope: str
    scope: str
    exported_at: datetime
    sources: IngestReport
    journal_added: int
    journal_present: int
    feedback: MergedFeedback

    @property
    def ok(self) -> bool:
        return self.sources.ok

    def to_dict(self) -> dict[str, Any]:
        merged = self.feedback
        return {
            "exported_scope": self.exported_scope,
            "scope": self.scope,
            "exported_at": self.exported_at.isoformat(timespec="seconds"),
            "sources": self.sources.to_dict(),
            "journal": {"added": self.journal_added, "present": self.journal_present},
            "answers": {"added": merged.answers_added, "present": merged.answers_present},
            "votes": {"added": merged.votes_added, "present": merged.votes_present},
            "threads": {"added": merged.threads_added, "present": merged.threads_present},
        }


def import_scope(
    export: ScopeExport,
    scope: str,
    *,
    registry: Registry,
    usage: UsageLog,
    ingestor: Ingestor,
    actor: str,
    progress: Progress | None = None,
) -> ImportReport:
    """Import into `scope` (any scope: a corpus may move to another server's id).

    The journal goes first, so that a scope imported into afresh reads in order: its history,
    then the import's own entries. Sources are loaded as `factdesk ingest` loads them: split
    and embedded with the current settings, unchanged ones skipped, changed ones replaced;
    each keeps who first loaded it and when, and the journal names `actor` as who imported
    it. A scope whose vectors another embedding model made is refused before anything is
    written.
    """
    ingestor.check_embedding(scope)
    added = registry.add_journal(scope, export.journal)
    sources = ingestor.ingest(scope, export.sources, loaded_by=actor, progress=progress)
    feedback = usage.merge(scope, export.feedback)
    return ImportReport(
        exported_scope=export.scope,
        scope=scope,
        exported_at=export.exported_at,
        sources=sources,
        journal_added=added,
        journal_present=len(export.journal) - added,
        feedback=feedback,
    )
