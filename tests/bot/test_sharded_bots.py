"""Two bot processes on the two shards of one bot, sharing one corpus, as a deployment runs them.

Each process is `python -m bot` with its own FACTDESK_SHARD_IDS of FACTDESK_SHARD_COUNT=2, its
own data directory, and the same PostgreSQL (FACTDESK_DATABASE_URL) and Chroma server
(FACTDESK_CHROMA_HOST). The fake Discord serves two servers that fall on different shards, and
sends each server's events only to the connection of its shard, as Discord does. Both servers'
admins point them at one shared corpus with `/factdesk config shared_corpus:`; a moderator of
one server adds a source there, and the other process cites it in the other server.
"""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest

from knowledge import StoreSettings, open_database
from knowledge.registry import Registry
from tests.bot.fake_discord import (
    APPLICATION_ID,
    GENERAL_ID,
    GUILD_ID,
    MEMBER_ID,
    MODERATOR_ID,
    OWNER_ID,
    SECOND_GUILD,
    FakeDiscord,
    RecordedCall,
    shard_of,
)
from tests.conftest import REPO
from tests.postgres_server import PostgresServer

pytestmark = pytest.mark.slow

T = TypeVar("T")

TOKEN = "fake-bot-token"
SHARDS = 2
CORPUS = "newsroom"
START_S = 300.0  # two cold processes loading their models at once on a small machine
ANSWER_S = 90.0
QUESTION = "is the holm island ferry suspended?"
TITLE = "Ferry to Holm Island suspended"
SOURCE = {
    "text": "The Lindenport Harbour Authority has suspended the ferry to Holm Island until 15 "
    "June 2024 after cracks were found in the pier. Replacement boats will not run.",
    "title": TITLE,
    "publisher": "Lindenport Harbour Authority",
    "published": "2024-06-01",
    "kind": "statement",
}
# The servers and where their members talk: the fixed one on shard 0, the second on shard 1.
FIRST = (GUILD_ID, GENERAL_ID)
SECOND = (SECOND_GUILD.guild_id, SECOND_GUILD.general_id)


class BotProcess:
    """`python -m bot` as a deployment starts it: settings in its environment only, its own
    working and data directory, its log in a file the test reads."""

    def __init__(self, shard: int, folder: Path, environment: dict[str, str]) -> None:
        self.shard = shard
        self.folder = folder
        self.data = folder / "data"
        self.log_path = folder / "bot.log"
        folder.mkdir(parents=True)
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot"],
                cwd=folder,  # no .env here: every setting comes from the environment
                env={**environment, "FACTDESK_DATA_DIR": str(self.data)},
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def describe(self) -> str:
        state = "running" if self.process.poll() is None else f"exited {self.process.returncode}"
        return f"--- shard {self.shard} ({state}), end of its log:\n{self.log()[-3000:]}"

    async def wait_for_log(self, pattern: str, timeout: float) -> re.Match[str]:
        """The first line matching `pattern`; fails at once if the process stops."""
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            found = re.search(pattern, self.log(), re.M)
            if found is not None:
                return found
            if self.process.poll() is not None:
                raise AssertionError(
                    f"the bot stopped before logging {pattern!r}\n{self.describe()}"
                )
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"no {pattern!r} within {timeout}s\n{self.describe()}")
            await asyncio.sleep(0.25)

    def stop(self) -> None:
        """Ctrl-C, as an operator stops it (discord.py closes its connections), then kill."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


class Deployment:
    """The two shard processes, and what a failed wait should show: their logs."""

    def __init__(self, bots: list[BotProcess]) -> None:
        self.bots = bots

    async def expect(self, waiting: Awaitable[T]) -> T:
        try:
            return await waiting
        except AssertionError as error:
            logs = "\n".join(bot.describe() for bot in self.bots)
            raise AssertionError(f"{error}\n{logs}") from None


def _environment(database_url: str, chroma_port: int, fake: FakeDiscord) -> dict[str, str]:
    """What every shard process shares: the bot's token, Discord, PostgreSQL and Chroma."""
    inherited = {k: v for k, v in os.environ.items() if not k.startswith(("FACTDESK_", "DISCORD_"))}
    python_path = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
    return {
        **inherited,
        "PYTHONPATH": python_path,  # this checkout's bot, whatever the environment installed
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE_URL": fake.api_base,
        "DISCORD_GATEWAY_URL": fake.gateway_url,
        "FACTDESK_DATABASE_URL": database_url,
        "FACTDESK_CHROMA_HOST": "127.0.0.1",
        "FACTDESK_CHROMA_PORT": str(chroma_port),
        "FACTDESK_SHARD_COUNT": str(SHARDS),
        "FACTDESK_ASK_COOLDOWN_S": "0",
        "FACTDESK_GUILD_READY_TIMEOUT_S": "0.2",
    }


@contextmanager
def _started(shared: dict[str, str], root: Path) -> Iterator[Deployment]:
    bots = []
    try:
        for shard in range(SHARDS):
            own = {
                "FACTDESK_SHARD_IDS": str(shard),
                # One process pushes the slash commands; pushing them from every shard would
                # repeat the same rate-limited call.
                "FACTDESK_COMMAND_SYNC": "global" if shard == 0 else "off",
            }
            bots.append(BotProcess(shard, root / f"shard-{shard}", {**shared, **own}))
        yield Deployment(bots)
    finally:
        for bot in bots:
            bot.stop()


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token=TOKEN) as server:
        server.add_guild(SECOND_GUILD)
        yield server
    assert server.faults == []
    assert server.unhandled_calls == []


def _callback_path(interaction: dict[str, Any]) -> str:
    return rf"/interactions/{interaction['id']}/{re.escape(interaction['token'])}/callback"


