"""Start `factdesk serve` in the background after a cold `factdesk ask`, so the next is warm.

A `factdesk ask "..."` with no server running spends seconds loading Chroma, LangChain, spaCy
and the models before it answers. Having answered, it starts a server on the same data
directory (`FACTDESK_AUTO_SERVE_MINUTES`, 0 to never): the next `ask` sends its question
there and takes a fraction of a second. The server is an ordinary `factdesk serve` with an
idle limit, detached from the terminal (its own session, no inherited output), logging to
`answer-server.log` in the data directory, and it stops by itself once that many minutes pass
without a question. Two asks that start one at once are safe: the second server is refused
before it answers (`bot.answer_server`) and exits.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.answer_client import MAX_SOCKET_PATH_BYTES, server_answers, socket_path

__all__ = ["LOG_NAME", "start_background_server"]

LOG_NAME = "answer-server.log"


def start_background_server(data_dir: Path, idle_minutes: float) -> Path | None:
    """Start a detached `factdesk serve` on `data_dir` that stops after `idle_minutes`
    without a question, unless a server answers there already or the socket path would be too
    long for one; the server's log file, or None when none was started."""
    data_dir = data_dir.expanduser().absolute()
    path = socket_path(data_dir)
    if idle_minutes <= 0 or server_answers(path) or len(str(path).encode()) > MAX_SOCKET_PATH_BYTES:
        return None
    log = data_dir / LOG_NAME
    command = [sys.executable, "-m", "bot.cli", "--data-dir", str(data_dir), "serve"]
    with log.open("ab") as output:
        subprocess.Popen(
            [*command, "--idle-minutes", f"{idle_minutes:g}"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=output,
            start_new_session=True,
            close_fds=True,
        )
    return log
