"""Each supported format loads from a real file with the right metadata and body."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

from knowledge.loaders import LoadResult, MetaDefaults, load_target
from knowledge.models import LoadedDocument, SourceKind
from tests.knowledge.loaders.builders import ARTICLE_HTML, make_pdf

DERIVED_ID = re.compile(r"^[a-z0-9-]+-[0-9a-f]{8}$")

FRONT_MATTER_MD = """---
id: kz-embassy-us-statement
title: "Statement of the Embassy regarding reports of aircraft sales"
publisher: "Embassy of Kazakhstan in the USA"
author: "Press office"
url: "https://kazembassy-us.example.com/press/2024-05-01-statement"
published: 2024-05-01
kind: statement
tags: [ignored, extra]
---

The Embassy is aware of recent reports claiming that Kazakhstan sold military aircraft.

Kazakhstan does not export or sell arms to any country.
"""


def only_document(result: LoadResult) -> LoadedDocument:
    assert result.failures == ()
    assert len(result.documents) == 1
    return result.documents[0]


def test_markdown_with_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "statement.md"
    path.write_text(FRONT_MATTER_MD, encoding="utf-8")

    document = only_document(load_target(str(path)))

    meta = document.meta
    assert meta.doc_id == "kz-embassy-us-statement"
    assert meta.title == "Statement of the Embassy regarding reports of aircraft sales"
    assert meta.publisher == "Embassy of Kazakhstan in the USA"
    assert meta.author == "Press office"
    assert meta.url == "https://kazembassy-us.example.com/press/2024-05-01-statement"
    assert meta.published == date(2024, 5, 1)
    assert meta.kind is SourceKind.STATEMENT
    assert document.origin == str(path)
    assert document.text == (
        "The Embassy is aware of recent reports claiming that Kazakhstan sold military aircraft."
        "\n\nKazakhstan does not export or sell arms to any country."
    )


def test_front_matter_fields_win_over_defaults(tmp_path: Path) -> None:
    path = tmp_path / "statement.md"
    path.write_text(FRONT_MATTER_MD, encoding="utf-8")
    defaults = MetaDefaults(title="Other", publisher="Other", kind=SourceKind.SOCIAL)

    meta = only_document(load_target(str(path), defaults=defaults)).meta

    assert (meta.title, meta.publisher, meta.kind) == (
        "Statement of the Embassy regarding reports of aircraft sales",
        "Embassy of Kazakhstan in the USA",
        SourceKind.STATEMENT,
    )


def test_markdown_without_front_matter_is_plain_text(tmp_path: Path) -> None:
    path = tmp_path / "tram-line.md"
    path.write_text("\n\n# Lindenport opens its new tram line\n\nThe line runs east.\n")

    document = only_document(load_target(str(path)))

    assert document.meta.title == "Lindenport opens its new tram line"
    assert document.meta.publisher == "Unknown publisher"
    assert document.meta.kind is SourceKind.NEWS
    assert document.meta.published is None
    assert DERIVED_ID.match(document.meta.doc_id)
    assert document.meta.doc_id.startswith("tram-line-")
    assert document.text == "# Lindenport opens its new tram line\n\nThe line runs east."


def test_plain_text_takes_defaults(tmp_path: Path) -> None:
    path = tmp_path / "warning.txt"
    path.write_text("Storm warning for Castelbrook\n\nWinds of 90 km/h expected tonight.\n")
    defaults = MetaDefaults(
        title="Castelbrook storm warning",
        publisher="Castelbrook Weather Office",
        kind=SourceKind.STATEMENT,
        published=date(2024, 2, 3),
        author="Duty forecaster",
        url="https://weather.example.com/warnings/1",
    )

    meta = only_document(load_target(str(path), defaults=defaults)).meta

    assert meta.title == "Castelbrook storm warning"
    assert meta.publisher == "Castelbrook Weather Office"
    assert meta.kind is SourceKind.STATEMENT
    assert meta.published == date(2024, 2, 3)
    assert meta.author == "Duty forecaster"
    assert meta.url == "https://weather.example.com/warnings/1"


def test_plain_text_title_is_first_line_capped_at_200_chars(tmp_path: Path) -> None:
    path = tmp_path / "long.txt"
    path.write_text("word " * 100 + "\n\nBody.")

    title = only_document(load_target(str(path))).meta.title

    assert len(title) <= 200
    assert title.startswith("word word")


def test_body_is_normalised(tmp_path: Path) -> None:
    path = tmp_path / "messy.txt"
    raw = (
        "\ufeff\r\n  \r\nCafe\u0301 reopens   \r\nOn Monday.\t\r\n\r\nSecond paragraph.\r  \r\n\r\n"
    )
    path.write_bytes(raw.encode("utf-8"))

    document = only_document(load_target(str(path)))

    assert document.text == "Caf\u00e9 reopens\nOn Monday.\n\nSecond paragraph."
    assert document.meta.title == "Caf\u00e9 reopens"


def test_html_article_keeps_text_and_drops_boilerplate(tmp_path: Path) -> None:
    path = tmp_path / "kz-denial.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")

    document = only_document(load_target(str(path)))

    meta = document.meta
    assert meta.title == "Kazakhstan denies selling jets to the US"
    assert meta.author == "Aida Nurlanova"
    assert meta.publisher == "Steppe Monitor"
    assert meta.published == date(2024, 5, 2)
    assert meta.kind is SourceKind.NEWS
    assert "had not sold any military aircraft" in document.text
    assert "without independent confirmation" in document.text
    for boilerplate in ("Subscribe", "Home", "Privacy policy", "All rights reserved"):
        assert boilerplate not in document.text
    assert "\n\n" in document.text  # paragraphs stay apart


def test_html_without_metadata_falls_back_to_defaults(tmp_path: Path) -> None:
    path = tmp_path / "bare.htm"
    paragraph = "The museum reopens after two years of repairs to its roof and galleries. " * 3
    path.write_text(f"<html><body><article><p>{paragraph}</p></article></body></html>")
    defaults = MetaDefaults(publisher="Marrowfield Courier", kind=SourceKind.NEWS)

    meta = only_document(load_target(str(path), defaults=defaults)).meta

    assert meta.publisher == "Marrowfield Courier"
    assert meta.title.startswith("The museum reopens")
    assert meta.published is None


def test_pdf_text_and_info(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(
        make_pdf(
            ["Annual report\nRidership rose by a tenth.", "Fares stay the same next year."],
            title="Lindenport Trams annual report",
            author="Board of directors",
        )
    )

    document = only_document(load_target(str(path)))

    assert document.meta.title == "Lindenport Trams annual report"
    assert document.meta.author == "Board of directors"
    assert document.meta.publisher == "Unknown publisher"
    assert document.text == (
        "Annual report\nRidership rose by a tenth.\n\nFares stay the same next year."
    )


def test_pdf_without_info_takes_title_from_first_line(tmp_path: Path) -> None:
    path = tmp_path / "memo.pdf"
    path.write_bytes(make_pdf(["Memo on the striker transfer\nThe fee was not disclosed."]))

    assert only_document(load_target(str(path))).meta.title == "Memo on the striker transfer"


def test_jsonl_loads_good_lines_and_reports_bad_ones(tmp_path: Path) -> None:
    good = {
        "id": "rovers-1",
        "title": "Rovers sign striker",
        "publisher": "Rovers FC",
        "published": "2024-01-15",
        "kind": "statement",
        "text": "Rovers have signed a striker.\n\nThe fee was not disclosed.",
    }
    derived = {
        "title": "Striker transfer analysed",
        "publisher": "Terrace Talk",
        "published": "2024-01-16",
        "kind": "analysis",
        "author": "Sam Kerr",
        "text": "Why the deal makes sense.",
    }
    lines = [
        json.dumps(good),
        "",
        "{not json",
        json.dumps({**good, "id": "rovers-2", "kind": "blog"}),
        json.dumps(derived),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n")

    result = load_target(str(path))

    assert result.documents[0].meta.doc_id == "rovers-1"
    assert [d.origin for d in result.documents] == [f"{path}:1", f"{path}:5"]
    assert result.documents[0].text == "Rovers have signed a striker.\n\nThe fee was not disclosed."
    second = result.documents[1].meta
    assert second.kind is SourceKind.ANALYSIS
    assert second.author == "Sam Kerr"
    assert second.published == date(2024, 1, 16)
    assert DERIVED_ID.match(second.doc_id)
    assert second.doc_id.startswith("striker-transfer-analysed-")
    assert [f.origin for f in result.failures] == [f"{path}:3", f"{path}:4"]
    assert result.failures[0].message.startswith("is not valid JSON (")
    assert result.failures[1].message == (
        "'kind' must be one of news, statement, analysis, social, factcheck, correction "
        "(got 'blog')"
    )
