"""The SQLite registry: sources, passages, generations and the journal."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from knowledge.errors import StoreError
from knowledge.models import Passage, Source, SourceKind, SourceMeta
from knowledge.registry import Registry


def _source(doc_id: str, scope: str = "s1", digest: str = "h1") -> Source:
    meta = SourceMeta(
        doc_id,
        f"Title {doc_id}",
        "Wire",
        SourceKind.NEWS,
        date(2024, 5, 1),
        "A. Writer",
        "https://example.com/x",
    )
    return Source(meta, scope, f"{doc_id}.md", digest, datetime.now(UTC), "mod#1", 2)


def _passages(doc_id: str, tag: str = "a") -> list[Passage]:
    return [
        Passage(f"{doc_id}#{tag}-{i}", doc_id, i, i * 10, i * 10 + 9, f"text {i}") for i in range(2)
    ]


def test_put_get_list_and_generations(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "r.sqlite3")
    assert registry.scope_state("s1").generation == 0
    registry.put_source(_source("d1"), _passages("d1"), embedding="model/fp32")
    state = registry.scope_state("s1")
    assert (state.generation, state.embedding) == (1, "model/fp32")
    got = registry.get_source("s1", "d1")
    assert got is not None
    assert got.meta == _source("d1").meta
    assert got.loaded_by == "mod#1"
    assert [p.passage_id for p in registry.passages("s1")] == ["d1#a-0", "d1#a-1"]
    assert registry.get_source("s2", "d1") is None
    assert registry.list_sources("s2") == []


def test_replacing_a_source_swaps_its_passages(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "r.sqlite3")
    registry.put_source(_source("d1"), _passages("d1", "a"), embedding="m")
    registry.put_source(_source("d1", digest="h2"), _passages("d1", "b"), embedding="m")
    assert [p.passage_id for p in registry.passages("s1", "d1")] == ["d1#b-0", "d1#b-1"]
    assert registry.count_passages("s1") == 2
    assert [e.action for e in registry.journal("s1")] == ["replace", "add"]


def test_remove_and_journal(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "r.sqlite3")
    registry.put_source(_source("d1"), _passages("d1"), embedding="m")
    assert registry.remove_source("s1", "d1", actor="mod#2")
    assert not registry.remove_source("s1", "d1", actor="mod#2")
    assert registry.count_passages("s1") == 0
    entry = registry.journal("s1")[0]
    assert (entry.action, entry.doc_id, entry.actor) == ("remove", "d1", "mod#2")
    assert registry.scope_state("s1").embedding == "m"  # a removal keeps the model on record


def test_a_failed_transaction_changes_nothing(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "r.sqlite3")
    registry.put_source(_source("d1"), _passages("d1"), embedding="m")
    clash = _passages("d2") + _passages("d2")  # the same passage id twice
    with pytest.raises(StoreError, match="could not record 'd2'"):
        registry.put_source(_source("d2"), clash, embedding="m")
    assert registry.get_source("s1", "d2") is None
    assert registry.scope_state("s1").generation == 1


def test_a_registry_from_a_newer_factdesk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite3"
    Registry(path).close()
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version=99")
    with pytest.raises(StoreError, match="upgrade factdesk"):
        Registry(path)


def test_a_write_says_whether_it_added_replaced_or_found_the_same_content(tmp_path: Path) -> None:
    registry = Registry(tmp_path / "r.sqlite3")
    other_process = Registry(tmp_path / "r.sqlite3")

    first = registry.put_source(_source("d1"), _passages("d1"), embedding="m")
    again = other_process.put_source(_source("d1"), _passages("d1"), embedding="m")
    changed = other_process.put_source(_source("d1", digest="h2"), _passages("d1"), embedding="m")

    assert (first, again, changed) == ("add", "unchanged", "replace")
    assert [e.action for e in registry.journal("s1")] == ["replace", "add"]
    assert registry.scope_state("s1").generation == 2
