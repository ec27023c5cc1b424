"""What the fake remembers between requests: messages, commands, interactions, files.

Why: REST replies, later edits, replies to earlier messages, button clicks on
messages the bot sent and command ids in interactions all depend on what came
before, and tests read the same state back (`sent_messages`, stored commands).
Kept apart from the HTTP and websocket code so both sides share one truth.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from .ids import SnowflakeFactory

JSON = dict[str, Any]

EPHEMERAL = 1 << 6
LOADING = 1 << 7
HAS_THREAD = 1 << 5


@dataclass
class InteractionRecord:
    """An interaction the fake handed out, and how the bot has answered it so far."""

    id: int
    token: str
    type: int
    """1 ping, 2 application command, 3 component, 4 autocomplete, 5 modal submit."""
    channel_id: int
    guild_id: int
    user_id: int
    name: str
    """The command name, or the component / modal custom_id."""
    command_type: int | None = None
    """For type 2: 1 chat input, 2 user, 3 message."""
    message_id: int | None = None
    """For components (and modals opened from one): the message the click was on."""
    response_type: int | None = None
    response_data: JSON | None = None
    original_id: int | None = None
    """The message @original refers to, once there is one."""
    awaiting_first_followup: bool = False
    """Deferred with type 5: the first followup fills in the loading message."""
    followup_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class StoredAttachment:
    id: int
    filename: str
    content_type: str
    data: bytes
    payload: JSON
    """The attachment object as handed out (for `resolved.attachments`)."""


@dataclass(frozen=True)
class OpenedModal:
    data: JSON
    """The modal as the bot sent it (callback type 9 `data`)."""
    opened_by: InteractionRecord


class Store:
    """The fake's memory. Messages are JSON dicts exactly as the fake serves them."""

    def __init__(self) -> None:
        self.ids = SnowflakeFactory()
        self.messages: dict[int, JSON] = {}
        self.bot_message_ids: list[int] = []
        self.deleted: set[int] = set()
        self.commands: dict[int | None, dict[tuple[str, int], JSON]] = {}
        """Synced commands by guild id (None: global), keyed by (name, type)."""
        self.command_ids: dict[tuple[int | None, str, int], int] = {}
        self.interactions: dict[str, InteractionRecord] = {}
        self.attachments: dict[int, StoredAttachment] = {}
        self.modals: dict[str, OpenedModal] = {}
        """The last modal the bot opened for each custom_id."""

    # -- messages -------------------------------------------------------------

    def add_message(self, message: JSON, *, by_bot: bool) -> JSON:
        message_id = int(message["id"])
        self.messages[message_id] = message
        if by_bot:
            self.bot_message_ids.append(message_id)
        return message

    def message(self, message_id: int) -> JSON | None:
        if message_id in self.deleted:
            return None
        return self.messages.get(message_id)

    def snapshot(self, message_id: int) -> JSON | None:
        found = self.message(message_id)
        return None if found is None else copy.deepcopy(found)

    def bot_messages(self, channel_id: int | None = None) -> list[JSON]:
        found = []
        for message_id in self.bot_message_ids:
            message = self.message(message_id)
            if message is None:
                continue
            if channel_id is None or int(message["channel_id"]) == channel_id:
                found.append(copy.deepcopy(message))
        return found

    # -- application commands -------------------------------------------------

    def sync_commands(self, guild_id: int | None, payload: list[JSON], app_id: int) -> list[JSON]:
        """Replace a scope's commands; a command keeps its id across syncs (by name and type)."""
        scope: dict[tuple[str, int], JSON] = {}
        for sent in payload:
            kind = int(sent.get("type", 1))
            key = (guild_id, sent["name"], kind)
            if key not in self.command_ids:
                self.command_ids[key] = self.ids.next()
            command: JSON = {
                "default_member_permissions": None,
                "nsfw": False,
                "contexts": None,
                "integration_types": [0],
                **copy.deepcopy(sent),
                "id": str(self.command_ids[key]),
                "application_id": str(app_id),
                "version": str(self.ids.next()),
                "type": kind,
            }
            command.setdefault("description", "")
            if guild_id is not None:
                command["guild_id"] = str(guild_id)
            scope[(sent["name"], kind)] = command
        self.commands[guild_id] = scope
        return [copy.deepcopy(c) for c in scope.values()]

    def listed_commands(self, guild_id: int | None) -> list[JSON]:
        return [copy.deepcopy(c) for c in self.commands.get(guild_id, {}).values()]

    def find_command(self, name: str, kind: int, guild_id: int) -> JSON | None:
        """The synced command a client would see by this name: the guild's first, then global."""
        for scope in (guild_id, None):
            found = self.commands.get(scope, {}).get((name, kind))
            if found is not None:
                return found
        return None
