"""`expand_targets` turns files, folders and URLs into a clean list of things to load."""

from __future__ import annotations

from pathlib import Path

from knowledge.loaders import SUPPORTED_SUFFIXES, expand_targets
from knowledge.models import IngestFailure


def touch(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("text")


def test_supported_suffixes() -> None:
    assert {".md", ".markdown", ".txt", ".html", ".htm", ".pdf", ".jsonl"} == SUPPORTED_SUFFIXES


def test_folder_expands_recursively_sorted_skipping_hidden_and_unsupported(
    tmp_path: Path,
) -> None:
    touch(
        tmp_path,
        "b.md",
        "a.txt",
        "UPPER.HTML",
        "nested/deeper/c.pdf",
        "nested/d.jsonl",
        "nested/page.htm",
        ".hidden.md",
        ".git/config.md",
        "nested/.cache/e.md",
        "logo.png",
        "notes.docx",
        "Makefile",
    )

    targets, failures = expand_targets([str(tmp_path)])

    assert failures == []
    assert targets == [
        str(tmp_path / name)
        for name in (
            "UPPER.HTML",
            "a.txt",
            "b.md",
            "nested/d.jsonl",
            "nested/deeper/c.pdf",
            "nested/page.htm",
        )
    ]


def test_named_hidden_file_is_loaded(tmp_path: Path) -> None:
    touch(tmp_path, ".draft.md")

    assert expand_targets([str(tmp_path / ".draft.md")]) == ([str(tmp_path / ".draft.md")], [])


def test_urls_pass_through_and_other_schemes_fail() -> None:
    targets, failures = expand_targets(
        ["https://news.example.com/a", "HTTP://news.example.com/b", "ftp://files.example.com/c"]
    )

    assert targets == ["https://news.example.com/a", "HTTP://news.example.com/b"]
    assert failures == [
        IngestFailure(
            "ftp://files.example.com/c", "only http:// and https:// addresses can be loaded"
        )
    ]


def test_bad_targets_fail_and_good_ones_still_expand(tmp_path: Path) -> None:
    touch(tmp_path, "good.md", "report.docx", "folder/inner.txt")
    (tmp_path / "empty-folder").mkdir()
    missing = str(tmp_path / "missing.md")

    targets, failures = expand_targets(
        [
            missing,
            str(tmp_path / "report.docx"),
            str(tmp_path / "good.md"),
            str(tmp_path / "empty-folder"),
            str(tmp_path / "folder"),
        ]
    )

    assert targets == [str(tmp_path / "good.md"), str(tmp_path / "folder" / "inner.txt")]
    assert failures == [
        IngestFailure(missing, "does not exist; check the path"),
        IngestFailure(
            str(tmp_path / "report.docx"),
            "is a .docx file, which factdesk cannot load; "
            "it loads .htm, .html, .jsonl, .markdown, .md, .pdf, .txt",
        ),
        IngestFailure(
            str(tmp_path / "empty-folder"),
            "is a folder with no files factdesk can load "
            "(.htm, .html, .jsonl, .markdown, .md, .pdf, .txt)",
        ),
    ]


def test_each_file_is_listed_once(tmp_path: Path) -> None:
    touch(tmp_path, "a.md", "b.md")
    url = "https://news.example.com/a"

    targets, failures = expand_targets([str(tmp_path / "a.md"), str(tmp_path), url, url])

    assert failures == []
    assert targets == [str(tmp_path / "a.md"), str(tmp_path / "b.md"), url]
