"""The guilds, their users, roles and channels, and how they render as JSON.

Why: tests and the bot must agree on ids, so every fixed id is a module
constant, and every payload that describes these entities (READY, GUILD_CREATE,
interaction members, REST replies) is rendered here from one model. Permission
arithmetic lives here too because interactions carry computed permissions.

One `World` is one guild; `Guilds` holds every guild the fake serves (the
fixed one, and any a test adds, such as `SECOND_GUILD` for sharding tests) and
finds the guild a channel belongs to. Users are Discord-wide: each guild has
the same users as members, with its own roles.

Snowflakes are rendered as strings, as on the wire.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

JSON = dict[str, Any]

APPLICATION_ID = 900000000000000001
"""The application id; Discord gives the bot user the same id."""
BOT_ID = APPLICATION_ID
BOT_USERNAME = "factdesk"

GUILD_ID = 100000000000000001
GUILD_NAME = "Test Server"
EVERYONE_ROLE_ID = GUILD_ID
"""Discord gives @everyone the guild's id."""
MOD_ROLE_ID = 300000000000000001
""""Fact Mods": @everyone's permissions plus Manage Messages."""
BOT_ROLE_ID = 300000000000000002
"""The bot's managed role, as Discord creates one when a bot joins."""

GENERAL_ID = 200000000000000001
LOG_CHANNEL_ID = 200000000000000002

MEMBER_ID = 500000000000000001
"""alice: a normal member, no mod role."""
MODERATOR_ID = 500000000000000002
"""mo: has the Fact Mods role."""
OWNER_ID = 500000000000000003
"""owen: owns the guild (owners hold every permission)."""

ADMINISTRATOR = 1 << 3
MANAGE_MESSAGES = 1 << 13
ALL_PERMISSIONS = (1 << 51) - 1
EVERYONE_PERMISSIONS = 1071698660929
"""A normal member set (view, send, embed, attach, history, threads, ...), no 0x2000."""
MOD_PERMISSIONS = EVERYONE_PERMISSIONS | MANAGE_MESSAGES

TEXT_CHANNEL = 0
PUBLIC_THREAD = 11
PRIVATE_THREAD = 12
THREAD_TYPES = frozenset({10, PUBLIC_THREAD, PRIVATE_THREAD})

FIXED_TIMESTAMP = "2024-01-01T00:00:00+00:00"


def shard_of(guild_id: int, shard_count: int) -> int:
    """The shard Discord sends a guild's events to (DMs go to shard 0)."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True)
class GuildLayout:
    """The ids of one guild and of its fixed roles and channels (@everyone takes the guild's id)."""

    guild_id: int
    name: str
    general_id: int
    log_channel_id: int
    mod_role_id: int
    bot_role_id: int


FIXED_GUILD = GuildLayout(
    GUILD_ID, GUILD_NAME, GENERAL_ID, LOG_CHANNEL_ID, MOD_ROLE_ID, BOT_ROLE_ID
)
"""The guild every test has."""
SECOND_GUILD = GuildLayout(
    110000000000000001,
    "Second Server",
    general_id=210000000000000001,
    log_channel_id=210000000000000002,
    mod_role_id=310000000000000001,
    bot_role_id=310000000000000002,
)
"""A guild a test may add (`FakeDiscord.add_guild`): with two shards it is on shard 1, the fixed
guild on shard 0."""


@dataclass
class User:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
        }


@dataclass
class Role:
    id: int
    name: str
    permissions: int
    position: int = 0
    managed: bool = False
    mentionable: bool = False
    tags: JSON | None = None

    def payload(self) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
        }
        if self.tags is not None:
            data["tags"] = self.tags
        return data


