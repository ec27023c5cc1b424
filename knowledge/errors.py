"""Every error factdesk raises on purpose, under one root.

```
FactdeskError
├── InputError              something a member or moderator can fix; the message says how
│   ├── LoadError           a source file or URL could not be read or understood
│   │   └── DuplicateIdError    two documents in one load claim the same id
│   ├── QuestionError       a question that is empty or too long
│   ├── ScopeError          a scope name that is not allowed
│   └── UnknownSourceError  a source id that the scope does not hold
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
    "FactdeskError",
    "IndexMismatchError",
    "InputError",
    "LoadError",
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


class StoreError(FactdeskError):
    """Raised when the registry or an index fails underneath us."""


class IndexMismatchError(StoreError):
    """Raised when a scope's vectors were made by a different embedding model."""


class ModelError(FactdeskError):
    """Raised when a local model cannot be loaded or exported."""
