"""The gateway websocket: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, dispatches.

Why: discord.py only becomes ready, and only sees interactions and messages,
through the gateway. This speaks just enough of it: op 10 HELLO, op 1
heartbeat -> op 11, op 2 IDENTIFY -> READY then the full GUILD_CREATE, op 6
RESUME -> RESUMED, op 8 member requests -> one GUILD_MEMBERS_CHUNK, and op 0
dispatches the tests inject.

Frames are plain JSON text although the client asks for zlib/zstd
compression; discord.py only decompresses binary frames. Events are filtered
by the intents the client identified with, as Discord does: guild message
events need GUILD_MESSAGES, and without MESSAGE_CONTENT a message's content,
embeds, attachments and components arrive empty unless it mentions the bot
or is the bot's own.
"""

from __future__ import annotations

import asyncio
import copy
import json
import logging
import time
import traceback
import uuid
from collections.abc import Callable
from typing import Any

from aiohttp import WSMsgType, web

from .world import APPLICATION_ID, BOT_ID, World

JSON = dict[str, Any]

_log = logging.getLogger(__name__)

DISPATCH, HEARTBEAT, IDENTIFY, RESUME, RECONNECT, REQUEST_MEMBERS = 0, 1, 2, 6, 7, 8
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11

GUILDS_INTENT = 1 << 0
GUILD_MESSAGES_INTENT = 1 << 9
MESSAGE_CONTENT_INTENT = 1 << 15

MESSAGE_EVENTS = frozenset({"MESSAGE_CREATE", "MESSAGE_UPDATE", "MESSAGE_DELETE"})
GUILD_EVENTS_PREFIXES = ("GUILD_", "CHANNEL_", "THREAD_")
CONTENT_FIELDS = {"content": "", "embeds": [], "attachments": [], "components": []}

APPLICATION_FLAGS = 0
AUTHENTICATION_FAILED = 4004


class GatewaySession:
    """One websocket connection and the session it identified or resumed as."""

    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.session_id = uuid.uuid4().hex
        self.sequence = 0
        self.intents = 0
        self.identified = False
        self._send_lock = asyncio.Lock()

    async def send(self, op: int, data: Any, event: str | None = None) -> None:
        async with self._send_lock:
            sequence = None
            if op == DISPATCH:
                self.sequence += 1
                sequence = self.sequence
            frame = {"op": op, "d": data, "s": sequence, "t": event}
            await self.ws.send_str(json.dumps(frame))


