"""The boundary where loading one target turns every problem into an `IngestFailure`."""

from __future__ import annotations

from pathlib import Path

from knowledge.errors import LoadError
from knowledge.models import IngestFailure

from .files import load_file
from .options import DEFAULT_LIMITS, NO_DEFAULTS, LoadLimits, MetaDefaults
from .results import LoadResult
from .web import is_url, load_url

__all__ = ["load_target"]


def load_target(
    target: str,
    *,
    defaults: MetaDefaults = NO_DEFAULTS,
    limits: LoadLimits = DEFAULT_LIMITS,
) -> LoadResult:
    """Load one file or URL (as `expand_targets` gives them); never raises for bad input."""
    try:
        if is_url(target):
            document = load_url(target, defaults=defaults, limits=limits)
            return LoadResult(documents=(document,), failures=())
        path = Path(target).expanduser()
        return load_file(path, origin=target, defaults=defaults, limits=limits)
    except LoadError as err:
        return LoadResult(documents=(), failures=(IngestFailure(err.origin, err.reason),))
