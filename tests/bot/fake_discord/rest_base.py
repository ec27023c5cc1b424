"""Shared pieces of the REST routes: replies, Discord's error codes, the route type.

Why: the route groups (application, interactions, channels) answer in the same
way (JSON with the content type exactly "application/json", Discord's error
bodies and codes) and need the same few helpers (validate a message body,
check the bot's permissions, echo the bot's messages to the gateway); they
live here once.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import hdrs, web

from .gateway import Gateway
from .messages import MessageFactory
from .recording import RecordedCall, UploadedFile
from .store import EPHEMERAL, Store
from .validation import message_problem
from .world import BOT_ID, Guilds, World

JSON = dict[str, Any]

VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
CREATE_PUBLIC_THREADS = 1 << 35
CREATE_PRIVATE_THREADS = 1 << 36
SEND_MESSAGES_IN_THREADS = 1 << 38

UNKNOWN_CHANNEL, UNKNOWN_GUILD, UNKNOWN_MEMBER, UNKNOWN_MESSAGE = 10003, 10004, 10007, 10008
UNKNOWN_WEBHOOK, UNKNOWN_INTERACTION, UNKNOWN_APPLICATION = 10015, 10062, 10002
UNKNOWN_USER = 10013
ALREADY_ACKNOWLEDGED, INVALID_FORM_BODY, CANNOT_EDIT_OTHERS = 40060, 50035, 50005
MISSING_PERMISSIONS, WRONG_CHANNEL_TYPE, THREAD_EXISTS = 50013, 50024, 160004


@dataclass
class Reply:
    """What a route answers; `handled=False` marks "no such route"."""

    status: int
    body: Any = None
    raw: bytes | None = None
    content_type: str = "application/json"
    handled: bool = True

    def response(self) -> web.Response:
        if self.raw is not None:
            return web.Response(status=self.status, body=self.raw, content_type=self.content_type)
        if self.status == 204 or self.body is None:
            return web.Response(status=self.status)
        body = json.dumps(self.body).encode()
        return web.Response(
            status=self.status, body=body, headers={hdrs.CONTENT_TYPE: "application/json"}
        )


def error(status: int, code: int, message: str, errors: JSON | None = None) -> Reply:
    body: JSON = {"message": message, "code": code}
    if errors is not None:
        body["errors"] = errors
    return Reply(status, body)


def form_error(field: str, code: str, message: str) -> Reply:
    errors = {field: {"_errors": [{"code": code, "message": message}]}}
    return error(400, INVALID_FORM_BODY, "Invalid Form Body", errors)


def no_content() -> Reply:
    return Reply(204)


def truthy(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true")


def body_of(call: RecordedCall) -> JSON:
    """The request's JSON object ({} when there is none)."""
    return call.json if isinstance(call.json, dict) else {}


Handler = Callable[[RecordedCall, "re.Match[str]"], Awaitable[Reply]]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    bot_auth: bool = True
    """Needs "Authorization: Bot <token>" (interaction and webhook routes do not)."""


class RouteGroup:
    """A set of routes over the fake's shared state."""

    def __init__(
        self,
        guilds: Guilds,
        store: Store,
        messages: MessageFactory,
        gateway: Gateway,
        *,
        echo_bot_messages: bool,
    ) -> None:
        self.guilds = guilds
        self.store = store
        self.messages = messages
        self.gateway = gateway
        self.echo_bot_messages = echo_bot_messages

    def routes(self) -> list[Route]:
        raise NotImplementedError

    def _guild_of(self, channel_id: int) -> World | None:
        """The guild that has this channel, or None if no guild has it."""
        return self.guilds.of_channel(channel_id)

    @staticmethod
    def _table(entries: list[tuple[str, str, Handler, bool]]) -> list[Route]:
        return [Route(m, re.compile(p), h, auth) for m, p, h, auth in entries]

    async def _echo(self, event: str, message: JSON) -> None:
        """Tell connected clients about a bot message, as Discord does (not for ephemerals)."""
        if not self.echo_bot_messages or int(message.get("flags", 0)) & EPHEMERAL:
            return
        if event == "MESSAGE_DELETE":
            data: JSON = {
                "id": message["id"],
                "channel_id": message["channel_id"],
                "guild_id": message.get("guild_id"),
            }
        else:
            data = copy.deepcopy(message)
            data.pop("allowed_mentions", None)
            author = int(message["author"]["id"])
            world = self._guild_of(int(message["channel_id"]))
            if world is not None and author in world.members:
                data["member"] = world.member_payload(author, with_user=False)
        await self.gateway.dispatch(event, data)

    @staticmethod
    def _problem(body: JSON, files: list[UploadedFile], *, editing: bool) -> Reply | None:
        """The 400 Discord gives this message body, if any."""
        problem = message_problem(body, files, editing=editing)
        if problem is None:
            return None
        return error(400, problem.code, problem.message, problem.errors)

    def _can(self, channel_id: int, permission: int) -> bool:
        world = self._guild_of(channel_id)
        if world is None:
            return False
        perms = world.permissions_in(BOT_ID, channel_id)
        return bool(perms & VIEW_CHANNEL) and bool(perms & permission)
