"""A fake Discord (REST, gateway, attachment CDN) for testing the bot with real discord.py.

Why: dpytest does not cover application commands or interactions, and mocks of
discord.py would test our assumptions about it rather than the library. This
package serves Discord's side on 127.0.0.1 so a real `commands.Bot` logs in,
becomes ready, syncs commands and receives the events a test injects, while
every REST call it makes is recorded for assertions.

    async with FakeDiscord() as fake:
        with discord_pointed_at(fake.api_base, fake.gateway_url):
            await bot.login("token"); task = asyncio.create_task(bot.connect())
            await fake.wait_until_ready(); await bot.wait_until_ready()
            await bot.tree.sync(guild=discord.Object(GUILD_ID))
            sent = await fake.dispatch("INTERACTION_CREATE", fake.slash_command("check"))
            call = await fake.wait_for_call("POST", r"/interactions/\\d+/.+/callback", after=sent)
            ...
            await bot.close(); await task

Sharding: `fake.add_guild(SECOND_GUILD)` serves a second guild, on the other
shard of two from the fixed one; clients that identify as shards get only
their guilds and their guilds' events, and `fake.deliveries` says which shard
got each event.
"""

from .gateway import Delivery
from .patching import discord_pointed_at
from .recording import RecordedCall, UploadedFile
from .server import FakeDiscord
from .store import InteractionRecord
from .world import (
    ADMINISTRATOR,
    APPLICATION_ID,
    BOT_ID,
    BOT_ROLE_ID,
    BOT_USERNAME,
    EVERYONE_PERMISSIONS,
    EVERYONE_ROLE_ID,
    GENERAL_ID,
    GUILD_ID,
    GUILD_NAME,
    LOG_CHANNEL_ID,
    MANAGE_MESSAGES,
    MEMBER_ID,
    MOD_PERMISSIONS,
    MOD_ROLE_ID,
    MODERATOR_ID,
    OWNER_ID,
    SECOND_GUILD,
    GuildLayout,
    Overwrite,
    World,
    shard_of,
)

__all__ = [
    "ADMINISTRATOR",
    "APPLICATION_ID",
    "BOT_ID",
    "BOT_ROLE_ID",
    "BOT_USERNAME",
    "EVERYONE_PERMISSIONS",
    "EVERYONE_ROLE_ID",
    "GENERAL_ID",
    "GUILD_ID",
    "GUILD_NAME",
    "LOG_CHANNEL_ID",
    "MANAGE_MESSAGES",
    "MEMBER_ID",
    "MODERATOR_ID",
    "MOD_PERMISSIONS",
    "MOD_ROLE_ID",
    "OWNER_ID",
    "SECOND_GUILD",
    "Delivery",
    "FakeDiscord",
    "GuildLayout",
    "InteractionRecord",
    "Overwrite",
    "RecordedCall",
    "UploadedFile",
    "World",
    "discord_pointed_at",
    "shard_of",
]
