"""Routes for answering interactions: the callback and the interaction webhook.

Why: this is where Discord's interaction rules live, and where bots most often
get them wrong: one response per interaction (a second gets 40060), no
webhook call before the first response (10015), the first followup after a
deferred response fills in the "thinking" message (and keeps its ephemeral
flag), and @original means the component's message after an update-type
response.
"""

from __future__ import annotations

import copy
import re

from .recording import RecordedCall
from .rest_base import (
    ALREADY_ACKNOWLEDGED,
    INVALID_FORM_BODY,
    JSON,
    UNKNOWN_INTERACTION,
    UNKNOWN_MESSAGE,
    UNKNOWN_WEBHOOK,
    Reply,
    Route,
    RouteGroup,
    body_of,
    error,
    no_content,
    truthy,
)
from .store import EPHEMERAL, LOADING, InteractionRecord, OpenedModal
from .world import APPLICATION_ID


class InteractionRoutes(RouteGroup):
    """POST /interactions/{id}/{token}/callback and /webhooks/{app}/{token}/..."""

    def routes(self) -> list[Route]:
        """None of these take the bot token: the interaction token in the path is the auth."""
        webhook = r"/webhooks/(\d+)/([^/]+)"
        message = webhook + r"/messages/(\d+)"
        original = webhook + "/messages/@original"
        return self._table(
            [
                ("POST", r"/interactions/(\d+)/([^/]+)/callback", self.callback, False),
                ("GET", original, self.get_original, False),
                ("PATCH", original, self.edit_original, False),
                ("DELETE", original, self.delete_original, False),
                ("POST", webhook, self.followup, False),
                ("GET", message, self.get_followup, False),
                ("PATCH", message, self.edit_followup, False),
                ("DELETE", message, self.delete_followup, False),
            ]
        )

    async def callback(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        record = self.store.interactions.get(m.group(2))
        if record is None or record.id != int(m.group(1)):
            return error(404, UNKNOWN_INTERACTION, "Unknown interaction")
        if record.response_type is not None:
            return error(400, ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged.")
        body = body_of(call)
        kind = int(body.get("type", 0))
        data: JSON = body.get("data") or {}
        if not _response_allowed(record, kind):
            return error(400, INVALID_FORM_BODY, f"Invalid interaction response type {kind}")
        if kind in (4, 7):
            problem = self._problem(data, call.files, editing=kind == 7)
            if problem is not None:
                return problem
        record.response_type = kind
        record.response_data = copy.deepcopy(data)
        answer: JSON = {
            "id": str(record.id),
            "type": record.type,
            "response_message_loading": False,
            "response_message_ephemeral": False,
        }
        resource: JSON | None = None
        if kind in (4, 5):
            if kind == 4:
                message = self.messages.create(
                    channel_id=record.channel_id, body=data, files=call.files, interaction=record
                )
            else:
                flags = {"flags": int(data.get("flags") or 0) & EPHEMERAL}
                message = self.messages.create(
                    channel_id=record.channel_id,
                    body=flags,
                    files=[],
                    interaction=record,
                    extra_flags=LOADING,
                )
                record.awaiting_first_followup = True
                answer["response_message_loading"] = True
            record.original_id = int(message["id"])
            answer["response_message_id"] = message["id"]
            answer["response_message_ephemeral"] = bool(message["flags"] & EPHEMERAL)
            resource = {"type": kind, "message": copy.deepcopy(message)}
            await self._echo("MESSAGE_CREATE", message)
        elif kind in (6, 7):
            record.original_id = record.message_id
            target = None if record.message_id is None else self.store.message(record.message_id)
            if kind == 7 and target is not None:
                self.messages.edit(target, data, call.files)
                resource = {"type": kind, "message": copy.deepcopy(target)}
                await self._echo("MESSAGE_UPDATE", target)
            if record.message_id is not None:
                answer["response_message_id"] = str(record.message_id)
        elif kind == 9:
            self.store.modals[str(data.get("custom_id"))] = OpenedModal(copy.deepcopy(data), record)
        if not truthy(call.query.get("with_response")):
            return no_content()
        reply: JSON = {"interaction": answer}
        if resource is not None:
            reply["resource"] = resource
        return Reply(200, reply)

    def _webhook_interaction(self, m: re.Match[str]) -> InteractionRecord | Reply:
        record = self.store.interactions.get(m.group(2))
        if int(m.group(1)) != APPLICATION_ID or record is None:
            return error(404, UNKNOWN_WEBHOOK, "Unknown Webhook")
        if record.response_type is None:
            # Discord only accepts webhook calls once the interaction is acknowledged.
            return error(404, UNKNOWN_WEBHOOK, "Unknown Webhook")
        return record

    def _interaction_message(
        self, record: InteractionRecord, message_id: int | None
    ) -> JSON | None:
        if message_id is None:
            return None
        if message_id != record.original_id and message_id not in record.followup_ids:
            return None
        return self.store.message(message_id)

    async def get_original(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        record = self._webhook_interaction(m)
        if isinstance(record, Reply):
            return record
        message = self._interaction_message(record, record.original_id)
        if message is None:
            return error(404, UNKNOWN_MESSAGE, "Unknown Message")
        return Reply(200, copy.deepcopy(message))

    async def edit_original(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        record = self._webhook_interaction(m)
        if isinstance(record, Reply):
            return record
        return await self._edit_interaction_message(call, record, record.original_id)

    async def delete_original(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        record = self._webhook_interaction(m)
        if isinstance(record, Reply):
            return record
        return await self._delete_interaction_message(record, record.original_id)

    async def followup(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        record = self._webhook_interaction(m)
        if isinstance(record, Reply):
            return record
        body = body_of(call)
        problem = self._problem(body, call.files, editing=False)
        if problem is not None:
            return problem
        original = self._interaction_message(record, record.original_id)
        if record.awaiting_first_followup and original is not None:
            # The first followup after a deferred (type 5) response fills in the
            # "thinking" message; it keeps the defer's ephemeral flag.
            record.awaiting_first_followup = False
            message = self.messages.edit(original, body, call.files)
            record.followup_ids.append(int(message["id"]))
            await self._echo("MESSAGE_UPDATE", message)
        else:
            message = self.messages.create(
                channel_id=record.channel_id, body=body, files=call.files, interaction=record
            )
            record.followup_ids.append(int(message["id"]))
            await self._echo("MESSAGE_CREATE", message)
        if not truthy(call.query.get("wait")):
            return no_content()
        return Reply(200, copy.deepcopy(message))

    async def get_followup(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        record = self._webhook_interaction(m)
        if isinstance(record, Reply):
            return record
        message = self._interaction_message(record, int(m.group(3)))
        if message is None:
            return error(404, UNKNOWN_MESSAGE, "Unknown Message")
        return Reply(200, copy.deepcopy(message))

    async def edit_followup(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        record = self._webhook_interaction(m)
        if isinstance(record, Reply):
            return record
        return await self._edit_interaction_message(call, record, int(m.group(3)))

    async def delete_followup(self, call: RecordedCall, m: re.Match[str]) -> Reply:
        record = self._webhook_interaction(m)
        if isinstance(record, Reply):
            return record
        return await self._delete_interaction_message(record, int(m.group(3)))

    async def _edit_interaction_message(
        self, call: RecordedCall, record: InteractionRecord, message_id: int | None
    ) -> Reply:
        message = self._interaction_message(record, message_id)
        if message is None:
            return error(404, UNKNOWN_MESSAGE, "Unknown Message")
        body = body_of(call)
        problem = self._problem(body, call.files, editing=True)
        if problem is not None:
            return problem
        if message_id == record.original_id:
            record.awaiting_first_followup = False
        self.messages.edit(message, body, call.files)
        await self._echo("MESSAGE_UPDATE", message)
        return Reply(200, copy.deepcopy(message))

    async def _delete_interaction_message(
        self, record: InteractionRecord, message_id: int | None
    ) -> Reply:
        message = self._interaction_message(record, message_id)
        if message is None or message_id is None:
            return error(404, UNKNOWN_MESSAGE, "Unknown Message")
        self.store.deleted.add(message_id)
        await self._echo("MESSAGE_DELETE", message)
        return no_content()


def _response_allowed(record: InteractionRecord, kind: int) -> bool:
    """Which callback types Discord accepts for which interaction types."""
    if record.type == 4:
        return kind == 8
    if kind in (4, 5):
        return record.type in (2, 3, 5)
    if kind in (6, 7):
        return record.type == 3 or (record.type == 5 and record.message_id is not None)
    if kind == 9:
        return record.type in (2, 3)
    return False
