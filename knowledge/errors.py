"""Every error factdesk raises on purpose, under one root.

```
FactdeskError
├── InputError              something a member or moderator can fix; the message says how
│   ├── LoadError           a source file or URL could not be read or understood
│   │   └── DuplicateIdError    two documents in one load claim the same id
│   ├── QuestionError       a question that is empty or too long
│   ├── ScopeError          a scope name that is not allowed
│   ├── UnknownSourceError  a source id that the scope does not hold
│   ├── EmptyScopeError     a scope to export holds nothing (a mistyped name, most likely)
│   ├── ExportFileError     a file given to `factdesk import` is not a valid export
│   └── MissingTextError    sources whose full text the registry lacks cannot be exported
├── StoreError              the registry or an index failed underneath us
│   └── IndexMismatchError  the index was built with another embedding model
└── ModelError              a local model could not be loaded
```

Front ends show `str(error)` to people as is, so every message is one sentence that names the
thing at fault and says what to do. Errors from libraries underneath are translated at the
boundary with `raise ... from exc`.
"""

from __future__ import annotations

__all__ = [
    "DuplicateIdError",
    "EmptyScopeError",
    "ExportFileError",
    "FactdeskError",
    "IndexMismatchError",
    "InputError",
    "LoadError",
    "MissingTextError",
    "ModelError",
    "QuestionError",
    "ScopeError",
    "StoreError",
    "UnknownSourceError",
]


class FactdeskError(Exception):
    """Root of every error factdesk raises on purpose."""


class InputError(FactdeskError):
    """Raised for input a person can correct; the message tells them how."""


class LoadError(InputError):
    """Raised when a source (file, URL, JSONL line) cannot be loaded."""

    def __init__(self, origin: str, reason: str) -> None:
        super().__init__(f"{origin}: {reason}")
        self.origin = origin
        self.reason = reason


class DuplicateIdError(LoadError):
    """Raised when two documents in one load share an id."""


class QuestionError(InputError):
    """Raised for a question that is empty or over the length limit."""


class ScopeError(InputError):
    """Raised for a scope name that is not a safe identifier."""


class UnknownSourceError(InputError):
    """Raised when a source id is not in the scope."""

    def __init__(self, doc_id: str, scope: str) -> None:
        super().__init__(
            f"no source with id {doc_id!r} in scope {scope!r}; "
            "`factdesk sources list` shows the ids that are loaded"
        )
        self.doc_id = doc_id
        self.scope = scope


class EmptyScopeError(InputError):
    """Raised when a scope to export has no sources, journal or answers."""

    def __init__(self, scope: str) -> None:
        super().__init__(
            f"scope {scope!r} holds no sources, journal or answers, so there is nothing to "
            "export; check the name (`factdesk sources log --scope NAME` shows a scope's history)"
        )
        self.scope = scope


class ExportFileError(InputError):
    """Raised when a file to import is not a valid factdesk export; the message names the
    file and line (0 for the file as a whole) and says what to do."""

    def __init__(self, name: str, line: int, reason: str) -> None:
        where = f"{name}, line {line}" if line else name
        super().__init__(f"{where}: {reason}")
        self.name = name
        self.line = line
        self.reason = reason


class MissingTextError(InputError):
    """Raised when sources loaded before the registry kept full texts cannot be exported."""

    def __init__(self, scope: str, doc_ids: list[str]) -> None:
        shown = ", ".join(repr(d) for d in doc_ids[:5])
        more = f" and {len(doc_ids) - 5} more" if len(doc_ids) > 5 else ""
        super().__init__(
            f"{len(doc_ids)} source(s) of scope {scope!r} were loaded before factdesk kept full "
            f"texts, and their text cannot be rebuilt exactly from their passages: {shown}{more}; "
            f"load them again (`factdesk ingest --scope {scope} FILE`, which keeps the text and "
            "changes nothing else) or remove them, then export"
        )
        self.scope = scope
        self.doc_ids = doc_ids


class StoreError(FactdeskError):
    """Raised when the registry or an index fails underneath us."""


class IndexMismatchError(StoreError):
    """Raised when a scope's vectors were made by a different embedding model."""


class ModelError(FactdeskError):
    """Raised when a local model cannot be loaded or exported."""
