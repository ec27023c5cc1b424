"""The gateway websocket: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, dispatches.

Why: discord.py only becomes ready, and only sees interactions and messages,
through the gateway. This speaks just enough of it: op 10 HELLO, op 1
heartbeat -> op 11, op 2 IDENTIFY -> READY then a full GUILD_CREATE per guild,
op 6 RESUME -> RESUMED, op 8 member requests -> one GUILD_MEMBERS_CHUNK, and
op 0 dispatches the tests inject.

Sharding works as on Discord: IDENTIFY may carry `shard: [id, count]` (none
means [0, 1]); a session's READY and GUILD_CREATEs name only the guilds with
`(guild_id >> 22) % count == id`, and it receives only those guilds' events
(events without a guild, such as DMs, go to shard 0). A shard id outside
0..count-1 is closed with 4010, as Discord does.

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
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web

from .world import APPLICATION_ID, BOT_ID, Guilds, shard_of

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
INVALID_SHARD = 4010
GUILD_ITSELF_EVENTS = frozenset({"GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"})
"""Events whose guild is the payload's `id`, not a `guild_id` field."""

Shard = tuple[int, int]
"""(shard id, shard count); an unsharded session is (0, 1)."""


class GatewaySession:
    """One websocket connection and the session it identified or resumed as."""

    def __init__(self, ws: web.WebSocketResponse) -> None:
        self.ws = ws
        self.session_id = uuid.uuid4().hex
        self.sequence = 0
        self.intents = 0
        self.shard: Shard = (0, 1)
        self.identified = False
        self._send_lock = asyncio.Lock()

    def receives(self, guild_id: int | None) -> bool:
        """Whether Discord sends this guild's events (None: no guild) to this session."""
        shard_id, count = self.shard
        return shard_id == (0 if guild_id is None else shard_of(guild_id, count))

    async def send(self, op: int, data: Any, event: str | None = None) -> None:
        async with self._send_lock:
            sequence = None
            if op == DISPATCH:
                self.sequence += 1
                sequence = self.sequence
            frame = {"op": op, "d": data, "s": sequence, "t": event}
            await self.ws.send_str(json.dumps(frame))


@dataclass(frozen=True)
class Delivery:
    """One dispatch sent to one session: which event, of which guild, to which shard."""

    event: str
    guild_id: int | None
    shard: Shard
    session_id: str