def _webhook_path(interaction: dict[str, Any], suffix: str = "") -> str:
    return rf"/webhooks/{APPLICATION_ID}/{re.escape(interaction['token'])}{suffix}"


class Members:
    """What people do in the servers (commands), and the answers, found by interaction."""

    def __init__(self, fake: FakeDiscord, deployment: Deployment) -> None:
        self.fake = fake
        self.deployment = deployment
        self.sent: list[tuple[dict[str, Any], int]] = []
        """Every interaction dispatched, with the server it was in."""

    async def command(
        self, where: tuple[int, int], name: str, options: dict[str, Any], **kw: Any
    ) -> dict[str, Any]:
        guild_id, channel_id = where
        interaction = self.fake.slash_command(name, options, channel_id=channel_id, **kw)
        assert int(interaction["guild_id"]) == guild_id
        await self.fake.dispatch("INTERACTION_CREATE", interaction)
        self.sent.append((interaction, guild_id))
        return interaction

    async def callback(self, interaction: dict[str, Any]) -> RecordedCall:
        return await self.deployment.expect(
            self.fake.wait_for_call("POST", _callback_path(interaction), timeout=ANSWER_S)
        )

    async def ask(self, where: tuple[int, int], question: str) -> dict[str, Any]:
        """/ask in a server; the answer's embed."""
        interaction = await self.command(where, "ask", {"question": question}, user_id=MEMBER_ID)
        deferred = await self.callback(interaction)
        assert deferred.json["type"] == 5, deferred.json
        followup = await self.deployment.expect(
            self.fake.wait_for_call("POST", _webhook_path(interaction), timeout=ANSWER_S)
        )
        [embed] = followup.json["embeds"]
        assert isinstance(embed, dict)
        return embed

    async def share_corpus(self, where: tuple[int, int]) -> str:
        """An admin points the server at the shared corpus; the bot's reply."""
        interaction = await self.command(
            where, "factdesk", {"shared_corpus": CORPUS}, subcommand="config", user_id=OWNER_ID
        )
        reply = await self.callback(interaction)
        return str(reply.json["data"]["content"])

    async def add_source(self, where: tuple[int, int]) -> str:
        """A moderator pastes a source with /source add; the load's summary."""
        interaction = await self.command(
            where, "source", SOURCE, subcommand="add", user_id=MODERATOR_ID
        )
        await self.callback(interaction)
        summary = await self.deployment.expect(
            self.fake.wait_for_call(
                "PATCH", _webhook_path(interaction, "/messages/@original"), timeout=ANSWER_S
            )
        )
        return str(summary.json["content"])


def _cites(embed: dict[str, Any], title: str) -> bool:
    return any(title in field["value"] for field in embed.get("fields", []))


async def test_two_bot_processes_on_two_shards_answer_from_one_corpus(
    fake: FakeDiscord, postgres: PostgresServer, chroma_server: int, tmp_path: Path
) -> None:
    assert [shard_of(guild, SHARDS) for guild, _ in (FIRST, SECOND)] == [0, 1]
    database_url = postgres.create_database()
    shared = _environment(database_url, chroma_server, fake)

    with _started(shared, tmp_path) as deployment:
        # Each process is online with its own shard and only its own server.
        online = await asyncio.gather(
            *(bot.wait_for_log(r"ready as .*: (.*)$", START_S) for bot in deployment.bots)
        )
        assert [match.group(1) for match in online] == [
            "1 server, shards [0] of 2",
            "1 server, shards [1] of 2",
        ]
        assert sorted(i["shard"] for i in fake.identifies) == [[0, 2], [1, 2]]
        assert {c["name"] for c in fake.commands()} >= {"ask", "source", "factdesk"}
        assert len(fake.find_calls("PUT", rf"/applications/{APPLICATION_ID}/commands")) == 1

        people = Members(fake, deployment)
        # Both servers read one corpus: each admin chooses it through the shard of the server.
        for where in (FIRST, SECOND):
            assert f"Corpus: {CORPUS}." in await people.share_corpus(where)

        before = await people.ask(SECOND, QUESTION)
        assert not _cites(before, TITLE), before

        # A moderator of the first server loads a source through shard 0's process...
        assert "Added (1)" in await people.add_source(FIRST)

        # ...and shard 1's process cites it in the second server, as shard 0's does in the first.
        after = await people.ask(SECOND, QUESTION)
        assert _cites(after, TITLE), after
        same = await people.ask(FIRST, QUESTION)
        assert _cites(same, TITLE), same

        # Discord (the fake) sent each interaction to one connection, its server's shard, and
        # exactly one process answered each.
        delivered = [
            (d.guild_id, d.shard) for d in fake.deliveries if d.event == "INTERACTION_CREATE"
        ]
        expected = [(guild, (shard_of(guild, SHARDS), SHARDS)) for _, guild in people.sent]
        assert delivered == expected
        for interaction, _ in people.sent:
            assert len(fake.find_calls("POST", _callback_path(interaction))) == 1

        for bot in deployment.bots:
            log = bot.log()
            assert "Traceback" not in log, bot.describe()
            assert "ERROR" not in log, bot.describe()

    # What they shared lives in PostgreSQL and the Chroma server, not in their data directories.
    for bot in deployment.bots:
        assert not (bot.data / "registry.sqlite3").exists()
        assert not (bot.data / "chroma").exists()
    registry = Registry(open_database(StoreSettings(database_url=database_url), "unused"))
    try:
        [loaded] = [e for e in registry.journal(CORPUS) if e.action == "add"]
    finally:
        registry.close()
    assert loaded.actor.startswith(f"discord:{MODERATOR_ID}")
