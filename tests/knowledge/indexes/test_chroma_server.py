"""The desk against a real `chroma run` server on 127.0.0.1, as a large deployment would use it."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pydantic import SecretStr

from knowledge import Desk, Settings, StoreError, StoreSettings, VerdictLabel
from knowledge.embeddings import MiniLMEmbeddings
from tests.chroma_server import free_port
from tests.conftest import SAMPLE_CORPUS


def test_ingest_and_ask_through_a_chroma_server(
    chroma_server: int, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    settings = Settings(
        store=StoreSettings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=chroma_server)
    )
    with Desk(settings, embeddings=embeddings) as desk:
        report = desk.ingest([str(SAMPLE_CORPUS)], scope="server-scope")
        assert report.ok
        assert len(report.added) == 15
        assert desk.dense.count("server-scope") == report.passages_indexed
        assert not (tmp_path / "chroma").exists()  # nothing went to an embedded store
        answer = desk.ask("did the US buy Kazakh jets?", scope="server-scope")
        assert answer.verdict is VerdictLabel.REFUTED
        removed = desk.remove("kz-embassy-us-statement", "server-scope")
        assert desk.dense.count("server-scope") == report.passages_indexed - removed.passage_count
        assert desk.dense.ids("server-scope") == {
            p.passage_id for p in desk.registry.passages("server-scope")
        }


def test_an_unreachable_server_is_a_clear_error(
    tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    settings = Settings(
        store=StoreSettings(data_dir=tmp_path, chroma_host="127.0.0.1", chroma_port=free_port())
    )
    with pytest.raises(StoreError, match=r"Chroma server at 127\.0\.0\.1"):
        Desk(settings, embeddings=embeddings)


def test_a_token_is_sent_on_every_request_and_the_server_still_answers(
    chroma_server: int, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    # What goes over the wire: a listener that records the first request's headers.
    seen: list[str | None] = []

    class Recorder(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers.get("Authorization"))
            self.send_error(503)

        def log_message(self, *args: object) -> None:
            pass

    listener = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=listener.serve_forever, daemon=True).start()
    try:
        recorded = StoreSettings(
            data_dir=tmp_path / "a",
            chroma_host="127.0.0.1",
            chroma_port=listener.server_address[1],
            chroma_token=SecretStr("s3cret"),
        )
        with pytest.raises(StoreError):
            Desk(Settings(store=recorded), embeddings=embeddings)
    finally:
        listener.shutdown()
    assert seen
    assert set(seen) == {"Bearer s3cret"}

    # A real server that does not check tokens (chromadb 1.x `chroma run`) still serves.
    real = StoreSettings(
        data_dir=tmp_path / "b",
        chroma_host="127.0.0.1",
        chroma_port=chroma_server,
        chroma_token=SecretStr("s3cret"),
    )
    with Desk(Settings(store=real), embeddings=embeddings) as desk:
        assert desk.ingest([str(SAMPLE_CORPUS)], scope="token-scope").ok
