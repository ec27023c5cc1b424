"""A real Chroma server (`chroma run`, from the chromadb package) on 127.0.0.1 for the tests.

Both the desk's own tests and the multi-process bot tests point factdesk at it, as a deployment
on several machines would. A server that does not start raises, with the end of its log.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

__all__ = ["free_port", "running_chroma"]

START_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_chroma(folder: Path) -> Iterator[int]:
    """Serve a Chroma database under `folder` (log in `folder/server.log`); yields its port."""
    exe = Path(sys.executable).parent / "chroma"
    if not exe.exists():
        raise RuntimeError("the chroma command comes with chromadb; run `make setup`")
    port = free_port()
    log_path = folder / "server.log"
    with log_path.open("w") as log:
        where = ["--path", str(folder / "db"), "--host", "127.0.0.1", "--port", str(port)]
        server = subprocess.Popen(
            [str(exe), "run", *where],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + START_TIMEOUT_S
            while not _answers(port):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"chroma run did not start: {log_path.read_text()[-2000:]}")
                time.sleep(0.2)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


def _answers(port: int) -> bool:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).is_success
    except httpx.TransportError:
        return False
