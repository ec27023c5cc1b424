"""Routes for channels, messages, reactions and threads.

Why: the bot's channel traffic (sends with or without files, replies, edits,
deletes, typing, reactions, threads) with the checks Discord makes: the
channel and message exist, the bot may send or create threads there, only
its own messages can be edited, replies point at a real message.
"""

from __future__ import annotations

import copy
import re

from .ids import iso_now
from .recording import RecordedCall
from .rest_base import (
    CANNOT_EDIT_OTHERS,
    CREATE_PRIVATE_THREADS,
    CREATE_PUBLIC_THREADS,
    JSON,
    MISSING_PERMISSIONS,
    SEND_MESSAGES,
    SEND_MESSAGES_IN_THREADS,
    THREAD_EXISTS,
    UNKNOWN_CHANNEL,
    UNKNOWN_MESSAGE,
    WRONG_CHANNEL_TYPE,
    Reply,
    Route,
    RouteGroup,
    body_of,
    error,
    form_error,
    no_content,
)
from .store import HAS_THREAD
from .world import BOT_ID, MANAGE_MESSAGES, PRIVATE_THREAD

BAD_NAME_LENGTH = "Must be between 1 and 100 in length."


class ChannelRoutes(RouteGroup):
    """/channels/{id}/...: messages, reactions, typing and threads."""

    def routes(self) -> list[Route]:
        channel = r"/channels/(\d+)"
        message = channel + r"/messages/(\d+)"
        reaction = message + r"/reactions/([^/]+)/@me"
        return self._table(
            [
                ("GET", channel, self.get_channel, True),
                ("POST", channel + "/typing", self.typing, True),
                ("POST", channel + "/messages", self.create_message, True),
                ("GET", message, self.get_message, True),
                ("PATCH", message, self.edit_message, True),
                ("DELETE", message, self.delete_message, True),
                ("PUT", reaction, self.add_reaction, True),
                ("DELETE", reaction, self.remove_reaction, True),
                ("POST", message + "/threads", self.thread_from_message, True),
                ("POST", channel + "/threads", self.thread_without_message, True),
            ]
        )

    async def get_channel(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        channel_id = int(m.group(1))
        world = self._guild_of(channel_id)
        if world is None:
            return error(404, UNKNOWN_CHANNEL, "Unknown Channel")
        return Reply(200, world.channel_payload(channel_id))

    async def typing(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        if self._guild_of(int(m.group(1))) is None:
            return error(404, UNKNOWN_CHANNEL, "Unknown Channel")
        return no_content()

    async def create_message(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        channel_id = int(m.group(1))
        world = self._guild_of(channel_id)
        if world is None:
            return error(404, UNKNOWN_CHANNEL, "Unknown Channel")
        channel = world.channels[channel_id]
        needed = SEND_MESSAGES_IN_THREADS if channel.is_thread else SEND_MESSAGES
        if not self._can(channel_id, needed):
            return error(403, MISSING_PERMISSIONS, "Missing Permissions")
        body = body_of(call)
        problem = self._problem(body, call.files, editing=False)
        if problem is not None:
            return problem
        reference = body.get("message_reference")
        if (
            reference
            and reference.get("message_id") is not None
            and self.store.message(int(reference["message_id"])) is None
            and reference.get("fail_if_not_exists", True)
        ):
            return form_error(
                "message_reference", "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message"
            )
        message = self.messages.create(channel_id=channel_id, body=body, files=call.files)
        await self._echo("MESSAGE_CREATE", message)
        return Reply(200, copy.deepcopy(message))

    def _channel_message(self, m: re.Match[str]) -> JSON | Reply:
        channel_id, message_id = int(m.group(1)), int(m.group(2))
        if self._guild_of(channel_id) is None:
            return error(404, UNKNOWN_CHANNEL, "Unknown Channel")
        message = self.store.message(message_id)
        if message is None or int(message["channel_id"]) != channel_id:
            return error(404, UNKNOWN_MESSAGE, "Unknown Message")
        return message

    async def get_message(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        message = self._channel_message(m)
        if isinstance(message, Reply):
            return message
        return Reply(200, copy.deepcopy(message))

    async def edit_message(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        message = self._channel_message(m)
        if isinstance(message, Reply):
            return message
        if int(message["author"]["id"]) != BOT_ID:
            return error(403, CANNOT_EDIT_OTHERS, "Cannot edit a message authored by another user")
        body = body_of(call)
        problem = self._problem(body, call.files, editing=True)
        if problem is not None:
            return problem
        self.messages.edit(message, body, call.files)
        await self._echo("MESSAGE_UPDATE", message)
        return Reply(200, copy.deepcopy(message))

    async def delete_message(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        message = self._channel_message(m)
        if isinstance(message, Reply):
            return message
        own = int(message["author"]["id"]) == BOT_ID
        if not own and not self._can(int(m.group(1)), MANAGE_MESSAGES):
            return error(403, MISSING_PERMISSIONS, "Missing Permissions")
        self.store.deleted.add(int(message["id"]))
        if own:
            await self._echo("MESSAGE_DELETE", message)
        else:
            await self.gateway.dispatch(
                "MESSAGE_DELETE",
                {
                    "id": message["id"],
                    "channel_id": message["channel_id"],
                    "guild_id": message.get("guild_id"),
                },
            )
        return no_content()

    async def add_reaction(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        message = self._channel_message(m)
        if isinstance(message, Reply):
            return message
        emoji = m.group(3)
        reactions: list[JSON] = message.setdefault("reactions", [])
        for reaction in reactions:
            if reaction["emoji"]["name"] == emoji:
                if not reaction["me"]:
                    reaction["me"] = True
                    reaction["count"] += 1
                return no_content()
        reactions.append(
            {
                "emoji": {"id": None, "name": emoji},
                "count": 1,
                "count_details": {"burst": 0, "normal": 1},
                "me": True,
                "me_burst": False,
                "burst_colors": [],
            }
        )
        return no_content()

    async def remove_reaction(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        message = self._channel_message(m)
        if isinstance(message, Reply):
            return message
        emoji = m.group(3)
        kept = []
        for reaction in message.get("reactions", []):
            if reaction["emoji"]["name"] == emoji and reaction["me"]:
                reaction["me"] = False
                reaction["count"] -= 1
            if reaction["count"] > 0:
                kept.append(reaction)
        message["reactions"] = kept
        return no_content()

    async def thread_from_message(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        message = self._channel_message(m)
        if isinstance(message, Reply):
            return message
        parent_id, message_id = int(m.group(1)), int(m.group(2))
        world = self._guild_of(parent_id)
        assert world is not None  # _channel_message checked the channel
        if world.channels[parent_id].is_thread:
            return error(400, WRONG_CHANNEL_TYPE, "Cannot execute action on this channel type")
        if self._guild_of(message_id) is not None:
            return error(400, THREAD_EXISTS, "A thread has already been created for this message")
        if not self._can(parent_id, CREATE_PUBLIC_THREADS):
            return error(403, MISSING_PERMISSIONS, "Missing Permissions")
        body = body_of(call)
        name = str(body.get("name") or "")
        if not 1 <= len(name) <= 100:
            return form_error("name", "BASE_TYPE_BAD_LENGTH", BAD_NAME_LENGTH)
        # A thread started from a message shares the message's id.
        thread = world.add_thread(
            message_id,
            name,
            parent_id=parent_id,
            owner_id=BOT_ID,
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
            created_at=iso_now(),
        )
        payload = world.channel_payload(thread.id)
        message["thread"] = copy.deepcopy(payload)
        message["flags"] = int(message.get("flags", 0)) | HAS_THREAD
        await self.gateway.dispatch("THREAD_CREATE", {**payload, "newly_created": True})
        return Reply(201, payload)

    async def thread_without_message(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        parent_id = int(m.group(1))
        world = self._guild_of(parent_id)
        if world is None:
            return error(404, UNKNOWN_CHANNEL, "Unknown Channel")
        parent = world.channels[parent_id]
        if parent.is_thread:
            return error(400, WRONG_CHANNEL_TYPE, "Cannot execute action on this channel type")
        body = body_of(call)
        private = int(body.get("type") or PRIVATE_THREAD) == PRIVATE_THREAD
        needed = CREATE_PRIVATE_THREADS if private else CREATE_PUBLIC_THREADS
        if not self._can(parent_id, needed):
            return error(403, MISSING_PERMISSIONS, "Missing Permissions")
        name = str(body.get("name") or "")
        if not 1 <= len(name) <= 100:
            return form_error("name", "BASE_TYPE_BAD_LENGTH", BAD_NAME_LENGTH)
        thread = world.add_thread(
            self.store.ids.next(),
            name,
            parent_id=parent_id,
            owner_id=BOT_ID,
            private=private,
            auto_archive_duration=int(body.get("auto_archive_duration") or 1440),
            created_at=iso_now(),
        )
        payload = world.channel_payload(thread.id)
        await self.gateway.dispatch("THREAD_CREATE", {**payload, "newly_created": True})
        return Reply(201, payload)
