"""The export format: what is written is read back the same, and a bad file is refused at the
line at fault with a message that says what to do."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from knowledge.errors import ExportFileError
from knowledge.models import LoadedDocument, SourceKind, SourceMeta, VerdictLabel
from knowledge.registry import JournalEntry
from knowledge.transfer import FORMAT, VERSION, ScopeExport, decode, encode
from knowledge.usage import Feedback, KeptAnswer, ThreadLink, Vote

LOADED = datetime(2024, 5, 2, 10, 15, 30, 250000, tzinfo=UTC)
ASKED = datetime(2024, 5, 3, 8, 0, 5, tzinfo=UTC)

EXPORT = ScopeExport(
    scope="guild-1",
    exported_at=datetime(2024, 6, 1, 12, 0, tzinfo=UTC),
    sources=(
        LoadedDocument(
            meta=SourceMeta(
                "kz-embassy",
                "Statement of the Embassy",
                "Embassy of Kazakhstan",
                SourceKind.STATEMENT,
                date(2024, 5, 1),
                "Press office",
                "https://example.org/press",
            ),
            text="Kazakhstan did not sell jets.\n\n  «Quoted», with a tab\tand   spaces.",
            origin="sources/kz-embassy.md",
            loaded_at=LOADED,
            loaded_by="discord:42",
        ),
        LoadedDocument(
            meta=SourceMeta("pasted-1", "A post", "Unknown publisher", SourceKind.SOCIAL),
            text="Posts say the jets were sold.",
            origin="pasted text",
            loaded_at=LOADED,
            loaded_by="cli",
        ),
    ),
    journal=(
        JournalEntry(LOADED, "guild-1", "add", "kz-embassy", "sources/kz-embassy.md", "cli", None),
        JournalEntry(LOADED, "guild-1", "failed", None, "bad.pdf", "cli", "has no text to index"),
    ),
    feedback=Feedback(
        answers=(
            KeptAnswer(
                7,
                ASKED,
                "discord:42",
                "did the US buy Kazakh jets?",
                "the US bought Kazakh jets",
                VerdictLabel.REFUTED,
                0.8123456789,
                {"verdict": "refuted", "citations": [], "passage_ids": ["kz-embassy#ab-0"]},
            ),
        ),
        votes=(Vote(7, "discord:43", True, ASKED),),
        threads=(ThreadLink("1234567890", 7),),
    ),
    written_by="0.1.0",
)


def _lines() -> list[str]:
    return list(encode(EXPORT))


def test_an_export_is_read_back_as_it_was_written() -> None:
    assert decode(_lines(), "corpus.jsonl") == EXPORT


def test_the_first_line_is_a_header_with_the_counts_then_one_typed_record_a_line() -> None:
    header, *records = [json.loads(line) for line in _lines()]
    assert (header["format"], header["version"], header["scope"]) == (FORMAT, VERSION, "guild-1")
    assert header["counts"] == {"source": 2, "journal": 2, "answer": 1, "vote": 1, "thread": 1}
    assert [r["type"] for r in records] == [
        "source",
        "source",
        "journal",
        "journal",
        "answer",
        "vote",
        "thread",
    ]
    source = records[0]
    assert source["text"] == EXPORT.sources[0].text
    assert {k: source[k] for k in EXPORT.sources[0].meta.fields()} == (
        EXPORT.sources[0].meta.fields()
    )


def test_blank_lines_are_skipped() -> None:
    lines = _lines()
    assert decode(["", *lines[:3], "  ", *lines[3:], ""], "corpus.jsonl") == EXPORT


def _edit(number: int, **changes: object) -> Callable[[list[str]], list[str]]:
    """An edit of line `number` (1-based): fields set, or removed when given `...`."""

    def edit(lines: list[str]) -> list[str]:
        record = json.loads(lines[number - 1])
        for key, value in changes.items():
            if value is ...:
                del record[key]
            else:
                record[key] = value
        return [*lines[: number - 1], json.dumps(record), *lines[number:]]

    return edit


# Lines of EXPORT: 1 header, 2-3 sources, 4-5 journal, 6 answer, 7 vote, 8 thread.
BAD_FILES: list[tuple[str, Callable[[list[str]], list[str]], str]] = [
    ("empty", lambda lines: [], r"^corpus\.jsonl: is empty; a factdesk export starts"),
    (
        "no header",
        lambda lines: lines[1:],
        r"line 1: is not a factdesk export: its first line should be a header",
    ),
    ("newer version", _edit(1, version=2), r"line 1: .*newer factdesk.*upgrade factdesk"),
    ("version as text", _edit(1, version="1"), r"line 1: has an unknown format version '1'"),
    ("counts missing a type", _edit(1, counts={"source": 2}), r"line 1: 'counts' must give"),
    (
        "not JSON",
        lambda lines: [*lines[:2], lines[2][:-5], *lines[3:]],
        r"line 3: is not JSON \(.*\); export the scope again",
    ),
    ("a list", lambda lines: [*lines[:4], "[1, 2]", *lines[5:]], r"line 5: is not a JSON object"),
    ("unknown type", _edit(4, type="note"), r"line 4: has an unknown record type 'note'"),
    ("type as a list", _edit(5, type=["journal"]), r"line 5: has an unknown record type \["),
    ("missing text", _edit(2, text=...), r"line 2: a source record lacks the field 'text'"),
    ("unknown field", _edit(3, colour="red"), r"line 3: a source record has an unknown field"),
    ("empty text", _edit(2, text=" \n"), r"line 2: 'text' must not be empty"),
    ("bad id", _edit(2, id="no spaces allowed"), r"line 2: 'id' must be 1 to 128 characters"),
    ("bad kind", _edit(3, kind="blog"), r"line 3: 'kind' must be one of news, statement"),
    ("bad date", _edit(2, published="May 1"), r"line 2: 'published' must be null or a date"),
    ("no UTC offset", _edit(4, at="2024-05-02T10:15:30"), r"line 4: 'at' must be a date and"),
    ("number as title", _edit(2, title=5), r"line 2: 'title' must be text \(got 5\)"),
    (
        "duplicate id",
        _edit(3, id="kz-embassy"),
        r"line 3: source 'kz-embassy' is already on line 2",
    ),
    ("bad verdict", _edit(6, verdict="true"), r"line 6: 'verdict' must be one of supported"),
    ("confidence over 1", _edit(6, confidence=1.5), r"line 6: 'confidence' must be between"),
    ("vote as a number", _edit(7, helpful=1), r"line 7: 'helpful' must be true or false"),
    ("vote of no answer", _edit(7, answer_id=8), r"line 7: refers to answer 8, which the file"),
    ("thread of no answer", _edit(8, answer_id=9), r"line 8: refers to answer 9"),
    (
        "cut short",
        lambda lines: lines[:-1],
        r"^corpus\.jsonl: the header counts 1 thread record\(s\) but the file holds 0",
    ),
]


@pytest.mark.parametrize(
    ("edit", "message"), [(e, m) for _, e, m in BAD_FILES], ids=[n for n, _, _ in BAD_FILES]
)
def test_a_bad_file_is_refused_naming_the_line(
    edit: Callable[[list[str]], list[str]], message: str
) -> None:
    with pytest.raises(ExportFileError, match=message):
        decode(edit(_lines()), "corpus.jsonl")
