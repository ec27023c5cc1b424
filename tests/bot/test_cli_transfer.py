"""`factdesk export` and `factdesk import`, run as a user runs them: a corpus moved to an empty
data directory under another scope answers the same and keeps its feedback, on SQLite and on
PostgreSQL; importing again adds nothing; a bad file is refused and writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from knowledge import Desk, Settings, StoreSettings, UsageLog, UsageStats, open_database
from knowledge.embeddings import MiniLMEmbeddings
from tests.conftest import REPO, SAMPLE_CORPUS
from tests.postgres_server import PostgresServer

FACTDESK = [sys.executable, "-m", "bot.cli"]
QUESTIONS = [
    "did the US buy Kazakh jets?",
    "does kazakhstan have a ban on arms exports",
    "what is russia kazakhstan trade worth",
    "who won the chess olympiad in 2022?",
]


def run(data: Path, url: str | None, *args: str, stdin: str | None = None) -> Result:
    """The command line in this process, on data directory `data` and database `url` (None:
    the SQLite files in `data`)."""
    return CliRunner().invoke(
        cli, ["--data-dir", str(data), *args], input=stdin, env={"FACTDESK_DATABASE_URL": url}
    )


def _usage(data: Path, url: str | None, scope: str) -> UsageStats:
    store = StoreSettings(data_dir=data, database_url=url)
    log = UsageLog(open_database(store, "usage.sqlite3"))
    try:
        return log.stats(scope)
    finally:
        log.close()


def _environment(database_url: str | None) -> dict[str, str]:
    """This process's environment without factdesk settings, and the database if given."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTDESK_")}
    if database_url is not None:
        env["FACTDESK_DATABASE_URL"] = database_url
    return env


def _answers(data: Path, url: str | None, scope: str) -> list[dict[str, Any]]:
    """Each question's verdict, citations and reply, asked through `ask --json -`."""
    result = run(data, url, "ask", "--json", "--scope", scope, "-", stdin="\n".join(QUESTIONS))
    assert result.exit_code == 0, result.output
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    return [{k: a[k] for k in ("verdict", "citations", "text")} for a in answers]


@dataclass(frozen=True)
class Move:
    """A corpus loaded into scope guild-a of `source`, with feedback, exported to `corpus` and
    imported into scope guild-b of the empty `target`."""

    source: Path
    source_url: str | None
    target: Path
    target_url: str | None
    corpus: Path
    imported: dict[str, Any]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def move(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    embeddings: MiniLMEmbeddings,
) -> Iterator[Move]:
    root = tmp_path_factory.mktemp(f"move-{request.param}")
    source_url = target_url = None
    if request.param == "postgresql":
        server: PostgresServer = request.getfixturevalue("postgres")
        source_url, target_url = server.create_database(), server.create_database()
    source, target, corpus = root / "source", root / "target", root / "corpus.jsonl"
    with pytest.MonkeyPatch.context() as env:
        env.chdir(root)
        loaded = run(source, source_url, "ingest", "--scope", "guild-a", str(SAMPLE_CORPUS))
        assert loaded.exit_code == 0, loaded.output
        _record_feedback(source, source_url, embeddings)
        with corpus.open("wb") as out:  # factdesk export --scope guild-a > corpus.jsonl
            subprocess.run(
                [*FACTDESK, "--data-dir", str(source), "export", "--scope", "guild-a"],
                cwd=REPO,
                env=_environment(source_url),
                stdout=out,
                check=True,
                timeout=300,
            )
        imported = run(target, target_url, "import", str(corpus), "--scope", "guild-b", "--json")
        assert imported.exit_code == 0, imported.output
        yield Move(source, source_url, target, target_url, corpus, json.loads(imported.stdout))


def _record_feedback(data: Path, url: str | None, embeddings: MiniLMEmbeddings) -> None:
    """Three answers shown, as the bot records them, two voted on and one followed up."""
    settings = Settings(store=StoreSettings(data_dir=data, database_url=url))
    with Desk(settings, embeddings=embeddings) as desk:
        ids = [
            desk.usage.record("guild-a", desk.ask(q, scope="guild-a"), asked_by=f"discord:{n}")
            for n, q in enumerate(QUESTIONS[:3])
        ]
        desk.usage.vote(ids[0], "discord:1", helpful=True)
        desk.usage.vote(ids[0], "discord:2", helpful=False)
        desk.usage.vote(ids[1], "discord:1", helpful=True)
        desk.usage.link_thread("1100000000000000001", ids[0])


