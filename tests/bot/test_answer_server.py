"""`factdesk serve` and the warm `factdesk ask`: real processes on one data directory, talking
over the real Unix socket."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.answer_client import (
    AskRequest,
    parse_ask,
    resolve_data_dir,
    resolve_scope,
    server_answers,
    socket_path,
)
from bot.background_server import LOG_NAME
from tests.conftest import REPO, SAMPLE_CORPUS

FULL_CLI = [sys.executable, "-m", "bot.cli"]
ENTRY = [sys.executable, "-m", "bot.answer_client"]  # what the `factdesk` script runs
QUESTION = "did the US buy Kazakh jets?"
NEW_SOURCE = """---
id: vellmark-bridge-closed
title: "Vellmark bridge closed for resurfacing"
publisher: "Vellmark Courier"
published: 2024-05-02
kind: news
---
The Vellmark river bridge closed on Tuesday for three weeks of resurfacing work. The county
council confirmed that the Vellmark river bridge is closed to all traffic until the work ends.
"""


def _run(command: list[str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, *args], cwd=REPO, capture_output=True, text=True, timeout=300, check=False
    )


class _Server:
    """`factdesk serve` in its own process, ready once it says where it answers."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.process = subprocess.Popen(
            [*FULL_CLI, "--data-dir", str(data), "serve"],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert self.process.stderr is not None
        first = self.process.stderr.readline()
        assert "answering on" in first, first + self.process.stderr.read()

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("served") / "data"
    loaded = _run(FULL_CLI, "--data-dir", str(data), "ingest", str(SAMPLE_CORPUS))
    assert loaded.returncode == 0, loaded.stderr
    return data


@pytest.fixture(scope="module")
def server(corpus: Path) -> Iterator[_Server]:
    running = _Server(corpus)
    yield running
    running.stop()


def _answer(output: str) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(output)
    answer.pop("timings_ms")
    return answer


@pytest.mark.slow
def test_a_warm_ask_gives_the_answer_an_in_process_ask_gives(server: _Server, corpus: Path) -> None:
    warm = _run(ENTRY, "--data-dir", str(corpus), "ask", "--json", "--explain", QUESTION)
    cold = _run(FULL_CLI, "--data-dir", str(corpus), "ask", "--json", "--explain", QUESTION)
    assert warm.returncode == 0, warm.stderr
    assert cold.returncode == 0, cold.stderr
    assert _answer(warm.stdout) == _answer(cold.stdout)
    assert _answer(warm.stdout)["verdict"] == "refuted"

    text = _run(ENTRY, "--data-dir", str(corpus), "ask", "--explain", QUESTION)
    assert text.returncode == 0, text.stderr
    assert "verdict: refuted" in text.stdout
    assert "claim checked:" in text.stdout


@pytest.mark.slow
def test_the_server_answers_and_the_entry_point_does_not_load_the_engine(
    server: _Server, corpus: Path
) -> None:
    """The warm path must stay light: no Chroma, LangChain or models in the asking process."""
    probe = (
        "import sys; from bot.answer_client import ask_warm; "
        f"code = ask_warm(['--data-dir', {str(corpus)!r}, 'ask', '--json', {QUESTION!r}]); "
        "heavy = [m for m in ('chromadb', 'langchain_core', 'knowledge', 'onnxruntime') "
        "if m in sys.modules]; print(code, heavy, file=sys.stderr)"
    )
    run = _run([sys.executable, "-c", probe])
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip() == "0 []", run.stderr
    assert json.loads(run.stdout)["verdict"] == "refuted"


@pytest.mark.slow
def test_the_server_sees_sources_another_process_loads_and_removes(
    server: _Server, corpus: Path, tmp_path: Path
) -> None:
    source = tmp_path / "bridge.md"
    source.write_text(NEW_SOURCE, encoding="utf-8")
    question = "is the vellmark river bridge closed?"
    try:
        assert _run(FULL_CLI, "--data-dir", str(corpus), "ingest", str(source)).returncode == 0
        loaded = _run(ENTRY, "--data-dir", str(corpus), "ask", "--json", question)
        assert loaded.returncode == 0, loaded.stderr
        cited = {c["doc_id"] for c in json.loads(loaded.stdout)["citations"]}
        assert "vellmark-bridge-closed" in cited, loaded.stdout
    finally:
        removed = _run(
            FULL_CLI, "--data-dir", str(corpus), "sources", "remove", "vellmark-bridge-closed"
        )
        assert removed.returncode == 0, removed.stderr
    after = _run(ENTRY, "--data-dir", str(corpus), "ask", "--json", question)
    assert json.loads(after.stdout)["verdict"] == "no_evidence", after.stdout


@pytest.mark.slow
def test_a_question_the_desk_refuses_is_a_clear_error_from_the_server(
    server: _Server, corpus: Path
) -> None:
    refused = _run(ENTRY, "--data-dir", str(corpus), "ask", "x" * 5000)
    assert refused.returncode == 1
    assert refused.stderr.startswith("Error: the question is 5,000 characters long")


@pytest.mark.slow
def test_a_malformed_request_gets_an_error_reply_and_the_server_keeps_answering(
    server: _Server, corpus: Path
) -> None:
    for raw in (b"not json\n", b'["a list"]\n', b'{"question": 3}\n'):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.connect(str(socket_path(corpus)))
            sock.sendall(raw)
            reply = json.loads(sock.makefile("rb").readline())
        assert set(reply) == {"error"}, reply
    still = _run(ENTRY, "--data-dir", str(corpus), "ask", "--json", QUESTION)
    assert json.loads(still.stdout)["verdict"] == "refuted"


