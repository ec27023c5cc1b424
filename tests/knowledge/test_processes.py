"""Several real processes on one data directory: a long-running reader (what the bot is) keeps
answering, correctly and without errors, while other processes load and remove sources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SAMPLE_CORPUS

FACTDESK = [sys.executable, "-m", "bot.cli"]
REPO = Path(__file__).resolve().parents[2]
QUESTION = "was the pellam harbour ferry suspended?"
FERRY = """---
id: pellam-ferry-suspended
title: "Pellam harbour ferry suspended for engine repairs"
publisher: "Pellam Harbour Gazette"
published: 2024-06-03
kind: news
---
The Pellam harbour ferry was suspended on Monday for two weeks of engine repairs. The ferry
operator confirmed that the Pellam harbour ferry is suspended until the repairs are done.
"""


@pytest.fixture
def database_url(backend_database_url: str | None) -> str | None:
    return backend_database_url


def _environment(database_url: str | None = None) -> dict[str, str]:
    """The processes' environment: the registry in PostgreSQL when a URL is given."""
    env = dict(os.environ)
    if database_url is not None:
        env["FACTDESK_DATABASE_URL"] = database_url
    return env


def _cli(
    data: Path, *args: str, database_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FACTDESK, "--data-dir", str(data), *args],
        cwd=REPO,
        env=_environment(database_url),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )


class _Reader:
    """`factdesk ask --json -`: one process, one question per line, one answer per line."""

    def __init__(self, data: Path) -> None:
        self.process = subprocess.Popen(
            [*FACTDESK, "--data-dir", str(data), "ask", "--json", "-"],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )

    def ask(self, question: str) -> dict[str, Any]:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(question + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        assert line, "the reader process stopped"
        answer: dict[str, Any] = json.loads(line)
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.mark.slow
def test_a_running_reader_sees_sources_other_processes_add_and_remove(tmp_path: Path) -> None:
    data = tmp_path / "data"
    ferry = tmp_path / "ferry.md"
    ferry.write_text(FERRY, encoding="utf-8")
    _cli(data, "ingest", str(SAMPLE_CORPUS))
    reader = _Reader(data)
    try:
        before = reader.ask(QUESTION)
        assert "error" not in before, before
        assert before["verdict"] == "no_evidence"
        for _ in range(3):
            _cli(data, "ingest", str(ferry))
            loaded = reader.ask(QUESTION)
            assert "error" not in loaded, loaded
            assert "pellam-ferry-suspended" in {c["doc_id"] for c in loaded["citations"]}, loaded

            _cli(data, "sources", "remove", "pellam-ferry-suspended")
            removed = reader.ask(QUESTION)
            assert "error" not in removed, removed
            assert removed["verdict"] == "no_evidence", removed
            # The rest of the corpus still answers from the same process.
            other = reader.ask("did the US buy Kazakh jets?")
            assert "error" not in other, other
            assert other["verdict"] == "refuted"
    finally:
        reader.close()


@pytest.mark.slow
def test_two_processes_loading_the_same_folder_at_once_add_each_source_once(
    tmp_path: Path, database_url: str | None
) -> None:
    """On SQLite and on PostgreSQL: each process decides in the registry's transaction, under
    the scope's lock, whether a source is new."""
    data = tmp_path / "data"
    command = [*FACTDESK, "--data-dir", str(data), "ingest", "--json", str(SAMPLE_CORPUS)]
    runs = [
        subprocess.Popen(
            command,
            cwd=REPO,
            env=_environment(database_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    reports = []
    for run in runs:
        out, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
        reports.append(json.loads(out))

    documents = len(list(SAMPLE_CORPUS.rglob("*.md")))
    added = [doc for report in reports for doc in report["added"]]
    assert sorted(added) == sorted(set(added))  # no source reported added twice
    assert len(added) == documents
    for report in reports:
        assert len(report["added"]) + len(report["unchanged"]) == documents
    log = _cli(data, "sources", "log", "--json", "--limit", "1000", database_url=database_url)
    journal = json.loads(log.stdout)
    assert sum(entry["action"] == "add" for entry in journal) == documents
    if database_url is not None:
        assert not (data / "registry.sqlite3").exists()  # the records went to PostgreSQL
