"""Export and import through the Desk, with the real model, embedded Chroma and the registry on
SQLite and on PostgreSQL: a scope moves whole, once, and a bad import writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from knowledge import (
    Desk,
    EmptyScopeError,
    IndexMismatchError,
    MetaDefaults,
    MissingTextError,
    Settings,
    SourceKind,
    StoreError,
    StoreSettings,
    open_database,
    read_export,
    save_export,
)
from knowledge.embeddings import MiniLMEmbeddings
from knowledge.registry import Registry
from knowledge.transfer import ScopeExport, decode, encode

MAYOR = "did the mayor of Tarnby open the bridge?"
FERRY = "was the Holm Island ferry cancelled?"


@pytest.fixture
def database_url(backend_database_url: str | None) -> str | None:
    return backend_database_url


@pytest.fixture
def other_desk(
    tmp_path: Path, other_database_url: str | None, embeddings: MiniLMEmbeddings
) -> Iterator[Desk]:
    """An empty desk on another data directory and database: where an export moves to."""
    store = StoreSettings(data_dir=tmp_path / "other", database_url=other_database_url)
    with Desk(Settings(store=store), embeddings=embeddings) as opened:
        yield opened


def _doc(doc_id: str, body: str, *, kind: str = "news", publisher: str = "Test Gazette") -> str:
    return (
        f'---\nid: {doc_id}\ntitle: "Report {doc_id}"\npublisher: "{publisher}"\n'
        f"author: A. Writer\nurl: https://example.org/{doc_id}\n"
        f"published: 2024-05-01\nkind: {kind}\n---\n{body}\n"
    )


DOCS = {
    "bridge": _doc(
        "bridge",
        "The mayor of Tarnby opened the new bridge on Monday.\n\n"
        "Hundreds of cyclists crossed it in the first hour, the council said.",
    ),
    "bridge-denial": _doc(
        "bridge-denial",
        "The Tarnby council denied that the mayor opened the bridge; it opens in June.",
        kind="statement",
        publisher="Tarnby Council",
    ),
    "ferry": _doc(
        "ferry",
        "The Holm Island ferry was cancelled after the harbour wall cracked.\n"
        "Repairs will take a month.",
    ),
}


def _load(desk: Desk, tmp_path: Path, scope: str) -> None:
    folder = tmp_path / "docs"
    folder.mkdir(exist_ok=True)
    for name, body in DOCS.items():
        (folder / f"{name}.md").write_text(body)
    report = desk.ingest([str(folder)], scope=scope, loaded_by="discord:42")
    assert report.ok, report.failed
    desk.add_text(
        "Posts claim the ferry will never run again.",
        defaults=MetaDefaults(title="A post", publisher="Someone", kind=SourceKind.SOCIAL),
        scope=scope,
        loaded_by="discord:7",
    )


def _feedback(desk: Desk, scope: str) -> None:
    """Two answers shown, as the bot records them, with votes and a follow-up thread."""
    first = desk.usage.record(scope, desk.ask(MAYOR, scope=scope), asked_by="discord:1")
    second = desk.usage.record(scope, desk.ask(FERRY, scope=scope), asked_by="discord:2")
    desk.usage.vote(first, "discord:2", helpful=True)
    desk.usage.vote(second, "discord:1", helpful=False)
    desk.usage.link_thread("5550001", second)


def _round_trip(export: ScopeExport) -> ScopeExport:
    return decode(list(encode(export)), "corpus.jsonl")


def _sources(desk: Desk, scope: str) -> list[dict[str, object]]:
    return [{**s.to_dict(), "scope": None} for s in desk.sources(scope)]


def test_a_scope_moves_whole_to_another_scope_and_data_directory(
    desk: Desk, other_desk: Desk, tmp_path: Path
) -> None:
    _load(desk, tmp_path, "guild-a")
    _feedback(desk, "guild-a")
    desk.remove("ferry", "guild-a", actor="discord:9")
    desk.ingest([str(tmp_path / "docs" / "ferry.md")], scope="guild-a", loaded_by="discord:42")

    report = other_desk.import_scope(_round_trip(desk.export_scope("guild-a")), scope="guild-b")

    assert report.ok
    assert len(report.sources.added) == 4
    assert _sources(other_desk, "guild-b") == _sources(desk, "guild-a")
    for source in desk.sources("guild-a"):
        doc_id = source.meta.doc_id
        assert other_desk.source(doc_id, "guild-b")[1] == desk.source(doc_id, "guild-a")[1]
        assert other_desk.registry.text("guild-b", doc_id) == desk.registry.text("guild-a", doc_id)
    assert other_desk.dense.ids("guild-b") == desk.dense.ids("guild-a")
    for question in (MAYOR, FERRY):
        before, after = (
            desk.ask(question, scope="guild-a"),
            other_desk.ask(question, scope="guild-b"),
        )
        assert (after.verdict, after.citations, after.text) == (
            before.verdict,
            before.citations,
            before.text,
        )
    assert other_desk.usage.stats("guild-b") == desk.usage.stats("guild-a")
    history = [
        (e.at, e.action, e.doc_id, e.actor) for e in desk.registry.journal_history("guild-a")
    ]
    moved = other_desk.registry.journal_history("guild-b")
    assert [(e.at, e.action, e.doc_id, e.actor) for e in moved[: len(history)]] == history
    assert [(e.action, e.actor) for e in moved[len(history) :]] == [("add", "cli")] * 4


def test_importing_the_same_export_again_adds_nothing(
    desk: Desk, other_desk: Desk, tmp_path: Path
) -> None:
    _load(desk, tmp_path, "guild-a")
    _feedback(desk, "guild-a")
    export = _round_trip(desk.export_scope("guild-a"))
    other_desk.import_scope(export, scope="guild-b", actor="restore")
    journal = other_desk.registry.journal_history("guild-b")
    generation = other_desk.registry.scope_state("guild-b").generation

    again = other_desk.import_scope(export, scope="guild-b", actor="restore")

    assert (again.sources.added, again.sources.replaced, again.sources.failed) == ((), (), ())
    assert len(again.sources.unchanged) == 4
    assert (again.journal_added, again.journal_present) == (0, len(export.journal))
    merged = again.feedback
    assert (merged.answers_added, merged.votes_added, merged.threads_added) == (0, 0, 0)
    assert other_desk.registry.journal_history("guild-b") == journal
    assert other_desk.registry.scope_state("guild-b").generation == generation
    assert len(other_desk.usage.feedback("guild-b").answers) == 2
    assert other_desk.usage.stats("guild-b") == desk.usage.stats("guild-a")


def test_an_import_keeps_who_loaded_each_source_and_names_the_importer(
    desk: Desk, other_desk: Desk, tmp_path: Path
) -> None:
    _load(desk, tmp_path, "guild-a")

    other_desk.import_scope(desk.export_scope("guild-a"), actor="moved-by-admin")

    kept = {s.meta.doc_id: (s.loaded_by, s.loaded_at) for s in other_desk.sources("guild-a")}
    assert kept == {s.meta.doc_id: (s.loaded_by, s.loaded_at) for s in desk.sources("guild-a")}
    newest = other_desk.journal("guild-a", limit=4)
    assert {(e.action, e.actor) for e in newest} == {("add", "moved-by-admin")}


def test_an_export_saved_to_a_file_is_read_back_whole(desk: Desk, tmp_path: Path) -> None:
    _load(desk, tmp_path, "guild-a")
    _feedback(desk, "guild-a")
    export = desk.export_scope("guild-a")
    path = tmp_path / "corpus.jsonl"

    save_export(export, path)

    assert read_export(path.read_bytes(), path.name) == export
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".corpus")] == []


def test_a_source_loaded_before_texts_were_kept_is_exported_from_its_passages(
    desk: Desk, tmp_path: Path
) -> None:
    _load(desk, tmp_path, "guild-a")
    texts = {
        s.meta.doc_id: desk.registry.text("guild-a", s.meta.doc_id) for s in desk.sources("guild-a")
    }
    _forget_texts(desk)

    export = desk.export_scope("guild-a")

    assert {d.meta.doc_id: d.text for d in export.sources} == texts


def test_a_text_its_passages_cannot_prove_stops_the_export_and_names_the_source(
    desk: Desk, tmp_path: Path
) -> None:
    _load(desk, tmp_path, "guild-a")
    # Two long sentences split at a tab: no gap the rebuild tries gives this text back.
    sentence = "The harbour board of Holm Island met on Monday to discuss the repairs " * 2
    desk.add_text(
        f"{sentence.strip()}.\t{sentence.strip()}.",
        defaults=MetaDefaults(title="Tabbed", publisher="Holm Post", kind=SourceKind.NEWS),
        scope="guild-a",
    )
    tabbed = next(s.meta.doc_id for s in desk.sources("guild-a") if s.meta.title == "Tabbed")
    assert len(desk.source(tabbed, "guild-a")[1]) == 2
    _forget_texts(desk)

    with pytest.raises(MissingTextError, match=rf"1 source\(s\) .* '{tabbed}'; load them again"):
        desk.export_scope("guild-a")


def _forget_texts(desk: Desk) -> None:
    """Make every source look loaded before schema 2, which kept no texts."""
    database = open_database(desk.settings.store, "registry.sqlite3")
    with database.write("test") as conn:
        conn.execute(sql("UPDATE sources SET text = NULL"))
    database.close()


def _writing_meanwhile(desk: Desk, monkeypatch: pytest.MonkeyPatch, *, every_read: bool) -> str:
    """While the export reads texts, another registry on the same database (as another
    process has) writes to the scope: on the first read it removes a source; with
    `every_read`, every read also records the scope's embedding model again (as each batch
    of a long ingest does). Returns the source removed."""
    writer = Registry(open_database(desk.settings.store, "registry.sqlite3"))
    removed = desk.sources("guild-a")[0].meta.doc_id
    embedding = desk.registry.scope_state("guild-a").embedding
    assert embedding is not None
    read_text = desk.registry.text
    reads = 0

    def text(scope: str, doc_id: str) -> str | None:
        nonlocal reads
        reads += 1
        if reads == 1:
            writer.remove_source(scope, removed, actor="discord:7")
        elif every_read:
            writer.set_embedding(scope, embedding)
        return read_text(scope, doc_id)

    monkeypatch.setattr(desk.registry, "text", text)
    return removed


def test_a_change_by_another_process_during_an_export_is_read_again(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load(desk, tmp_path, "guild-a")
    removed = _writing_meanwhile(desk, monkeypatch, every_read=False)

    export = desk.export_scope("guild-a")

    exported = {d.meta.doc_id for d in export.sources}
    assert removed not in exported
    assert exported == {s.meta.doc_id for s in desk.sources("guild-a")}
    assert export.journal[-1].action == "remove"


def test_a_scope_that_keeps_changing_is_not_exported_half_way(
    desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load(desk, tmp_path, "guild-a")
    _writing_meanwhile(desk, monkeypatch, every_read=True)

    with pytest.raises(StoreError, match="changed while it was being exported, 5 times"):
        desk.export_scope("guild-a")


def test_an_empty_scope_is_not_exported(desk: Desk) -> None:
    with pytest.raises(EmptyScopeError, match="scope 'guild-z' holds no sources"):
        desk.export_scope("guild-z")


def test_a_scope_indexed_by_another_model_is_refused_before_anything_is_written(
    desk: Desk, other_desk: Desk, tmp_path: Path
) -> None:
    _load(desk, tmp_path, "guild-a")
    _feedback(desk, "guild-a")
    export = desk.export_scope("guild-a")
    other_desk.registry.set_embedding("guild-b", "another-model/fp32")

    with pytest.raises(IndexMismatchError, match="factdesk reindex --scope guild-b"):
        other_desk.import_scope(export, scope="guild-b")

    assert other_desk.registry.journal_history("guild-b") == []
    assert other_desk.sources("guild-b") == []
    assert other_desk.usage.feedback("guild-b").answers == ()
