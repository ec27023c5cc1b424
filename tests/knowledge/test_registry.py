"""The registry: sources, passages, generations and the journal, on SQLite and PostgreSQL."""

from __future__ import annotations

import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from knowledge import StoreSettings
from knowledge.database import Database, open_database
from knowledge.errors import StoreError
from knowledge.migrations import write_version
from knowledge.models import Passage, Source, SourceKind, SourceMeta
from knowledge.registry import JournalEntry, Registry

OpenRegistry = Callable[[], Registry]


@pytest.fixture
def database_url(backend_database_url: str | None) -> str | None:
    return backend_database_url


@pytest.fixture
def open_registry(store_settings: StoreSettings) -> Iterator[OpenRegistry]:
    """Opens the registry as another process would: its own engine on the same database."""
    opened: list[Registry] = []

    def open_one() -> Registry:
        opened.append(Registry(open_database(store_settings, "registry.sqlite3")))
        return opened[-1]

    yield open_one
    for registry in opened:
        registry.close()


@pytest.fixture
def registry(open_registry: OpenRegistry) -> Registry:
    return open_registry()


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


def test_put_get_list_and_generations(registry: Registry) -> None:
    assert registry.scope_state("s1").generation == 0
    registry.put_source(_source("d1"), _passages("d1"), text="t", embedding="model/fp32")
    state = registry.scope_state("s1")
    assert (state.generation, state.embedding) == (1, "model/fp32")
    got = registry.get_source("s1", "d1")
    assert got is not None
    assert got.meta == _source("d1").meta
    assert got.loaded_by == "mod#1"
    assert [p.passage_id for p in registry.passages("s1")] == ["d1#a-0", "d1#a-1"]
    assert registry.get_source("s2", "d1") is None
    assert registry.list_sources("s2") == []


def test_replacing_a_source_swaps_its_passages(registry: Registry) -> None:
    registry.put_source(_source("d1"), _passages("d1", "a"), text="t", embedding="m")
    registry.put_source(_source("d1", digest="h2"), _passages("d1", "b"), text="t", embedding="m")
    assert [p.passage_id for p in registry.passages("s1", "d1")] == ["d1#b-0", "d1#b-1"]
    assert registry.count_passages("s1") == 2
    assert [e.action for e in registry.journal("s1")] == ["replace", "add"]


def test_the_full_text_is_kept_with_the_source(registry: Registry) -> None:
    registry.put_source(_source("d1"), _passages("d1"), text="First text.\n\nMore.", embedding="m")
    registry.put_source(_source("d1", digest="h2"), _passages("d1"), text="Second.", embedding="m")
    assert registry.text("s1", "d1") == "Second."
    assert registry.text("s1", "d2") is None
    assert registry.without_text("s1") == set()


def test_a_text_is_filled_in_only_for_the_same_content_without_one(registry: Registry) -> None:
    registry.put_source(_source("d1"), _passages("d1"), text="Kept.", embedding="m")
    generation = registry.scope_state("s1").generation
    assert not registry.fill_text("s1", "d1", "h1", "Other.")  # it has its text already
    assert not registry.fill_text("s1", "d9", "h1", "Other.")  # no such source
    assert registry.text("s1", "d1") == "Kept."
    assert registry.scope_state("s1").generation == generation


def test_the_journal_names_who_wrote_and_keeps_the_history_in_order(registry: Registry) -> None:
    registry.put_source(_source("d1"), _passages("d1"), text="t", embedding="m", actor="import")
    registry.remove_source("s1", "d1", actor="mod#2")
    history = registry.journal_history("s1")
    assert [(e.action, e.actor) for e in history] == [("add", "import"), ("remove", "mod#2")]
    assert registry.get_source("s1", "d1") is None


def test_an_imported_journal_is_added_once(registry: Registry) -> None:
    registry.log("s2", "failed", actor="cli", origin="x.pdf", detail="is empty")
    old = [
        JournalEntry(
            datetime(2024, 5, 1, 9, 0, 0, 123456, UTC), "s1", "add", "d1", "d1.md", "m", None
        ),
        JournalEntry(datetime(2024, 5, 2, 9, 0, tzinfo=UTC), "s1", "remove", "d1", None, "m", None),
    ]
    assert registry.add_journal("s2", old) == 2
    assert registry.add_journal("s2", old) == 0
    assert registry.add_journal("s2", [*old, replace(old[0], actor="other")]) == 1
    history = registry.journal_history("s2")
    assert [(e.action, e.actor) for e in history] == [
        ("failed", "cli"),
        ("add", "m"),
        ("remove", "m"),
        ("add", "other"),
    ]
    assert history[1] == replace(old[0], scope="s2")  # times kept to the microsecond
    assert registry.journal_history("s1") == []


def test_remove_and_journal(registry: Registry) -> None:
    registry.put_source(_source("d1"), _passages("d1"), text="t", embedding="m")
    assert registry.remove_source("s1", "d1", actor="mod#2")
    assert not registry.remove_source("s1", "d1", actor="mod#2")
    assert registry.count_passages("s1") == 0
    entry = registry.journal("s1")[0]
    assert (entry.action, entry.doc_id, entry.actor) == ("remove", "d1", "mod#2")
    assert registry.scope_state("s1").embedding == "m"  # a removal keeps the model on record


