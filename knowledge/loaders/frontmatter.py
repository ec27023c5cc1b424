"""Splitting YAML front matter off the top of a text and reading it as a mapping of fields."""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from knowledge.errors import LoadError

__all__ = ["split_front_matter"]

_FENCE = "---"


def split_front_matter(text: str, origin: str) -> tuple[Mapping[str, object] | None, str]:
    """The front matter mapping (None when the text has none) and the text after it.

    Front matter is a block between two `---` lines, the first being the very first line.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        return None, text
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() == _FENCE), None)
    if close is None:
        raise LoadError(
            origin, "front matter starts with --- but never closes; end it with a line of ---"
        )
    return _parse_block("\n".join(lines[1:close]), origin), "\n".join(lines[close + 1 :])


def _parse_block(block: str, origin: str) -> Mapping[str, object]:
    try:
        parsed: object = yaml.safe_load(block)
    except yaml.YAMLError as exc:
        raise LoadError(origin, f"front matter is not valid YAML ({_yaml_problem(exc)})") from exc
    except ValueError as exc:  # YAML reads 2024-13-45 as a timestamp and cannot build it
        raise LoadError(
            origin,
            f"front matter has an impossible date ({exc}); write dates like 2024-04-28",
        ) from exc
    if parsed is None:
        return {}
    if not isinstance(parsed, dict):
        got = "a list" if isinstance(parsed, list) else repr(parsed)
        raise LoadError(
            origin, f"front matter is not a mapping of fields (got {got}); write 'key: value' lines"
        )
    return {str(key): value for key, value in parsed.items()}


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """`line N: problem`, with N counted in the whole file (the opening --- is line 1)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    if mark is None:
        return str(problem)
    return f"line {mark.line + 2}: {problem}"