def test_the_moved_corpus_gives_the_same_answers(move: Move) -> None:
    before = _answers(move.source, move.source_url, "guild-a")
    after = _answers(move.target, move.target_url, "guild-b")
    assert [a["verdict"] for a in before] == ["refuted", "supported", "supported", "no_evidence"]
    assert after == before


def test_the_moved_corpus_keeps_the_feedback_counts(move: Move) -> None:
    before = _usage(move.source, move.source_url, "guild-a")
    assert (before.questions, before.helpful, before.not_helpful) == (3, 2, 1)
    assert _usage(move.target, move.target_url, "guild-b") == before


def test_the_moved_sources_keep_their_metadata_and_passages(move: Move) -> None:
    def listed(data: Path, url: str | None, scope: str) -> list[dict[str, Any]]:
        sources = json.loads(run(data, url, "sources", "list", "--json", "--scope", scope).stdout)
        return [{**s, "scope": None} for s in sources]

    before = listed(move.source, move.source_url, "guild-a")
    assert len(before) == 15
    assert listed(move.target, move.target_url, "guild-b") == before
    doc_id = before[0]["id"]
    shown = [
        json.loads(run(d, u, "sources", "show", doc_id, "--json", "--scope", s).stdout)["passages"]
        for d, u, s in [
            (move.source, move.source_url, "guild-a"),
            (move.target, move.target_url, "guild-b"),
        ]
    ]
    assert shown[1] == shown[0]


def test_the_import_reports_what_it_added(move: Move) -> None:
    report = move.imported
    assert (report["exported_scope"], report["scope"]) == ("guild-a", "guild-b")
    assert len(report["sources"]["added"]) == 15
    assert report["journal"] == {"added": 15, "present": 0}
    assert report["answers"] == {"added": 3, "present": 0}
    assert report["votes"] == {"added": 3, "present": 0}
    assert report["threads"] == {"added": 1, "present": 0}


def test_importing_the_same_file_again_adds_nothing(move: Move) -> None:
    log = run(move.target, move.target_url, "sources", "log", "--json", "--scope", "guild-b")
    usage = _usage(move.target, move.target_url, "guild-b")

    again = run(move.target, move.target_url, "import", str(move.corpus), "--scope", "guild-b")

    assert again.exit_code == 0, again.output
    assert "added 0, replaced 0, unchanged 15, failed 0" in again.output
    for records in ("journal", "answers", "threads"):
        assert f"{records:<8} added 0, already there" in again.output
    assert "votes    added 0" in again.output
    after = run(move.target, move.target_url, "sources", "log", "--json", "--scope", "guild-b")
    assert after.stdout == log.stdout
    assert _usage(move.target, move.target_url, "guild-b") == usage


def test_the_export_starts_with_a_header_that_counts_the_records(move: Move) -> None:
    header, *records = move.corpus.read_text(encoding="utf-8").splitlines()
    assert json.loads(header)["counts"] == {
        "source": 15,
        "journal": 15,
        "answer": 3,
        "vote": 3,
        "thread": 1,
    }
    assert len(records) == 15 + 15 + 3 + 3 + 1


# -- bad files -----------------------------------------------------------------------------------

NOTE = (
    "---\nid: river-note\ntitle: A note\npublisher: Desk\npublished: 2024-01-02\nkind: analysis\n"
    "---\nThe river festival moved to August this year.\n"
)


