"""Smoke tests for the fake Discord: a real discord.py client logs in and works against it.

Why: the bot's own tests trust FakeDiscord to behave like Discord towards
discord.py. These tests use a small bot written here (not the project's bot)
to show that login, READY, command sync, interactions (slash, context menu,
button, modal), messages with mentions, replies, attachments, threads and a
reconnect all work, that every REST call is recorded, and that a test
leaves no task, log error or warning behind. Sharded clients (discord.py's
AutoShardedBot) get only their shards' guilds and events, as on Discord.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands
from discord.http import Route

from tests.bot.fake_discord import (
    APPLICATION_ID,
    BOT_ID,
    GENERAL_ID,
    GUILD_ID,
    MEMBER_ID,
    MODERATOR_ID,
    SECOND_GUILD,
    FakeDiscord,
    discord_pointed_at,
    shard_of,
)

pytestmark = pytest.mark.filterwarnings("error")

TOKEN = "fake-bot-token"
GUILD = discord.Object(GUILD_ID)
CALLBACK = r"/interactions/\d+/[^/]+/callback"
WAIT = 5.0

T = TypeVar("T")


class Vote(discord.ui.View):
    """One button that edits its message when clicked."""

    def __init__(self, clicks: asyncio.Queue[int]) -> None:
        super().__init__(timeout=None)
        self.clicks = clicks

    @discord.ui.button(label="Agree", custom_id="vote:agree")
    async def agree(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await interaction.response.edit_message(content="Thanks for voting", view=None)
        await self.clicks.put(interaction.user.id)


class Report(discord.ui.Modal, title="Report a claim"):
    reason: discord.ui.TextInput[Any] = discord.ui.TextInput(label="Why?", custom_id="reason")

    def __init__(self, submitted: asyncio.Queue[str]) -> None:
        super().__init__(custom_id="report")
        self.submitted = submitted

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message("Reported", ephemeral=True)
        await self.submitted.put(self.reason.value)


class SmokeBot(commands.Bot):
    """Just enough of a bot to drive every part of the fake."""

    def __init__(self, **options: Any) -> None:
        intents = discord.Intents.default()
        intents.message_content = True
        super().__init__(
            command_prefix="!",
            intents=intents,
            guild_ready_timeout=0.1,
            help_command=None,
            **options,
        )
        self.inbox: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.claims: asyncio.Queue[str] = asyncio.Queue()
        self.checked: asyncio.Queue[discord.Message] = asyncio.Queue()
        self.clicks: asyncio.Queue[int] = asyncio.Queue()
        self.reports: asyncio.Queue[str] = asyncio.Queue()
        self.followups: asyncio.Queue[list[int]] = asyncio.Queue()

    async def setup_hook(self) -> None:
        @app_commands.command(name="check", description="Check a claim")
        async def check(interaction: discord.Interaction, claim: str) -> None:
            await interaction.response.defer()
            embed = discord.Embed(title="Verdict", description=f"Unverified: {claim}")
            await interaction.followup.send(
                "hi", embed=embed, allowed_mentions=discord.AllowedMentions.none()
            )
            await self.claims.put(claim)

        @app_commands.command(name="report", description="Report a claim")
        async def report(interaction: discord.Interaction) -> None:
            await interaction.response.send_modal(Report(self.reports))

        @app_commands.command(name="private", description="Answer only the caller")
        async def private(interaction: discord.Interaction) -> None:
            codes: list[int] = []
            try:
                await interaction.followup.send("too early")
            except discord.NotFound as exc:  # Discord: no webhook before the first response
                codes.append(exc.code)
            await interaction.response.defer(ephemeral=True)
            first = await interaction.followup.send("first", wait=True)
            second = await interaction.followup.send("second", wait=True)
            await self.followups.put([*codes, first.id, second.id])

        async def check_message(interaction: discord.Interaction, message: discord.Message) -> None:
            await interaction.response.send_message("Checking", ephemeral=True)
            await self.checked.put(message)

        self.tree.add_command(check, guild=GUILD)
        self.tree.add_command(report, guild=GUILD)
        self.tree.add_command(private, guild=GUILD)
        self.tree.add_command(
            app_commands.ContextMenu(name="Check message", callback=check_message), guild=GUILD
        )

    async def on_message(self, message: discord.Message) -> None:
        if self.user is not None and message.author.id == self.user.id:
            return  # Discord echoes the bot's own messages; ignore them as real bots must
        await self.inbox.put(message)


class ShardedSmokeBot(SmokeBot, commands.AutoShardedBot):
    """The smoke bot on some shards (`shard_ids`, `shard_count`), or on every shard Discord
    recommends when `shard_count` is None."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """No 5 s pause between shards: Discord's identify rate limit is not the fake's."""


async def next_item(queue: asyncio.Queue[T]) -> T:
    return await asyncio.wait_for(queue.get(), WAIT)


class _ErrorLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.seen: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.seen.append(record)


@pytest.fixture(autouse=True)
def _no_logged_errors() -> Iterator[None]:
    """discord.py logs (rather than raises) errors in handlers; treat any as a failure."""
    handler = _ErrorLog()
    logging.getLogger().addHandler(handler)
    try:
        yield
    finally:
        logging.getLogger().removeHandler(handler)
    assert not handler.seen, [r.getMessage() for r in handler.seen]


@pytest.fixture(autouse=True)
async def _no_leaked_tasks() -> AsyncIterator[None]:
    before = asyncio.all_tasks()
    yield
    current = asyncio.current_task()
    left = [t for t in asyncio.all_tasks() if t not in before and t is not current]
    if left:
        await asyncio.wait(left, timeout=1.0)
    still = [t for t in left if not t.done()]
    assert not still, still


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(token=TOKEN) as server:
        yield server
    assert server.faults == []


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[SmokeBot]:
    client = SmokeBot()
    with discord_pointed_at(fake.api_base, fake.gateway_url):
        await client.login(TOKEN)
        connection = asyncio.create_task(client.connect(), name="smoke-bot-connect")
        try:
            async with asyncio.timeout(WAIT):
                await fake.wait_until_ready()
                await client.wait_until_ready()
            yield client
        finally:
            await client.close()
            await asyncio.wait_for(connection, WAIT)


@pytest.fixture
async def synced(bot: SmokeBot) -> SmokeBot:
    await bot.tree.sync(guild=GUILD)
    return bot


async def test_login_ready_and_sync_are_recorded(fake: FakeDiscord, bot: SmokeBot) -> None:
    assert bot.user is not None
    assert bot.user.id == BOT_ID
    guild = bot.get_guild(GUILD_ID)
    assert guild is not None
    assert guild.name == "Test Server"
    assert {c.name for c in guild.text_channels} == {"general", "mod-log"}
    assert fake.identifies[0]["intents"] & discord.Intents(message_content=True).value
    assert [c.path for c in fake.calls[:2]] == ["/users/@me", "/oauth2/applications/@me"]

    synced = await bot.tree.sync(guild=GUILD)

    put = await fake.wait_for_call(
        "PUT", rf"/applications/{APPLICATION_ID}/guilds/{GUILD_ID}/commands"
    )
    assert {c["name"] for c in put.json} == {"check", "report", "private", "Check message"}
    assert {c.id for c in synced} == {int(c["id"]) for c in fake.commands(GUILD_ID)}
    assert fake.unhandled_calls == []


async def test_slash_command_defer_then_followup(fake: FakeDiscord, synced: SmokeBot) -> None:
    interaction = fake.slash_command("check", {"claim": "the moon is cheese"})

    sent = await fake.dispatch("INTERACTION_CREATE", interaction)

    callback = await fake.wait_for_call("POST", CALLBACK, after=sent)
    assert callback.json == {"type": 5}
    assert callback.query == {"with_response": "1"}
    followup = await fake.wait_for_call("POST", rf"/webhooks/{APPLICATION_ID}/[^/]+", after=sent)
    assert followup.json["content"] == "hi"
    assert followup.json["embeds"][0]["description"] == "Unverified: the moon is cheese"
    assert followup.json["allowed_mentions"] == {"parse": []}
    assert await next_item(synced.claims) == "the moon is cheese"
    [message] = fake.sent_messages(GENERAL_ID)
    # The first followup after a defer fills in the deferred "thinking" message.
    assert message["id"] == callback.response["interaction"]["response_message_id"]
    assert message["flags"] == 0
    assert message["embeds"] == followup.json["embeds"]
    assert fake.interaction_record(interaction).response_type == 5


async def test_followups_follow_discords_rules(fake: FakeDiscord, synced: SmokeBot) -> None:
    interaction = fake.slash_command("private", user_id=MODERATOR_ID)

    await fake.dispatch("INTERACTION_CREATE", interaction)

    code, first, second = await next_item(synced.followups)
    assert code == 10015
    record = fake.interaction_record(interaction)
    assert record.original_id == first  # the first followup filled the deferred message
    assert record.followup_ids == [first, second]
    messages = {int(m["id"]): m for m in fake.sent_messages()}
    assert messages[first]["flags"] == 64  # ephemeral because the defer was
    assert messages[second]["flags"] == 0
    assert messages[first]["interaction_metadata"]["user"]["id"] == str(MODERATOR_ID)


async def test_button_click_reaches_the_view(fake: FakeDiscord, bot: SmokeBot) -> None:
    channel = bot.get_channel(GENERAL_ID)
    assert isinstance(channel, discord.TextChannel)
    sent = await channel.send("Is this claim true?", view=Vote(bot.clicks))
    [stored] = fake.sent_messages(GENERAL_ID)
    assert stored["components"][0]["components"][0]["custom_id"] == "vote:agree"

    clicked = await fake.dispatch(
        "INTERACTION_CREATE", fake.component("vote:agree", stored, user_id=MODERATOR_ID)
    )

    assert await next_item(bot.clicks) == MODERATOR_ID
    callback = await fake.wait_for_call("POST", CALLBACK, after=clicked)
    assert callback.json["type"] == 7
    updated = fake.get_message(sent.id)
    assert updated is not None
    assert (updated["content"], updated["components"]) == ("Thanks for voting", [])


async def test_mention_reaches_on_message(fake: FakeDiscord, bot: SmokeBot) -> None:
    text = f"<@{BOT_ID}> is the sky green?"

    await fake.dispatch("MESSAGE_CREATE", fake.message(text))

    message = await next_item(bot.inbox)
    assert message.content == text
    assert bot.user in message.mentions
    assert message.author.id == MEMBER_ID
    assert isinstance(message.author, discord.Member)


async def test_reply_resolves_the_referenced_message(fake: FakeDiscord, bot: SmokeBot) -> None:
    channel = bot.get_channel(GENERAL_ID)
    assert isinstance(channel, discord.TextChannel)
    await channel.send("The sky is blue.")
    [original] = fake.sent_messages(GENERAL_ID)

    await fake.dispatch("MESSAGE_CREATE", fake.message("source?", reference=original))

    reply = await next_item(bot.inbox)
    assert reply.reference is not None
    resolved = reply.reference.resolved
    assert isinstance(resolved, discord.Message)
    assert (resolved.id, resolved.content) == (int(original["id"]), "The sky is blue.")
    assert bot.user in reply.mentions  # replying pings the author by default


async def test_attachment_bytes_are_served(fake: FakeDiscord, bot: SmokeBot) -> None:
    attachment = fake.attachment("claim.txt", b"water boils at 100C", "text/plain")

    await fake.dispatch("MESSAGE_CREATE", fake.message("see file", attachments=[attachment]))

    message = await next_item(bot.inbox)
    [received] = message.attachments
    assert received.filename == "claim.txt"
    assert await received.read() == b"water boils at 100C"
    assert fake.find_calls("GET", rf"/attachments/{attachment['id']}/claim\.txt")


async def test_message_create_thread(fake: FakeDiscord, bot: SmokeBot) -> None:
    await fake.dispatch("MESSAGE_CREATE", fake.message("the earth is flat"))
    message = await next_item(bot.inbox)
    created = asyncio.ensure_future(bot.wait_for("thread_create", timeout=WAIT))

    thread = await message.create_thread(name="Fact check")

    assert (thread.id, thread.name, thread.parent_id) == (message.id, "Fact check", GENERAL_ID)
    assert (await created).id == thread.id
    assert bot.get_channel(thread.id) is not None
    call = await fake.wait_for_call(
        "POST", rf"/channels/{GENERAL_ID}/messages/{message.id}/threads"
    )
    assert call.json["name"] == "Fact check"
    await thread.send("Looking into it")
    assert [m["content"] for m in fake.sent_messages(thread.id)] == ["Looking into it"]


async def test_message_context_menu_and_modal(fake: FakeDiscord, synced: SmokeBot) -> None:
    target = fake.message("vaccines contain microchips", author_id=MODERATOR_ID)

    await fake.dispatch("INTERACTION_CREATE", fake.message_command("Check message", target))

    checked = await next_item(synced.checked)
    assert (checked.id, checked.content) == (int(target["id"]), "vaccines contain microchips")

    opened = await fake.dispatch("INTERACTION_CREATE", fake.slash_command("report"))
    callback = await fake.wait_for_call("POST", CALLBACK, after=opened)
    assert callback.json["type"] == 9
    await fake.dispatch("INTERACTION_CREATE", fake.modal_submit("report", {"reason": "misleading"}))
    assert await next_item(synced.reports) == "misleading"
    assert [m["flags"] & 64 for m in fake.sent_messages()] == [64, 64]  # both ephemeral


async def test_reconnect_resumes_the_session(fake: FakeDiscord, bot: SmokeBot) -> None:
    resumed = asyncio.ensure_future(bot.wait_for("resumed", timeout=WAIT))

    await fake.reconnect_clients()

    await resumed
    assert len(fake.identifies) == 1  # resumed, not identified again
    await fake.dispatch("MESSAGE_CREATE", fake.message("still there?"))
    assert (await next_item(bot.inbox)).content == "still there?"


async def test_fake_rejects_what_discord_rejects(fake: FakeDiscord, bot: SmokeBot) -> None:
    channel = bot.get_channel(GENERAL_ID)
    assert isinstance(channel, discord.TextChannel)

    with pytest.raises(discord.HTTPException) as too_long:
        await channel.send("x" * 2001)
    with pytest.raises(discord.NotFound):
        await bot.http.request(Route("GET", "/no/such/route"))

    assert (too_long.value.status, too_long.value.code) == (400, 50035)
    assert [str(c) for c in fake.unhandled_calls] == ["GET /no/such/route -> 404"]
    assert fake.sent_messages() == []


@asynccontextmanager
async def running(fake: FakeDiscord, *clients: SmokeBot) -> AsyncIterator[None]:
    """Log the clients in and connect them; close them at the end."""
    with discord_pointed_at(fake.api_base, fake.gateway_url):
        tasks = []
        try:
            for client in clients:
                await client.login(TOKEN)
                tasks.append(asyncio.create_task(client.connect(), name="smoke-shard-connect"))
            async with asyncio.timeout(WAIT):
                for client in clients:
                    await client.wait_until_ready()
            yield
        finally:
            for client in clients:
                await client.close()
            await asyncio.wait_for(asyncio.gather(*tasks), WAIT)


def test_the_second_guild_is_on_the_other_shard_of_two() -> None:
    assert (shard_of(GUILD_ID, 2), shard_of(SECOND_GUILD.guild_id, 2)) == (0, 1)


async def test_each_shard_gets_only_its_guilds_and_their_events(fake: FakeDiscord) -> None:
    second = fake.add_guild(SECOND_GUILD)
    shard0 = ShardedSmokeBot(shard_ids=[0], shard_count=2)
    shard1 = ShardedSmokeBot(shard_ids=[1], shard_count=2)

    async with running(fake, shard0, shard1):
        await fake.wait_until_ready(WAIT, shard_count=2)
        assert sorted(i["shard"] for i in fake.identifies) == [[0, 2], [1, 2]]
        assert [g.id for g in shard0.guilds] == [GUILD_ID]
        assert [g.id for g in shard1.guilds] == [second.guild_id]
        assert {c.name for c in shard1.guilds[0].text_channels} == {"general", "mod-log"}

        to_second = await fake.dispatch(
            "MESSAGE_CREATE",
            fake.message("in the second guild", channel_id=SECOND_GUILD.general_id),
        )
        to_first = await fake.dispatch("MESSAGE_CREATE", fake.message("in the first guild"))

        assert (await next_item(shard1.inbox)).content == "in the second guild"
        assert (await next_item(shard0.inbox)).content == "in the first guild"
        await asyncio.sleep(0.2)  # time for a wrongly routed copy to arrive
        assert shard0.inbox.empty()
        assert shard1.inbox.empty()
        assert to_first > to_second
        delivered = [(d.guild_id, d.shard) for d in fake.deliveries if d.event == "MESSAGE_CREATE"]
        assert delivered == [(second.guild_id, (1, 2)), (GUILD_ID, (0, 2))]

        # Answering goes through REST, where the second guild's channel is known too.
        channel = shard1.get_channel(SECOND_GUILD.general_id)
        assert isinstance(channel, discord.TextChannel)
        await channel.send("hello from shard 1")
        [sent] = fake.sent_messages(SECOND_GUILD.general_id)
        assert sent["guild_id"] == str(second.guild_id)
    assert fake.unhandled_calls == []


async def test_without_a_shard_count_the_client_asks_discord_how_many() -> None:
    async with FakeDiscord(token=TOKEN, recommended_shards=2) as fake:
        fake.add_guild(SECOND_GUILD)
        client = ShardedSmokeBot()
        async with running(fake, client):
            await fake.wait_until_ready(WAIT, shard_count=2)
            assert fake.find_calls("GET", "/gateway/bot")
            assert client.shard_count == 2
            assert sorted(g.id for g in client.guilds) == [GUILD_ID, SECOND_GUILD.guild_id]
        assert fake.faults == []


async def test_an_event_for_a_shard_nobody_holds_is_refused(fake: FakeDiscord) -> None:
    fake.add_guild(SECOND_GUILD)
    async with running(fake, ShardedSmokeBot(shard_ids=[0], shard_count=2)):
        with pytest.raises(RuntimeError, match="no client is connected to receive MESSAGE"):
            await fake.dispatch(
                "MESSAGE_CREATE", fake.message("lost", channel_id=SECOND_GUILD.general_id)
            )


@pytest.mark.parametrize("shard", [[2, 2], [0, 0], [-1, 2], "0"])
async def test_an_invalid_shard_is_closed_with_4010(fake: FakeDiscord, shard: Any) -> None:
    async with aiohttp.ClientSession() as session, session.ws_connect(fake.gateway_url) as ws:
        hello = json.loads((await ws.receive(timeout=WAIT)).data)
        assert hello["op"] == 10
        identify = {"token": TOKEN, "intents": 1, "properties": {}, "shard": shard}
        await ws.send_str(json.dumps({"op": 2, "d": identify}))
        closed = await ws.receive(timeout=WAIT)
        assert closed.type is aiohttp.WSMsgType.CLOSE
        assert closed.data == 4010
    assert fake.connected_clients == 0
