"""Shared fixtures: an isolated working directory, the real embedding model, real desks."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import knowledge
from knowledge import Desk, Settings, StoreSettings
from knowledge.embeddings import MiniLMEmbeddings

SAMPLE_CORPUS = Path(knowledge.__file__).parent / "sample_corpus" / "sources"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No developer .env or FACTDESK_* variable leaks into a test."""
    for name in list(os.environ):
        if name.startswith("FACTDESK_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="session")
def embeddings() -> MiniLMEmbeddings:
    """The real model, loaded once per run (the ONNX export is cached in the user cache)."""
    model = MiniLMEmbeddings()
    model.warm_up()
    return model


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(store=StoreSettings(data_dir=tmp_path / "data"))


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
