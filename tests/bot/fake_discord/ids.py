"""Snowflakes and timestamps for the fake.

Why: Discord ids encode their creation time and only ever grow, and discord.py
parses ISO timestamps with an offset; the fake needs both so that messages it
creates sort after the fixed world ids and parse like real ones.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

DISCORD_EPOCH_MS = 1_420_070_400_000


class SnowflakeFactory:
    """Hands out strictly increasing snowflakes based on the wall clock."""

    def __init__(self) -> None:
        self._last = 0

    def next(self) -> int:
        candidate = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        if candidate <= self._last:
            candidate = self._last + 1
        self._last = candidate
        return candidate


def iso_now() -> str:
    """The current UTC time as Discord writes it (ISO 8601 with an offset)."""
    return datetime.now(UTC).isoformat()
