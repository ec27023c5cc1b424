"""`factdesk ask` through a warm `factdesk serve`, without loading the engine.

A cold `factdesk ask` spends seconds importing Chroma, LangChain and spaCy and loading the
models before it reads the question. When `factdesk serve` runs on the same data directory,
`ask` sends the question over the Unix socket the server keeps there and prints its answer; this
module imports only the standard library, click and python-dotenv for that. When no server
answers (none started, or one that died and left its socket), `ask` runs in-process as before:
the server is an accelerator, never a requirement.

Wire format, one JSON object per line each way: the request
`{"question": str, "scope": str | null, "explain": bool}`; the reply the answer
(`Answer.to_dict`) under "answer", with "claim" and "evidence" when asked to explain, or
`{"error": message}` for a question the desk refused (too long, empty, unknown scope).
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "MAX_SOCKET_PATH_BYTES",
    "SOCKET_NAME",
    "AskRequest",
    "ask_warm",
    "parse_ask",
    "resolve_data_dir",
    "resolve_scope",
    "server_answers",
    "socket_path",
]

SOCKET_NAME = "answer.sock"
MAX_SOCKET_PATH_BYTES = 100  # longer, a Unix socket's address does not fit on every system
_DEFAULT_DATA_DIR = Path("data")  # as `knowledge.settings.StoreSettings.data_dir`
_ENV_KEY = "FACTDESK_DATA_DIR"
_SCOPE_KEY = "FACTDESK_SCOPE"


@dataclass(frozen=True, slots=True)
class AskRequest:
    """A single-question `factdesk ask`, as the command line gave it."""

    question: str
    data_dir: Path | None
    scope: str | None
    explain: bool
    as_json: bool


def parse_ask(argv: Sequence[str]) -> AskRequest | None:
    """The request if `argv` is a plain `[--data-dir D] ask [--scope S] [--explain] [--json]
    QUESTION`; None for anything else (help, stdin questions, other commands, options this
    parser does not know), which the full command line then handles."""
    args = list(argv)
    data_dir: str | None = None
    while args and args[0] != "ask":
        head = args.pop(0)
        if head == "--data-dir" and args:
            data_dir = args.pop(0)
        elif head.startswith("--data-dir="):
            data_dir = head.split("=", 1)[1]
        else:
            return None
    if not args:
        return None
    args.pop(0)  # "ask"
    scope: str | None = None
    explain = as_json = False
    question: str | None = None
    while args:
        item = args.pop(0)
        if item == "--scope" and args:
            scope = args.pop(0)
        elif item.startswith("--scope="):
            scope = item.split("=", 1)[1]
        elif item == "--explain":
            explain = True
        elif item == "--json":
            as_json = True
        elif item == "--" and len(args) == 1 and question is None:
            question = args.pop(0)
        elif item.startswith("-") or question is not None:
            return None  # "-" (stdin), -h, or an option for the full parser to judge
        else:
            question = item
    if question is None:
        return None
    return AskRequest(question, Path(data_dir) if data_dir else None, scope, explain, as_json)


def _setting(key: str) -> str | None:
    """A setting as `knowledge.settings` reads it: the environment, then `.env` in the working
    directory."""
    if os.environ.get(key):
        return os.environ[key]
    if Path(".env").is_file():
        from dotenv import dotenv_values

        return dotenv_values(".env").get(key) or None
    return None


def resolve_data_dir(flag: Path | None) -> Path:
    """The data directory as the full command line resolves it: the flag, the environment,
    `.env` in the working directory, then ./data."""
    if flag is not None:
        return flag
    value = _setting(_ENV_KEY)
    return Path(value) if value else _DEFAULT_DATA_DIR


def resolve_scope(flag: str | None) -> str | None:
    """The corpus asked about: the flag, else this shell's FACTDESK_SCOPE (environment or
    `.env`), else None for the server's own default, so a warm answer comes from the corpus an
    in-process one would read."""
    return flag if flag is not None else _setting(_SCOPE_KEY)


def socket_path(data_dir: Path) -> Path:
    """Where a server on `data_dir` listens."""
    return data_dir.expanduser().absolute() / SOCKET_NAME


def _connect(path: Path) -> socket.socket | None:
    """A connection to the server on the socket `path`, or None when none accepts one (none
    started, or a socket file left by one that died)."""
    if not path.exists():
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(str(path))
    except OSError:
        sock.close()
        return None
    return sock


def server_answers(path: Path) -> bool:
    """Whether a server accepts connections on the socket `path`."""
    sock = _connect(path)
    if sock is None:
        return False
    sock.close()
    return True


def _exchange(path: Path, request: dict[str, Any]) -> dict[str, Any] | None:
    """The server's reply, or None when no server accepts a connection on `path` (the
    question is then answered in-process)."""
    sock = _connect(path)
    if sock is None:
        return None
    with sock, sock.makefile("rwb") as stream:
        stream.write(json.dumps(request).encode() + b"\n")
        stream.flush()
        line = stream.readline()
    if not line:
        return {"error": "the factdesk server closed the connection without answering"}
    reply: dict[str, Any] = json.loads(line)
    return reply


def ask_warm(argv: Sequence[str]) -> int | None:
    """Answer through a running server and return the exit status, or None when the command
    is not a plain question or no server is running (the caller then runs the full CLI)."""
    request = parse_ask(argv)
    if request is None:
        return None
    path = socket_path(resolve_data_dir(request.data_dir))
    scope = resolve_scope(request.scope)
    reply = _exchange(
        path, {"question": request.question, "scope": scope, "explain": request.explain}
    )
    if reply is None:
        return None
    import click

    from bot.answer_render import echo_answer, echo_explanation

    if "error" in reply:
        click.echo(f"Error: {reply['error']}", err=True)
        return 1
    answer = reply["answer"]
    if request.as_json:
        extra = {"evidence": reply.get("evidence", [])} if request.explain else {}
        click.echo(json.dumps({**answer, **extra}, ensure_ascii=False))
        return 0
    echo_answer(answer)
    if request.explain:
        echo_explanation(reply["claim"], reply.get("evidence", []))
    return 0


def main() -> None:
    """The `factdesk` entry point: a warm answer when a server runs, else the full CLI."""
    status = ask_warm(sys.argv[1:])
    if status is not None:
        sys.exit(status)
    from bot.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
