"""A pause between one member's questions and a cap on answers in progress per server."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from bot.constants import Text

__all__ = ["AnswerLimits", "Refused"]


class Refused(Exception):
    """Raised when a question must wait; the message says for how long, in plain words."""


class AnswerLimits:
    """Per-member cooldown and per-server concurrency, checked before the bot defers."""

    def __init__(
        self,
        *,
        cooldown_s: float,
        max_concurrent: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._cooldown = cooldown_s
        self._max = max_concurrent
        self._clock = clock
        self._last: dict[tuple[int, int], float] = {}
        self._active: dict[int, int] = {}

    @contextmanager
    def slot(self, guild_id: int, user_id: int) -> Iterator[None]:
        """Hold one answer slot of the server; raises Refused if the member asked too recently
        or the server is at its limit."""
        now = self._clock()
        last = self._last.get((guild_id, user_id))
        if last is not None and now - last < self._cooldown:
            wait = math.ceil(self._cooldown - (now - last))
            raise Refused(Text.COOLDOWN.format(seconds=wait))
        active = self._active.get(guild_id, 0)
        if active >= self._max:
            raise Refused(Text.BUSY.format(count=active))
        self._last[(guild_id, user_id)] = now
        self._active[guild_id] = active + 1
        try:
            yield
        finally:
            self._active[guild_id] -= 1
