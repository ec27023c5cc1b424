"""FakeDiscord: one local server that is Discord's REST API, gateway and CDN for a test.

Why: the bot should be tested through the real discord.py client, not mocks
of it, so the fake sits where Discord sits: 127.0.0.1 on a free port, REST
under /api/v10, the gateway websocket at /gateway, attachment bytes under
/attachments. This module only wires the parts (world, store, call log,
gateway, REST routes, payload builders) and gives tests their handles.
"""

from __future__ import annotations

import asyncio
import copy
from types import TracebackType
from typing import Any

from aiohttp import web

from .gateway import Delivery, Gateway
from .messages import MessageFactory
from .payloads import PayloadBuilders
from .recording import CallLog, RecordedCall
from .rest import API_PREFIX, RestApi
from .store import InteractionRecord, Store
from .world import GuildLayout, Guilds, World

JSON = dict[str, Any]


class FakeDiscord(PayloadBuilders):
    """A fake Discord for one test. Use `async with FakeDiscord() as fake:` or start/stop.

    `token`: if given, REST calls and IDENTIFY must use it (else 401 / close
    4004); by default any bot token is accepted. `echo_bot_messages`: send
    MESSAGE_CREATE/UPDATE/DELETE for the bot's own non-ephemeral messages, as
    Discord does. `recommended_shards`: the shard count GET /gateway/bot gives.

    It serves the fixed guild (`world`) and any a test adds with `add_guild`;
    clients may identify as shards, and each gets only its shards' guilds.
    """

    def __init__(
        self,
        *,
        token: str | None = None,
        echo_bot_messages: bool = True,
        heartbeat_interval_ms: int = 41_250,
        recommended_shards: int = 1,
    ) -> None:
        self.world = World()
        """The fixed guild, which every test has."""
        self.guilds = Guilds(self.world)
        self.store = Store()
        self._log = CallLog()
        self._base = ""
        self.api_base = ""
        self.gateway_url = ""
        self.faults: list[str] = []
        """Tracebacks of exceptions inside the fake itself; a passing test leaves this empty."""
        self.message_factory = MessageFactory(self.guilds, self.store, self._cdn_base)
        self.gateway = Gateway(
            self.guilds,
            token=token,
            gateway_url=self._gateway_url,
            heartbeat_interval_ms=heartbeat_interval_ms,
            faults=self.faults,
        )
        self.rest = RestApi(
            self.guilds,
            self.store,
            self._log,
            self.gateway,
            self.message_factory,
            token=token,
            gateway_url=self._gateway_url,
            echo_bot_messages=echo_bot_messages,
            recommended_shards=recommended_shards,
            faults=self.faults,
        )
        self._runner: web.AppRunner | None = None

    # -- lifecycle ------------------------------------------------------------

    async def start(self) -> None:
        """Serve on 127.0.0.1 on a free port; sets `api_base` and `gateway_url`."""
        if self._runner is not None:
            raise RuntimeError("FakeDiscord is already started")
        app = web.Application()
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_route("*", "/{tail:.*}", self.rest.handle)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        host, port = runner.addresses[0][:2]
        self._runner = runner
        self._base = f"http://{host}:{port}"
        self.api_base = self._base + API_PREFIX
        self.gateway_url = f"ws://{host}:{port}/gateway"

    async def stop(self) -> None:
        """Close gateway connections and stop serving. Safe to call twice."""
        if self._runner is None:
            return
        await self.gateway.close_all()
        await self._runner.cleanup()
        self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    def _cdn_base(self) -> str:
        if not self._base:
            raise RuntimeError("FakeDiscord is not started: attachment urls need its port")
        return self._base

    def _gateway_url(self) -> str:
        return self.gateway_url

    # -- guilds ---------------------------------------------------------------

    def add_guild(self, layout: GuildLayout) -> World:
        """Serve another guild with the fixed guild's roles, channels and users under the
        layout's ids (`SECOND_GUILD`). Add it before clients connect."""
        return self.guilds.add(World(layout))

    # -- REST calls -----------------------------------------------------------

    @property
    def calls(self) -> list[RecordedCall]:
        """Every HTTP request so far, in completion order."""
        return self._log.calls

    @property
    def unhandled_calls(self) -> list[RecordedCall]:
        """Requests no route matched (answered 404 "Unknown route")."""
        return [c for c in self._log.calls if not c.handled]

    def find_calls(
        self, method: str, path_pattern: str, *, after: float = 0.0
    ) -> list[RecordedCall]:
        """Recorded calls whose whole path matches the regex, in arrival order."""
        return self._log.find(method, path_pattern, after=after)

    async def wait_for_call(
        self, method: str, path_pattern: str, *, after: float = 0.0, timeout: float = 10.0
    ) -> RecordedCall:
        """The first call with this method whose whole path matches the regex and `at > after`.

        Fails with AssertionError listing the calls seen if none arrives in time.
        """
        return await self._log.wait_for(method, path_pattern, after=after, timeout=timeout)

    # -- gateway --------------------------------------------------------------

    async def wait_until_ready(self, timeout: float = 20.0, *, shard_count: int = 1) -> None:
        """Until clients identified as every shard of `shard_count` (one unsharded client
        for the default 1) and were sent READY + GUILD_CREATEs.

        The client itself is ready a little later (after its
        `guild_ready_timeout`); await `bot.wait_until_ready()` for that.
        """
        try:
            async with asyncio.timeout(timeout):
                await self.gateway.wait_for_shards(shard_count)
        except TimeoutError:
            seen = [i.get("shard") for i in self.identifies] or "none"
            raise AssertionError(
                f"not every shard of {shard_count} identified within {timeout}s "
                f"(IDENTIFY shards seen: {seen})"
            ) from None

    async def dispatch(self, event: str, data: JSON) -> float:
        """Send an op 0 dispatch to the clients on the shard of the event's guild; returns
        `time.monotonic()` at send.

        Raises RuntimeError when no client on that shard has identified: the
        event would be lost, which is almost always a test that did not wait
        for readiness.
        """
        if not self.gateway.receivers(event, data):
            raise RuntimeError(
                f"no client is connected to receive {event}"
                f" (guild {data.get('guild_id', data.get('id'))})"
            )
        return await self.gateway.dispatch(event, data)

    async def reconnect_clients(self) -> None:
        """Ask clients to reconnect (op 7); they close and RESUME on a new connection."""
        await self.gateway.request_reconnect()

    @property
    def identifies(self) -> list[JSON]:
        """Every IDENTIFY payload received (check `intents` and `shard` here)."""
        return self.gateway.identifies

    @property
    def deliveries(self) -> list[Delivery]:
        """Every dispatch sent, once per session that got it, with the session's shard."""
        return list(self.gateway.deliveries)

    @property
    def connected_clients(self) -> int:
        return sum(1 for s in self.gateway.sessions if s.identified)

    # -- state ----------------------------------------------------------------

    def sent_messages(self, channel_id: int | None = None) -> list[JSON]:
        """Messages the bot created, as stored now (latest edits included).

        Channel sends, interaction responses and followups; deleted ones are
        left out. Copies, so changing them changes nothing.
        """
        return self.store.bot_messages(channel_id)

    def get_message(self, message_id: int) -> JSON | None:
        """Any stored message (the bot's or one built with `message()`), or None if deleted."""
        return self.store.snapshot(message_id)

    def commands(self, guild_id: int | None = None) -> list[JSON]:
        """The application commands the client synced (guild scope, or global with None)."""
        return self.store.listed_commands(guild_id)

    def interaction_record(self, interaction: JSON) -> InteractionRecord:
        """How the bot has answered an interaction payload built here (response type, messages)."""
        return copy.deepcopy(self.store.interactions[interaction["token"]])
