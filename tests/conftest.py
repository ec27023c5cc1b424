"""Shared fixtures: an isolated working directory, the real embedding model, real desks, a
real PostgreSQL server for the tests that run on both database backends, and a real Chroma
server for the tests of a shared deployment."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import knowledge
from knowledge import Desk, Settings, StoreSettings
from knowledge.embeddings import MiniLMEmbeddings
from tests.chroma_server import running_chroma
from tests.postgres_server import PostgresServer

SAMPLE_CORPUS = Path(knowledge.__file__).parent / "sample_corpus" / "sources"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No developer .env or FACTDESK_* variable leaks into a test, and no `factdesk ask` a
    test runs leaves a server behind (the tests of that start one themselves)."""
    for name in list(os.environ):
        if name.startswith("FACTDESK_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("FACTDESK_AUTO_SERVE_MINUTES", "0")
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def embeddings() -> MiniLMEmbeddings:
    """The real model, loaded once per run (the ONNX export is cached in the user cache)."""
    model = MiniLMEmbeddings()
    model.warm_up()
    return model


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the whole run, started on first use and stopped at the end;
    if it cannot start, every test that needs it errors (it is never skipped)."""
    with PostgresServer.running() as server:
        yield server


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A `chroma run` server for one test module (its collections start empty); yields the
    port. If it cannot start, the tests that need it error (they are never skipped)."""
    with running_chroma(tmp_path_factory.mktemp("chroma-server")) as port:
        yield port


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_database_url(request: pytest.FixtureRequest) -> str | None:
    """Run a test once per backend: None for the SQLite files in the data directory, else the
    URL of a fresh PostgreSQL database. A module opts in by overriding `database_url`."""
    if request.param == "sqlite":
        return None
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database()


@pytest.fixture
def database_url() -> str | None:
    """The registry's database for `settings`: the embedded SQLite default."""
    return None


@pytest.fixture
def other_database_url(database_url: str | None, request: pytest.FixtureRequest) -> str | None:
    """A second, empty database on the backend of `database_url`, for moving records between
    two: None for SQLite (pair it with another data directory), else a new PostgreSQL one."""
    if database_url is None:
        return None
    server: PostgresServer = request.getfixturevalue("postgres")
    return server.create_database()


@pytest.fixture
def store_settings(tmp_path: Path, database_url: str | None) -> StoreSettings:
    return StoreSettings(data_dir=tmp_path / "data", database_url=database_url)


@pytest.fixture
def settings(store_settings: StoreSettings) -> Settings:
    return Settings(store=store_settings)


@pytest.fixture
def desk(settings: Settings, embeddings: MiniLMEmbeddings) -> Iterator[Desk]:
    with Desk(settings, embeddings=embeddings) as opened:
        yield opened


@pytest.fixture(scope="session")
def sample_desk(
    tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings
) -> Iterator[Desk]:
    """A desk with the bundled sample corpus loaded once for the whole run."""
    data = tmp_path_factory.mktemp("sample-data")
    with Desk(Settings(store=StoreSettings(data_dir=data)), embeddings=embeddings) as opened:
        report = opened.ingest([str(SAMPLE_CORPUS)])
        assert report.ok, report.failed
        yield opened
