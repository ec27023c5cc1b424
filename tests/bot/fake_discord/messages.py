"""How what the bot sends becomes the message objects Discord stores and returns.

Why: channel sends, interaction responses and followups all create or edit
messages the same way (content, embeds, components, flags, uploads, mentions
filtered by allowed_mentions, replies); doing it once keeps the three REST
paths consistent and lets tests assert on one shape.

Stored messages keep `embeds`, `components`, `flags` and `allowed_mentions`
exactly as sent (Discord does not echo `allowed_mentions`; the fake keeps it
so tests can check what the bot allowed).
"""

from __future__ import annotations

import copy
import mimetypes
import re
from collections.abc import Callable
from typing import Any

from .ids import iso_now
from .recording import UploadedFile
from .store import EPHEMERAL, LOADING, InteractionRecord, Store, StoredAttachment
from .world import APPLICATION_ID, BOT_ID, Guilds, World

JSON = dict[str, Any]

USER_MENTION = re.compile(r"<@!?(\d+)>")
ROLE_MENTION = re.compile(r"<@&(\d+)>")

CHAT_INPUT_COMMAND_MESSAGE = 20
CONTEXT_MENU_COMMAND_MESSAGE = 23
DEFAULT_MESSAGE = 0
REPLY_MESSAGE = 19


def mentioned_ids(content: str) -> tuple[list[int], list[int], bool]:
    """User ids, role ids and whether @everyone/@here appear in the text."""
    users = list(dict.fromkeys(int(m) for m in USER_MENTION.findall(content)))
    roles = list(dict.fromkeys(int(m) for m in ROLE_MENTION.findall(content)))
    return users, roles, "@everyone" in content or "@here" in content


def allowed_mentions_filter(
    content: str, allowed: JSON | None, replied_author: int | None
) -> tuple[list[int], list[int], bool]:
    """Who a message really pings, the way Discord applies `allowed_mentions`.

    Without `allowed_mentions` everything in the text pings, and so does the
    author of the message replied to; with it, only what it allows, and the
    replied-to author only when `replied_user` is true.
    """
    users, roles, everyone = mentioned_ids(content)
    if allowed is None:
        ping_reply = True
    else:
        parse = set(allowed.get("parse", []))
        if "users" not in parse:
            listed = {int(u) for u in allowed.get("users", [])}
            users = [u for u in users if u in listed]
        if "roles" not in parse:
            listed = {int(r) for r in allowed.get("roles", [])}
            roles = [r for r in roles if r in listed]
        everyone = everyone and "everyone" in parse
        ping_reply = bool(allowed.get("replied_user", False))
    if replied_author is not None and ping_reply and replied_author not in users:
        users.append(replied_author)
    return users, roles, everyone