class Gateway:
    """Accepts gateway connections and fans dispatches out to identified sessions."""

    def __init__(
        self,
        world: World,
        *,
        token: str | None,
        gateway_url: Callable[[], str],
        heartbeat_interval_ms: int = 41_250,
        faults: list[str] | None = None,
    ) -> None:
        self.world = world
        self.faults = [] if faults is None else faults
        """Tracebacks of exceptions while handling client frames (bugs in the fake)."""
        self.token = token
        self._gateway_url = gateway_url
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.sessions: list[GatewaySession] = []
        self.identifies: list[JSON] = []
        """Every IDENTIFY `d` received (token, intents, properties...)."""
        self.ready = asyncio.Event()
        self._resumable: dict[str, int] = {}
        """session_id -> intents, for sessions a client may RESUME."""

    # -- connection lifecycle -------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, timeout=2.0)
        await ws.prepare(request)
        session = GatewaySession(ws)
        self.sessions.append(session)
        try:
            await session.send(
                HELLO,
                {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ["fake-discord"]},
            )
            async for frame in ws:
                if frame.type not in (WSMsgType.TEXT, WSMsgType.BINARY):
                    continue
                try:
                    await self._on_frame(session, json.loads(frame.data))
                except ConnectionError:
                    raise
                except Exception:
                    _log.exception("fake Discord failed on a gateway frame")
                    self.faults.append(traceback.format_exc())
        except ConnectionError:
            _log.debug("gateway connection %s dropped", session.session_id)
        finally:
            self.sessions.remove(session)
        return ws

    async def close_all(self, code: int = 1001) -> None:
        """Close every connection (the client sees a drop and may reconnect)."""
        for session in list(self.sessions):
            await session.ws.close(code=code, message=b"fake-discord closing")

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT: the client closes and RESUMEs on a new connection."""
        for session in list(self.sessions):
            await session.send(RECONNECT, None)

    # -- ops ------------------------------------------------------------------

    async def _on_frame(self, session: GatewaySession, frame: JSON) -> None:
        op = frame.get("op")
        data: JSON = frame.get("d") or {}
        if op == HEARTBEAT:
            await session.send(HEARTBEAT_ACK, None)
        elif op == IDENTIFY:
            await self._identify(session, data)
        elif op == RESUME:
            await self._resume(session, data)
        elif op == REQUEST_MEMBERS:
            await self._members_chunk(session, data)
        else:
            _log.debug("gateway op %s ignored", op)

    async def _identify(self, session: GatewaySession, data: JSON) -> None:
        self.identifies.append(copy.deepcopy(data))
        if self.token is not None and data.get("token") != self.token:
            await session.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        session.intents = int(data.get("intents", 0))
        session.identified = True
        self._resumable[session.session_id] = session.intents
        user = self.world.user_payload(BOT_ID)
        user.update(verified=True, mfa_enabled=False, email=None, locale="en-US")
        ready: JSON = {
            "v": 10,
            "user": user,
            "guilds": [{"id": str(self.world.guild_id), "unavailable": True}],
            "session_id": session.session_id,
            "session_type": "normal",
            "resume_gateway_url": self._gateway_url(),
            "application": {"id": str(APPLICATION_ID), "flags": APPLICATION_FLAGS},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "_trace": ["fake-discord"],
        }
        if "shard" in data:
            ready["shard"] = data["shard"]
        await session.send(DISPATCH, ready, "READY")
        if session.intents & GUILDS_INTENT:
            await session.send(DISPATCH, self.world.guild_payload(), "GUILD_CREATE")
        self.ready.set()

    async def _resume(self, session: GatewaySession, data: JSON) -> None:
        if self.token is not None and data.get("token") != self.token:
            await session.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        intents = self._resumable.get(str(data.get("session_id")))
        if intents is None:
            await session.send(INVALID_SESSION, False)
            return
        for other in self.sessions:
            if other is not session and other.session_id == data["session_id"]:
                other.identified = False  # superseded; its socket is on its way out
        session.session_id = str(data["session_id"])
        session.sequence = int(data.get("seq") or 0)
        session.intents = intents
        session.identified = True
        await session.send(DISPATCH, {"_trace": ["fake-discord"]}, "RESUMED")

    async def _members_chunk(self, session: GatewaySession, data: JSON) -> None:
        wanted = {int(u) for u in data.get("user_ids") or []}
        query = str(data.get("query") or "").lower()
        members = []
        for user_id, user in self.world.users.items():
            if user_id not in self.world.members:
                continue
            if wanted and user_id not in wanted:
                continue
            if query and not user.username.lower().startswith(query):
                continue
            members.append(self.world.member_payload(user_id))
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        chunk: JSON = {
            "guild_id": str(self.world.guild_id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [str(u) for u in wanted if u not in self.world.members],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await session.send(DISPATCH, chunk, "GUILD_MEMBERS_CHUNK")

    # -- dispatching ----------------------------------------------------------

    async def dispatch(self, event: str, data: JSON) -> float:
        """Send an op 0 dispatch to every identified session; returns when it was sent."""
        sent_at = time.monotonic()
        for session in list(self.sessions):
            if not session.identified:
                continue
            visible = _as_seen_by(session.intents, event, data)
            if visible is None:
                continue
            try:
                await session.send(DISPATCH, visible, event)
            except ConnectionError:
                _log.debug("dropped %s for a closing connection", event)
        return sent_at


def _as_seen_by(intents: int, event: str, data: JSON) -> JSON | None:
    """The event as a session with these intents receives it, or None if it does not."""
    if event.startswith(GUILD_EVENTS_PREFIXES) and not intents & GUILDS_INTENT:
        return None
    if event not in MESSAGE_EVENTS or data.get("guild_id") is None:
        return data
    if not intents & GUILD_MESSAGES_INTENT:
        return None
    if event == "MESSAGE_DELETE" or intents & MESSAGE_CONTENT_INTENT:
        return data
    author = (data.get("author") or {}).get("id")
    mentioned = {m.get("id") for m in data.get("mentions") or []}
    if author == str(BOT_ID) or str(BOT_ID) in mentioned:
        return data
    stripped = copy.deepcopy(data)
    stripped.update(copy.deepcopy(CONTENT_FIELDS))
    stripped.pop("poll", None)
    return stripped
