"""Loaders: turn a file, folder, URL or pasted text into validated `LoadedDocument`s.

Pure reading and validation; nothing here stores, embeds or indexes. `expand_targets` lists what
to load, `load_target` loads one item and reports every problem as an `IngestFailure`, and
`load_text` reads pasted text.
"""

from __future__ import annotations

from .files import SUPPORTED_SUFFIXES
from .loading import load_target
from .options import LoadLimits, MetaDefaults
from .pasted import load_text
from .results import LoadResult
from .targets import expand_targets

__all__ = [
    "SUPPORTED_SUFFIXES",
    "LoadLimits",
    "LoadResult",
    "MetaDefaults",
    "expand_targets",
    "load_target",
    "load_text",
]