@pytest.fixture(scope="module")
def good_lines(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The lines of a valid export of one small source."""
    root = tmp_path_factory.mktemp("small-export")
    (root / "note.md").write_text(NOTE)
    assert (
        run(root / "data", None, "ingest", "--scope", "guild-a", str(root / "note.md")).exit_code
        == 0
    )
    exported = run(root / "data", None, "export", "--scope", "guild-a")
    assert exported.exit_code == 0, exported.output
    return exported.stdout.splitlines()


def _without(number: int, key: str) -> Callable[[list[str]], list[str]]:
    """Line `number` (1-based) without its field `key`."""

    def edit(lines: list[str]) -> list[str]:
        record = json.loads(lines[number - 1])
        del record[key]
        return [*lines[: number - 1], json.dumps(record), *lines[number:]]

    return edit


def _newer(lines: list[str]) -> list[str]:
    return [lines[0].replace('"version": 1', '"version": 2'), *lines[1:]]


AGAIN = "export the scope again with `factdesk export`"
# Lines of the small export: 1 header, 2 the source, 3 its journal entry.
BAD = [
    ("not an export", lambda lines: lines[1:], ", line 1: is not a factdesk export", "make one"),
    ("newer format", _newer, ", line 1: was written by a newer factdesk", "upgrade factdesk"),
    ("not JSON", lambda lines: [lines[0], lines[1][:40], lines[2]], ", line 2: is not JSON", AGAIN),
    ("missing field", _without(2, "kind"), ", line 2: a source record lacks the field", AGAIN),
    ("cut short", lambda lines: lines[:2], ": the header counts 1 journal record(s)", AGAIN),
]


@pytest.mark.parametrize(
    ("edit", "problem", "remedy"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_a_bad_file_is_refused_before_the_data_directory_is_made(
    tmp_path: Path,
    good_lines: list[str],
    edit: Callable[[list[str]], list[str]],
    problem: str,
    remedy: str,
) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(edit(good_lines)) + "\n")

    result = run(tmp_path / "data", None, "import", str(corpus), "--scope", "guild-b")

    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {corpus}{problem}")
    assert remedy in result.output
    assert not (tmp_path / "data").exists()


@pytest.fixture
def database_url(backend_database_url: str | None) -> str | None:
    return backend_database_url


def test_a_bad_file_leaves_a_loaded_corpus_as_it_was(
    tmp_path: Path, database_url: str | None, good_lines: list[str]
) -> None:
    data = tmp_path / "data"
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("\n".join(good_lines) + "\n")
    assert run(data, database_url, "import", str(corpus), "--scope", "guild-b").exit_code == 0
    state = [
        run(data, database_url, *args, "--scope", "guild-b").stdout
        for args in (("sources", "list", "--json"), ("sources", "log", "--json"))
    ]
    changed = [good_lines[0], good_lines[1].replace("river festival", "river fair"), good_lines[2]]
    corpus.write_text("\n".join([*changed, "{not json"]) + "\n")

    result = run(data, database_url, "import", str(corpus), "--scope", "guild-b")

    assert result.exit_code == 1
    assert "line 4: is not JSON" in result.output
    assert [
        run(data, database_url, *args, "--scope", "guild-b").stdout
        for args in (("sources", "list", "--json"), ("sources", "log", "--json"))
    ] == state


# -- options -------------------------------------------------------------------------------------


def test_export_to_a_file_prints_a_json_summary(tmp_path: Path, good_lines: list[str]) -> None:
    corpus = tmp_path / "in.jsonl"
    corpus.write_text("\n".join(good_lines) + "\n")
    assert run(tmp_path / "d", None, "import", str(corpus)).exit_code == 0  # into guild-a

    result = run(tmp_path / "d", None, "export", "--scope", "guild-a", "-o", "out.jsonl", "--json")

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["scope"], summary["output"]) == ("guild-a", "out.jsonl")
    assert summary["counts"] == {"source": 1, "journal": 2, "answer": 0, "vote": 0, "thread": 0}
    assert len(Path("out.jsonl").read_text().splitlines()) == 1 + 1 + 2


def test_export_json_needs_an_output_file(tmp_path: Path) -> None:
    result = run(tmp_path / "d", None, "export", "--json")
    assert result.exit_code == 2
    assert "give --output FILE" in result.output


def test_exporting_a_scope_with_nothing_in_it_fails_and_writes_no_file(tmp_path: Path) -> None:
    result = run(tmp_path / "d", None, "export", "--scope", "guild-typo", "-o", "out.jsonl")
    assert result.exit_code == 1
    assert "scope 'guild-typo' holds no sources" in result.output
    assert not Path("out.jsonl").exists()


def test_import_reads_standard_input(tmp_path: Path, good_lines: list[str]) -> None:
    result = run(tmp_path / "d", None, "import", "-", "--json", stdin="\n".join(good_lines))
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sources"]["added"] == ["river-note"]


def test_help_describes_the_format_and_what_import_does() -> None:
    def shown(*args: str) -> str:
        return " ".join(CliRunner().invoke(cli, [*args, "--help"]).output.split())

    assert '"factdesk-corpus"' in shown("export")
    assert "source, journal, answer, vote or thread" in shown("export")
    assert "The whole file is checked first" in shown("import")
    assert "Importing the same file again adds nothing" in shown("import")
