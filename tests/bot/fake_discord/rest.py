"""The REST front door: parse and record every request, route it, answer.

Why: everything the bot does to Discord is an HTTP call; recording every one
(an unknown route included, answered 404 and marked `handled=False`) lets
tests assert both what the bot did and that it did nothing unexpected. The
routes themselves live in the `routes_*` modules; this one only parses
bodies (JSON or multipart with payload_json and files), checks the bot
token, serves attachment bytes and keeps the log.

Every JSON reply has the content type exactly "application/json" (with a
charset parameter discord.py does not parse the body).
"""

from __future__ import annotations

import json
import logging
import re
import time
import traceback
from collections.abc import Callable
from typing import Any

from aiohttp import BodyPartReader, hdrs, web

from .gateway import Gateway
from .messages import MessageFactory
from .recording import CallLog, RecordedCall, UploadedFile
from .rest_base import Reply, Route, error
from .routes_app import AppRoutes
from .routes_channels import ChannelRoutes
from .routes_interactions import InteractionRoutes
from .store import Store
from .world import Guilds

API_PREFIX = "/api/v10"
ATTACHMENT_PATH = re.compile(r"/attachments/(\d+)/[^/]+")
NOT_FOUND = {"message": "404: Not Found", "code": 0}
FAULT_STATUS = 503
"""A bug in the fake answers 503: discord.py raises DiscordServerError at once (no retries)."""

_log = logging.getLogger(__name__)


class RestApi:
    """Routes requests under /api/v10 (and attachment downloads) and records each one."""

    def __init__(
        self,
        guilds: Guilds,
        store: Store,
        log: CallLog,
        gateway: Gateway,
        messages: MessageFactory,
        *,
        token: str | None,
        gateway_url: Callable[[], str],
        echo_bot_messages: bool = True,
        recommended_shards: int = 1,
        faults: list[str] | None = None,
    ) -> None:
        self.store = store
        self.log = log
        self.token = token
        self.faults = [] if faults is None else faults
        """Tracebacks of exceptions inside the fake's own routes (bugs in the fake)."""
        shared = (guilds, store, messages, gateway)
        self.routes: list[Route] = [
            *AppRoutes(
                *shared,
                echo_bot_messages=echo_bot_messages,
                gateway_url=gateway_url,
                recommended_shards=recommended_shards,
            ).routes(),
            *InteractionRoutes(*shared, echo_bot_messages=echo_bot_messages).routes(),
            *ChannelRoutes(*shared, echo_bot_messages=echo_bot_messages).routes(),
        ]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        at = time.monotonic()
        full_path = request.path
        path = full_path[len(API_PREFIX) :] if full_path.startswith(API_PREFIX + "/") else full_path
        payload, files = await _read_body(request)
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() in ("authorization", "x-audit-log-reason", "content-type")
        }
        call = RecordedCall(
            method=request.method,
            path=path,
            query=dict(request.query),
            json=payload,
            files=files,
            at=at,
            headers=headers,
        )
        try:
            reply = await self._route(call, request, under_api=path != full_path)
        except Exception as exc:
            _log.exception("fake Discord failed on %s %s", call.method, call.path)
            self.faults.append(traceback.format_exc())
            reply = Reply(FAULT_STATUS, {"message": f"fake Discord bug: {exc!r}", "code": 0})
        call.status = reply.status
        call.response = reply.body
        call.handled = reply.handled
        await self.log.record(call)
        return reply.response()

    async def _route(self, call: RecordedCall, request: web.Request, *, under_api: bool) -> Reply:
        if not under_api:
            found = ATTACHMENT_PATH.fullmatch(call.path)
            if call.method == "GET" and found is not None:
                return self.download(int(found.group(1)))
            return Reply(404, NOT_FOUND, handled=False)
        for route in self.routes:
            found = route.pattern.fullmatch(call.path)
            if found is None or route.method != call.method:
                continue
            if route.bot_auth and not self._authorized(request):
                return error(401, 0, "401: Unauthorized")
            return await route.handler(call, found)
        return Reply(404, NOT_FOUND, handled=False)

    def _authorized(self, request: web.Request) -> bool:
        header = request.headers.get(hdrs.AUTHORIZATION, "")
        if not header.startswith("Bot ") or len(header) <= len("Bot "):
            return False
        return self.token is None or header == f"Bot {self.token}"

    def download(self, attachment_id: int) -> Reply:
        stored = self.store.attachments.get(attachment_id)
        if stored is None:
            return Reply(404, NOT_FOUND)
        return Reply(200, raw=stored.data, content_type=stored.content_type)


async def _read_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    """The JSON body, or a multipart body's payload_json and files."""
    if not request.body_exists:
        return None, []
    if request.content_type == "multipart/form-data":
        payload: Any = None
        files: list[UploadedFile] = []
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader):
                continue
            data = bytes(await part.read(decode=False))
            if part.name == "payload_json":
                payload = json.loads(data)
            elif part.filename is not None:
                content_type = part.headers.get(hdrs.CONTENT_TYPE, "application/octet-stream")
                files.append(UploadedFile(part.name or "", part.filename, content_type, data))
        return payload, files
    raw = await request.read()
    if not raw:
        return None, []
    try:
        return json.loads(raw), []
    except ValueError:
        return raw.decode("utf-8", "replace"), []