class Gateway:
    """Accepts gateway connections and fans dispatches out to identified sessions."""

    def __init__(
        self,
        guilds: Guilds,
        *,
        token: str | None,
        gateway_url: Callable[[], str],
        heartbeat_interval_ms: int = 41_250,
        faults: list[str] | None = None,
    ) -> None:
        self.guilds = guilds
        self.faults = [] if faults is None else faults
        """Tracebacks of exceptions while handling client frames (bugs in the fake)."""
        self.token = token
        self._gateway_url = gateway_url
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.sessions: list[GatewaySession] = []
        self.identifies: list[JSON] = []
        """Every IDENTIFY `d` received (token, intents, properties, shard...)."""
        self.deliveries: list[Delivery] = []
        """Every dispatch sent, per receiving session, in order."""
        self._identified_shards: set[Shard] = set()
        self._identified = asyncio.Condition()
        self._resumable: dict[str, tuple[int, Shard]] = {}
        """session_id -> (intents, shard), for sessions a client may RESUME."""

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

    async def wait_for_shards(self, shard_count: int) -> None:
        """Until a session identified as each shard 0..shard_count-1 of `shard_count`."""
        wanted = {(shard_id, shard_count) for shard_id in range(shard_count)}
        async with self._identified:
            await self._identified.wait_for(lambda: wanted <= self._identified_shards)

    async def _identify(self, session: GatewaySession, data: JSON) -> None:
        self.identifies.append(copy.deepcopy(data))
        if self.token is not None and data.get("token") != self.token:
            await session.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        shard = _shard(data.get("shard"))
        if shard is None:
            await session.ws.close(code=INVALID_SHARD, message=b"Invalid shard.")
            return
        session.intents = int(data.get("intents", 0))
        session.shard = shard
        session.identified = True
        self._resumable[session.session_id] = (session.intents, shard)
        guilds = self.guilds.on_shard(*shard)
        user = self.guilds.user_payload(BOT_ID)
        user.update(verified=True, mfa_enabled=False, email=None, locale="en-US")
        ready: JSON = {
            "v": 10,
            "user": user,
            "guilds": [{"id": str(world.guild_id), "unavailable": True} for world in guilds],
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
            for world in guilds:
                await session.send(DISPATCH, world.guild_payload(), "GUILD_CREATE")
        async with self._identified:
            self._identified_shards.add(shard)
            self._identified.notify_all()

    async def _resume(self, session: GatewaySession, data: JSON) -> None:
        if self.token is not None and data.get("token") != self.token:
            await session.ws.close(code=AUTHENTICATION_FAILED, message=b"Authentication failed.")
            return
        resumable = self._resumable.get(str(data.get("session_id")))
        if resumable is None:
            await session.send(INVALID_SESSION, False)
            return
        intents, shard = resumable
        for other in self.sessions:
            if other is not session and other.session_id == data["session_id"]:
                other.identified = False  # superseded; its socket is on its way out
        session.session_id = str(data["session_id"])
        session.sequence = int(data.get("seq") or 0)
        session.intents = intents
        session.shard = shard
        session.identified = True
        await session.send(DISPATCH, {"_trace": ["fake-discord"]}, "RESUMED")

    async def _members_chunk(self, session: GatewaySession, data: JSON) -> None:
        world = self.guilds.get(int(data.get("guild_id") or 0))
        if world is None or not session.receives(world.guild_id):
            _log.debug("member request for a guild this session does not hold: %s", data)
            return
        wanted = {int(u) for u in data.get("user_ids") or []}
        query = str(data.get("query") or "").lower()
        members = []
        for user_id, user in world.users.items():
            if user_id not in world.members:
                continue
            if wanted and user_id not in wanted:
                continue
            if query and not user.username.lower().startswith(query):
                continue
            members.append(world.member_payload(user_id))
        limit = int(data.get("limit") or 0)
        if limit:
            members = members[:limit]
        chunk: JSON = {
            "guild_id": str(world.guild_id),
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [str(u) for u in wanted if u not in world.members],
        }
        if data.get("nonce") is not None:
            chunk["nonce"] = data["nonce"]
        await session.send(DISPATCH, chunk, "GUILD_MEMBERS_CHUNK")

    # -- dispatching ----------------------------------------------------------

    def receivers(self, event: str, data: JSON) -> list[GatewaySession]:
        """The identified sessions on the shard that Discord sends this event to."""
        guild_id = event_guild(event, data)
        return [s for s in self.sessions if s.identified and s.receives(guild_id)]

    async def dispatch(self, event: str, data: JSON) -> float:
        """Send an op 0 dispatch to the identified sessions on the event's guild's shard;
        returns when it was sent."""
        sent_at = time.monotonic()
        guild_id = event_guild(event, data)
        for session in self.receivers(event, data):
            visible = _as_seen_by(session.intents, event, data)
            if visible is None:
                continue
            try:
                await session.send(DISPATCH, visible, event)
            except ConnectionError:
                _log.debug("dropped %s for a closing connection", event)
                continue
            self.deliveries.append(Delivery(event, guild_id, session.shard, session.session_id))
        return sent_at


def event_guild(event: str, data: JSON) -> int | None:
    """The guild an event belongs to (which decides its shard), or None for DMs and the like."""
    raw = data.get("id") if event in GUILD_ITSELF_EVENTS else data.get("guild_id")
    return None if raw is None else int(raw)


def _shard(value: Any) -> Shard | None:
    """IDENTIFY's `shard` as (id, count); (0, 1) when absent; None when Discord would refuse it."""
    if value is None:
        return (0, 1)
    if not isinstance(value, list) or len(value) != 2:
        return None
    try:
        shard_id, count = int(value[0]), int(value[1])
    except (TypeError, ValueError):
        return None
    if count < 1 or not 0 <= shard_id < count:
        return None
    return (shard_id, count)


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
