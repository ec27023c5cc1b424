"""Bad files become failures with messages a moderator can act on, and spare the other targets."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from knowledge.loaders import LoadLimits, MetaDefaults, expand_targets, load_target
from knowledge.models import IngestFailure, SourceKind
from tests.knowledge.loaders.builders import PNG_BYTES, encrypt_pdf, make_pdf

VALID_FRONT = "id: ok-1\ntitle: T\npublisher: P\npublished: 2024-04-28\nkind: news\n"
KINDS = "news, statement, analysis, social, factcheck, correction"


def only_failure(target: Path, limits: LoadLimits | None = None) -> IngestFailure:
    result = load_target(str(target), limits=limits or LoadLimits())
    assert result.documents == ()
    assert len(result.failures) == 1
    assert result.failures[0].origin == str(target)
    return result.failures[0]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n\t\r\n   \n", "is empty"),
        ("bom-only.txt", b"\xef\xbb\xbf \n", "is empty"),
        ("image.txt", PNG_BYTES, "looks like a binary file, not text"),
        ("nul.md", b"Title\n\x00rest", "looks like a binary file, not text"),
        (
            "latin1.txt",
            "Caf\u00e9 reopens".encode("latin-1"),
            "is not UTF-8 text (invalid byte 0xe9 at offset 3); save it as UTF-8",
        ),
        (
            "latin1-bom.md",
            b"\xef\xbb\xbf" + "Caf\u00e9".encode("latin-1"),
            "is not UTF-8 text (invalid byte 0xe9 at offset 6); save it as UTF-8",
        ),
        ("empty.pdf", b"", "is empty"),
        ("empty.jsonl", b"\n\n", "is empty"),
    ],
)
def test_unreadable_text_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)

    assert only_failure(path).message == message


def test_oversized_file_states_size_and_limit_in_mb(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("x" * 300)

    failure = only_failure(path, limits=LoadLimits(max_file_bytes=100))

    assert failure.message == (
        "is 0.000286 MB, over the 0.000095 MB limit for one file; split it into smaller files"
    )


def test_file_at_the_limit_loads(tmp_path: Path) -> None:
    path = tmp_path / "exact.txt"
    path.write_text("x" * 100)

    assert len(load_target(str(path), limits=LoadLimits(max_file_bytes=100)).documents) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "---\ntitle: T\n\nBody without a closing fence.\n",
            "front matter starts with --- but never closes; end it with a line of ---",
        ),
        (
            "---\ntitle: [unclosed\npublisher: P\n---\nBody\n",
            "front matter is not valid YAML (line 3: expected ',' or ']', but got ':')",
        ),
        (
            "---\ntitle: ok\npublisher: P: Q\n---\nBody\n",
            "front matter is not valid YAML (line 3: mapping values are not allowed here)",
        ),
        (
            "---\n- a\n- b\n---\nBody\n",
            "front matter is not a mapping of fields (got a list); write 'key: value' lines",
        ),
        (
            f"---\n{VALID_FRONT.replace('kind: news', 'kind: blog')}---\nBody\n",
            f"front matter: 'kind' must be one of {KINDS} (got 'blog')",
        ),
        (
            f"---\n{VALID_FRONT.replace('2024-04-28', 'last tuesday')}---\nBody\n",
            "front matter: 'published' must be an ISO date like 2024-04-28 (got 'last tuesday')",
        ),
        (
            f"---\n{VALID_FRONT.replace('2024-04-28', '2024-13-45')}---\nBody\n",
            "front matter has an impossible date (month must be in 1..12); "
            "write dates like 2024-04-28",
        ),
        (
            f"---\n{VALID_FRONT.replace('id: ok-1', 'id: has space')}---\nBody\n",
            "front matter: 'id' must be 1 to 128 characters of letters, digits, '.', '_', ':' "
            "or '-', starting with a letter or digit (got 'has space')",
        ),
        (
            f"---\n{VALID_FRONT.replace('id: ok-1', 'id: -leading')}---\nBody\n",
            "front matter: 'id' must be 1 to 128 characters of letters, digits, '.', '_', ':' "
            "or '-', starting with a letter or digit (got '-leading')",
        ),
        (
            f"---\n{VALID_FRONT}url: javascript:alert(1)\n---\nBody\n",
            "front matter: 'url' must be a web address starting with http:// or https:// "
            "(got 'javascript:alert(1)')",
        ),
        (
            f"---\n{VALID_FRONT.replace('title: T', 'title: [a, b]')}---\nBody\n",
            "front matter: 'title' must be text (got a list)",
        ),
        (
            f"---\n{VALID_FRONT.replace('kind: news', '')}---\nBody\n",
            "front matter is missing 'kind'; add it there or supply it with --kind",
        ),
        (
            "---\ntitle: T\nkind: news\n---\nBody\n",
            "front matter is missing 'publisher' and 'published'; add them there "
            "or supply them with --publisher/--published",
        ),
        (
            "---\n---\nBody\n",
            "front matter is missing 'title', 'publisher', 'kind' and 'published'; add them "
            "there or supply them with --title/--publisher/--kind/--published",
        ),
        (f"---\n{VALID_FRONT}---\n\n   \n", "has no text to index"),
    ],
    ids=[
        "unclosed",
        "yaml-flow",
        "yaml-mapping",
        "not-mapping",
        "bad-kind",
        "bad-date",
        "impossible-date",
        "id-space",
        "id-leading-dash",
        "bad-url",
        "title-list",
        "missing-kind",
        "missing-two",
        "empty-front-matter",
        "no-body",
    ],
)
def test_bad_front_matter(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "source.md"
    path.write_text(content)

    assert only_failure(path).message == message


def test_missing_front_matter_field_comes_from_defaults(tmp_path: Path) -> None:
    path = tmp_path / "source.md"
    path.write_text(f"---\n{VALID_FRONT.replace('kind: news', '')}---\nBody\n")

    result = load_target(str(path), defaults=MetaDefaults(kind=SourceKind.CORRECTION))

    assert result.failures == ()
    assert result.documents[0].meta.kind is SourceKind.CORRECTION


@pytest.mark.parametrize(
    ("pdf", "message"),
    [
        (
            encrypt_pdf(make_pdf(["Secret text"]), user_password="secret"),
            "is password-protected; save a copy without a password and load that",
        ),
        (make_pdf([""]), "has no extractable text (is it a scanned image?)"),
        (b"%PDF-1.4\nthis file was cut off", "is not a readable PDF ("),
        (PNG_BYTES, "is not a readable PDF ("),
    ],
    ids=["encrypted", "no-text", "truncated", "not-a-pdf"],
)
def test_bad_pdfs(tmp_path: Path, pdf: bytes, message: str) -> None:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)

    assert only_failure(path).message.startswith(message)


def test_pdf_encrypted_without_user_password_loads(tmp_path: Path) -> None:
    path = tmp_path / "restricted.pdf"
    path.write_bytes(encrypt_pdf(make_pdf(["Printing is restricted"]), user_password=""))

    result = load_target(str(path))

    assert result.failures == ()
    assert result.documents[0].text == "Printing is restricted"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("[1, 2]", "is not a JSON object (got a list); write one object per line"),
        ('"just text"', "is not a JSON object (got 'just text'); write one object per line"),
        ('{"title": "T"}', "has no 'text' field; put the document's text in 'text'"),
        ('{"text": 5}', "'text' must be a string"),
        (
            '{"title": "T", "publisher": "P", "kind": "news", "published": "2024-01-01", '
            '"text": "  \\n "}',
            "has no text to index",
        ),
        (
            '{"title": "T", "publisher": "P", "text": "Body"}',
            "is missing 'kind' and 'published'; add them to the line "
            "or supply them with --kind/--published",
        ),
        (
            '{"id": "a b", "title": "T", "publisher": "P", "kind": "news", '
            '"published": "2024-01-01", "text": "Body"}',
            "'id' must be 1 to 128 characters of letters, digits, '.', '_', ':' or '-', "
            "starting with a letter or digit (got 'a b')",
        ),
    ],
)
def test_bad_jsonl_lines(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(line + "\n")

    result = load_target(str(path))

    assert result.documents == ()
    assert result.failures == (IngestFailure(f"{path}:1", message),)


def test_jsonl_where_every_line_fails_reports_each(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("nope\n\n[]\n{}\n")

    result = load_target(str(path))

    assert result.documents == ()
    assert [f.origin for f in result.failures] == [f"{path}:1", f"{path}:3", f"{path}:4"]


def test_jsonl_duplicate_id_fails_the_later_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    line = '{"id": "x1", "title": "T", "publisher": "P", "kind": "news", "text": "Body"}'
    path.write_text(f"{line}\n{line}\n")

    result = load_target(str(path), defaults=MetaDefaults(published=date(2024, 1, 1)))

    assert [d.origin for d in result.documents] == [f"{path}:1"]
    assert result.failures == (
        IngestFailure(f"{path}:2", "id 'x1' is already used by line 1; give each line its own id"),
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("does-not-exist.md", "does not exist; check the path"),
        (
            "report.docx",
            "is a .docx file, which factdesk cannot load; "
            "it loads .htm, .html, .jsonl, .markdown, .md, .pdf, .txt",
        ),
        (
            "README",
            "has no file extension, so factdesk cannot tell its format; "
            "it loads .htm, .html, .jsonl, .markdown, .md, .pdf, .txt",
        ),
    ],
)
def test_load_target_never_raises_for_bad_paths(tmp_path: Path, name: str, message: str) -> None:
    path = tmp_path / name
    if not name.startswith("does-not"):
        path.write_text("content")

    assert only_failure(path).message == message


def test_load_target_given_a_folder_fails_cleanly(tmp_path: Path) -> None:
    assert only_failure(tmp_path).message == "is not a regular file"


def test_bad_files_spare_the_rest_of_a_folder(tmp_path: Path) -> None:
    (tmp_path / "a-good.md").write_text(f"---\n{VALID_FRONT}---\nGood body.\n")
    (tmp_path / "b-empty.txt").write_text("")
    (tmp_path / "c-binary.txt").write_bytes(PNG_BYTES)
    (tmp_path / "d-latin1.txt").write_bytes("na\u00efve".encode("latin-1"))
    (tmp_path / "e-bad-kind.md").write_text(f"---\n{VALID_FRONT.replace('news', 'blog')}---\nB\n")
    (tmp_path / "f-good.txt").write_text("Second good document.\n")
    (tmp_path / "g-big.txt").write_text("y" * 5000)

    targets, failures = expand_targets([str(tmp_path)])
    results = [load_target(t, limits=LoadLimits(max_file_bytes=4096)) for t in targets]

    assert failures == []
    loaded = [d.origin for r in results for d in r.documents]
    assert loaded == [str(tmp_path / "a-good.md"), str(tmp_path / "f-good.txt")]
    failed = {Path(f.origin).name: f.message for r in results for f in r.failures}
    assert failed == {
        "b-empty.txt": "is empty",
        "c-binary.txt": "looks like a binary file, not text",
        "d-latin1.txt": "is not UTF-8 text (invalid byte 0xef at offset 2); save it as UTF-8",
        "e-bad-kind.md": f"front matter: 'kind' must be one of {KINDS} (got 'blog')",
        "g-big.txt": "is 0.004768 MB, over the 0.003906 MB limit for one file; "
        "split it into smaller files",
    }
