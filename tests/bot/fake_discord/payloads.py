"""Builders for what users do: slash commands, context menus, clicks, modals, messages.

Why: an INTERACTION_CREATE or MESSAGE_CREATE that discord.py accepts needs
many fields (member with roles and computed permissions, app_permissions,
channel, token, resolved data, the synced command's id and guild_id...). The
builders fill them from the world and from what the client synced, and
register each interaction so the REST side can answer its callbacks.

They only build dicts; send one with `FakeDiscord.dispatch(...)`.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from .ids import iso_now
from .messages import MessageFactory, mentioned_ids
from .store import InteractionRecord, Store
from .world import APPLICATION_ID, BOT_ID, GENERAL_ID, MEMBER_ID, Guilds, World

JSON = dict[str, Any]
Options = list[JSON] | Mapping[str, Any]

APPLICATION_COMMAND = 2
MESSAGE_COMPONENT = 3
AUTOCOMPLETE = 4
MODAL_SUBMIT = 5

CHAT_INPUT = 1
USER_COMMAND = 2
MESSAGE_COMMAND = 3

SUBCOMMAND = 1
SUBCOMMAND_GROUP = 2
USER_OPTION, CHANNEL_OPTION, ROLE_OPTION, MENTIONABLE_OPTION, ATTACHMENT_OPTION = 6, 7, 8, 9, 11
SNOWFLAKE_OPTIONS = frozenset(
    {USER_OPTION, CHANNEL_OPTION, ROLE_OPTION, MENTIONABLE_OPTION, ATTACHMENT_OPTION}
)
SELECT_TO_OPTION = {5: USER_OPTION, 6: ROLE_OPTION, 7: MENTIONABLE_OPTION, 8: CHANNEL_OPTION}
SELECT_TYPES = frozenset({3, 5, 6, 7, 8})
TEXT_INPUT, LABEL, ACTION_ROW = 4, 18, 1

ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024


class PayloadBuilders:
    """Mixed into `FakeDiscord`; needs `guilds`, `store` and `message_factory`.

    Each builder acts in the guild of its channel (`channel_id`, or the channel
    of the message it is about), so a test reaches another guild by giving one
    of its channels.
    """

    guilds: Guilds
    store: Store
    message_factory: MessageFactory

    # -- application commands -------------------------------------------------

    def slash_command(
        self,
        name: str,
        options: Options | None = None,
        *,
        user_id: int = MEMBER_ID,
        channel_id: int = GENERAL_ID,
        subcommand: str | None = None,
        subcommand_group: str | None = None,
        resolved: JSON | None = None,
        locale: str = "en-US",
    ) -> JSON:
        """An INTERACTION_CREATE payload for a chat-input command the client synced.

        `options` is a list of option dicts (a missing "type" is taken from the
        synced command) or a mapping of option name to value. User, role,
        channel, mentionable and attachment values are resolved automatically
        (attachments made with `attachment()`); `resolved` adds to that.
        """
        world = self._guild_of(channel_id)
        command, guild_id = self._synced(name, CHAT_INPUT, world.guild_id)
        schema: list[JSON] = command.get("options") or []
        for wrapper, kind in ((subcommand_group, SUBCOMMAND_GROUP), (subcommand, SUBCOMMAND)):
            if wrapper is not None:
                schema = _schema_option(schema, wrapper, name, kind).get("options") or []
        leaf = _leaf_options(options, schema, name)
        data: JSON = {
            "id": command["id"],
            "name": name,
            "type": CHAT_INPUT,
            "options": self._wrap(leaf, subcommand, subcommand_group),
        }
        found = self._resolve(((int(o["type"]), o["value"]) for o in leaf), world)
        _merge_resolved(found, resolved)
        if found:
            data["resolved"] = found
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        return self._interaction(
            APPLICATION_COMMAND,
            data,
            user_id=user_id,
            channel_id=channel_id,
            name=name,
            command_type=CHAT_INPUT,
            locale=locale,
        )

    def autocomplete(
        self,
        name: str,
        options: Options,
        *,
        focused: str,
        user_id: int = MEMBER_ID,
        channel_id: int = GENERAL_ID,
        subcommand: str | None = None,
        subcommand_group: str | None = None,
    ) -> JSON:
        """An autocomplete interaction (type 4) with option `focused` being typed."""
        payload = self.slash_command(
            name,
            options,
            user_id=user_id,
            channel_id=channel_id,
            subcommand=subcommand,
            subcommand_group=subcommand_group,
        )
        payload["type"] = AUTOCOMPLETE
        self.store.interactions[payload["token"]].type = AUTOCOMPLETE
        leaf = payload["data"]["options"]
        while leaf and leaf[0]["type"] in (SUBCOMMAND, SUBCOMMAND_GROUP):
            leaf = leaf[0]["options"]
        for option in leaf:
            if option["name"] == focused:
                option["focused"] = True
        return payload

    def message_command(
        self,
        name: str,
        target: JSON,
        *,
        user_id: int = MEMBER_ID,
        channel_id: int | None = None,
        locale: str = "en-US",
    ) -> JSON:
        """A message context-menu command (command type 3) on the message payload `target`."""
        current = self.store.snapshot(int(target["id"])) or copy.deepcopy(target)
        if channel_id is None:
            channel_id = int(current["channel_id"])
        command, guild_id = self._synced(name, MESSAGE_COMMAND, self._guild_of(channel_id).guild_id)
        data: JSON = {
            "id": command["id"],
            "name": name,
            "type": MESSAGE_COMMAND,
            "target_id": str(target["id"]),
            "resolved": {"messages": {str(target["id"]): current}},
        }
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        return self._interaction(
            APPLICATION_COMMAND,
            data,
            user_id=user_id,
            channel_id=channel_id,
            name=name,
            command_type=MESSAGE_COMMAND,
            locale=locale,
        )

    def user_command(
        self,
        name: str,
        target_id: int,
        *,
        user_id: int = MEMBER_ID,
        channel_id: int = GENERAL_ID,
        locale: str = "en-US",
    ) -> JSON:
        """A user context-menu command (command type 2) on the user `target_id`."""
        world = self._guild_of(channel_id)
        command, guild_id = self._synced(name, USER_COMMAND, world.guild_id)
        data: JSON = {
            "id": command["id"],
            "name": name,
            "type": USER_COMMAND,
            "target_id": str(target_id),
            "resolved": self._resolve([(USER_OPTION, str(target_id))], world),
        }
        if guild_id is not None:
            data["guild_id"] = str(guild_id)
        return self._interaction(
            APPLICATION_COMMAND,
            data,
            user_id=user_id,
            channel_id=channel_id,
            name=name,
            command_type=USER_COMMAND,
            locale=locale,
        )

    # -- components and modals ------------------------------------------------

    def component(
        self,
        custom_id: str,
        message: JSON,
        *,
        user_id: int = MEMBER_ID,
        component_type: int = 2,
        values: list[str] | None = None,
    ) -> JSON:
        """A click (or select) on a component of `message`, a message the fake returned.

        The interaction carries the message as the fake stores it now, so
        edits since `message` was taken are included.
        """
        current = self.store.snapshot(int(message["id"])) or copy.deepcopy(message)
        data: JSON = {"custom_id": custom_id, "component_type": component_type}
        if component_type in SELECT_TYPES:
            data["values"] = list(values or [])
            option_type = SELECT_TO_OPTION.get(component_type)
            if option_type is not None:
                world = self._guild_of(int(current["channel_id"]))
                data["resolved"] = self._resolve(((option_type, v) for v in data["values"]), world)
        return self._interaction(
            MESSAGE_COMPONENT,
            data,
            user_id=user_id,
            channel_id=int(current["channel_id"]),
            name=custom_id,
            message=current,
        )

    def modal_submit(
        self,
        custom_id: str,
        values: Mapping[str, str | list[str]],
        *,
        user_id: int | None = None,
    ) -> JSON:
        """A submit of the modal the bot opened with this custom_id (callback type 9).

        The components mirror the modal as sent (action rows or labels), with
        `values` by input custom_id. Raises LookupError if the bot never
        opened such a modal: Discord cannot send a submit for it either.
        """
        opened = self.store.modals.get(custom_id)
        if opened is None:
            known = sorted(self.store.modals) or "none"
            raise LookupError(f"the bot never opened a modal {custom_id!r} (opened: {known})")
        opener = opened.opened_by
        message = None if opener.message_id is None else self.store.snapshot(opener.message_id)
        data: JSON = {
            "custom_id": custom_id,
            "components": _submitted(opened.data.get("components") or [], values),
        }
        return self._interaction(
            MODAL_SUBMIT,
            data,
            user_id=opener.user_id if user_id is None else user_id,
            channel_id=opener.channel_id,
            name=custom_id,
            message=message,
        )

    # -- messages -------------------------------------------------------------

    def message(
        self,
        content: str,
        *,
        author_id: int = MEMBER_ID,
        channel_id: int = GENERAL_ID,
        mentions: Iterable[int] = (),
        reference: JSON | None = None,
        attachments: list[JSON] | None = None,
        ping_reply: bool = True,
    ) -> JSON:
        """A MESSAGE_CREATE payload from a user, stored so the bot can fetch or reply to it.

        Mentions are `mentions` plus any `<@id>` in the text. `reference` is
        either a message payload (then `referenced_message` is included) or a
        message_reference dict. A reply pings the replied-to author unless
        `ping_reply=False`, as Discord's client does by default.
        """
        world = self._guild_of(channel_id)
        message_id = self.store.ids.next()
        in_text, role_ids, everyone = mentioned_ids(content)
        user_ids = list(dict.fromkeys([*in_text, *mentions]))
        data: JSON = {
            "id": str(message_id),
            "type": 0,
            "channel_id": str(channel_id),
            "guild_id": str(world.guild_id),
            "author": self.guilds.user_payload(author_id),
            "content": content,
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": everyone,
            "mention_roles": [str(r) for r in role_ids],
            "attachments": copy.deepcopy(attachments or []),
            "embeds": [],
            "components": [],
            "reactions": [],
            "pinned": False,
            "flags": 0,
            "nonce": str(message_id),
        }
        if author_id in world.members:
            data["member"] = world.member_payload(author_id, with_user=False)
        if reference is not None:
            referenced_id = int(reference.get("message_id") or reference["id"])
            referenced = self.store.snapshot(referenced_id)
            if referenced is None and "author" in reference:
                referenced = copy.deepcopy(reference)
            data["type"] = 19
            data["message_reference"] = {
                "type": 0,
                "message_id": str(referenced_id),
                "channel_id": str(reference.get("channel_id") or channel_id),
                "guild_id": str(world.guild_id),
            }
            if referenced is not None:
                referenced.pop("referenced_message", None)
                data["referenced_message"] = referenced
                replied_author = int(referenced["author"]["id"])
                if ping_reply and replied_author not in user_ids:
                    user_ids.append(replied_author)
        data["mentions"] = [self._mention(u, world) for u in user_ids if u in world.users]
        world.channels[channel_id].last_message_id = message_id
        self.store.add_message(data, by_bot=False)
        return copy.deepcopy(data)

    def attachment(self, filename: str, content: bytes, content_type: str) -> JSON:
        """Keep `content` and return an attachment object whose url the fake serves.

        Needs a started fake (the url carries its port).
        """
        return self.message_factory.store_attachment(filename, content, content_type)

    # -- internals ------------------------------------------------------------

    def _guild_of(self, channel_id: int) -> World:
        world = self.guilds.of_channel(channel_id)
        if world is None:
            raise LookupError(f"channel {channel_id} is in no guild the fake serves")
        return world

    def _synced(self, name: str, kind: int, guild_id: int) -> tuple[JSON, int | None]:
        """The command as synced to this guild, or globally."""
        command = self.store.find_command(name, kind, guild_id)
        if command is None:
            synced = [f"{n} (type {t})" for scope in self.store.commands.values() for n, t in scope]
            raise LookupError(
                f"the client has not synced a type {kind} command {name!r}; "
                f"synced: {', '.join(synced) or 'nothing'}"
            )
        synced_to = command.get("guild_id")
        return command, None if synced_to is None else int(synced_to)

    @staticmethod
    def _wrap(leaf: list[JSON], subcommand: str | None, group: str | None) -> list[JSON]:
        options = leaf
        if subcommand is not None:
            options = [{"type": SUBCOMMAND, "name": subcommand, "options": options}]
        if group is not None:
            options = [{"type": SUBCOMMAND_GROUP, "name": group, "options": options}]
        return options

    @staticmethod
    def _mention(user_id: int, world: World) -> JSON:
        data = world.user_payload(user_id)
        if user_id in world.members:
            data["member"] = world.member_payload(user_id, with_user=False)
        return data

    def _resolve(self, typed_values: Iterable[tuple[int, Any]], world: World) -> JSON:
        """`resolved` data for snowflake option values the guild or the store knows."""
        resolved: dict[str, JSON] = {}
        for kind, value in typed_values:
            if kind not in SNOWFLAKE_OPTIONS:
                continue
            key = str(value)
            snowflake = int(value)
            if kind in (USER_OPTION, MENTIONABLE_OPTION) and snowflake in world.users:
                resolved.setdefault("users", {})[key] = world.user_payload(snowflake)
                if snowflake in world.members:
                    member = world.member_payload(snowflake, with_user=False)
                    member["permissions"] = str(world.base_permissions(snowflake))
                    resolved.setdefault("members", {})[key] = member
            elif kind in (ROLE_OPTION, MENTIONABLE_OPTION) and snowflake in world.roles:
                resolved.setdefault("roles", {})[key] = world.roles[snowflake].payload()
            elif kind == CHANNEL_OPTION and snowflake in world.channels:
                channel = world.channel_payload(snowflake)
                channel["permissions"] = str(world.permissions_in(BOT_ID, snowflake))
                resolved.setdefault("channels", {})[key] = channel
            elif kind == ATTACHMENT_OPTION and snowflake in self.store.attachments:
                payload = copy.deepcopy(self.store.attachments[snowflake].payload)
                resolved.setdefault("attachments", {})[key] = payload
        return resolved

    def _interaction(
        self,
        kind: int,
        data: JSON,
        *,
        user_id: int,
        channel_id: int,
        name: str,
        command_type: int | None = None,
        message: JSON | None = None,
        locale: str = "en-US",
    ) -> JSON:
        world = self._guild_of(channel_id)
        if user_id not in world.members:
            raise LookupError(f"user {user_id} is not a member of guild {world.guild_id}")
        interaction_id = self.store.ids.next()
        token = f"fake-interaction-token-{interaction_id}"
        self.store.interactions[token] = InteractionRecord(
            id=interaction_id,
            token=token,
            type=kind,
            channel_id=channel_id,
            guild_id=world.guild_id,
            user_id=user_id,
            name=name,
            command_type=command_type,
            message_id=None if message is None else int(message["id"]),
        )
        channel = world.channel_payload(channel_id)
        channel["permissions"] = str(world.permissions_in(user_id, channel_id))
        payload: JSON = {
            "id": str(interaction_id),
            "application_id": str(APPLICATION_ID),
            "type": kind,
            "data": data,
            "guild_id": str(world.guild_id),
            "guild": world.partial_guild(),
            "channel_id": str(channel_id),
            "channel": channel,
            "member": world.member_payload(user_id, channel_id=channel_id),
            "token": token,
            "version": 1,
            "app_permissions": str(world.permissions_in(BOT_ID, channel_id)),
            "locale": locale,
            "guild_locale": "en-US",
            "entitlements": [],
            "entitlement_sku_ids": [],
            "authorizing_integration_owners": {"0": str(world.guild_id)},
            "context": 0,
            "attachment_size_limit": ATTACHMENT_SIZE_LIMIT,
        }
        if message is not None:
            payload["message"] = message
        return payload


def _schema_option(schema: list[JSON], name: str, command: str, kind: int) -> JSON:
    for option in schema:
        if option.get("name") == name and int(option.get("type", 0)) == kind:
            return option
    known = [str(o.get("name")) for o in schema]
    raise LookupError(f"command {command!r} has no type {kind} option {name!r} (has {known})")


def _leaf_options(options: Options | None, schema: list[JSON], command: str) -> list[JSON]:
    given: list[JSON]
    if options is None:
        given = []
    elif isinstance(options, Mapping):
        given = [{"name": k, "value": v} for k, v in options.items()]
    else:
        given = [dict(o) for o in options]
    types = {str(o.get("name")): int(o.get("type", 3)) for o in schema}
    for option in given:
        if "type" not in option:
            if option["name"] not in types:
                raise LookupError(
                    f"command {command!r} has no option {option['name']!r} (has {sorted(types)})"
                )
            option["type"] = types[option["name"]]
        if option["type"] in SNOWFLAKE_OPTIONS:
            option["value"] = str(option["value"])
    return given


def _merge_resolved(into: JSON, extra: JSON | None) -> None:
    for kind, entries in (extra or {}).items():
        into.setdefault(kind, {}).update(copy.deepcopy(entries))


def _submitted(components: list[JSON], values: Mapping[str, str | list[str]]) -> list[JSON]:
    """Modal submit components mirroring the modal as the bot sent it."""
    result: list[JSON] = []
    for component in components:
        kind = int(component["type"])
        submitted: JSON = {"type": kind}
        if "id" in component:
            submitted["id"] = component["id"]
        if kind == ACTION_ROW:
            submitted["components"] = _submitted(component.get("components") or [], values)
        elif kind == LABEL:
            submitted["component"] = _submitted([component["component"]], values)[0]
        elif kind == TEXT_INPUT:
            submitted["custom_id"] = component["custom_id"]
            value = values.get(component["custom_id"], "")
            submitted["value"] = value if isinstance(value, str) else " ".join(value)
        elif kind in SELECT_TYPES:
            submitted["custom_id"] = component["custom_id"]
            value = values.get(component["custom_id"], [])
            submitted["values"] = [value] if isinstance(value, str) else list(value)
        elif "custom_id" in component:
            submitted["custom_id"] = component["custom_id"]
        result.append(submitted)
    return result