@dataclass(frozen=True)
class Overwrite:
    """A channel permission overwrite; `type` 0 is a role, 1 a member."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0

    def payload(self) -> JSON:
        return {
            "id": str(self.id),
            "type": self.type,
            "allow": str(self.allow),
            "deny": str(self.deny),
        }


@dataclass
class Channel:
    """A guild text channel or a thread (threads have a parent and an owner)."""

    id: int
    name: str
    type: int = TEXT_CHANNEL
    position: int = 0
    topic: str | None = None
    overwrites: list[Overwrite] = field(default_factory=list)
    parent_id: int | None = None
    owner_id: int | None = None
    auto_archive_duration: int = 1440
    created_at: str = FIXED_TIMESTAMP
    last_message_id: int | None = None

    @property
    def is_thread(self) -> bool:
        return self.type in THREAD_TYPES

    def payload(self, guild_id: int) -> JSON:
        data: JSON = {
            "id": str(self.id),
            "type": self.type,
            "guild_id": str(guild_id),
            "name": self.name,
            "flags": 0,
            "rate_limit_per_user": 0,
            "last_message_id": None if self.last_message_id is None else str(self.last_message_id),
            "parent_id": None if self.parent_id is None else str(self.parent_id),
        }
        if self.is_thread:
            data.update(
                owner_id=str(self.owner_id),
                message_count=0,
                member_count=1,
                total_message_sent=0,
                thread_metadata={
                    "archived": False,
                    "auto_archive_duration": self.auto_archive_duration,
                    "archive_timestamp": self.created_at,
                    "locked": False,
                    "invitable": True,
                    "create_timestamp": self.created_at,
                },
            )
        else:
            data.update(
                position=self.position,
                topic=self.topic,
                nsfw=False,
                permission_overwrites=[o.payload() for o in self.overwrites],
                default_auto_archive_duration=1440,
                last_pin_timestamp=None,
            )
        return data


@dataclass
class Member:
    user_id: int
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = FIXED_TIMESTAMP


class World:
    """One guild with its users, roles, channels and members.

    The defaults are the fixed world the module constants describe; another
    `layout` gives the same roles, channels and users under other ids. The
    `add_*` builders let a test add more. Add before the client connects
    (GUILD_CREATE carries everything); what is added later the REST routes and
    payload builders know at once, but the client only learns of it through
    events the test dispatches (GUILD_MEMBER_ADD, CHANNEL_CREATE, ...).
    """

    def __init__(self, layout: GuildLayout = FIXED_GUILD) -> None:
        self.layout = layout
        self.guild_id = layout.guild_id
        self.guild_name = layout.name
        self.owner_id = OWNER_ID
        self.users: dict[int, User] = {}
        self.roles: dict[int, Role] = {}
        self.channels: dict[int, Channel] = {}
        self.members: dict[int, Member] = {}

        self.add_role(layout.guild_id, "@everyone", EVERYONE_PERMISSIONS, position=0)
        self.add_role(
            layout.mod_role_id, "Fact Mods", MOD_PERMISSIONS, position=1, mentionable=True
        )
        self.add_role(
            layout.bot_role_id,
            BOT_USERNAME,
            EVERYONE_PERMISSIONS,
            position=2,
            managed=True,
            tags={"bot_id": str(BOT_ID)},
        )
        self.add_text_channel(layout.general_id, "general", position=0)
        self.add_text_channel(layout.log_channel_id, "mod-log", position=1)
        self.add_user(BOT_ID, BOT_USERNAME, bot=True, roles=[layout.bot_role_id])
        self.add_user(MEMBER_ID, "alice")
        self.add_user(MODERATOR_ID, "mo", roles=[layout.mod_role_id])
        self.add_user(OWNER_ID, "owen")

    # -- builders -------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        username: str,
        *,
        bot: bool = False,
        member: bool = True,
        roles: list[int] | None = None,
        nick: str | None = None,
    ) -> User:
        """Add a user; unless `member=False` it also joins the guild with `roles`."""
        user = User(user_id, username, bot=bot)
        self.users[user_id] = user
        if member:
            self.members[user_id] = Member(user_id, list(roles or []), nick=nick)
        return user

    def add_role(
        self,
        role_id: int,
        name: str,
        permissions: int,
        *,
        position: int | None = None,
        managed: bool = False,
        mentionable: bool = False,
        tags: JSON | None = None,
    ) -> Role:
        role = Role(
            role_id,
            name,
            permissions,
            position=len(self.roles) if position is None else position,
            managed=managed,
            mentionable=mentionable,
            tags=tags,
        )
        self.roles[role_id] = role
        return role

    def add_text_channel(
        self,
        channel_id: int,
        name: str,
        *,
        position: int | None = None,
        topic: str | None = None,
        overwrites: list[Overwrite] | None = None,
    ) -> Channel:
        channel = Channel(
            channel_id,
            name,
            position=len(self.channels) if position is None else position,
            topic=topic,
            overwrites=list(overwrites or []),
        )
        self.channels[channel_id] = channel
        return channel

    def add_thread(
        self,
        thread_id: int,
        name: str,
        *,
        parent_id: int,
        owner_id: int,
        private: bool = False,
        auto_archive_duration: int = 1440,
        created_at: str = FIXED_TIMESTAMP,
    ) -> Channel:
        thread = Channel(
            thread_id,
            name,
            type=PRIVATE_THREAD if private else PUBLIC_THREAD,
            parent_id=parent_id,
            owner_id=owner_id,
            auto_archive_duration=auto_archive_duration,
            created_at=created_at,
        )
        self.channels[thread_id] = thread
        return thread

    # -- permissions ----------------------------------------------------------

    def base_permissions(self, user_id: int) -> int:
        """Guild-level permissions: @everyone plus the member's roles."""
        if user_id == self.owner_id:
            return ALL_PERMISSIONS
        perms = self.roles[self.guild_id].permissions  # @everyone
        member = self.members.get(user_id)
        for role_id in member.roles if member else []:
            role = self.roles.get(role_id)
            if role is not None:
                perms |= role.permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def permissions_in(self, user_id: int, channel_id: int) -> int:
        """Permissions in a channel (threads use their parent's overwrites)."""
        perms = self.base_permissions(user_id)
        if perms == ALL_PERMISSIONS:
            return perms
        channel = self.channels.get(channel_id)
        if channel is not None and channel.is_thread and channel.parent_id is not None:
            channel = self.channels.get(channel.parent_id)
        if channel is None:
            return perms
        member = self.members.get(user_id)
        roles = set(member.roles) if member else set()
        by_key = {(o.type, o.id): o for o in channel.overwrites}
        everyone = by_key.get((0, self.guild_id))
        if everyone is not None:
            perms = (perms & ~everyone.deny) | everyone.allow
        allow = deny = 0
        for overwrite in channel.overwrites:
            if overwrite.type == 0 and overwrite.id in roles:
                allow |= overwrite.allow
                deny |= overwrite.deny
        perms = (perms & ~deny) | allow
        own = by_key.get((1, user_id))
        if own is not None:
            perms = (perms & ~own.deny) | own.allow
        return perms

    # -- rendering ------------------------------------------------------------

    def user_payload(self, user_id: int) -> JSON:
        return self.users[user_id].payload()

    def member_payload(
        self, user_id: int, *, with_user: bool = True, channel_id: int | None = None
    ) -> JSON:
        """A guild member; with `channel_id`, also its computed `permissions` there."""
        member = self.members[user_id]
        data: JSON = {
            "roles": [str(r) for r in member.roles],
            "nick": member.nick,
            "avatar": None,
            "banner": None,
            "joined_at": member.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
            "avatar_decoration_data": None,
        }
        if with_user:
            data["user"] = self.user_payload(user_id)
        if channel_id is not None:
            data["permissions"] = str(self.permissions_in(user_id, channel_id))
        return data

    def channel_payload(self, channel_id: int) -> JSON:
        return self.channels[channel_id].payload(self.guild_id)

    def thread_payloads(self) -> list[JSON]:
        return [c.payload(self.guild_id) for c in self.channels.values() if c.is_thread]

    def guild_payload(self) -> JSON:
        """The full guild as GUILD_CREATE carries it."""
        return {
            "id": str(self.guild_id),
            "name": self.guild_name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": "en-US",
            "features": [],
            "system_channel_id": (
                str(self.layout.general_id) if self.layout.general_id in self.channels else None
            ),
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "application_id": None,
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "soundboard_sounds": [],
            "joined_at": FIXED_TIMESTAMP,
            "large": False,
            "unavailable": False,
            "member_count": len(self.members),
            "voice_states": [],
            "members": [self.member_payload(uid) for uid in self.members],
            "channels": [
                c.payload(self.guild_id) for c in self.channels.values() if not c.is_thread
            ],
            "threads": self.thread_payloads(),
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
        }

    def partial_guild(self) -> JSON:
        """The `guild` object an interaction carries."""
        return {"id": str(self.guild_id), "locale": "en-US", "features": []}