class MessageFactory:
    """Creates and edits the bot's messages in the store."""

    def __init__(self, guilds: Guilds, store: Store, cdn_base: Callable[[], str]) -> None:
        self.guilds = guilds
        self.store = store
        self._cdn_base = cdn_base

    def _guild_of(self, channel_id: int) -> World:
        world = self.guilds.of_channel(channel_id)
        if world is None:
            raise LookupError(f"channel {channel_id} is in no guild")
        return world

    # -- attachments ----------------------------------------------------------

    def store_attachment(
        self, filename: str, data: bytes, content_type: str, *, description: str | None = None
    ) -> JSON:
        """Keep the bytes and return an attachment object whose URLs the fake serves."""
        attachment_id = self.store.ids.next()
        url = f"{self._cdn_base()}/attachments/{attachment_id}/{filename}"
        payload: JSON = {
            "id": str(attachment_id),
            "filename": filename,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": content_type,
            "height": None,
            "width": None,
            "ephemeral": False,
            "flags": 0,
        }
        if description is not None:
            payload["description"] = description
        self.store.attachments[attachment_id] = StoredAttachment(
            attachment_id, filename, content_type, data, payload
        )
        return copy.deepcopy(payload)

    def _uploaded(self, upload: UploadedFile, meta: JSON) -> JSON:
        guessed = mimetypes.guess_type(upload.filename)[0]
        content_type = guessed or upload.content_type or "application/octet-stream"
        return self.store_attachment(
            upload.filename, upload.data, content_type, description=meta.get("description")
        )

    def _attachments(
        self, body: JSON, files: list[UploadedFile], existing: list[JSON]
    ) -> list[JSON] | None:
        """The attachment list after this request, or None if it does not change it."""
        uploads = {f"files[{i}]": f for i, f in enumerate(files)}
        uploads.update({f.field: f for f in files})
        if "attachments" not in body:
            if not files:
                return None
            return existing + [self._uploaded(f, {}) for f in files]
        by_id = {a["id"]: a for a in existing}
        result = []
        for meta in body.get("attachments") or []:
            key = str(meta.get("id"))
            if key in by_id:
                result.append(by_id[key])
            elif f"files[{key}]" in uploads:
                result.append(self._uploaded(uploads[f"files[{key}]"], meta))
        return result

    # -- creating -------------------------------------------------------------

    def create(
        self,
        *,
        channel_id: int,
        body: JSON,
        files: list[UploadedFile],
        interaction: InteractionRecord | None = None,
        extra_flags: int = 0,
    ) -> JSON:
        """A new bot message from a send / response / followup body, stored and returned."""
        world = self._guild_of(channel_id)
        message_id = self.store.ids.next()
        reference = body.get("message_reference")
        referenced = None
        if reference and reference.get("message_id") is not None:
            referenced = self.store.snapshot(int(reference["message_id"]))
        if interaction is None:
            msg_type = DEFAULT_MESSAGE if reference is None else REPLY_MESSAGE
        elif interaction.type == 2 and interaction.command_type == 1:
            msg_type = CHAT_INPUT_COMMAND_MESSAGE
        elif interaction.type == 2:
            msg_type = CONTEXT_MENU_COMMAND_MESSAGE
        else:
            msg_type = DEFAULT_MESSAGE
        message: JSON = {
            "id": str(message_id),
            "type": msg_type,
            "channel_id": str(channel_id),
            "guild_id": str(world.guild_id),
            "author": world.user_payload(BOT_ID),
            "content": "",
            "timestamp": iso_now(),
            "edited_timestamp": None,
            "tts": bool(body.get("tts", False)),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "reactions": [],
            "pinned": False,
            "flags": int(body.get("flags") or 0) | extra_flags,
        }
        for key in ("embeds", "components"):
            if body.get(key) is not None:
                message[key] = copy.deepcopy(body[key])
        if body.get("content") is not None:
            message["content"] = str(body["content"])
        if "allowed_mentions" in body:
            message["allowed_mentions"] = copy.deepcopy(body["allowed_mentions"])
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        message["attachments"] = self._attachments(body, files, []) or []
        if reference is not None:
            message["message_reference"] = {
                "type": 0,
                "message_id": str(reference["message_id"]),
                "channel_id": str(reference.get("channel_id") or channel_id),
                "guild_id": str(reference.get("guild_id") or world.guild_id),
            }
            if referenced is not None:
                referenced.pop("referenced_message", None)
                message["referenced_message"] = referenced
        if interaction is not None:
            message["webhook_id"] = str(APPLICATION_ID)
            message["application_id"] = str(APPLICATION_ID)
            message["interaction_metadata"] = self._interaction_metadata(interaction)
        self._update_mentions(message)
        channel = world.channels[channel_id]
        if not message["flags"] & EPHEMERAL:
            channel.last_message_id = message_id
        return self.store.add_message(message, by_bot=True)

    def _interaction_metadata(self, interaction: InteractionRecord) -> JSON:
        data: JSON = {
            "id": str(interaction.id),
            "type": interaction.type,
            "user": self.guilds.user_payload(interaction.user_id),
            "authorizing_integration_owners": {"0": str(interaction.guild_id)},
        }
        if interaction.type == 2:
            data["name"] = interaction.name
            data["command_type"] = interaction.command_type
        if interaction.type == 3 and interaction.message_id is not None:
            data["interacted_message_id"] = str(interaction.message_id)
        return data

    def _update_mentions(self, message: JSON) -> None:
        replied = message.get("referenced_message")
        replied_author = int(replied["author"]["id"]) if replied else None
        users, roles, everyone = allowed_mentions_filter(
            message["content"], message.get("allowed_mentions"), replied_author
        )
        world = self._guild_of(int(message["channel_id"]))
        message["mentions"] = [world.user_payload(u) for u in users if u in world.users]
        message["mention_roles"] = [str(r) for r in roles if r in world.roles]
        message["mention_everyone"] = everyone

    # -- editing --------------------------------------------------------------

    def edit(self, message: JSON, body: JSON, files: list[UploadedFile]) -> JSON:
        """Apply a PATCH (or an update-message response) to a stored message in place."""
        if "content" in body:
            message["content"] = "" if body["content"] is None else str(body["content"])
        for key in ("embeds", "components"):
            if key in body:
                message[key] = copy.deepcopy(body[key]) if body[key] is not None else []
        if "allowed_mentions" in body:
            message["allowed_mentions"] = copy.deepcopy(body["allowed_mentions"])
        if body.get("flags") is not None:
            kept = int(message["flags"]) & EPHEMERAL
            message["flags"] = (int(body["flags"]) & ~EPHEMERAL) | kept
        was_loading = int(message["flags"]) & LOADING
        message["flags"] = int(message["flags"]) & ~LOADING
        attachments = self._attachments(body, files, list(message["attachments"]))
        if attachments is not None:
            message["attachments"] = attachments
        if not was_loading:  # filling in a deferred response is not an edit to users
            message["edited_timestamp"] = iso_now()
        self._update_mentions(message)
        return message