def test_a_failed_transaction_changes_nothing(registry: Registry) -> None:
    registry.put_source(_source("d1"), _passages("d1"), text="t", embedding="m")
    clash = _passages("d2") + _passages("d2")  # the same passage id twice
    with pytest.raises(StoreError, match="could not record 'd2'"):
        registry.put_source(_source("d2"), clash, text="t", embedding="m")
    assert registry.get_source("s1", "d2") is None
    assert registry.scope_state("s1").generation == 1


def test_a_registry_from_a_newer_factdesk_is_refused(
    open_registry: OpenRegistry, store_settings: StoreSettings
) -> None:
    open_registry()
    database = open_database(store_settings, "registry.sqlite3")
    with database.write("test") as conn:
        write_version(conn, database.dialect, "registry", 99)
    database.close()
    with pytest.raises(StoreError, match=r"newer factdesk \(schema 99.*upgrade factdesk"):
        open_registry()


def test_a_write_says_whether_it_added_replaced_or_found_the_same_content(
    open_registry: OpenRegistry,
) -> None:
    registry = open_registry()
    other_process = open_registry()

    first = registry.put_source(_source("d1"), _passages("d1"), text="t", embedding="m")
    again = other_process.put_source(_source("d1"), _passages("d1"), text="t", embedding="m")
    changed = other_process.put_source(
        _source("d1", digest="h2"), _passages("d1"), text="t", embedding="m"
    )

    assert (first, again, changed) == ("add", "unchanged", "replace")
    assert [e.action for e in registry.journal("s1")] == ["replace", "add"]
    assert registry.scope_state("s1").generation == 2


def test_writers_racing_on_one_source_add_it_once(open_registry: OpenRegistry) -> None:
    """Four connections put the same new source at the same moment: the decision and the
    generation bump share one transaction under the scope's lock, so one adds it, the others
    find it there, and the generation counts one change."""
    writers = [open_registry() for _ in range(4)]
    start = threading.Barrier(len(writers))
    outcomes: list[str] = []

    def load(registry: Registry) -> None:
        start.wait()
        outcomes.append(
            registry.put_source(_source("d1"), _passages("d1"), text="t", embedding="m")
        )

    threads = [threading.Thread(target=load, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["add", "unchanged", "unchanged", "unchanged"]
    assert [e.action for e in writers[0].journal("s1")] == ["add"]
    assert writers[0].scope_state("s1").generation == 1
    assert writers[0].count_passages("s1") == 2


def test_sources_and_passages_are_listed_in_one_order_on_both_backends(
    registry: Registry,
) -> None:
    """Newest first with undated sources last, then by id in code-point order, whatever the
    database's locale: the BM25 index and the answers are built from these lists."""
    for doc_id, published in [("b", None), ("a", date(2024, 1, 1)), ("Z", date(2024, 1, 1))]:
        source = _source(doc_id)
        meta = SourceMeta(doc_id, "T", "Wire", SourceKind.NEWS, published)
        registry.put_source(
            Source(meta, "s1", source.origin, "h", source.loaded_at, "mod", 2),
            _passages(doc_id),
            text="t",
            embedding="m",
        )
    assert [s.meta.doc_id for s in registry.list_sources("s1")] == ["Z", "a", "b"]
    assert [p.doc_id for p in registry.passages("s1")] == ["Z", "Z", "a", "a", "b", "b"]


def test_a_registry_written_before_postgresql_support_still_opens(tmp_path: Path) -> None:
    """A data directory from factdesk 0.1: the same file, schema and PRAGMA user_version."""
    path = tmp_path / "registry.sqlite3"
    script = (Path(__file__).parents[2] / "knowledge/schema/registry/001.sqlite.sql").read_text()
    with sqlite3.connect(path) as db:
        db.executescript(script)
        db.execute(
            "INSERT INTO sources VALUES ('s1', 'old', 'Old', 'Wire', NULL, NULL, '2024-05-01', "
            "'news', 'old.md', 'h0', '2024-05-02T10:00:00+00:00', 'cli', 1)"
        )
        db.execute("INSERT INTO scopes VALUES ('s1', 7, 'm', '2024-05-02T10:00:00+00:00')")
        db.execute("PRAGMA user_version=1")
    registry = Registry(Database.sqlite(path))
    assert [s.meta.doc_id for s in registry.list_sources("s1")] == ["old"]
    assert registry.put_source(_source("d1"), _passages("d1"), text="t", embedding="m") == "add"
    assert registry.scope_state("s1").generation == 8
    assert registry.without_text("s1") == {"old"}  # its text was never kept
    assert registry.text("s1", "old") is None
    registry.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (2,)


def test_an_unreachable_postgresql_fails_at_once_without_showing_the_password() -> None:
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://factdesk:secret-pw@127.0.0.1:{port}/factdesk"
    with pytest.raises(StoreError, match="cannot open the registry at postgresql") as caught:
        Registry(Database.postgresql(url))
    assert "secret-pw" not in str(caught.value)


def test_a_database_url_that_is_not_postgresql_is_refused() -> None:
    with pytest.raises(StoreError, match="must be a PostgreSQL URL"):
        Database.postgresql("mysql://factdesk@127.0.0.1/factdesk")
