"""`factdesk serve`: one warm desk answering `factdesk ask` over a Unix socket.

The socket lives in the data directory (`bot.answer_client.socket_path`), readable by its owner
only. One question at a time: the desk is not shared between threads, and an answer takes a few
hundred milliseconds. The desk reads the corpus as it stands at each question, so sources that
other processes load or remove are seen without a restart (docs/ARCHITECTURE.md).
"""

from __future__ import annotations

import errno
import json
import os
import signal
import socketserver
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.answer_client import MAX_SOCKET_PATH_BYTES, server_answers, socket_path
from knowledge import Desk, Explanation, FactdeskError

__all__ = ["ServerBusyError", "evidence_rows", "reply_for", "serve"]

_REQUEST_TIMEOUT_S = 30.0
_MAX_REQUEST_BYTES = 64 * 1024
_IDLE_POLL_S = 5.0  # how often a server with an idle limit looks at the clock


class ServerBusyError(FactdeskError):
    """Another server already answers on this data directory."""


def evidence_rows(explanation: Explanation) -> list[dict[str, Any]]:
    """Every passage judged for an answer: source, stance, strength, relevance and why."""
    return [
        {
            "doc_id": e.hit.source.doc_id,
            "kind": e.hit.source.kind.value,
            "stance": e.stance.label.value,
            "strength": round(e.stance.probs[e.stance.label.value], 2),
            "relevance": round(e.relevance, 2),
            "reason": e.stance.reason,
            "passage": e.hit.passage.text,
        }
        for e in explanation.evidence
    ]


def reply_for(desk: Desk, request: Any) -> dict[str, Any]:
    """The reply to one request (see `bot.answer_client` for the format)."""
    if not isinstance(request, dict) or not isinstance(request.get("question"), str):
        return {"error": 'expected a JSON object like {"question": "..."}'}
    scope = request.get("scope")
    if scope is not None and not isinstance(scope, str):
        return {"error": '"scope" must be a string'}
    try:
        explanation = desk.explain(request["question"], scope=scope)
    except FactdeskError as exc:
        return {"error": str(exc)}
    reply: dict[str, Any] = {"answer": explanation.answer.to_dict()}
    if request.get("explain"):
        claim = explanation.claim
        reply["claim"] = {"text": claim.text, "type": claim.question_type.value}
        reply["evidence"] = evidence_rows(explanation)
    return reply


def _busy(path: Path) -> ServerBusyError:
    return ServerBusyError(
        f"a factdesk server already answers on {path}; stop it first (Ctrl-C in its terminal)"
    )


def _claim_socket(path: Path) -> None:
    """Remove a socket left by a server that is gone; refuse if one still answers."""
    if server_answers(path):
        raise _busy(path)
    path.unlink(missing_ok=True)


def _serve_until_idle(
    server: socketserver.BaseServer, idle_s: float, last_question: Callable[[], float]
) -> None:
    """Answer requests until `idle_s` seconds pass without one."""
    server.timeout = min(idle_s, _IDLE_POLL_S)
    while time.monotonic() - last_question() < idle_s:
        server.handle_request()  # one request, or none within `server.timeout`


def serve(
    desk: Desk,
    data_dir: Path,
    *,
    ready: Callable[[Path], None] | None = None,
    idle_s: float | None = None,
) -> bool:
    """Load the desk's models, then answer questions on the data directory's socket until
    SIGINT or SIGTERM, or until `idle_s` seconds pass without a question; whether it stopped
    for that idleness. A second server on the directory is refused before it loads anything,
    or, when two start at once, before it answers."""
    path = socket_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    if len(str(path).encode()) > MAX_SOCKET_PATH_BYTES:
        raise FactdeskError(
            f"the socket path {path} is too long for a Unix socket; use a shorter --data-dir"
        )
    _claim_socket(path)
    desk.warm_up()

    last_question = time.monotonic()  # the idle time counts from when the models are loaded

    class Handler(socketserver.StreamRequestHandler):
        timeout = _REQUEST_TIMEOUT_S

        def handle(self) -> None:
            nonlocal last_question
            last_question = time.monotonic()
            line = self.rfile.readline(_MAX_REQUEST_BYTES)
            if not line:
                return
            try:
                request = json.loads(line)
            except json.JSONDecodeError as exc:
                reply: dict[str, Any] = {"error": f"not JSON ({exc.msg})"}
            else:
                reply = reply_for(desk, request)
            self.wfile.write(json.dumps(reply, ensure_ascii=False).encode() + b"\n")

    old_umask = os.umask(0o177)  # the socket: owner read and write only
    try:
        server = socketserver.UnixStreamServer(str(path), Handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:  # another server bound it since `_claim_socket`
            raise _busy(path) from exc
        raise
    finally:
        os.umask(old_umask)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        if ready is not None:
            ready(path)
        if idle_s is None:
            server.serve_forever()
        else:
            _serve_until_idle(server, idle_s, lambda: last_question)
            return True
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        server.server_close()
        path.unlink(missing_ok=True)
    return False
