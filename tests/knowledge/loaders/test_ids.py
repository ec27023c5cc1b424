"""Ids: a stated id is kept as is; a derived id is readable and the same on every run."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from knowledge.loaders import MetaDefaults, load_target
from knowledge.loaders.ids import derive_doc_id, is_valid_doc_id, slugify

DERIVED_ID = re.compile(r"^[a-z0-9-]+-[0-9a-f]{8}$")


def doc_id(target: str | Path) -> str:
    result = load_target(str(target))
    assert result.failures == ()
    return result.documents[0].meta.doc_id


def test_same_file_gives_the_same_id_every_time(tmp_path: Path) -> None:
    path = tmp_path / "Storm Warning.txt"
    path.write_text("Storm warning\n\nWinds tonight.")

    first = doc_id(path)

    assert first == doc_id(path)
    assert DERIVED_ID.match(first)
    assert first.startswith("storm-warning-")
    assert is_valid_doc_id(first)


def test_relative_and_absolute_paths_give_the_same_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "note.txt"
    path.write_text("A note.")
    monkeypatch.chdir(tmp_path)

    assert doc_id("note.txt") == doc_id(path)


def test_different_paths_give_different_ids(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "note.txt").write_text("Same text.")
    shutil.copy(tmp_path / "a" / "note.txt", tmp_path / "b" / "note.txt")

    first, second = doc_id(tmp_path / "a" / "note.txt"), doc_id(tmp_path / "b" / "note.txt")

    assert first != second
    assert first.startswith("note-")
    assert second.startswith("note-")


def test_derived_id_is_sha1_of_the_resolved_path(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("A note.")

    assert doc_id(path) == derive_doc_id("note", str(path.resolve()))


def test_jsonl_ids_are_stable_per_title_or_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    common = '"publisher": "P", "kind": "news", "published": "2024-01-01"'
    path.write_text(
        f'{{"title": "Tram line opens", {common}, "text": "One."}}\n{{{common}, "text": "Two."}}\n'
    )

    defaults = MetaDefaults(title="Fallback title")  # not used for the id of line 2
    first = load_target(str(path), defaults=defaults)
    again = load_target(str(path), defaults=defaults)

    ids = [d.meta.doc_id for d in first.documents]
    assert ids == [d.meta.doc_id for d in again.documents]
    assert ids[0] == derive_doc_id("Tram line opens", f"{path.resolve()}#Tram line opens")
    assert ids[1] == derive_doc_id("feed-line-2", f"{path.resolve()}#2")


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Café Überblick", "cafe-uberblick"),
        ("  Hello,   World!  ", "hello-world"),
        ("日本語", "doc"),
        ("a" * 80, "a" * 60),
        ("word-" * 20, ("word-" * 12).strip("-")),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
