"""The log of every HTTP request the client made, and waiting on it.

Why: the bot's behaviour is visible to Discord only as REST calls, so tests
assert on calls. Waiting is by condition with a timeout (never a blind sleep),
and a timeout fails with the calls that did arrive, which is usually the
quickest way to see what the bot did instead.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class UploadedFile:
    """One file part of a multipart request (`field` is e.g. "files[0]")."""

    field: str
    filename: str
    content_type: str
    data: bytes


@dataclass
class RecordedCall:
    """One HTTP request and what the fake answered.

    `path` is without the "/api/v10" prefix (attachment downloads keep their
    "/attachments/..." path). `json` is the JSON body, or the parsed
    `payload_json` of a multipart body, or None. `at` is `time.monotonic()`
    when the request arrived.
    """

    method: str
    path: str
    query: dict[str, str]
    json: Any
    files: list[UploadedFile]
    at: float
    headers: dict[str, str] = field(default_factory=dict)
    status: int = 0
    response: Any = None
    handled: bool = True
    """False when no route matched (the fake answered 404 "Unknown route")."""

    def __str__(self) -> str:
        query = "?" + "&".join(f"{k}={v}" for k, v in self.query.items()) if self.query else ""
        return f"{self.method} {self.path}{query} -> {self.status}"


class CallLog:
    """Appends calls as they complete and wakes anyone waiting for one."""

    def __init__(self) -> None:
        self.calls: list[RecordedCall] = []
        self._changed = asyncio.Condition()

    async def record(self, call: RecordedCall) -> None:
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()

    def find(self, method: str, path_pattern: str, *, after: float = 0.0) -> list[RecordedCall]:
        """Calls with this method whose whole path matches the regex, in arrival order."""
        regex = re.compile(path_pattern)
        wanted = method.upper()
        found = [
            c
            for c in self.calls
            if c.method == wanted and c.at > after and regex.fullmatch(c.path) is not None
        ]
        return sorted(found, key=lambda c: c.at)

    async def wait_for(
        self, method: str, path_pattern: str, *, after: float = 0.0, timeout: float = 10.0
    ) -> RecordedCall:
        def first() -> RecordedCall | None:
            found = self.find(method, path_pattern, after=after)
            return found[0] if found else None

        try:
            async with asyncio.timeout(timeout), self._changed:
                call = await self._changed.wait_for(first)
        except TimeoutError:
            seen = "\n  ".join(str(c) for c in self.calls) or "(none)"
            raise AssertionError(
                f"no {method.upper()} call matching {path_pattern!r} after {after:.3f} "
                f"within {timeout}s; calls so far:\n  {seen}"
            ) from None
        assert call is not None  # wait_for only returns once `first` found one
        return call