@pytest.mark.slow
def test_a_second_server_on_the_same_data_directory_is_refused(
    server: _Server, corpus: Path
) -> None:
    second = _run(FULL_CLI, "--data-dir", str(corpus), "serve")
    assert second.returncode == 1
    assert "already answers on" in second.stderr
    assert socket_path(corpus).exists()  # the running server's socket is left alone


@pytest.mark.slow
def test_without_a_server_ask_answers_in_process_even_over_a_stale_socket(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    assert _run(FULL_CLI, "--data-dir", str(data), "ingest", str(SAMPLE_CORPUS)).returncode == 0
    alone = _run(ENTRY, "--data-dir", str(data), "ask", "--json", QUESTION)
    assert alone.returncode == 0, alone.stderr
    assert json.loads(alone.stdout)["verdict"] == "refuted"
    # FACTDESK_AUTO_SERVE_MINUTES=0 (as every test runs, `tests/conftest.py`): no server.
    assert not socket_path(data).exists()
    assert "background" not in alone.stderr

    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(socket_path(data)))  # a socket file nobody listens on: a crashed server
    stale.close()
    fallback = _run(ENTRY, "--data-dir", str(data), "ask", "--json", QUESTION)
    assert fallback.returncode == 0, fallback.stderr
    assert json.loads(fallback.stdout)["verdict"] == "refuted"

    # A new server replaces the stale socket, and removes its own when stopped.
    server = _Server(data)
    assert server.stop() == 0
    assert not socket_path(data).exists()


def _wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return condition()


@pytest.mark.slow
def test_a_cold_ask_starts_a_server_that_answers_the_next_and_stops_when_idle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    assert _run(FULL_CLI, "--data-dir", str(data), "ingest", str(SAMPLE_CORPUS)).returncode == 0
    monkeypatch.setenv("FACTDESK_AUTO_SERVE_MINUTES", "0.25")  # 15 s without a question
    path, log = socket_path(data), data / LOG_NAME
    pid: int | None = None
    try:
        cold = _run(ENTRY, "--data-dir", str(data), "ask", "--json", QUESTION)
        assert cold.returncode == 0, cold.stderr
        assert json.loads(cold.stdout)["verdict"] == "refuted"  # stdout is the answer alone
        assert "started `factdesk serve` in the background" in cold.stderr
        assert _wait_for(lambda: server_answers(path), 180), log.read_text()
        pid = int(re.findall(r"pid (\d+)", log.read_text())[-1])

        # The next ask is answered by the server: the asking process loads no engine.
        probe = (
            "import sys; from bot.answer_client import ask_warm; "
            f"code = ask_warm(['--data-dir', {str(data)!r}, 'ask', '--json', {QUESTION!r}]); "
            "print(code, 'knowledge' in sys.modules, file=sys.stderr)"
        )
        warm = _run([sys.executable, "-c", probe])
        assert warm.stderr.strip() == "0 False", warm.stderr
        assert json.loads(warm.stdout)["verdict"] == "refuted"
        # A cold ask while it runs starts no second server.
        again = _run(FULL_CLI, "--data-dir", str(data), "ask", "--json", QUESTION)
        assert again.returncode == 0, again.stderr
        assert "background" not in again.stderr

        # Idle for its limit, it stops and removes its socket.
        assert _wait_for(lambda: not path.exists(), 120), log.read_text()
        assert _wait_for(lambda: not _alive(pid), 30)
        assert log.read_text().count("answering on") == 1
        assert "stopped: 0.25 minutes without a question" in log.read_text()
    finally:
        if pid is not None and _alive(pid):
            os.kill(pid, signal.SIGTERM)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_only_a_plain_single_question_goes_to_the_server() -> None:
    assert parse_ask(["ask", "is it true?"]) == AskRequest("is it true?", None, None, False, False)
    assert parse_ask(["--data-dir", "d", "ask", "--scope", "42", "--json", "q"]) == AskRequest(
        "q", Path("d"), "42", False, True
    )
    assert parse_ask(["--data-dir=d", "ask", "--explain", "--scope=7", "--", "-q"]) == (
        AskRequest("-q", Path("d"), "7", True, False)
    )
    for argv in (
        [],
        ["ingest", "x"],
        ["ask"],
        ["ask", "-"],
        ["ask", "--help"],
        ["ask", "a", "b"],
        ["ask", "--scope"],
        ["--version"],
        ["--data-dir", "d"],
    ):
        assert parse_ask(argv) is None, argv


def test_the_data_directory_resolves_like_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resolve_data_dir(None) == Path("data")
    (tmp_path / ".env").write_text("FACTDESK_DATA_DIR=from-dotenv\n", encoding="utf-8")
    assert resolve_data_dir(None) == Path("from-dotenv")
    monkeypatch.setenv("FACTDESK_DATA_DIR", "from-env")
    assert resolve_data_dir(None) == Path("from-env")
    assert resolve_data_dir(Path("flag")) == Path("flag")
    assert socket_path(Path("flag")) == Path(os.getcwd()) / "flag" / "answer.sock"


def test_the_scope_asked_about_is_the_flag_then_this_shells_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert resolve_scope(None) is None  # the server's own default
    (tmp_path / ".env").write_text("FACTDESK_SCOPE=from-dotenv\n", encoding="utf-8")
    assert resolve_scope(None) == "from-dotenv"
    monkeypatch.setenv("FACTDESK_SCOPE", "from-env")
    assert resolve_scope(None) == "from-env"
    assert resolve_scope("42") == "42"


def test_serve_says_where_it_listens_in_its_help() -> None:
    run = _run(FULL_CLI, "serve", "--help")
    assert run.returncode == 0, run.stderr
    assert "answer.sock" in run.stdout
