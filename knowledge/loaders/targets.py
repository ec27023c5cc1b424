"""Turning what a moderator names (files, folders, URLs) into the list of things to load."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from knowledge.models import IngestFailure

from .files import SUPPORTED_SUFFIXES, unsupported_reason
from .web import is_url

__all__ = ["expand_targets"]


def expand_targets(targets: Sequence[str]) -> tuple[list[str], list[IngestFailure]]:
    """Files and URLs to load, in order, each once; a failure per target that cannot be loaded.

    URLs pass through. A folder expands recursively in sorted order, skipping hidden files and
    folders and files of unsupported types (which are not errors inside a folder).
    """
    expanded: list[str] = []
    failures: list[IngestFailure] = []
    seen: set[str] = set()

    def add(item: str, key: str) -> None:
        if key not in seen:
            seen.add(key)
            expanded.append(item)

    for target in targets:
        if is_url(target):
            add(target, target)
            continue
        if "://" in target:
            failures.append(
                IngestFailure(target, "only http:// and https:// addresses can be loaded")
            )
            continue
        path = Path(target).expanduser()
        if path.is_dir():
            found = _folder_files(path)
            if not found:
                failures.append(IngestFailure(target, _empty_folder_reason()))
            for file in found:
                add(str(file), str(file.resolve()))
        elif not path.exists():
            failures.append(IngestFailure(target, "does not exist; check the path"))
        elif not path.is_file():
            failures.append(IngestFailure(target, "is not a regular file or folder"))
        elif path.suffix.lower() not in SUPPORTED_SUFFIXES:
            failures.append(IngestFailure(target, unsupported_reason(path)))
        else:
            add(target, str(path.resolve()))
    return expanded, failures


def _folder_files(root: Path) -> list[Path]:
    """Supported, non-hidden files under `root`, sorted by their path below it."""
    found: list[Path] = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        found.extend(
            Path(folder, name)
            for name in names
            if not name.startswith(".") and Path(name).suffix.lower() in SUPPORTED_SUFFIXES
        )
    return sorted(found, key=lambda path: path.relative_to(root).parts)


def _empty_folder_reason() -> str:
    accepted = ", ".join(sorted(SUPPORTED_SUFFIXES))
    return f"is a folder with no files factdesk can load ({accepted})"
