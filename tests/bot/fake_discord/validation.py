"""Discord's limits on message bodies, so a too-long answer fails in tests too.

Why: a fact-check bot sends long, generated text; Discord rejects content
over 2000 characters, embeds over their limits and empty messages with a 400
that discord.py raises as HTTPException. A fake that accepted them would hide
exactly the bugs that only show in production.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .recording import UploadedFile

JSON = dict[str, Any]

CANNOT_SEND_EMPTY = 50006
INVALID_FORM_BODY = 50035

CONTENT_MAX = 2000
EMBEDS_MAX = 10
EMBED_TOTAL_MAX = 6000
EMBED_FIELDS_MAX = 25
EMBED_LIMITS = {"title": 256, "description": 4096}
FIELD_LIMITS = {"name": 256, "value": 1024}
ROWS_MAX = 5
ROW_ITEMS_MAX = 5
CUSTOM_ID_MAX = 100
BUTTON_LABEL_MAX = 80
COMPONENTS_V2 = 1 << 15


@dataclass(frozen=True)
class Problem:
    """Why Discord would answer 400: a JSON error code, message and `errors` tree."""

    code: int
    message: str
    errors: JSON | None = None


def _too_long(limit: int) -> JSON:
    return {
        "_errors": [
            {"code": "BASE_TYPE_MAX_LENGTH", "message": f"Must be {limit} or fewer in length."}
        ]
    }


def _required() -> JSON:
    return {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]}


def message_problem(body: JSON, files: list[UploadedFile], *, editing: bool) -> Problem | None:
    """The 400 Discord would give this create/edit body, or None if it is acceptable."""
    errors: JSON = {}
    content = body.get("content")
    if isinstance(content, str) and len(content) > CONTENT_MAX:
        errors["content"] = _too_long(CONTENT_MAX)
    embeds = body.get("embeds") or []
    if len(embeds) > EMBEDS_MAX:
        errors["embeds"] = _too_long(EMBEDS_MAX)
    else:
        embed_errors = {str(i): e for i, embed in enumerate(embeds) if (e := _embed_errors(embed))}
        if embed_errors:
            errors["embeds"] = embed_errors
        elif sum(_embed_length(e) for e in embeds) > EMBED_TOTAL_MAX:
            errors["embeds"] = {
                "_errors": [
                    {
                        "code": "MAX_EMBED_SIZE_EXCEEDED",
                        "message": "Embed size exceeds maximum size of 6000",
                    }
                ]
            }
    if not int(body.get("flags") or 0) & COMPONENTS_V2:
        component_errors = _component_errors(body.get("components") or [])
        if component_errors:
            errors["components"] = component_errors
    if errors:
        return Problem(INVALID_FORM_BODY, "Invalid Form Body", errors)
    if not editing and _is_empty(body, files):
        return Problem(CANNOT_SEND_EMPTY, "Cannot send an empty message")
    return None


def _is_empty(body: JSON, files: list[UploadedFile]) -> bool:
    return not (
        body.get("content")
        or body.get("embeds")
        or body.get("components")
        or body.get("sticker_ids")
        or body.get("poll")
        or body.get("attachments")
        or files
    )


def _embed_errors(embed: JSON) -> JSON:
    errors: JSON = {}
    for key, limit in EMBED_LIMITS.items():
        value = embed.get(key)
        if isinstance(value, str) and len(value) > limit:
            errors[key] = _too_long(limit)
    footer = (embed.get("footer") or {}).get("text")
    if isinstance(footer, str) and len(footer) > 2048:
        errors["footer"] = {"text": _too_long(2048)}
    author = (embed.get("author") or {}).get("name")
    if isinstance(author, str) and len(author) > 256:
        errors["author"] = {"name": _too_long(256)}
    fields = embed.get("fields") or []
    if len(fields) > EMBED_FIELDS_MAX:
        errors["fields"] = _too_long(EMBED_FIELDS_MAX)
    else:
        field_errors: JSON = {}
        for index, field in enumerate(fields):
            problems: JSON = {}
            for key, limit in FIELD_LIMITS.items():
                value = field.get(key)
                if not value:
                    problems[key] = _required()
                elif len(str(value)) > limit:
                    problems[key] = _too_long(limit)
            if problems:
                field_errors[str(index)] = problems
        if field_errors:
            errors["fields"] = field_errors
    return errors


def _embed_length(embed: JSON) -> int:
    total = len(embed.get("title") or "") + len(embed.get("description") or "")
    total += len((embed.get("footer") or {}).get("text") or "")
    total += len((embed.get("author") or {}).get("name") or "")
    for field in embed.get("fields") or []:
        total += len(str(field.get("name") or "")) + len(str(field.get("value") or ""))
    return total


def _component_errors(rows: list[JSON]) -> JSON:
    if len(rows) > ROWS_MAX:
        return _too_long(ROWS_MAX)
    errors: JSON = {}
    for row_index, row in enumerate(rows):
        items = row.get("components") or []
        if len(items) > ROW_ITEMS_MAX:
            errors[str(row_index)] = {"components": _too_long(ROW_ITEMS_MAX)}
            continue
        item_errors: JSON = {}
        for item_index, item in enumerate(items):
            problems: JSON = {}
            custom_id = item.get("custom_id")
            if isinstance(custom_id, str) and len(custom_id) > CUSTOM_ID_MAX:
                problems["custom_id"] = _too_long(CUSTOM_ID_MAX)
            label = item.get("label")
            if item.get("type") == 2 and isinstance(label, str) and len(label) > BUTTON_LABEL_MAX:
                problems["label"] = _too_long(BUTTON_LABEL_MAX)
            if problems:
                item_errors[str(item_index)] = problems
        if item_errors:
            errors[str(row_index)] = {"components": item_errors}
    return errors
