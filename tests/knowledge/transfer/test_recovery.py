"""Rebuilding a text from its passages: exact or nothing, proved by the stored content hash."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from knowledge.ingest import content_hash
from knowledge.loaders import LoadLimits, MetaDefaults, expand_targets, load_target
from knowledge.models import LoadedDocument, Passage, Source
from knowledge.passages import split_passages
from knowledge.transfer.recovery import rebuild_text
from tests.conftest import SAMPLE_CORPUS


def _sample_documents() -> list[LoadedDocument]:
    paths, _ = expand_targets([str(SAMPLE_CORPUS)])
    limits = LoadLimits()
    return [
        d
        for path in paths
        for d in load_target(path, defaults=MetaDefaults(), limits=limits).documents
    ]


def _stored(document: LoadedDocument) -> tuple[Source, list[Passage]]:
    """The source and passages the registry holds after loading `document`."""
    passages = split_passages(document.meta.doc_id, document.text, max_chars=200)
    source = Source(
        document.meta,
        "s1",
        document.origin,
        content_hash(document),
        datetime.now(UTC),
        "cli",
        len(passages),
    )
    return source, passages


def test_the_sample_corpus_is_rebuilt_byte_for_byte_or_not_at_all() -> None:
    documents = _sample_documents()
    rebuilt = {d.meta.doc_id: rebuild_text(*_stored(d)) for d in documents}
    for document in documents:
        assert rebuilt[document.meta.doc_id] in (None, document.text)
    assert sum(text is not None for text in rebuilt.values()) >= len(documents) - 2


@pytest.mark.parametrize(
    "text",
    [
        "First line of the note.\nSecond line of it. " * 6,
        "One paragraph here.\n\nAnother one there. " * 6,
        "Indented:\n\n   a quoted line follows. " * 6,
    ],
    ids=["line breaks", "paragraphs", "indents"],
)
def test_line_breaks_and_indents_between_passages_come_back(text: str) -> None:
    document = LoadedDocument(_sample_documents()[0].meta, text.strip(), "note.md")
    source, passages = _stored(document)
    assert len(passages) > 1
    assert rebuild_text(source, passages) == document.text


def test_a_text_the_hash_does_not_prove_is_not_returned() -> None:
    document = _sample_documents()[0]
    source, passages = _stored(document)
    assert rebuild_text(replace(source, content_hash="0" * 64), passages) is None
    assert rebuild_text(source, []) is None
