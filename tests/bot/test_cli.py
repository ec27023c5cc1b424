"""The factdesk command line, invoked as a user would (in-process via click, and as a process)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from tests.conftest import SAMPLE_CORPUS

KAZAKH = "did the US buy Kazakh jets?"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir with the sample corpus, loaded through the CLI once for this module."""
    data = tmp_path_factory.mktemp("cli-data")
    result = CliRunner().invoke(
        cli, ["--data-dir", str(data), "ingest", str(SAMPLE_CORPUS)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return data


def run(data: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, ["--data-dir", str(data), *args], input=stdin)


def test_ingest_reports_what_it_did(loaded: Path) -> None:
    again = run(loaded, "ingest", "--json", str(SAMPLE_CORPUS))
    assert again.exit_code == 0
    report = json.loads(again.output)
    assert report["added"] == []
    assert len(report["unchanged"]) == 15
    assert report["failed"] == []


def test_ask_prints_the_reply_with_verdict(loaded: Path) -> None:
    result = run(loaded, "ask", KAZAKH)
    assert result.exit_code == 0
    assert "**Sources**" in result.output
    assert "verdict: refuted" in result.output


def test_ask_json_is_one_object(loaded: Path) -> None:
    result = run(loaded, "ask", "--json", KAZAKH)
    answer = json.loads(result.output)
    assert answer["verdict"] == "refuted"
    assert answer["citations"]
    assert answer["citations"][0]["n"] == 1


def test_ask_reads_questions_from_stdin_one_json_line_each(loaded: Path) -> None:
    questions = f"{KAZAKH}\n\nwho won the chess olympiad in 2022?\n{'x' * 600}\n"
    result = run(loaded, "ask", "--json", "-", stdin=questions)
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line.get("verdict") for line in lines] == ["refuted", "no_evidence", None]
    assert "limit is 500" in lines[2]["error"]
    assert result.exit_code == 1


def test_sources_list_show_remove(tmp_path: Path) -> None:
    doc = tmp_path / "note.md"
    doc.write_text(
        "---\nid: note-1\ntitle: A note\npublisher: Desk\npublished: 2024-01-02\n"
        "kind: analysis\n---\nThe river festival moved to August this year.\n"
    )
    assert run(tmp_path / "d", "ingest", str(doc)).exit_code == 0
    listed = json.loads(run(tmp_path / "d", "sources", "list", "--json").output)
    assert [s["id"] for s in listed] == ["note-1"]
    assert listed[0]["kind"] == "analysis"
    assert "note-1" in run(tmp_path / "d", "sources").output
    shown = json.loads(run(tmp_path / "d", "sources", "show", "note-1", "--json").output)
    assert shown["passages"][0]["text"].startswith("The river festival")
    removed = run(tmp_path / "d", "sources", "remove", "note-1")
    assert removed.exit_code == 0
    assert "Removed note-1" in removed.output
    missing = run(tmp_path / "d", "sources", "show", "note-1")
    assert missing.exit_code == 1
    assert "no source with id 'note-1'" in missing.output
    log = json.loads(run(tmp_path / "d", "sources", "log", "--json").output)
    assert [e["action"] for e in log] == ["remove", "add"]


def test_ingest_failures_set_the_exit_code_and_say_why(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Council approves the new cycle bridge over the Wend.\n")
    empty = tmp_path / "empty.md"
    empty.write_text("")
    result = run(tmp_path / "d", "ingest", str(good), str(empty), str(tmp_path / "missing.pdf"))
    assert result.exit_code == 1
    assert "Added 1" in result.output
    assert "failed 2" in result.output
    assert "is empty" in result.output


def test_metadata_options_fill_in_plain_text(tmp_path: Path) -> None:
    text = tmp_path / "statement.txt"
    text.write_text("Ministry statement\n\nThe ministry has not closed any rural clinics.\n")
    result = run(
        tmp_path / "d",
        "ingest",
        "--json",
        "--kind",
        "statement",
        "--publisher",
        "Ministry of Health",
        "--published",
        "2024-03-01",
        str(text),
    )
    assert result.exit_code == 0
    source = json.loads(run(tmp_path / "d", "sources", "--json").output)
    shown = json.loads(run(tmp_path / "d", "sources", "show", source[0]["id"], "--json").output)
    assert (shown["kind"], shown["publisher"], shown["published"], shown["title"]) == (
        "statement",
        "Ministry of Health",
        "2024-03-01",
        "Ministry statement",
    )


def test_bad_options_are_explained(tmp_path: Path) -> None:
    bad_date = run(tmp_path / "d", "ingest", "--published", "last tuesday", str(tmp_path))
    assert bad_date.exit_code == 2
    assert "ISO date" in bad_date.output
    bad_kind = run(tmp_path / "d", "ingest", "--kind", "blog", str(tmp_path))
    assert bad_kind.exit_code == 2
    assert "statement" in bad_kind.output
    bad_scope = run(tmp_path / "d", "ask", "--scope", "no/slashes", KAZAKH)
    assert bad_scope.exit_code == 1
    assert "is not allowed" in bad_scope.output


def test_unreachable_url_is_a_clear_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FACTDESK_URL_ALLOW_PRIVATE", "true")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run(tmp_path / "d", "ingest", f"http://127.0.0.1:{port}/story.html")
    assert result.exit_code == 1
    assert "could not reach" in result.output


def test_private_urls_are_refused_by_default(tmp_path: Path) -> None:
    result = run(tmp_path / "d", "ingest", "http://127.0.0.1:9/story.html")
    assert result.exit_code == 1
    assert "private or local address" in result.output


def test_eval_scores_a_question_set(tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    rows = [
        {
            "id": "q1",
            "question": KAZAKH,
            "verdict": "refuted",
            "must_cite_any": ["kz-embassy-us-statement", "kz-factcheck-lantern"],
            "relevant": [p.stem for p in SAMPLE_CORPUS.glob("kz-*.md")],
            "answer_contains_any": ["false"],
            "must_not_contain": ["yes,"],
            "hedged": False,
        },
        {"id": "q2", "question": "who won the chess olympiad in 2022?", "verdict": "no_evidence"},
    ]
    questions.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    result = run(tmp_path / "d", "eval", "--json", str(questions), "--corpus", str(SAMPLE_CORPUS))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["metrics"]["verdict_accuracy"] == 1.0
    assert report["metrics"]["citation_hit_rate"] == 1.0
    assert report["metrics"]["no_evidence_handled"] == 1.0
    table = run(tmp_path / "d", "eval", str(questions), "--corpus", str(SAMPLE_CORPUS))
    assert "verdict_accuracy" in table.output
    assert "1.000" in table.output


def test_help_explains_each_command() -> None:
    runner = CliRunner()
    assert "Load files, folders" in runner.invoke(cli, ["ingest", "--help"]).output
    assert '"-" as the question' in runner.invoke(cli, ["ask", "--help"]).output
    assert "FACTDESK_DATA_DIR" in runner.invoke(cli, ["--help"]).output
    assert "one JSON object per line" in runner.invoke(cli, ["stance", "--help"]).output


def test_installed_command_runs_as_a_process(loaded: Path) -> None:
    exe = Path(sys.executable).parent / "factdesk"
    assert exe.exists(), "run `make setup` so that the factdesk command is installed"
    done = subprocess.run(
        [str(exe), "--data-dir", str(loaded), "ask", "--json", KAZAKH],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "refuted"


def test_the_bot_without_a_token_says_how_to_set_one(tmp_path: Path) -> None:
    result = run(tmp_path / "d", "bot")
    assert result.exit_code == 1
    assert "set DISCORD_TOKEN in .env" in result.output


def test_python_dash_m_bot_is_the_same_bot(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 1
    assert done.stderr.startswith("Error: no bot token: set DISCORD_TOKEN in .env")
    assert "Traceback" not in done.stderr


def test_stance_judges_json_lines_from_stdin_in_order(tmp_path: Path) -> None:
    claim = "The US bought 81 jets from Kazakhstan."
    lines = [
        {"claim": claim, "evidence": "The Pentagon confirmed it bought 81 Kazakh jets."},
        {"claim": claim, "evidence": "Kazakhstan's defence ministry denied selling any jets."},
        {"claim": "The team won the final.", "evidence": "The club opened a new stadium."},
    ]
    stdin = "\n".join(json.dumps(line) for line in lines) + "\n\n"

    result = run(tmp_path / "d", "stance", "--json", "-", stdin=stdin)

    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["label"] for row in rows] == ["supports", "refutes", "neutral"]
    for row in rows:
        assert set(row["probs"]) == {"supports", "refutes", "neutral"}
        assert sum(row["probs"].values()) == pytest.approx(1.0, abs=1e-3)


def test_stance_names_each_bad_line_and_still_judges_the_rest(tmp_path: Path) -> None:
    pair = {"claim": "The team won the final.", "evidence": "The team lost the final 3-1."}
    good = json.dumps(pair)
    stdin = "\n".join(["{oops", good, json.dumps({"claim": "x"}), "[1]", good]) + "\n"

    result = run(tmp_path / "d", "stance", "--json", "-", stdin=stdin)

    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row.get("line") for row in rows] == [1, None, 3, 4, None]
    assert "not JSON" in rows[0]["error"]
    assert '"claim" and "evidence"' in rows[2]["error"]
    assert rows[1]["label"] == rows[4]["label"] == "refutes"


def test_stance_without_json_prints_a_line_per_pair(tmp_path: Path) -> None:
    pair = {"claim": "The team won the final.", "evidence": "The team lost the final 3-1."}

    result = run(tmp_path / "d", "stance", "-", stdin=json.dumps(pair) + "\n")

    assert result.exit_code == 0, result.output
    assert result.output.startswith("refutes")


@pytest.mark.parametrize(
    ("variable", "value"),
    [("FACTDESK_STANCE", "oracle"), ("FACTDESK_RETRIEVE_K", "2"), ("FACTDESK_CHROMA_PORT", "abc")],
)
def test_a_bad_setting_is_one_line_naming_the_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str, value: str
) -> None:
    monkeypatch.setenv(variable, value)

    result = run(tmp_path, "ask", KAZAKH)

    assert result.exit_code == 1
    assert f"bad setting: {variable}:" in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not an uncaught error
