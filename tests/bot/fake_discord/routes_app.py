"""Routes for who the bot is and what it registered: users, application, gateway, commands, guild.

Why: login (GET /users/@me, /oauth2/applications/@me), command sync (PUT
.../commands, whose stored ids the interaction builders then use) and member
lookups are the bot's non-message REST traffic; they share no state with the
message routes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .gateway import Gateway
from .messages import MessageFactory
from .recording import RecordedCall
from .rest_base import (
    INVALID_FORM_BODY,
    UNKNOWN_APPLICATION,
    UNKNOWN_GUILD,
    UNKNOWN_MEMBER,
    UNKNOWN_USER,
    Reply,
    Route,
    RouteGroup,
    error,
)
from .store import Store
from .world import APPLICATION_ID, BOT_ID, BOT_USERNAME, OWNER_ID, Guilds


class AppRoutes(RouteGroup):
    """Identity, gateway discovery, application commands and guild lookups."""

    def __init__(
        self,
        guilds: Guilds,
        store: Store,
        messages: MessageFactory,
        gateway: Gateway,
        *,
        echo_bot_messages: bool,
        gateway_url: Callable[[], str],
        recommended_shards: int = 1,
    ) -> None:
        super().__init__(guilds, store, messages, gateway, echo_bot_messages=echo_bot_messages)
        self._gateway_url = gateway_url
        self.recommended_shards = recommended_shards

    def routes(self) -> list[Route]:
        commands = r"/applications/(\d+)/commands"
        guild_commands = r"/applications/(\d+)/guilds/(\d+)/commands"
        return self._table(
            [
                ("GET", "/users/@me", self.get_me, True),
                ("GET", r"/users/(\d+)", self.get_user, True),
                ("GET", "/oauth2/applications/@me", self.get_application, True),
                ("GET", "/gateway", self.get_gateway, False),
                ("GET", "/gateway/bot", self.get_gateway_bot, True),
                ("GET", commands, self.get_commands, True),
                ("PUT", commands, self.put_commands, True),
                ("GET", guild_commands, self.get_commands, True),
                ("PUT", guild_commands, self.put_commands, True),
                ("GET", r"/guilds/(\d+)", self.get_guild, True),
                ("GET", r"/guilds/(\d+)/members/(\d+)", self.get_member, True),
            ]
        )

    async def get_me(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        user = self.guilds.user_payload(BOT_ID)
        user.update(verified=True, mfa_enabled=False, email=None, locale="en-US")
        return Reply(200, user)

    async def get_user(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        user_id = int(m.group(1))
        if not self.guilds.has_user(user_id):
            return error(404, UNKNOWN_USER, "Unknown User")
        return Reply(200, self.guilds.user_payload(user_id))

    async def get_application(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        return Reply(
            200,
            {
                "id": str(APPLICATION_ID),
                "name": BOT_USERNAME,
                "icon": None,
                "description": "",
                "summary": "",
                "type": None,
                "hook": True,
                "bot_public": False,
                "bot_require_code_grant": False,
                "verify_key": "0" * 64,
                "flags": 0,
                "owner": self.guilds.user_payload(OWNER_ID),
                "team": None,
                "bot": self.guilds.user_payload(BOT_ID),
                "redirect_uris": [],
                "tags": [],
                "approximate_guild_count": len(self.guilds),
                "integration_types_config": {"0": {}},
            },
        )

    async def get_gateway(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        return Reply(200, {"url": self._gateway_url()})

    async def get_gateway_bot(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        """Where to connect and how many shards Discord recommends (AutoShardedClient without
        a shard_count asks)."""
        limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
        body = {
            "url": self._gateway_url(),
            "shards": self.recommended_shards,
            "session_start_limit": limit,
        }
        return Reply(200, body)

    def _command_scope(self, m: re.Match[str]) -> int | Reply | None:
        if int(m.group(1)) != APPLICATION_ID:
            return error(404, UNKNOWN_APPLICATION, "Unknown Application")
        if m.re.groups < 2:
            return None
        guild_id = int(m.group(2))
        if self.guilds.get(guild_id) is None:
            return error(404, UNKNOWN_GUILD, "Unknown Guild")
        return guild_id

    async def get_commands(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        scope = self._command_scope(m)
        if isinstance(scope, Reply):
            return scope
        return Reply(200, self.store.listed_commands(scope))

    async def put_commands(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        scope = self._command_scope(m)
        if isinstance(scope, Reply):
            return scope
        if not isinstance(call.json, list):
            return error(400, INVALID_FORM_BODY, "Invalid Form Body")
        return Reply(200, self.store.sync_commands(scope, call.json, APPLICATION_ID))

    async def get_guild(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        world = self.guilds.get(int(m.group(1)))
        if world is None:
            return error(404, UNKNOWN_GUILD, "Unknown Guild")
        guild = world.guild_payload()
        for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at"):
            guild.pop(key, None)
        return Reply(200, guild)

    async def get_member(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        world = self.guilds.get(int(m.group(1)))
        if world is None:
            return error(404, UNKNOWN_GUILD, "Unknown Guild")
        user_id = int(m.group(2))
        if user_id not in world.members:
            return error(404, UNKNOWN_MEMBER, "Unknown Member")
        return Reply(200, world.member_payload(user_id))