class Guilds:
    """Every guild the fake serves, each a `World`, the fixed one first.

    A REST call names a channel or a guild, and an event belongs to a guild:
    this finds the `World` that answers it. Users are Discord-wide, so a user
    is looked up in whichever guild has it.
    """

    def __init__(self, first: World) -> None:
        self.first = first
        self._by_id: dict[int, World] = {first.guild_id: first}

    def add(self, world: World) -> World:
        """Serve another guild; its guild, channel and role ids must be new."""
        taken = {w.guild_id for w in self} | {i for w in self for i in (*w.channels, *w.roles)}
        clash = ({world.guild_id} | set(world.channels) | set(world.roles)) & taken
        if clash:
            raise ValueError(f"ids already used by another guild: {sorted(clash)}")
        self._by_id[world.guild_id] = world
        return world

    def __iter__(self) -> Iterator[World]:
        return iter(list(self._by_id.values()))

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, guild_id: int) -> World | None:
        return self._by_id.get(guild_id)

    def of_channel(self, channel_id: int) -> World | None:
        """The guild that has this channel or thread."""
        for world in self:
            if channel_id in world.channels:
                return world
        return None

    def on_shard(self, shard_id: int, shard_count: int) -> list[World]:
        """The guilds whose events go to this shard."""
        return [w for w in self if shard_of(w.guild_id, shard_count) == shard_id]

    def has_user(self, user_id: int) -> bool:
        return any(user_id in w.users for w in self)

    def user_payload(self, user_id: int) -> JSON:
        for world in self:
            if user_id in world.users:
                return world.user_payload(user_id)
        raise KeyError(user_id)
