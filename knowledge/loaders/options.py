"""What a moderator supplies for a load: metadata for documents that lack it, and safety limits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from knowledge.models import SourceKind

__all__ = ["DEFAULT_LIMITS", "NO_DEFAULTS", "LoadLimits", "MetaDefaults"]


@dataclass(frozen=True, slots=True)
class MetaDefaults:
    """Metadata a moderator gives for documents that do not state it themselves."""

    title: str | None = None
    publisher: str | None = None
    kind: SourceKind | None = None
    published: date | None = None
    author: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class LoadLimits:
    """Caps that keep a huge file, a slow site or an internal address from hurting the bot.

    `allow_private_hosts` stays False for anything a Discord moderator can trigger, so that the bot
    never fetches loopback, private or link-local services on its own network.
    """

    max_file_bytes: int = 10 * 1024 * 1024
    url_timeout_s: float = 15.0
    url_max_bytes: int = 5 * 1024 * 1024
    allow_private_hosts: bool = False


NO_DEFAULTS = MetaDefaults()
"""The `MetaDefaults` a load uses when the moderator gives none."""

DEFAULT_LIMITS = LoadLimits()
"""The `LoadLimits` a load uses when the caller gives none."""
