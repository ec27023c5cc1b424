"""factdesk's engine: sources in, hedged and sourced answers out. It never imports discord.

Front ends use only what this module exports; `Desk` is the facade.
"""

from __future__ import annotations

from knowledge.claim import validate_question
from knowledge.compose import MAX_TEXT_CHARS
from knowledge.database import Database, open_database
from knowledge.desk import CorpusStatus, Desk, Explanation, validate_scope
from knowledge.errors import (
    DuplicateIdError,
    EmptyScopeError,
    ExportFileError,
    FactdeskError,
    IndexMismatchError,
    InputError,
    LoadError,
    MissingTextError,
    ModelError,
    QuestionError,
    ScopeError,
    StoreError,
    UnknownSourceError,
)
from knowledge.evaluation import EvalReport, load_questions, reliability, run_evaluation
from knowledge.ingest import Progress
from knowledge.loaders import MetaDefaults
from knowledge.models import (
    Answer,
    Citation,
    IngestFailure,
    IngestReport,
    Passage,
    Source,
    SourceKind,
    VerdictLabel,
)
from knowledge.registry import JournalEntry
from knowledge.settings import (
    AnswerSettings,
    EmbeddingSettings,
    IngestSettings,
    Settings,
    StoreSettings,
    read_settings,
)
from knowledge.transfer import ImportReport, ScopeExport, read_export, save_export, write_export
from knowledge.usage import RecordedAnswer, UsageLog, UsageStats

__all__ = [
    "MAX_TEXT_CHARS",
    "Answer",
    "AnswerSettings",
    "Citation",
    "CorpusStatus",
    "Database",
    "Desk",
    "DuplicateIdError",
    "EmbeddingSettings",
    "EmptyScopeError",
    "EvalReport",
    "Explanation",
    "ExportFileError",
    "FactdeskError",
    "ImportReport",
    "IndexMismatchError",
    "IngestFailure",
    "IngestReport",
    "IngestSettings",
    "InputError",
    "JournalEntry",
    "LoadError",
    "MetaDefaults",
    "MissingTextError",
    "ModelError",
    "Passage",
    "Progress",
    "QuestionError",
    "RecordedAnswer",
    "ScopeError",
    "ScopeExport",
    "Settings",
    "Source",
    "SourceKind",
    "StoreError",
    "StoreSettings",
    "UnknownSourceError",
    "UsageLog",
    "UsageStats",
    "VerdictLabel",
    "load_questions",
    "open_database",
    "read_export",
    "read_settings",
    "reliability",
    "run_evaluation",
    "save_export",
    "validate_question",
    "validate_scope",
    "write_export",
]
